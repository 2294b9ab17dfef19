"""Provider staff keep availability current; editors invite them (issue 9)."""

from collections import Counter
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import account_for, invitation_link
from directory.choices import Kind
from portal.mail import absolute_url, send
from providers.choices import (
    COUNTED,
    REFERRAL_TRANSITIONS,
    CorrectionStatus,
    DeclineReason,
    ReferralStatus,
)
from providers.models import (
    CORRECTABLE_FIELDS,
    Availability,
    AvailabilityChange,
    NightCapacity,
    NightReservation,
    OfferCorrection,
    ProviderMember,
    Referral,
    ReferralEvent,
)
from respite.deadlines import next_working_day


class ProviderError(Exception):
    """A rule of the provider side was broken; the message is for the user, in Dutch."""


@transaction.atomic
def member_invite(*, provider, email: str, first_name: str, last_name: str, invited_by) -> User:
    """Create a provider staff account (role 'aanbieder') and mail a link to choose a password.

    A work address only: an address that already belongs to a caregiver, a municipal employee
    or another provider is refused, so nobody ends up with two roles by accident.
    """
    existing = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
    if existing is not None:
        membership = ProviderMember.objects.filter(user=existing).first()
        if membership is None or membership.provider_id != provider.pk:
            raise ProviderError(
                _("Dit e-mailadres hoort al bij een ander account. Gebruik een werkadres.")
            )
    user, created = account_for(email, first_name=first_name, last_name=last_name, verified=True)
    if created:
        ProviderMember.objects.create(user=user, provider=provider, invited_by=invited_by)
    send(
        "providers/member_invite",
        user.email,
        {"inviter": invited_by, "provider": provider.name, "link": invitation_link(user)},
    )
    return user


def _describe(availability: Availability) -> str:
    text = availability.get_state_display()
    if availability.free_from:
        text += " " + _("vanaf %(date)s") % {"date": availability.free_from.strftime("%d-%m-%Y")}
    if availability.expected_weeks is not None:
        text += " " + _("(ongeveer %(n)d weken)") % {"n": availability.expected_weeks}
    if availability.available is not None:
        text += ", " + _("%(n)d plaatsen vrij") % {"n": availability.available}
    if availability.maximum is not None:
        text += " " + _("van %(n)d") % {"n": availability.maximum}
    return text


@transaction.atomic
def availability_update(*, offer, user, data: dict, nights: dict[date, int] | None = None):
    """Save what the provider says about places, with history; nights for logeerzorg.

    The offer's row is locked, so two people saving at once are applied one after the other,
    and a night is never set below the places already reserved on it.
    """
    type(offer).objects.select_for_update().get(pk=offer.pk)
    availability = Availability.objects.filter(offer=offer).first()
    before = _describe(availability) if availability else _("onbekend")
    if availability is None:
        availability = Availability(offer=offer)
    for name, value in data.items():
        setattr(availability, name, value)
    availability.confirmed_at = timezone.now()
    availability.confirmed_by = user
    availability.save()
    after = _describe(availability)
    if after != before:
        AvailabilityChange.objects.create(offer=offer, user=user, what=f"{before} → {after}")
    else:
        AvailabilityChange.objects.create(offer=offer, user=user, what=_("Bevestigd: klopt nog"))
    if nights:
        _save_nights(offer=offer, user=user, nights=nights)
    return availability


def _nights_changed(changed: list[str]) -> str:
    """The history line for changed nights, within the 500 characters it may hold: every
    night when they fit, else how many and from which to which (80 nights answered 500)."""
    limit = AvailabilityChange._meta.get_field("what").max_length
    line = _("Vrije plaatsen per nacht: ") + ", ".join(changed)
    if len(line) <= limit:
        return line
    return _("Vrije plaatsen per nacht: %(n)d nachten aangepast, van %(first)s tot %(last)s") % {
        "n": len(changed),
        "first": changed[0].split(":")[0],
        "last": changed[-1].split(":")[0],
    }


def _save_nights(*, offer, user, nights: dict[date, int]) -> None:
    existing = {
        row.night: row
        for row in NightCapacity.objects.select_for_update().filter(offer=offer, night__in=nights)
    }
    changed = []
    for night, places in sorted(nights.items()):
        row = existing.get(night)
        if row is None:
            if places:
                NightCapacity.objects.create(offer=offer, night=night, places=places)
                changed.append(f"{night:%d-%m}: {places}")
            continue
        if row.places == places:
            continue
        if places < row.reserved:
            raise ProviderError(
                _("Op %(night)s zijn al %(n)d plaatsen gereserveerd.")
                % {"night": night.strftime("%d-%m-%Y"), "n": row.reserved}
            )
        row.places = places
        row.save(update_fields=["places"])
        changed.append(f"{night:%d-%m}: {places}")
    if changed:
        AvailabilityChange.objects.create(offer=offer, user=user, what=_nights_changed(changed))


