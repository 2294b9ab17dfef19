"""Referrers (issue 24.1–3): professionals of an organisation (a huisartsenpraktijk, a
casemanager dementie…) who start a request *with* a caregiver. A handover holds what they
filled in until the caregiver agrees; only then does a respite request exist, and the
municipality sees it. The referrer sees its status line until the caregiver withdraws consent.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.validators import validate_phone
from referrers.choices import ConsentWay, HandoverState, OrganisationKind


class ReferrerOrganisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort organisatie"), max_length=20, choices=OrganisationKind.choices)
    phone = models.CharField(
        _("telefoonnummer"), max_length=30, blank=True, validators=[validate_phone]
    )
    municipalities = models.ManyToManyField(
        "directory.Municipality",
        related_name="referrer_organisations",
        verbose_name=_("werkt in de gemeenten"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie van verwijzers")
        verbose_name_plural = _("organisaties van verwijzers")

    def __str__(self) -> str:
        return self.name


class ReferrerMember(models.Model):
    """A professional who may start requests with caregivers: one organisation per account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrer_membership"
    )
    organisation = models.ForeignKey(
        ReferrerOrganisation, on_delete=models.CASCADE, related_name="members"
    )
    job_title = models.CharField(
        _("functie"),
        max_length=100,
        help_text=_("Bijvoorbeeld: praktijkondersteuner, casemanager dementie."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verwijzer")
        verbose_name_plural = _("verwijzers")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Handover(models.Model):
    """A request a referrer starts with a caregiver: the answers wait here until the caregiver
    agrees (by code, or read aloud), then become a respite request."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers"
    )
    organisation = models.ForeignKey(
        ReferrerOrganisation, on_delete=models.PROTECT, related_name="handovers"
    )
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    caregiver_name = models.CharField(_("naam van de mantelzorger"), max_length=200)
    answers = models.JSONField(default=dict)  # field name -> list of values, as posted
    state = models.CharField(
        max_length=20, choices=HandoverState.choices, default=HandoverState.WAITING
    )
    consent_way = models.CharField(max_length=20, choices=ConsentWay.choices)
    # The code mailed to the caregiver (hashed), when, and how often it was tried.
    code_hash = models.CharField(max_length=128, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_tries = models.PositiveSmallIntegerField(default=0)
    consent_text = models.TextField(blank=True)  # what was read aloud, word for word
    consented_at = models.DateTimeField(null=True, blank=True)
    respite_request = models.OneToOneField(
        "respite.RespiteRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handover",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    letter_posted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.caregiver_name} ({self.get_state_display()})"

    @property
    def consent_in_words(self) -> str:
        """How the caregiver agreed, as a status says it."""
        if self.consent_way == ConsentWay.CODE:
            return str(_("met een code per e-mail"))
        return str(_("mondeling, na het voorlezen van de vaste tekst"))

    @property
    def email(self) -> str:
        return (self.answers.get("intake_email") or [""])[0]
