"""The burden self-check results and the saved list (bewaarlijst).

Self-check answers are health-related data (AVG art. 9): stored only for a signed-in caregiver,
shared with their fixed contact person only by explicit, revocable consent, every view of them
logged, included in 'download my data' and removed with the account. Never in mails or logs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from selfcheck.statements import Band, band_for


class SelfCheck(models.Model):
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_checks"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answers = models.JSONField(_("antwoorden (0 of 1 per uitspraak)"))
    score = models.PositiveSmallIntegerField(_("score"))
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=15), name="self_check_score_0_15"
            )
        ]

    def __str__(self) -> str:
        return f"{self.caregiver} {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("selfcheck:result", args=[self.pk])

    @property
    def band(self) -> Band:
        return band_for(self.score)


class Sharing(models.Model):
    """The caregiver's consent to show their self-checks to the fixed contact person."""

    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_check_sharing"
    )
    municipality = models.ForeignKey("directory.Municipality", on_delete=models.PROTECT)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["caregiver", "municipality"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_self_check_sharing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.caregiver} → {self.municipality}"


class SelfCheckAccess(models.Model):
    """'Wie heeft mijn zelftests bekeken': every time staff open them."""

    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_check_access"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    municipality = models.ForeignKey("directory.Municipality", on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.viewer} {self.at:%Y-%m-%d}"


class SavedOffer(models.Model):
    """An offer on a signed-in caregiver's bewaarlijst (anonymous visitors: the session)."""

    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_offers"
    )
    offer = models.ForeignKey("directory.Offer", on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["saved_at"]
        constraints = [
            models.UniqueConstraint(fields=["caregiver", "offer"], name="offer_saved_once")
        ]

    def __str__(self) -> str:
        return f"{self.caregiver} {self.offer}"