# ---- Referrals: the closed loop between consultant and provider -------------------------

ANSWER_WITHIN_WORKING_DAYS = 2


def _working_days_after(day: date, days: int) -> date:
    for _i in range(days):
        day = next_working_day(day)
    return day


def _counted_nights(request, exclude=None) -> Counter:
    """Logeernachten per calendar year for the person cared for: every night of an accepted,
    started or finished stay of this caregiver's requests (or of this request, for a phone
    intake without an account), from the stay's own dates, so a house that keeps no night
    grid in the portal counts too."""
    referrals = Referral.objects.filter(status__in=COUNTED)
    if request.caregiver_id:
        referrals = referrals.filter(request__caregiver_id=request.caregiver_id)
    else:
        referrals = referrals.filter(request=request)
    if exclude is not None:
        referrals = referrals.exclude(pk=exclude.pk)
    years: Counter = Counter()
    for referral in referrals.only("start_date", "end_date", "settling_in_night"):
        years.update(night.year for night in referral.nights)
    return years


def nights_used(request, year: int, exclude=None) -> int:
    return _counted_nights(request, exclude)[year]


def nights_by_year(request) -> list[tuple[int, int]]:
    """(year, logeernachten) for every calendar year the counted nights fall in, earliest
    first: three nights in January 2027 show as 2027, not as 'this year: 0'."""
    return sorted(_counted_nights(request).items())


def _require_holder(request, consultant) -> None:
    """Referring, withdrawing or agreeing for a request a colleague holds needs 'Ik neem deze
    over' first (respite.services.require_holder), with this side's error type."""
    from respite.services import RequestError, require_holder

    try:
        require_holder(request, consultant)
    except RequestError as error:
        raise ProviderError(str(error)) from None


def _lock_nights_counter(request) -> None:
    """Lock what the yearly logeernachten are counted per: the caregiver (all their requests),
    or the request of a phone intake without an account. Every change that adds or releases
    counted nights takes this lock first, so two accepts at the same moment are counted one
    after the other (two accepts of 3 nights against a cap of 4 both went through)."""
    from accounts.models import User
    from respite.models import RespiteRequest

    if request.caregiver_id:
        list(User.objects.select_for_update().filter(pk=request.caregiver_id).values("pk"))
    else:
        list(RespiteRequest.objects.select_for_update().filter(pk=request.pk).values("pk"))


def _check_cap(*, referral: Referral, nights: list[date], over_cap_reason: str) -> None:
    cap = referral.offer.nights_per_year
    if not cap or not nights:
        return
    for year in sorted({night.year for night in nights}):
        used = nights_used(referral.request, year, exclude=referral if referral.pk else None)
        asked = sum(1 for night in nights if night.year == year)
        if used + asked > cap and not over_cap_reason.strip():
            raise ProviderError(
                _(
                    "Met deze nachten komt de naaste in %(year)d op %(total)d logeernachten. "
                    "Het maximum is %(cap)d. Wilt u toch doorgaan? Schrijf dan op waarom."
                )
                % {"year": year, "total": used + asked, "cap": cap}
            )


def _reserve(referral: Referral, nights: list[date]) -> None:
    """Hold these nights for the referral, releasing nights it no longer needs.

    The capacity rows are locked in date order, so two consultants reserving the last free
    night are served one after the other: the second finds it full.
    """
    held = set(referral.reservations.values_list("night", flat=True))
    wanted = set(nights) if referral.offer.kind == Kind.LOGEERZORG else set()
    if (
        wanted
        and not NightCapacity.objects.filter(
            offer=referral.offer, night__gte=timezone.localdate()
        ).exists()
    ):
        # The house keeps no night grid in the portal (a waiting list, or it plans by
        # phone): nothing to hold here; it confirms the dates itself when it answers.
        wanted = set()
    rows = {
        row.night: row
        for row in NightCapacity.objects.select_for_update()
        .filter(offer=referral.offer, night__in=held | wanted)
        .order_by("night")
    }
    for night in sorted(wanted - held):
        row = rows.get(night)
        if row is None or row.free < 1:
            raise ProviderError(
                _("%(house)s heeft op %(night)s geen logeerplek meer vrij.")
                % {"house": referral.house_name, "night": date_format(night, "l j F")}
            )
        row.reserved += 1
        row.save(update_fields=["reserved"])
        NightReservation.objects.create(referral=referral, night=night)
    for night in sorted(held - wanted):
        row = rows.get(night)
        if row is not None and row.reserved:
            row.reserved -= 1
            row.save(update_fields=["reserved"])
    referral.reservations.filter(night__in=held - wanted).delete()


