"""Respite requests, the fixed contact person, the timeline and the access log.

Requests hold health-related data about a third person (AVG art. 9): we ask only what a
consultant needs, log every time staff open the personal details, and anonymise on request or
after the retention period.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.choices import Kind, TargetGroup
from portal.i18n import shown
from respite.choices import (
    CHECK_IN_LINK_DAYS,
    SETTLING_NIGHTS,
    AgeGroup,
    ContactMethod,
    Decision,
    DecisionReason,
    DeclineReason,
    Duration,
    GoAgain,
    Obstacle,
    ReferralStatus,
    Relationship,
    Rest,
    SettlingKind,
    SettlingState,
    Status,
    TimelineKind,
    Urgency,
    Weekday,
    WithdrawReason,
)
from respite.querysets import NightHoldQuerySet, ReferralQuerySet, RespiteRequestQuerySet

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
        "weekdays",
        "duration",
        "settling_in",
        "stay_together",
        "needs_closed",
        "needs_transport",
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
    weekdays = models.JSONField(_("op welke dagen"), default=list, blank=True)
    duration = models.CharField(
        _("hoe lang per keer"), max_length=12, choices=Duration.choices, blank=True
    )
    settling_in = models.BooleanField(_("eerst wennen"), default=False)
    stay_together = models.BooleanField(_("samen logeren"), default=False)
    # What decides whether a house fits (issue 25.1).
    needs_closed = models.BooleanField(
        _("een gesloten afdeling: mijn naaste kan weglopen"), default=False
    )
    needs_transport = models.BooleanField(
        _("vervoer: ik kan mijn naaste er niet zelf heen brengen"), default=False
    )
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

    # Started by a professional with the caregiver's consent (issue 24.2): the referrer
    # hears how it goes until the caregiver withdraws that consent (then this is empty).
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_requests",
    )
    referral_reason = models.TextField(_("waarom verwezen"), blank=True, max_length=2000)

    # The consultant's side.
    linked_offers = models.ManyToManyField("directory.Offer", blank=True, related_name="+")
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices, blank=True)
    withdraw_reason = models.CharField(
        _("waarom ingetrokken"), max_length=20, choices=WithdrawReason.choices, blank=True
    )
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
        labels = [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]
        days = dict(Weekday.choices)
        labels += [str(days[day]) for day in Weekday.values if day in (self.weekdays or [])]
        if self.duration:
            labels.append(_("%(duration)s per keer") % {"duration": self.get_duration_display()})
        return labels

    def stay_wish_labels(self) -> list[str]:
        """What the caregiver asked for a stay away from home, in words."""
        names = ("settling_in", "stay_together", "needs_closed", "needs_transport")
        return [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]

    @property
    def kind_labels(self) -> list[str]:
        """The kinds of help asked for, in words ('Logeerzorg'), never as codes."""
        labels = dict(Kind.choices)
        return [str(labels.get(code, code)) for code in self.kinds or []]

    @property
    def objection_deadline(self) -> date | None:
        """The last day to object to the decision: six weeks after it was made (Awb 6:7)."""

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

    respite_request = models.ForeignKey(
        RespiteRequest, on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # What happened, kept untranslated and put together in the reader's language when shown
    # (portal.i18n.later, issue 26.5); `text` is what a person typed, shown as typed.
    message = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.respite_request}: {self.get_kind_display()}"

    @property
    def shown(self) -> str:
        """The entry in the reader's language, then what was typed."""
        return " ".join(part for part in (shown(self.message), self.text) if part)


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
        reason = entry.shown
        if reason not in visit.reasons:
            visit.reasons.append(reason)
    return list(visits.values())


class AccessLogEntry(models.Model):
    """'Wie heeft mijn gegevens bekeken': every time staff open a request's details."""

    respite_request = models.ForeignKey(
        RespiteRequest, on_delete=models.CASCADE, related_name="access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    # Why, in the reader's language when the portal wrote it (portal.i18n.later), or as typed.
    message = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.respite_request} {self.at:%Y-%m-%d}"

    @property
    def shown(self) -> str:
        return shown(self.message) or self.reason


