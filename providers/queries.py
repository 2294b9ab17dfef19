"""Read-only look-ups of availability used by public pages."""

from datetime import date, timedelta

from django.db.models import F

from providers.models import NIGHT_WEEKS, NightCapacity


def free_nights(offer, today: date, limit: int = 8) -> list[NightCapacity]:
    """The next nights with a free logeerplek, for the offer page."""
    return list(
        NightCapacity.objects.filter(
            offer=offer,
            night__gte=today,
            night__lt=today + timedelta(weeks=NIGHT_WEEKS),
            places__gt=F("reserved"),
        )[:limit]
    )
