"""Respite requests, the fixed contact person, the timeline and the access log.

Requests hold health-related data about a third person (AVG art. 9): we ask only what a
consultant needs, log every time staff open the personal details, and anonymise on request or
after the retention period.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.choices import Kind, TargetGroup
from respite.choices import (
    AgeGroup,
    ContactMethod,
    Decision,
    DecisionReason,
    Relationship,
    Status,
    TimelineKind,
    Urgency,
)
from respite.querysets import RespiteRequestQuerySet

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud


def new_reference() -> str:
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
    return f"MZ-{body[:3]}-{body[3:]}"


class ContactPerson(models.Model):
    """The fixed contact person: a lasting relation per caregiver and municipality."""

    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_persons"
    )
    municipality = models.ForeignKey("directory.Municipality", on_delete=models.PROTECT)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caregivers"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["caregiver", "municipality"],
                condition=Q(ended_at__isnull=True),
                name="one_active_contact_person_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultant} → {self.caregiver} ({self.municipality})"


class RespiteRequest(models.Model):
    # What the caregiver answers: asked by the form, exported by 'download my data'.
    ANSWER_FIELDS = (
        "relationship",
        "age_group",
        "situation",
        "kinds",
        "urgency",
        "urgent_reason",
        "start_date",
        "end_date",
        "at_home",
        "away_from_home",
        "evening",
        "night",
        "weekend",
        "settling_in",
        "stay_together",
        "notes",
        "contact_method",
        "phone",
        "best_times",
    )

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="respite_requests",
    )
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, related_name="respite_requests"
    )
    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )

    # About the person cared for (only what a consultant needs).
    relationship = models.CharField(
        _("voor wie zorgt u"), max_length=20, choices=Relationship.choices
    )
    age_group = models.CharField(_("leeftijd"), max_length=20, choices=AgeGroup.choices)
    situation = models.CharField(_("situatie"), max_length=30)
    postcode = models.CharField(_("postcode van uw naaste"), max_length=7, blank=True)

    # What and when.
    kinds = models.JSONField(_("soort hulp"), default=list)
    urgency = models.CharField(_("hoe snel"), max_length=10, choices=Urgency.choices)
    urgent_reason = models.TextField(_("waarom is het dringend"), blank=True, max_length=1000)
    start_date = models.DateField(_("vanaf"), null=True, blank=True)
    end_date = models.DateField(_("tot en met"), null=True, blank=True)
    at_home = models.BooleanField(_("bij mijn naaste thuis"), default=False)
    away_from_home = models.BooleanField(_("buitenshuis"), default=False)
    evening = models.BooleanField(_("'s avonds"), default=False)
    night = models.BooleanField(_("'s nachts"), default=False)
    weekend = models.BooleanField(_("in het weekend"), default=False)
    settling_in = models.BooleanField(_("eerst wennen"), default=False)
    stay_together = models.BooleanField(_("samen logeren"), default=False)
    notes = models.TextField(_("wat wilt u nog kwijt"), blank=True, max_length=3000)

    # How to reach the caregiver.
    contact_method = models.CharField(
        _("hoe wilt u contact"), max_length=10, choices=ContactMethod.choices
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    best_times = models.CharField(_("wanneer bent u bereikbaar"), max_length=200, blank=True)

    # Intake by phone, for a caregiver without an account (yet).
    intake_name = models.CharField(_("naam mantelzorger"), max_length=200, blank=True)
    intake_email = models.EmailField(_("e-mail mantelzorger"), blank=True)
    postal_address = models.TextField(
        _("adres voor brieven"),
        max_length=300,
        blank=True,
        help_text=_("Straat en huisnummer, postcode en plaats."),
    )

    # The consultant's side.
    linked_offers = models.ManyToManyField("directory.Offer", blank=True, related_name="+")
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.CharField(
        _("reden"), max_length=30, choices=DecisionReason.choices, blank=True
    )
    decision_text = models.TextField(_("uitleg voor de mantelzorger"), blank=True)
    decision_from = models.DateField(_("geldt vanaf"), null=True, blank=True)

    # One per filled-in form: the same form sent twice (a double click, two tabs) stores one.
    submission_key = models.CharField(max_length=32, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = RespiteRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("respijtaanvraag")
        verbose_name_plural = _("respijtaanvragen")

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("respite:request_detail", kwargs={"reference": self.reference})

    def moment_labels(self) -> list[str]:
        """Where and when help is wanted, in words ('bij mijn naaste thuis, in het weekend')."""
        names = ("at_home", "away_from_home", "evening", "night", "weekend")
        return [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]

    @property
    def kind_labels(self) -> list[str]:
        """The kinds of help asked for, in words ('Logeerzorg'), never as codes."""
        labels = dict(Kind.choices)
        return [str(labels.get(code, code)) for code in self.kinds or []]

    @property
    def objection_deadline(self) -> date | None:
        """The last day to object to the decision: six weeks after it was made (Awb 6:7)."""
        from datetime import timedelta

        from respite.choices import OBJECTION_WEEKS

        if not self.decided_at:
            return None
        return timezone.localtime(self.decided_at).date() + timedelta(weeks=OBJECTION_WEEKS)

    @property
    def summary(self) -> str:
        """A few words to tell requests apart: 'Mijn vader of moeder · Logeerzorg'."""
        parts = [self.get_relationship_display()] if self.relationship else []
        return " · ".join([*parts, *self.kind_labels])

    @property
    def situation_label(self) -> str:
        return str(dict(TargetGroup.choices).get(self.situation, self.situation))


class RequestDraft(models.Model):
    """A request being filled in, kept on the server for the caregiver who fills it in.

    Each draft has its own address (/aanvragen/<id>/…), so two tabs (one for a mother, one for
    a father) are two drafts and sending one never sends or wipes the other; answers survive
    an expired session or signing out in another tab. Drafts hold health-related answers:
    they go with the account, and after KEEP_DAYS without a change (purge_expired_requests).
    """

    KEEP_DAYS = 30

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="request_drafts"
    )
    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(default=dict)  # field name -> list of values, as posted
    done = models.JSONField(default=list)  # slugs of the steps answered
    step = models.CharField(max_length=30, blank=True)  # the last step shown
    submitted = models.OneToOneField(
        RespiteRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.caregiver} {self.pk}"

    @property
    def summary(self) -> str:
        """A few words to tell drafts apart: 'Mijn vader of moeder · Logeerzorg'."""
        from respite.choices import Relationship

        parts = []
        relationship = (self.answers.get("relationship") or [""])[0]
        if relationship in Relationship.values:
            parts.append(str(Relationship(relationship).label))
        labels = dict(Kind.choices)
        parts += [str(labels[kind]) for kind in self.answers.get("kinds", []) if kind in labels]
        return " · ".join(parts)


class TimelineEntry(models.Model):
    """What happened to a request, as the caregiver sees it (never internal notes)."""

    request = models.ForeignKey(RespiteRequest, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.get_kind_display()}"


@dataclass
class AccessVisit:
    """All the times one person opened a request on one day, as the caregiver sees them."""

    day: date
    user: object
    times: int
    first: datetime
    last: datetime
    reasons: list[str] = field(default_factory=list)


def group_access_log(entries) -> list[AccessVisit]:
    """Groups raw log entries (newest first) per person per local day; the raw log stays."""
    visits: dict[tuple, AccessVisit] = {}
    for entry in entries:
        at = timezone.localtime(entry.at)
        key = (at.date(), entry.user_id)
        visit = visits.get(key)
        if visit is None:
            visits[key] = visit = AccessVisit(at.date(), entry.user, 0, at, at)
        visit.times += 1
        visit.first = min(visit.first, at)
        visit.last = max(visit.last, at)
        if entry.reason not in visit.reasons:
            visit.reasons.append(entry.reason)
    return list(visits.values())


class AccessLogEntry(models.Model):
    """'Wie heeft mijn gegevens bekeken': every time staff open a request's details."""

    request = models.ForeignKey(RespiteRequest, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.request} {self.at:%Y-%m-%d}"


class InternalNote(models.Model):
    """A consultant's note on a request; never shown to the caregiver."""

    request = models.ForeignKey(
        RespiteRequest, on_delete=models.CASCADE, related_name="notes_internal"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=3000)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.request}: {self.text[:30]}"