class InternalNote(models.Model):
    """A consultant's note on a request; never shown to the caregiver."""

    respite_request = models.ForeignKey(
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
        return f"{self.respite_request}: {self.text[:30]}"


# ---- The referral to a provider: a leg of the request ----------------------------------


class Referral(models.Model):
    """A consultant refers a request to one offer; the provider answers in the portal.

    Only what the provider needs is copied in (first name, age group, situation, kinds,
    wanted dates); the caregiver's own words only when the consultant ticks it.
    """

    respite_request = models.ForeignKey(
        RespiteRequest, on_delete=models.CASCADE, related_name="referrals"
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
    # The stay: proposed by the consultant, answered by the provider. Settling-in nights are
    # SettlingSteps (one mechanism for a single night and a staged path).
    start_date = models.DateField(_("eerste nacht"), null=True, blank=True)
    end_date = models.DateField(_("vertrek op"), null=True, blank=True)
    # When the caregiver asked to stay together (samen logeren): the house's answer whether
    # the partner stays too. None: not asked.
    together = models.BooleanField(_("samen met de partner"), null=True, blank=True)
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
        db_table = "providers_referral"  # moved from providers; data stays put
        ordering = ["-created_at"]
        verbose_name = _("aanmelding bij een aanbieder")
        verbose_name_plural = _("aanmeldingen bij aanbieders")

    def __str__(self) -> str:
        return f"{self.respite_request} → {self.offer}"

    @property
    def settling_in_night(self) -> date | None:
        """The first night of settling in that still goes ahead (a night or a weekend step)."""
        return min(
            (step.day for step in self.settling_steps.all() if step.nights),
            default=None,
        )

    @property
    def nights(self) -> list:
        """The nights this stay holds: the settling-in steps' nights (those still going ahead
        or that went well) and every night of the stay."""
        nights = [night for step in self.settling_steps.all() for night in step.nights]
        if self.start_date and self.end_date:
            day = self.start_date
            while day < self.end_date:
                nights.append(day)
                day += timedelta(days=1)
        return sorted(set(nights))

    @property
    def first_night(self) -> date | None:
        return min(self.nights, default=None)

    @property
    def has_begun(self) -> bool:
        """The first night (the settling-in night, or the stay's) has come."""
        return self.first_night is not None and self.first_night <= timezone.localdate()

    @property
    def wish_labels(self) -> list[str]:
        from respite.matching import wish_labels

        return wish_labels(self.wishes)

    @property
    def age_label(self) -> str:
        return str(dict(AgeGroup.choices).get(self.age_group, ""))

    @property
    def house_said_yes(self) -> bool:
        """Accepted, begun or done: the dates and the settling-in steps are the house's word."""
        return self.status in (
            ReferralStatus.ACCEPTED,
            ReferralStatus.STARTED,
            ReferralStatus.COMPLETED,
        )

    @property
    def has_planned_settling(self) -> bool:
        return any(step.state == SettlingState.PLANNED for step in self.settling_steps.all())

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
        db_table = "providers_nightreservation"  # moved from providers; data stays put
        ordering = ["night"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "night"], name="one_reservation_per_night")
        ]

    def __str__(self) -> str:
        return f"{self.referral} {self.night}"


