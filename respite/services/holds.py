"""Holding a night (issue 25.3): a caregiver asks a house to keep one night free for a few
days while the request is decided. A hold counts in NightCapacity.reserved, changed only under
the capacity row's lock (as referrals do), so two people asking for the last place at the same
moment are served one after the other and a house is never overbooked."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from directory.choices import Kind
from directory.models import NightCapacity
from directory.nights import bookable_from
from portal.i18n import later
from respite.choices import Status, TimelineKind
from respite.models import NightHold, TimelineEntry
from respite.services.requests import RequestError

OPEN = (Status.SUBMITTED, Status.IN_PROGRESS, Status.DECIDED)


def release_expired(rows: dict[date, NightCapacity], offer_id: int, now=None) -> int:
    """End the holds of this house that ran out on these nights and give their places back,
    on capacity rows the caller has locked. Returns how many ended."""
    now = now or timezone.now()
    expired = list(
        NightHold.objects.select_for_update().filter(
            offer_id=offer_id, night__in=list(rows), ended_at__isnull=True, expires_at__lte=now
        )
    )
    for hold in expired:
        row = rows[hold.night]
        if row.reserved:
            row.reserved -= 1
            row.save(update_fields=["reserved"])
    NightHold.objects.filter(pk__in=[hold.pk for hold in expired]).update(ended_at=now)
    return len(expired)


def _locked_row(offer, night: date) -> NightCapacity | None:
    row = NightCapacity.objects.select_for_update().filter(offer=offer, night=night).first()
    if row is not None:
        release_expired({night: row}, offer.pk)
        row.refresh_from_db()
    return row


@transaction.atomic
def hold_night(*, respite_request, offer, night: date, by) -> NightHold:
    """Keep `night` free at `offer` for HOLD_DAYS, for this (open) request."""
    if respite_request.status not in OPEN:
        raise RequestError(
            _("Deze aanvraag is afgesloten. Er kan geen nacht meer worden vastgehouden.")
        )
    if offer.kind != Kind.LOGEERZORG:
        raise RequestError(_("Alleen bij een logeerhuis kan een nacht worden vastgehouden."))
    today = timezone.localdate()
    if night < bookable_from(offer, today):
        raise RequestError(
            _("Kies een nacht vanaf %(date)s: %(house)s wil eerder niet aanmelden.")
            % {"date": date_format(bookable_from(offer, today), "j F Y"), "house": offer.name}
        )
    active = NightHold.objects.active().filter(respite_request=respite_request)
    if active.count() >= NightHold.MAX_PER_REQUEST:
        raise RequestError(
            _("U kunt hoogstens %(n)d nachten tegelijk laten vasthouden. Geef er eerst een vrij.")
            % {"n": NightHold.MAX_PER_REQUEST}
        )
    row = _locked_row(offer, night)
    if row is None or row.free < 1:
        raise RequestError(
            _("%(house)s heeft op %(night)s geen plek meer vrij. Kies een andere nacht.")
            % {"house": offer.name, "night": date_format(night, "l j F")}
        )
    if active.filter(offer=offer, night=night).exists():
        raise RequestError(_("Deze nacht wordt al voor u vastgehouden."))
    row.reserved += 1
    row.save(update_fields=["reserved"])
    hold = NightHold.objects.create(
        respite_request=respite_request,
        offer=offer,
        night=night,
        expires_at=timezone.now() + timedelta(days=NightHold.HOLD_DAYS),
    )
    TimelineEntry.objects.create(
        respite_request=respite_request,
        kind=TimelineKind.INFO,
        actor=by,
        message=later(
            gettext_noop("%(house)s houdt de nacht van %(night)s voor u vast, tot %(until)s."),
            house=offer.name,
            night=later("%(day)s", day=night, dates="l j F Y"),
            until=later("%(day)s", day=timezone.localtime(hold.expires_at), dates="l j F, H:i"),
        ),
    )
    return hold


@transaction.atomic
def hold_release(*, hold: NightHold) -> None:
    """The caregiver gives the night back (or a referral of the request took it: then the
    referral's own reservation counts instead, see take_hold)."""
    row = _locked_row(hold.offer, hold.night)
    locked = NightHold.objects.select_for_update().get(pk=hold.pk)
    if locked.ended_at is not None:
        return
    if row is not None and row.reserved:
        row.reserved -= 1
        row.save(update_fields=["reserved"])
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])
    TimelineEntry.objects.create(
        respite_request=locked.respite_request,
        kind=TimelineKind.INFO,
        message=later(
            gettext_noop("De nacht van %(night)s bij %(house)s is weer vrijgegeven."),
            house=locked.offer.name,
            night=locked.night,
            dates="l j F Y",
        ),
    )


def take_hold(*, respite_request, offer, night: date, row: NightCapacity) -> bool:
    """A referral of the same request reserves a night it holds: the hold ends and its place
    becomes the referral's (no second count). Call with `row` locked. True if one was taken."""
    taken = NightHold.objects.filter(
        respite_request=respite_request,
        offer=offer,
        night=night,
        ended_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(ended_at=timezone.now())
    return bool(taken)


def holds_expire(*, now=None) -> int:
    """The daily job: give back the places of holds that ran out (a booking of the same night
    does it at once), capacity rows locked first as booking does. Returns how many ended."""
    now = now or timezone.now()
    ended = 0
    expired = NightHold.objects.filter(ended_at__isnull=True, expires_at__lte=now)
    for offer_id in sorted(set(expired.values_list("offer", flat=True))):
        with transaction.atomic():
            nights = list(expired.filter(offer_id=offer_id).values_list("night", flat=True))
            rows = {
                row.night: row
                for row in NightCapacity.objects.select_for_update()
                .filter(offer_id=offer_id, night__in=nights)
                .order_by("night")
            }
            ended += release_expired(rows, offer_id, now)
            # A night the house no longer keeps in its grid has no place to give back.
            ended += (
                expired.filter(offer_id=offer_id).exclude(night__in=list(rows)).update(ended_at=now)
            )
    return ended