def _event(referral: Referral, user, from_status: str, text: str = "") -> None:
    ReferralEvent.objects.create(
        referral=referral, user=user, from_status=from_status, to_status=referral.status, text=text
    )


def _provider_mail(referral: Referral, event: str, **context) -> None:
    """To the provider's staff (templates/mail/providers/<event>_*), with the link."""
    recipients = [
        m.user.email for m in referral.provider.members.select_related("user") if m.user.is_active
    ]
    send(
        f"providers/{event}",
        recipients,
        {
            "offer": referral.offer.name,
            "link": absolute_url(reverse("providers:referral", args=[referral.pk])),
            **context,
        },
    )


def _consultant_mail(referral: Referral, event: str, **context) -> None:
    """To the consultant who referred and the request's holder, with respite's staff mail."""
    from respite.services import _staff_mail

    respite_request = referral.request
    recipients = {u.email for u in (referral.created_by, respite_request.assigned_to) if u}
    _staff_mail(
        respite_request,
        event,
        recipients,
        provider=referral.provider.name,
        offer=referral.offer.name,
        **context,
    )


def _validate_dates(start: date | None, end: date | None, settling: date | None) -> None:
    today = timezone.localdate()
    for value in (start, settling):
        if value and value < today:
            raise ProviderError(_("Deze datum is al geweest."))
    if (start is None) != (end is None):
        raise ProviderError(_("Vul de eerste nacht en de dag van vertrek allebei in."))
    if start and end and end <= start:
        raise ProviderError(_("De dag van vertrek moet na de eerste nacht liggen."))
    if settling and start and settling >= start:
        raise ProviderError(_("Het wenverblijf komt vóór de eerste nacht van het logeren."))


@transaction.atomic
def referral_create(
    *,
    request,
    consultant,
    offer,
    first_name: str,
    share_notes: bool = False,
    start_date: date | None = None,
    end_date: date | None = None,
    settling_in_night: date | None = None,
    over_cap_reason: str = "",
) -> Referral:
    """Refer a request to an offer: share the minimum, hold the proposed nights, tell the
    provider. Everything or nothing: a night that is gone stops the whole referral."""
    from respite.choices import OPEN_STATUSES, TimelineKind
    from respite.matching import wish_codes
    from respite.models import RespiteRequest, TimelineEntry

    _lock_nights_counter(request)
    locked = RespiteRequest.objects.select_for_update().get(pk=request.pk)
    _require_holder(locked, consultant)
    if locked.status not in OPEN_STATUSES:
        raise ProviderError(_("Deze aanvraag is afgesloten."))
    if not offer.provider.members.exists():
        raise ProviderError(
            _("%(provider)s werkt nog niet in het portaal. Bel de aanbieder.")
            % {"provider": offer.provider.name}
        )
    if Referral.objects.filter(
        request=locked, offer=offer, status__in=[ReferralStatus.SENT, ReferralStatus.COUNTER]
    ).exists():
        raise ProviderError(_("Er loopt al een aanmelding bij dit aanbod."))
    _validate_dates(start_date, end_date, settling_in_night)
    locations = list(offer.locations.all()[:2])
    referral = Referral(
        request=locked,
        offer=offer,
        provider=offer.provider,
        location=locations[0] if len(locations) == 1 else None,
        first_name=first_name.strip(),
        age_group=locked.age_group,
        situation=locked.situation,
        kinds=list(locked.kinds or []),
        wishes=wish_codes(locked),
        wanted_start=locked.start_date,
        wanted_end=locked.end_date,
        shared_notes=locked.notes if share_notes else "",
        start_date=start_date,
        end_date=end_date,
        settling_in_night=settling_in_night,
        over_cap_reason=over_cap_reason.strip(),
        created_by=consultant,
        due_on=_working_days_after(timezone.localdate(), ANSWER_WITHIN_WORKING_DAYS),
    )
    _check_cap(referral=referral, nights=referral.nights, over_cap_reason=over_cap_reason)
    referral.save()
    _reserve(referral, referral.nights)
    _event(referral, consultant, "", _("Aangemeld door de Wmo-consulent"))
    TimelineEntry.objects.create(
        request=locked,
        kind=TimelineKind.INFO,
        actor=consultant,
        text=_("Uw contactpersoon heeft u aangemeld bij %(house)s (%(provider)s).")
        % {"house": referral.house_name, "provider": offer.provider.name},
    )
    _provider_mail(referral, "referral_new", municipality=locked.municipality.name)
    return referral


