"""Read-only look-ups of free logeernachten, for the public offer page."""

from datetime import date, timedelta

from django.db.models import F

from directory.choices import NIGHT_WEEKS
from directory.models import NightCapacity, OpeningException


def bookable_from(offer, today: date) -> date:
    """The first night a planned stay can start: after the offer's notice period."""
    return today + timedelta(days=offer.notice_days or 0)


def free_nights(
    offer, today: date, limit: int = 8, between: tuple[date, date | None] | None = None
) -> list[NightCapacity]:
    """The next nights with a free logeerplek, for the offer page: never inside the notice
    period (nobody can book those), nor on a day the house is closed (every location of the
    offer closed that day, such as Christmas). With `between` (first, last night, last may
    be None) only the nights in that period."""
    start = bookable_from(offer, today)
    if between is not None:
        start = max(start, between[0])
    locations = [location.pk for location in offer.locations.all()]
    closed: set[date] = set()
    if locations:
        by_day: dict[date, set[int]] = {}
        for location_id, day in OpeningException.objects.filter(
            location__in=locations, closed=True, date__gte=start
        ).values_list("location_id", "date"):
            by_day.setdefault(day, set()).add(location_id)
        closed = {day for day, shut in by_day.items() if len(shut) == len(locations)}
    nights = NightCapacity.objects.filter(
        offer=offer,
        night__gte=start,
        night__lt=today + timedelta(weeks=NIGHT_WEEKS),
        places__gt=F("reserved"),
    ).exclude(night__in=closed)
    if between is not None and between[1] is not None:
        nights = nights.filter(night__lte=between[1])
    return list(nights[:limit])
