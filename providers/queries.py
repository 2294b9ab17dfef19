"""Read-only look-ups of availability used by public pages."""

from datetime import date, timedelta

from django.db.models import F

from providers.models import NIGHT_WEEKS, NightCapacity


def bookable_from(offer, today: date) -> date:
    """The first night a planned stay can start: after the offer's notice period."""
    return today + timedelta(days=offer.notice_days or 0)


def free_nights(offer, today: date, limit: int = 8) -> list[NightCapacity]:
    """The next nights with a free logeerplek, for the offer page: never inside the notice
    period (nobody can book those), nor on a day the house is closed (every location of the
    offer closed that day, such as Christmas)."""
    from directory.models import OpeningException

    start = bookable_from(offer, today)
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
    return list(nights[:limit])