def _locked(referral: Referral) -> Referral:
    """The referral under a row lock, after the lock on its nights counter (always in that
    order, so two changes never wait for each other)."""
    _lock_nights_counter(referral.request)
    return (
        Referral.objects.select_for_update().select_related("offer", "request").get(pk=referral.pk)
    )


def _require_transition(referral: Referral, to_status: str) -> None:
    if to_status not in REFERRAL_TRANSITIONS[referral.status]:
        raise ProviderError(
            _("Dit kan niet meer: de aanmelding is nu '%(status)s'.")
            % {"status": referral.get_status_display()}
        )


def stay_in_words(referral: Referral) -> str:
    """An accepted stay as the caregiver needs it, one fact a line: the house and its address,
    the dates, the settling-in night, and two numbers (the house and the fixed contact).
    Used in the "Er is plek" mail; no health details."""
    from respite.services import active_contact_person

    request = referral.request
    day = "l j F Y"
    lines = [
        _("Waar: %(house)s, %(address)s.")
        % {"house": referral.house_name, "address": referral.house_address}
        if referral.house_address
        else _("Waar: %(house)s.") % {"house": referral.house_name},
        _("Eerste nacht: %(start)s. Naar huis: %(end)s.")
        % {
            "start": date_format(referral.start_date, day),
            "end": date_format(referral.end_date, day),
        },
    ]
    if referral.settling_in_night:
        lines.append(
            _("Eerst wennen: de nacht van %(date)s.")
            % {"date": date_format(referral.settling_in_night, day)}
        )
    if referral.house_phone:
        contact = referral.provider_contact
        lines.append(
            _("Vragen over het logeren? Bel %(house)s: %(phone)s%(who)s.")
            % {
                "house": referral.house_name,
                "phone": referral.house_phone,
                "who": f" ({contact})" if contact and contact.work_phone else "",
            }
        )
    contact = (
        active_contact_person(request.caregiver, request.municipality)
        if request.caregiver_id
        else None
    )
    consultant = contact.consultant if contact else request.assigned_to
    if consultant and consultant.work_phone:
        lines.append(
            _("Andere vragen? Bel uw vaste contactpersoon %(name)s: %(phone)s.")
            % {"name": consultant, "phone": consultant.work_phone}
        )
    return "\n".join(str(line) for line in lines)


def _tell_caregiver_place_found(referral: Referral) -> None:
    from respite.services import _caregiver_mail

    _caregiver_mail(
        referral.request, "place_found", house=referral.house_name, stay=stay_in_words(referral)
    )


def _house_location(referral: Referral, location):
    """The house the provider names when accepting; needed when the offer has several."""
    locations = list(referral.offer.locations.all())
    if location is not None:
        if location not in locations:
            raise ProviderError(_("Kies een locatie van dit aanbod."))
        return location
    if referral.location_id or len(locations) <= 1:
        return referral.location or (locations[0] if locations else None)
    raise ProviderError(_("Kies op welke locatie uw naaste komt logeren."))


