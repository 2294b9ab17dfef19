"""Provider staff and the availability they keep current (issue 9)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.choices import AvailabilityState, CorrectionStatus, DeclineReason, ReferralStatus
from providers.querysets import AvailabilityQuerySet, ReferralQuerySet

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


class Referral(models.Model):
    """A consultant refers a request to one offer; the provider answers in the portal.

    Only what the provider needs is copied in (first name, age group, situation, kinds,
    wanted dates); the caregiver's own words only when the consultant ticks it.
    """

    request = models.ForeignKey(
        "respite.RespiteRequest", on_delete=models.CASCADE, related_name="referrals"
    )
    offer = models.ForeignKey("directory.Offer", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        "directory.Provider", on_delete=models.PROTECT, related_name="referrals"
    )
    # The house: where the naaste stays. The offer's only location, or the one the provider
    # names when accepting; caregivers are told a place, not an organisation.
    location = models.ForeignKey(
        "directory.Location",
        verbose_name=_("locatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus, default=ReferralStatus.SENT
    )
    # Shared with the provider.
    first_name = models.CharField(_("voornaam van de naaste"), max_length=100)
    age_group = models.CharField(_("leeftijd"), max_length=20)
    situation = models.CharField(_("situatie"), max_length=30)
    kinds = models.JSONField(_("soort hulp"), default=list)
    # What the caregiver wishes beyond the kind (respite.matching.WISHES): samen logeren,
    # eerst wennen, in het weekend. A house needs this to say yes or no.
    wishes = models.JSONField(_("wensen"), default=list)
    wanted_start = models.DateField(_("gewenst vanaf"), null=True, blank=True)
    wanted_end = models.DateField(_("gewenst tot en met"), null=True, blank=True)
    shared_notes = models.TextField(_("wat de mantelzorger zelf schreef"), blank=True)
    # The stay: proposed by the consultant, answered by the provider.
    settling_in_night = models.DateField(_("eerste korte wenverblijf"), null=True, blank=True)
    start_date = models.DateField(_("eerste nacht"), null=True, blank=True)
    end_date = models.DateField(_("vertrek op"), null=True, blank=True)
    over_cap_reason = models.CharField(
        _("reden om boven het maximum te gaan"), max_length=300, blank=True
    )
    # The answer.
    decline_reason = models.CharField(_("reden"), max_length=20, choices=DeclineReason, blank=True)
    answer_text = models.TextField(_("uitleg van de aanbieder"), blank=True, max_length=1000)
    provider_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("antwoord verwacht op"))
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aanmelding bij een aanbieder")
        verbose_name_plural = _("aanmeldingen bij aanbieders")

    def __str__(self) -> str:
        return f"{self.request} → {self.offer}"

    @property
    def nights(self) -> list:
        """The nights this stay holds: the settling-in night and every night of the stay."""
        nights = [self.settling_in_night] if self.settling_in_night else []
        if self.start_date and self.end_date:
            day = self.start_date
            while day < self.end_date:
                nights.append(day)
                day += timedelta(days=1)
        return sorted(set(nights))

    @property
    def wish_labels(self) -> list[str]:
        from respite.matching import wish_labels

        return wish_labels(self.wishes)

    @property
    def age_label(self) -> str:
        from respite.choices import AgeGroup

        return str(dict(AgeGroup.choices).get(self.age_group, ""))

    @property
    def house_name(self) -> str:
        """The place in one word group: the location's name, else the offer's."""
        return self.location.name if self.location_id else self.offer.name

    @property
    def house_address(self) -> str:
        """'Lindelaan 8, 9404 AB Assen', or '' when the house has no address."""
        if not self.location_id:
            return ""
        location = self.location
        town = " ".join(part for part in (location.postcode, location.city) if part)
        return ", ".join(part for part in (location.street_address, town) if part)

    @property
    def house_phone(self) -> str:
        """Whom the caregiver calls at the house: the planner who accepted, else the offer."""
        contact = self.provider_contact
        if contact and contact.work_phone:
            return contact.work_phone
        return self.offer.contact_phone

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.due_on < timezone.localdate()


class NightReservation(models.Model):
    """One night a referral holds at a logeerhuis; NightCapacity.reserved counts these."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reservations")
    night = models.DateField()

    class Meta:
        ordering = ["night"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "night"], name="one_reservation_per_night")
        ]

    def __str__(self) -> str:
        return f"{self.referral} {self.night}"


class ReferralEvent(models.Model):
    """Each step of a referral: who, when, from → to, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.from_status} → {self.to_status}"


# Catalogue fields a provider may propose to correct; the editor decides.
CORRECTABLE_FIELDS = (
    "name",
    "summary",
    "description",
    "cost_explanation",
    "notice_explanation",
    "phone",
    "email",
    "website",
)


class OfferCorrection(models.Model):
    """A provider's proposed correction of its offer's catalogue text: old and new per field."""

    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.CASCADE, related_name="corrections"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=dict)  # {field: {"old": ..., "new": ...}}
    explanation = models.CharField(_("toelichting"), max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=CorrectionStatus, default=CorrectionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_text = models.CharField(_("uitleg"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("correctievoorstel")
        verbose_name_plural = _("correctievoorstellen")

    def __str__(self) -> str:
        return f"{self.offer}: {', '.join(self.changes)}"

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(label, value at the time of the proposal, proposed, value now) per field."""
        from directory.models import Offer

        return [
            (
                str(Offer._meta.get_field(name).verbose_name).capitalize(),
                change["old"],
                change["new"],
                str(getattr(self.offer, name) or ""),
            )
            for name, change in self.changes.items()
        ]
