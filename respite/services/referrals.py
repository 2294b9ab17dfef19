"""The referral: the leg of a request to one provider, and back. Each change locks the
nights counter and the referral (in that order), checks the transition map, holds or releases
nights, writes an event and a timeline row, and queues the mails inside the transaction."""

from collections import Counter
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from directory.choices import Kind
from directory.models import NightCapacity
from portal.i18n import in_reader_language, later, shown
from portal.mail import absolute_url, send
from respite.choices import (
    COUNTED,
    OPEN_STATUSES,
    REFERRAL_TRANSITIONS,
    DeclineReason,
    ReferralStatus,
    ReferrerNews,
    SettlingKind,
    SettlingState,
    TimelineKind,
)
from respite.deadlines import next_working_day
from respite.matching import wish_codes
from respite.models import (
    NightReservation,
    Referral,
    ReferralEvent,
    RespiteRequest,
    SettlingStep,
    TimelineEntry,
)
from respite.services.checkins import check_in_open
from respite.services.holds import release_expired, take_hold
from respite.services.requests import (
    RequestError,
    _caregiver_mail,
    _staff_mail,
    active_contact_person,
    require_holder,
    tell_referrer,
)

ANSWER_WITHIN_WORKING_DAYS = 2


def _working_days_after(day: date, days: int) -> date:
    for _i in range(days):
        day = next_working_day(day)
    return day


def _counted_nights(respite_request, exclude=None) -> Counter:
    """Logeernachten per calendar year for the person cared for: every night of an accepted,
    started or finished stay of this caregiver's requests (or of this request, for a phone
    intake without an account), from the stay's own dates, so a house that keeps no night
    grid in the portal counts too."""
    referrals = Referral.objects.filter(status__in=COUNTED)
    if respite_request.caregiver_id:
        referrals = referrals.filter(respite_request__caregiver_id=respite_request.caregiver_id)
    else:
        referrals = referrals.filter(respite_request=respite_request)
    if exclude is not None:
        referrals = referrals.exclude(pk=exclude.pk)
    years: Counter = Counter()
    for referral in referrals.only("start_date", "end_date").prefetch_related("settling_steps"):
        years.update(night.year for night in referral.nights)
    return years


def nights_used(respite_request, year: int, exclude=None) -> int:
    return _counted_nights(respite_request, exclude)[year]


def nights_per_year(respite_request) -> dict[int, int]:
    """Counted logeernachten per year, for the earliest real date (issue 25.3)."""
    return dict(_counted_nights(respite_request))


def nights_by_year(respite_request) -> list[tuple[int, int]]:
    """(year, logeernachten) for every calendar year the counted nights fall in, earliest
    first: three nights in January 2027 show as 2027, not as 'this year: 0'."""
    return sorted(_counted_nights(respite_request).items())


def lock_nights_counter(respite_request) -> None:
    """Lock what the yearly logeernachten are counted per: the caregiver (all their requests),
    or the request of a phone intake without an account. Every change that adds or releases
    counted nights takes this lock first, so two accepts at the same moment are counted one
    after the other (two accepts of 3 nights against a cap of 4 both went through). No key
    update: a row written meanwhile that points at the caregiver (a timeline entry of a
    withdrawal) need not wait for it, which deadlocked a withdrawal racing an accept."""
    if respite_request.caregiver_id:
        users = User.objects.select_for_update(no_key=True)
        list(users.filter(pk=respite_request.caregiver_id).values("pk"))
    else:
        requests_ = RespiteRequest.objects.select_for_update(no_key=True)
        list(requests_.filter(pk=respite_request.pk).values("pk"))