@transaction.atomic
def referral_accept(
    *,
    referral: Referral,
    member,
    start_date: date,
    end_date: date,
    settling_in_night=None,
    location=None,
) -> Referral:
    """The provider accepts, with the dates of the stay; the caregiver hears who to call."""
    from respite.choices import TimelineKind
    from respite.models import TimelineEntry

    locked = _locked(referral)
    _require_transition(locked, ReferralStatus.ACCEPTED)
    if locked.status == ReferralStatus.COUNTER:
        raise ProviderError(_("U stelde andere data voor. De Wmo-consulent beslist nu."))
    if not member.is_callable:
        raise ProviderError(
            _(
                "Vul eerst uw telefoonnummer en bereikbaarheid in bij 'Mijn gegevens'. "
                "De mantelzorger ziet die na het accepteren."
            )
        )
    _validate_dates(start_date, end_date, settling_in_night)
    before = locked.status
    locked.location = _house_location(locked, location)
    locked.start_date, locked.end_date = start_date, end_date
    locked.settling_in_night = settling_in_night
    _check_cap(referral=locked, nights=locked.nights, over_cap_reason=locked.over_cap_reason)
    _reserve(locked, locked.nights)
    locked.status = ReferralStatus.ACCEPTED
    locked.provider_contact = member
    locked.answered_at = timezone.now()
    locked.save()
    _event(locked, member, before, _("Geaccepteerd"))
    stay = _("van %(start)s tot %(end)s") % {
        "start": date_format(start_date, "j F"),
        "end": date_format(end_date, "j F"),
    }
    TimelineEntry.objects.create(
        request=locked.request,
        kind=TimelineKind.INFO,
        actor=member,
        text=_("%(house)s heeft plek voor uw naaste, %(stay)s.")
        % {"house": locked.house_name, "stay": stay},
    )
    _consultant_mail(locked, "referral_accepted", stay=stay)
    _tell_caregiver_place_found(locked)
    return locked


@transaction.atomic
def referral_counter(
    *,
    referral: Referral,
    member,
    start_date: date,
    end_date: date,
    settling_in_night=None,
    text: str = "",
) -> Referral:
    """The provider proposes other dates; those nights are held while the consultant decides."""
    locked = _locked(referral)
    _require_transition(locked, ReferralStatus.COUNTER)
    _validate_dates(start_date, end_date, settling_in_night)
    before = locked.status
    locked.start_date, locked.end_date = start_date, end_date
    locked.settling_in_night = settling_in_night
    _reserve(locked, locked.nights)
    locked.status = ReferralStatus.COUNTER
    locked.answer_text = text.strip()
    locked.provider_contact = member
    locked.answered_at = timezone.now()
    locked.save()
    _event(locked, member, before, _("Andere data voorgesteld"))
    _consultant_mail(locked, "referral_counter")
    return locked


@transaction.atomic
def referral_decline(*, referral: Referral, member, reason: str, text: str = "") -> Referral:
    from respite.choices import TimelineKind
    from respite.models import TimelineEntry

    locked = _locked(referral)
    _require_transition(locked, ReferralStatus.DECLINED)
    if reason not in DeclineReason.values:
        raise ProviderError(_("Kies een reden."))
    before = locked.status
    _reserve(locked, [])
    locked.status = ReferralStatus.DECLINED
    locked.decline_reason = reason
    locked.answer_text = text.strip()
    locked.answered_at = timezone.now()
    locked.save()
    _event(locked, member, before, locked.get_decline_reason_display())
    TimelineEntry.objects.create(
        request=locked.request,
        kind=TimelineKind.INFO,
        actor=member,
        text=_("%(house)s heeft geen plek. Uw contactpersoon zoekt verder.")
        % {"house": locked.house_name},
    )
    _consultant_mail(locked, "referral_declined", reason=locked.get_decline_reason_display())
    return locked


@transaction.atomic
def referral_accept_counter(*, referral: Referral, consultant) -> Referral:
    """The consultant agrees to the provider's other dates."""
    from respite.choices import TimelineKind
    from respite.models import TimelineEntry

    locked = _locked(referral)
    _require_holder(locked.request, consultant)
    if locked.status != ReferralStatus.COUNTER:
        raise ProviderError(_("Er is geen voorstel met andere data."))
    _check_cap(referral=locked, nights=locked.nights, over_cap_reason=locked.over_cap_reason)
    locked.status = ReferralStatus.ACCEPTED
    locked.save(update_fields=["status"])
    _event(locked, consultant, ReferralStatus.COUNTER, _("Andere data goedgekeurd"))
    TimelineEntry.objects.create(
        request=locked.request,
        kind=TimelineKind.INFO,
        actor=consultant,
        text=_("%(house)s heeft plek voor uw naaste.") % {"house": locked.house_name},
    )
    _tell_caregiver_place_found(locked)
    _provider_mail(locked, "counter_agreed")
    return locked


@transaction.atomic
def referral_withdraw(*, referral: Referral, consultant, text: str = "") -> Referral:
    locked = _locked(referral)
    _require_holder(locked.request, consultant)
    _require_transition(locked, ReferralStatus.WITHDRAWN)
    before = locked.status
    _reserve(locked, [])
    locked.status = ReferralStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    _event(locked, consultant, before, text.strip() or _("Ingetrokken door de Wmo-consulent"))
    _provider_mail(locked, "referral_withdrawn")
    return locked


