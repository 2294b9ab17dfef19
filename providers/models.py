"""Provider staff and the availability they keep current (issue 9)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.choices import AvailabilityState
from providers.querysets import AvailabilityQuerySet

# Availability nobody confirmed for this long is shown as "onbekend", never as stale truth.
FRESH_DAYS = 14
# Logeerzorg: free places per night are kept for this many weeks ahead.
NIGHT_WEEKS = 12


class ProviderMember(models.Model):
    """A provider's staff member (role 'aanbieder'): one organisation per account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_membership"
    )
    provider = models.ForeignKey(
        "directory.Provider", on_delete=models.CASCADE, related_name="members"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medewerker van een aanbieder")
        verbose_name_plural = _("medewerkers van aanbieders")

    def __str__(self) -> str:
        return f"{self.user} ({self.provider})"


class Availability(models.Model):
    """Is there a place? One row per offer, kept by the provider (HSDS service_capacity)."""

    offer = models.OneToOneField(
        "directory.Offer", on_delete=models.CASCADE, related_name="availability"
    )
    state = models.CharField(_("hoe staat het ervoor"), max_length=20, choices=AvailabilityState)
    free_from = models.DateField(
        _("plek vrij vanaf"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als er nu plek is."),
    )
    expected_weeks = models.PositiveSmallIntegerField(
        _("verwachte wachttijd in weken"), null=True, blank=True
    )
    available = models.PositiveSmallIntegerField(_("vrije plaatsen nu"), null=True, blank=True)
    maximum = models.PositiveSmallIntegerField(_("plaatsen in totaal"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("bijgewerkt op"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("beschikbaarheid")
        verbose_name_plural = _("beschikbaarheid")

    def __str__(self) -> str:
        return f"{self.offer}: {self.get_state_display()}"

    @property
    def is_current(self) -> bool:
        return self.confirmed_at >= timezone.now() - timedelta(days=FRESH_DAYS)

    @property
    def free_later(self) -> bool:
        """A place is free, but only from a date after today."""
        return bool(self.free_from and self.free_from > timezone.localdate())


class NightCapacity(models.Model):
    """Logeerzorg: how many places are free on one night, and how many are reserved."""

    offer = models.ForeignKey("directory.Offer", on_delete=models.CASCADE, related_name="nights")
    night = models.DateField(_("nacht van"))
    places = models.PositiveSmallIntegerField(_("plaatsen"))
    reserved = models.PositiveSmallIntegerField(_("gereserveerd"), default=0)

    class Meta:
        ordering = ["night"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "night"], name="one_row_per_offer_night"),
            models.CheckConstraint(
                condition=models.Q(reserved__lte=models.F("places")), name="reserved_within_places"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.night}: {self.free} vrij"

    @property
    def free(self) -> int:
        return self.places - self.reserved


class AvailabilityChange(models.Model):
    """Who changed or confirmed availability, and what: the history providers and editors see."""

    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.CASCADE, related_name="availability_changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.offer} {self.at:%Y-%m-%d}: {self.what}"