def _check_cap(*, referral: Referral, nights: list[date], over_cap_reason: str) -> None:
    cap = referral.offer.nights_per_year
    if not cap or not nights:
        return
    for year in sorted({night.year for night in nights}):
        used = nights_used(
            referral.respite_request, year, exclude=referral if referral.pk else None
        )
        asked = sum(1 for night in nights if night.year == year)
        if used + asked > cap and not over_cap_reason.strip():
            raise RequestError(
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
    release_expired(rows, referral.offer_id)  # a hold that ran out gives its place back first
    for night in sorted(wanted - held):
        row = rows.get(night)
        if row is not None and take_hold(
            respite_request=referral.respite_request, offer=referral.offer, night=night, row=row
        ):
            # The caregiver held this night: its place becomes the referral's.
            NightReservation.objects.create(referral=referral, night=night)
            continue
        if row is None or row.free < 1:
            raise RequestError(
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


def _event(
    referral: Referral, user, from_status: str, message: dict | None = None, text: str = ""
) -> None:
    """A step in the referral's history: `message` (portal.i18n.later) is shown in the
    reader's language, `text` as typed."""
    ReferralEvent.objects.create(
        referral=referral,
        user=user,
        from_status=from_status,
        to_status=referral.status,
        message=message or {},
        text=text[:500],
    )


def _provider_mail(referral: Referral, event: str, **context) -> None:
    """To the provider's staff (templates/mail/respite/<event>_*), with the link."""
    recipients = [
        m.user.email for m in referral.provider.members.select_related("user") if m.user.is_active
    ]
    send(
        f"respite/{event}",
        recipients,
        {
            "offer": referral.offer.name,
            "link": absolute_url(reverse("providers:referral", args=[referral.pk])),
            **context,
        },
    )


def _consultant_mail(referral: Referral, event: str, **context) -> None:
    """To the consultant who referred and the request's holder, with respite's staff mail."""
    respite_request = referral.respite_request
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
            raise RequestError(_("Deze datum is al geweest."))
    if (start is None) != (end is None):
        raise RequestError(_("Vul de eerste nacht en de dag van vertrek allebei in."))
    if start and end and end <= start:
        raise RequestError(_("De dag van vertrek moet na de eerste nacht liggen."))
    if settling and start and settling >= start:
        raise RequestError(_("Het wenverblijf komt vóór de eerste nacht van het logeren."))


@transaction.atomic
def referral_create(
    *,
    respite_request,
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
    lock_nights_counter(respite_request)
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    require_holder(locked, consultant)
    if locked.status not in OPEN_STATUSES:
        raise RequestError(_("Deze aanvraag is afgesloten."))
    if not offer.provider.members.exists():
        raise RequestError(
            _("%(provider)s werkt nog niet in het portaal. Bel de aanbieder.")
            % {"provider": offer.provider.name}
        )
    if Referral.objects.filter(
        respite_request=locked,
        offer=offer,
        status__in=[ReferralStatus.SENT, ReferralStatus.COUNTER],
    ).exists():
        raise RequestError(_("Er loopt al een aanmelding bij dit aanbod."))
    _validate_dates(start_date, end_date, settling_in_night)
    locations = list(offer.locations.all()[:2])
    referral = Referral(
        respite_request=locked,
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
        over_cap_reason=over_cap_reason.strip(),
        created_by=consultant,
        due_on=_working_days_after(timezone.localdate(), ANSWER_WITHIN_WORKING_DAYS),
    )
    referral.save()
    _set_settling_night(referral, settling_in_night)
    _check_cap(referral=referral, nights=referral.nights, over_cap_reason=over_cap_reason)
    _reserve(referral, referral.nights)
    _event(referral, consultant, "", later(gettext_noop("Aangemeld door de Wmo-consulent")))
    TimelineEntry.objects.create(
        respite_request=locked,
        kind=TimelineKind.INFO,
        actor=consultant,
        message=later(
            # "uw naaste", not the first name: the timeline keeps no name of the naaste.
            gettext_noop(
                "Uw contactpersoon heeft uw naaste aangemeld bij %(house)s (%(provider)s)."
            ),
            house=referral.house_name,
            provider=offer.provider.name,
        ),
    )
    _provider_mail(referral, "referral_new", municipality=locked.municipality.name)
    return referral


def _set_settling_night(referral: Referral, night: date | None) -> None:
    """The one settling-in night the consultant proposes or the house answers with is the
    path's first planned night step: moved to the new date, made, or taken away."""
    step = referral.settling_steps.filter(
        kind=SettlingKind.NIGHT, state=SettlingState.PLANNED
    ).first()
    if step is None and night is not None:
        SettlingStep.objects.create(referral=referral, kind=SettlingKind.NIGHT, day=night)
    elif step is not None and night is None:
        step.delete()
    elif step is not None and step.day != night:
        step.day = night
        step.save(update_fields=["day"])


def _let_go(referral: Referral) -> None:
    """The house said no or the referral ended: its nights go back to the house and planned
    settling-in steps will not happen. Under the referral's lock (_locked)."""
    _reserve(referral, [])
    referral.settling_steps.filter(state=SettlingState.PLANNED).update(
        state=SettlingState.CANCELLED
    )


def _locked(referral: Referral) -> Referral:
    """The referral under a row lock, after the lock on its nights counter (always in that
    order, so two changes never wait for each other)."""
    lock_nights_counter(referral.respite_request)
    return (
        Referral.objects.select_for_update()
        .select_related("offer", "respite_request")
        .get(pk=referral.pk)
    )


def _require_open_request(referral: Referral) -> None:
    """No yes, other dates or agreement once the caregiver withdrew the request (or it was
    closed). _locked holds the request's row lock too, so a withdrawal at the same moment
    comes wholly before or after: a house accepted a withdrawn request, 'Er is plek' and all."""
    if referral.respite_request.status not in OPEN_STATUSES:
        raise RequestError(_("De aanvraag is ingetrokken of afgerond. Dit kan niet meer."))


def _require_transition(referral: Referral, to_status: str) -> None:
    if to_status not in REFERRAL_TRANSITIONS[referral.status]:
        raise RequestError(
            _("Dit kan niet meer: de aanmelding is nu '%(status)s'.")
            % {"status": referral.get_status_display()}
        )


def stay_in_words(referral: Referral) -> str:
    """An accepted stay as the caregiver needs it, one fact a line: the house and its address,
    the dates, the settling-in night, and two numbers (the house and the fixed contact).
    Used in the "Er is plek" mail; no health details."""
    respite_request = referral.respite_request
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
    if referral.together is not None:
        lines.append(
            _("Samen logeren: ja, de partner logeert mee.")
            if referral.together
            else _("Samen logeren: nee, alleen uw naaste logeert.")
        )
    planned = [s for s in referral.settling_steps.all() if s.state == SettlingState.PLANNED]
    if planned:
        lines.append(
            _("Eerst wennen: %(steps)s.")
            % {"steps": "; ".join(_settling_words(step) for step in planned)}
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
        active_contact_person(respite_request.caregiver, respite_request.municipality)
        if respite_request.caregiver_id
        else None
    )
    consultant = contact.consultant if contact else respite_request.assigned_to
    if consultant and consultant.work_phone:
        lines.append(
            _("Andere vragen? Bel uw vaste contactpersoon %(name)s: %(phone)s.")
            % {"name": consultant, "phone": consultant.work_phone}
        )
    return "\n".join(str(line) for line in lines)


def _tell_caregiver_place_found(referral: Referral) -> None:
    _caregiver_mail(
        referral.respite_request,
        "place_found",
        house=referral.house_name,
        stay=in_reader_language(stay_in_words, referral),
    )
    tell_referrer(referral.respite_request, ReferrerNews.PLACE_FOUND)


def _house_location(referral: Referral, location):
    """The house the provider names when accepting; needed when the offer has several."""
    locations = list(referral.offer.locations.all())
    if location is not None:
        if location not in locations:
            raise RequestError(_("Kies een locatie van dit aanbod."))
        return location
    if referral.location_id or len(locations) <= 1:
        return referral.location or (locations[0] if locations else None)
    raise RequestError(_("Kies op welke locatie uw naaste komt logeren."))


@transaction.atomic
def referral_accept(
    *,
    referral: Referral,
    member,
    start_date: date,
    end_date: date,
    settling_in_night=None,
    location=None,
    together: bool | None = None,
) -> Referral:
    """The provider accepts, with the dates of the stay (and, when the caregiver asked to
    stay together, whether the partner stays too); the caregiver hears who to call."""
    locked = _locked(referral)
    _require_open_request(locked)
    _require_transition(locked, ReferralStatus.ACCEPTED)
    if locked.status == ReferralStatus.COUNTER:
        raise RequestError(_("U stelde andere data voor. De Wmo-consulent beslist nu."))
    if not member.is_callable:
        raise RequestError(
            _(
                "Vul eerst uw telefoonnummer en bereikbaarheid in bij 'Mijn gegevens'. "
                "De mantelzorger ziet die na het accepteren."
            )
        )
    _validate_dates(start_date, end_date, settling_in_night)
    before = locked.status
    locked.location = _house_location(locked, location)
    locked.together = together
    locked.start_date, locked.end_date = start_date, end_date
    _set_settling_night(locked, settling_in_night)
    _check_cap(referral=locked, nights=locked.nights, over_cap_reason=locked.over_cap_reason)
    _reserve(locked, locked.nights)
    locked.status = ReferralStatus.ACCEPTED
    locked.provider_contact = member
    locked.answered_at = timezone.now()
    locked.save()
    _event(locked, member, before, later(gettext_noop("Geaccepteerd")))
    stay = later(
        gettext_noop("van %(start)s tot %(end)s"), start=start_date, end=end_date, dates="j F"
    )
    TimelineEntry.objects.create(
        respite_request=locked.respite_request,
        kind=TimelineKind.INFO,
        actor=member,
        message=later(
            gettext_noop("%(house)s heeft plek voor uw naaste, %(stay)s."),
            house=locked.house_name,
            stay=stay,
        ),
    )
    _consultant_mail(locked, "referral_accepted", stay=in_reader_language(shown, stay))
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
    _require_open_request(locked)
    _require_transition(locked, ReferralStatus.COUNTER)
    _validate_dates(start_date, end_date, settling_in_night)
    before = locked.status
    locked.start_date, locked.end_date = start_date, end_date
    _set_settling_night(locked, settling_in_night)
    _reserve(locked, locked.nights)
    locked.status = ReferralStatus.COUNTER
    locked.answer_text = text.strip()
    locked.provider_contact = member
    locked.answered_at = timezone.now()
    locked.save()
    _event(locked, member, before, later(gettext_noop("Andere data voorgesteld")))
    _consultant_mail(locked, "referral_counter")
    return locked


@transaction.atomic
def referral_decline(*, referral: Referral, member, reason: str, text: str = "") -> Referral:
    locked = _locked(referral)
    _require_transition(locked, ReferralStatus.DECLINED)
    if reason not in DeclineReason.values:
        raise RequestError(_("Kies een reden."))
    before = locked.status
    _let_go(locked)
    locked.status = ReferralStatus.DECLINED
    locked.decline_reason = reason
    locked.answer_text = text.strip()
    locked.answered_at = timezone.now()
    locked.save()
    _event(
        locked,
        member,
        before,
        later(DeclineReason(locked.decline_reason).label),
        locked.answer_text,
    )
    TimelineEntry.objects.create(
        respite_request=locked.respite_request,
        kind=TimelineKind.INFO,
        actor=member,
        message=later(
            gettext_noop("%(house)s heeft geen plek. Uw contactpersoon zoekt verder."),
            house=locked.house_name,
        ),
    )
    _consultant_mail(locked, "referral_declined", reason=DeclineReason(locked.decline_reason).label)
    return locked


@transaction.atomic
def referral_accept_counter(*, referral: Referral, consultant) -> Referral:
    """The consultant agrees to the provider's other dates."""
    locked = _locked(referral)
    _require_open_request(locked)
    require_holder(locked.respite_request, consultant)
    if locked.status != ReferralStatus.COUNTER:
        raise RequestError(_("Er is geen voorstel met andere data."))
    _check_cap(referral=locked, nights=locked.nights, over_cap_reason=locked.over_cap_reason)
    locked.status = ReferralStatus.ACCEPTED
    locked.save(update_fields=["status"])
    _event(
        locked, consultant, ReferralStatus.COUNTER, later(gettext_noop("Andere data goedgekeurd"))
    )
    TimelineEntry.objects.create(
        respite_request=locked.respite_request,
        kind=TimelineKind.INFO,
        actor=consultant,
        message=later(
            gettext_noop("%(house)s heeft plek voor uw naaste."), house=locked.house_name
        ),
    )
    _tell_caregiver_place_found(locked)
    _provider_mail(locked, "counter_agreed")
    return locked


@transaction.atomic
def referral_withdraw(*, referral: Referral, consultant, text: str = "") -> Referral:
    locked = _locked(referral)
    require_holder(locked.respite_request, consultant)
    _require_transition(locked, ReferralStatus.WITHDRAWN)
    before = locked.status
    _let_go(locked)
    locked.status = ReferralStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    _event(
        locked,
        consultant,
        before,
        None if text.strip() else later(gettext_noop("Ingetrokken door de Wmo-consulent")),
        text.strip(),
    )
    _provider_mail(locked, "referral_withdrawn")
    return locked


@transaction.atomic
def referral_progress(*, referral: Referral, member, to_status: str) -> Referral:
    """The stay has started, or is over."""
    locked = _locked(referral)
    if to_status not in (ReferralStatus.STARTED, ReferralStatus.COMPLETED):
        raise RequestError(_("Dit kan niet."))
    _require_transition(locked, to_status)
    first_night = locked.first_night
    if to_status == ReferralStatus.STARTED and first_night and not locked.has_begun:
        raise RequestError(
            _("Het logeren begint pas op %(date)s. Zet het dan op 'begonnen'.")
            % {"date": date_format(first_night, "l j F")}
        )
    before = locked.status
    locked.status = to_status
    locked.save(update_fields=["status"])
    _event(locked, member, before)
    if to_status == ReferralStatus.COMPLETED:
        check_in_open(referral=locked)  # three short questions for the caregiver
        tell_referrer(locked.respite_request, ReferrerNews.DONE)
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
                .select_related("respite_request", "offer", "provider")
                .first()
            )
            if referral is None:
                continue
            referral.reminded_at = timezone.now()
            referral.save(update_fields=["reminded_at"])
            _consultant_mail(referral, "referral_overdue")
            sent += 1
    return sent


# ---- A staged settling-in (issue 25.2) ------------------------------------------------------

SETTLING_OPEN = {ReferralStatus.ACCEPTED, ReferralStatus.STARTED}
# A referral that can still be withdrawn with its request: the stay has not begun.
NOT_BEGUN = (ReferralStatus.SENT, ReferralStatus.COUNTER, ReferralStatus.ACCEPTED)


def _settling_referral(referral: Referral) -> Referral:
    locked = _locked(referral)
    if locked.status not in SETTLING_OPEN:
        raise RequestError(_("Een wenpad kan alleen bij een geaccepteerde aanmelding."))
    return locked


def _settling_later(step: SettlingStep) -> dict:
    """_settling_words, kept to be shown in the reader's language (portal.i18n)."""
    return later(
        gettext_noop("%(step)s op %(date)s"),
        step=SettlingKind(step.kind).label,
        date=step.day,
        dates="l j F Y",
    )


def _settling_words(step: SettlingStep) -> str:
    return _("%(step)s op %(date)s") % {
        "step": step.get_kind_display(),
        "date": date_format(step.day, "l j F Y"),
    }


def _check_settling_cap(referral: Referral, step: SettlingStep) -> None:
    """The house cannot decide to go over the yearly nights; the consultant can (with a
    reason, when referring), so the house is asked to talk to them first."""
    cap = referral.offer.nights_per_year
    if not cap or referral.over_cap_reason:
        return
    for year in sorted({night.year for night in step.nights}):
        total = nights_used(referral.respite_request, year, exclude=referral) + sum(
            1 for night in referral.nights if night.year == year
        )
        if total > cap:
            raise RequestError(
                _(
                    "Met deze stap komt de naaste in %(year)d op %(total)d logeernachten. "
                    "Het maximum is %(cap)d. Overleg eerst met de Wmo-consulent."
                )
                % {"year": year, "total": total, "cap": cap}
            )


@transaction.atomic
def settling_plan(*, referral: Referral, member, kind: str, day: date) -> SettlingStep:
    """The house proposes a step of the settling-in, with its date (the house's own word
    confirms it); the caregiver sees it on their page and gets a mail without details."""
    locked = _settling_referral(referral)
    if locked.settling_steps.filter(state=SettlingState.STOPPED).exists():
        raise RequestError(_("Het wennen is gestopt. Er kan geen stap meer bij."))
    if day < timezone.localdate():
        raise RequestError(_("Kies een datum vanaf vandaag."))
    if locked.start_date and day >= locked.start_date:
        raise RequestError(
            _("Wennen gaat vóór het logeren. Kies een datum vóór %(date)s.")
            % {"date": date_format(locked.start_date, "l j F Y")}
        )
    step = SettlingStep.objects.create(referral=locked, kind=kind, day=day)
    if step.nights:
        # A night or a weekend holds places at the house and counts in the yearly nights,
        # the same way as the stay's own nights (row locks; everything or nothing).
        _check_settling_cap(locked, step)
        _reserve(locked, locked.nights)
    _event(
        locked,
        member,
        locked.status,
        later(gettext_noop("Wenpad: %(step)s."), step=_settling_later(step)),
    )
    TimelineEntry.objects.create(
        respite_request=locked.respite_request,
        kind=TimelineKind.INFO,
        actor=member,
        message=later(
            gettext_noop("%(house)s stelt voor om eerst te wennen: %(step)s."),
            house=locked.house_name,
            step=_settling_later(step),
        ),
    )
    _caregiver_mail(
        locked.respite_request,
        "settling_planned",
        house=locked.house_name,
        step=in_reader_language(_settling_words, step),
        stay=in_reader_language(
            stay_in_words, locked
        ),  # where, when and whom to call, as with "Er is plek"
    )
    return step


@transaction.atomic
def settling_went_well(*, step: SettlingStep, member) -> SettlingStep:
    locked = _settling_referral(step.referral)
    step = SettlingStep.objects.select_for_update().get(pk=step.pk, referral=locked)
    if step.state != SettlingState.PLANNED:
        raise RequestError(_("Over deze stap is al iets gezegd."))
    if step.day > timezone.localdate():
        raise RequestError(_("Deze stap is nog niet geweest."))
    step.state = SettlingState.WENT_WELL
    step.save(update_fields=["state"])
    _event(
        locked,
        member,
        locked.status,
        later(gettext_noop("%(step)s ging goed."), step=_settling_later(step)),
    )
    TimelineEntry.objects.create(
        respite_request=locked.respite_request,
        kind=TimelineKind.INFO,
        actor=member,
        message=later(
            gettext_noop("%(step)s bij %(house)s ging goed."),
            step=_settling_later(step),
            house=locked.house_name,
        ),
    )
    return step


@transaction.atomic
def settling_stop(*, referral: Referral, by, note: str = "") -> None:
    """The house or the caregiver stops the path (the naaste does not want to go on): the
    next planned step is where it stopped, later ones do not happen. The consultant hears."""
    locked = _settling_referral(referral)
    planned = list(locked.settling_steps.select_for_update().filter(state=SettlingState.PLANNED))
    if not planned:
        raise RequestError(_("Er is geen geplande stap meer om te stoppen."))
    planned[0].state, planned[0].note = SettlingState.STOPPED, note[:300]
    planned[0].save(update_fields=["state", "note"])
    SettlingStep.objects.filter(pk__in=[s.pk for s in planned[1:]]).update(
        state=SettlingState.CANCELLED
    )
    _reserve(locked, locked.nights)  # the nights that will not happen go back to the house
    _event(locked, by, locked.status, later(gettext_noop("Het wennen is gestopt.")), note)
    TimelineEntry.objects.create(
        respite_request=locked.respite_request,
        kind=TimelineKind.INFO,
        actor=by,
        message=later(
            gettext_noop("Het wennen bij %(house)s is gestopt."), house=locked.house_name
        ),
    )
    if locked.respite_request.assigned_to:
        _staff_mail(
            locked.respite_request,
            "settling_stopped",
            [locked.respite_request.assigned_to.email],
            house=locked.house_name,
        )


def referrals_end_with_request(*, respite_request, by) -> int:
    """The caregiver withdrew the request: every referral not yet begun is withdrawn, its
    nights go back to the house and the house is told. Call inside the withdrawal's
    transaction, after lock_nights_counter. Returns how many ended."""
    ended = 0
    for referral in respite_request.referrals.filter(status__in=NOT_BEGUN):
        locked = _locked(referral)
        if locked.status not in NOT_BEGUN:
            continue
        before = locked.status
        _let_go(locked)
        locked.status = ReferralStatus.WITHDRAWN
        locked.save(update_fields=["status"])
        _event(
            locked,
            by,
            before,
            later(gettext_noop("De mantelzorger heeft de aanvraag ingetrokken.")),
        )
        _provider_mail(locked, "request_withdrawn_by_caregiver")
        ended += 1
    return ended