@transaction.atomic
def referral_progress(*, referral: Referral, member, to_status: str) -> Referral:
    """The stay has started, or is over."""
    locked = _locked(referral)
    if to_status not in (ReferralStatus.STARTED, ReferralStatus.COMPLETED):
        raise ProviderError(_("Dit kan niet."))
    _require_transition(locked, to_status)
    first_night = min(locked.nights, default=None)
    if to_status == ReferralStatus.STARTED and first_night and first_night > timezone.localdate():
        raise ProviderError(
            _("Het logeren begint pas op %(date)s. Zet het dan op 'begonnen'.")
            % {"date": date_format(first_night, "l j F")}
        )
    before = locked.status
    locked.status = to_status
    locked.save(update_fields=["status"])
    _event(locked, member, before)
    return locked


def remind_overdue_referrals(*, today: date | None = None) -> int:
    """Remind consultants of referrals unanswered after 2 working days, once per referral.
    Safe to run twice or at the same time: each referral is claimed under a row lock."""
    today = today or timezone.localdate()
    sent = 0
    for pk in Referral.objects.filter(
        status=ReferralStatus.SENT, due_on__lt=today, reminded_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, reminded_at__isnull=True, status=ReferralStatus.SENT)
                .select_related("request", "offer", "provider")
                .first()
            )
            if referral is None:
                continue
            referral.reminded_at = timezone.now()
            referral.save(update_fields=["reminded_at"])
            _consultant_mail(referral, "referral_overdue")
            sent += 1
    return sent


# ---- Corrections of catalogue text, proposed by providers -------------------------------


def _editor_emails(offer) -> list[str]:
    from accounts.choices import RoleKind
    from accounts.models import Role

    if offer.municipality_id is None:
        return []
    roles = Role.objects.filter(
        municipality_id=offer.municipality_id, kind=RoleKind.EDITOR, user__is_active=True
    ).select_related("user")
    return sorted({role.user.email for role in roles})


@transaction.atomic
def correction_propose(*, offer, member, values: dict, explanation: str = "") -> OfferCorrection:
    locked = type(offer).objects.select_for_update().get(pk=offer.pk)
    changes = {
        name: {"old": str(getattr(locked, name) or ""), "new": str(value or "")}
        for name, value in values.items()
        if name in CORRECTABLE_FIELDS and str(value or "") != str(getattr(locked, name) or "")
    }
    if not changes:
        raise ProviderError(_("U heeft niets veranderd. Pas eerst een veld aan."))
    correction = OfferCorrection.objects.create(
        offer=locked, proposed_by=member, changes=changes, explanation=explanation.strip()
    )
    if locked.municipality_id:
        send(
            "providers/correction_proposed",
            _editor_emails(locked),
            {
                "provider": locked.provider.name,
                "offer": locked.name,
                "link": absolute_url(reverse("provider_correction", args=[correction.pk])),
            },
        )
    return correction


@transaction.atomic
def correction_decide(*, correction: OfferCorrection, editor, approve: bool, text: str = ""):
    """The editor takes the proposal over (each field in the offer's history) or not."""
    from directory.models import Offer, OfferChange

    locked = OfferCorrection.objects.select_for_update().get(pk=correction.pk)
    if locked.status != CorrectionStatus.OPEN:
        raise ProviderError(_("Over dit voorstel is al beslist."))
    offer = Offer.objects.select_for_update().get(pk=locked.offer_id)
    if approve:
        for name, change in locked.changes.items():
            old = str(getattr(offer, name) or "")
            setattr(offer, name, change["new"])
            OfferChange.objects.create(
                offer=offer,
                user=editor,
                action=_("gewijzigd (voorstel aanbieder)"),
                field=str(Offer._meta.get_field(name).verbose_name),
                old_value=old,
                new_value=change["new"],
            )
        offer.full_clean(
            exclude=[f.name for f in Offer._meta.fields if f.name not in locked.changes]
        )
        offer.save()
        offer.refresh_search_text()
    locked.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    locked.decided_by = editor
    locked.decided_at = timezone.now()
    locked.decision_text = text.strip()
    locked.save()
    if locked.proposed_by:
        send(
            "providers/correction_decided",
            locked.proposed_by.email,
            {"offer": offer.name, "approved": approve, "text": locked.decision_text},
        )
    return locked