class SettlingStep(models.Model):
    """One step of a staged settling-in the house proposes (issue 25.2): a kijkmiddag, a meal,
    a night, a weekend, each with a date. The house says how it went; the house or the
    caregiver can stop the path at any step."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="settling_steps")
    kind = models.CharField(_("stap"), max_length=20, choices=SettlingKind.choices)
    day = models.DateField(_("datum"))
    state = models.CharField(
        max_length=20, choices=SettlingState.choices, default=SettlingState.PLANNED
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.get_kind_display()} {self.day}"

    @property
    def nights(self) -> list[date]:
        """The nights this step holds at the house: one for a night, Friday and Saturday for a
        weekend, none for a visit or a meal, and none once it will not happen."""
        if self.state not in (SettlingState.PLANNED, SettlingState.WENT_WELL):
            return []
        return [self.day + timedelta(days=i) for i in range(SETTLING_NIGHTS[self.kind])]


class NightHold(models.Model):
    """A night a caregiver asked a house to keep free for a few days while the request is
    decided (issue 25.3). Counted in NightCapacity.reserved like a referral's night, under the
    same row lock, so a house is never overbooked; it ends by itself after HOLD_DAYS (the
    next booking of that night, or the daily job, gives the place back), or when a referral of
    the same request takes the night."""

    HOLD_DAYS = 3
    MAX_PER_REQUEST = 2

    respite_request = models.ForeignKey(
        RespiteRequest, on_delete=models.CASCADE, related_name="night_holds"
    )
    offer = models.ForeignKey("directory.Offer", on_delete=models.CASCADE, related_name="+")
    night = models.DateField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NightHoldQuerySet.as_manager()

    class Meta:
        ordering = ["night"]
        constraints = [
            models.UniqueConstraint(
                fields=["respite_request", "offer", "night"],
                condition=Q(ended_at__isnull=True),
                name="one_open_hold_per_night",
            )
        ]

    def __str__(self) -> str:
        return f"{self.respite_request} {self.offer} {self.night}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class ReferralEvent(models.Model):
    """Each step of a referral: who, when, from → to, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    message = models.JSONField(default=dict, blank=True)  # as TimelineEntry.message
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "providers_referralevent"  # moved from providers; data stays put
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.from_status} → {self.to_status}"

    @property
    def shown(self) -> str:
        """The step in the reader's language, then what was typed."""
        return " ".join(part for part in (shown(self.message), self.text) if part)


class CheckIn(models.Model):
    """After a stay (or the first weeks of day care or blokzorg): did the caregiver get rest,
    would the naaste go again, what got in the way. Answered from a signed link without
    signing in, once; the answer goes to the fixed contact person (issue 24.5)."""

    SALT = "respite.check-in"

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="check_in")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    rested = models.CharField(
        _("Had u even rust?"), max_length=12, choices=Rest.choices, blank=True
    )
    go_again = models.CharField(
        _("Zou uw naaste nog eens gaan?"), max_length=12, choices=GoAgain.choices, blank=True
    )
    obstacles = models.JSONField(_("wat zat in de weg"), default=list, blank=True)
    obstacle_text = models.CharField(_("iets anders"), max_length=300, blank=True)
    self_check_invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vragen na het logeren")
        verbose_name_plural = _("vragen na het logeren")

    def __str__(self) -> str:
        return f"{self.referral}: {'beantwoord' if self.answered_at else 'open'}"

    def get_absolute_url(self) -> str:
        return reverse("respite:check_in", args=[self.token()])

    def token(self) -> str:
        return signing.dumps(self.pk, salt=self.SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "CheckIn | None":
        """The check-in a link names, while the link is valid; None for a wrong, changed or
        expired link."""
        try:
            pk = signing.loads(token, salt=cls.SALT, max_age=timedelta(days=CHECK_IN_LINK_DAYS))
        except signing.BadSignature:
            return None
        return (
            cls.objects.select_related(
                "referral__offer", "referral__location", "referral__respite_request__municipality"
            )
            .filter(pk=pk)
            .first()
        )

    @property
    def obstacle_labels(self) -> list[str]:
        labels = dict(Obstacle.choices)
        return [str(labels[code]) for code in self.obstacles if code in labels]


class SavedAnswers(models.Model):
    """With the caregiver's consent: the answers about the naaste, where they live and how to
    reach the caregiver, so a next request asks only "Klopt dit nog?" (issue 24.4). One per
    naaste (by relationship); the caregiver can wipe them at any time."""

    # The steps whose answers are kept; the rest (what help, when, why) is asked each time.
    STEPS = ("naaste", "woonplaats", "contact")

    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_answers"
    )
    relationship = models.CharField(max_length=20)
    answers = models.JSONField(default=dict)  # field name -> list of values, as in a draft
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["caregiver", "relationship"], name="one_saved_answers_per_naaste"
            )
        ]
        verbose_name = _("bewaarde antwoorden")
        verbose_name_plural = _("bewaarde antwoorden")

    def __str__(self) -> str:
        return f"{self.caregiver}: {self.relationship}"
