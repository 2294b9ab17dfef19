"""Dutch public holidays, from the `holidays` package (kept current by its maintainers)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=8)
def public_holidays(year: int) -> dict[date, str]:
    """The Netherlands' public holidays of a year, by day, with their Dutch names."""
    return dict(holidays.country_holidays("NL", years=year, language="nl"))


def working_day_on_or_after(day: date) -> date:
    """The day itself, or the next working day: not a Saturday, a Sunday or a public holiday.
    A legal term that ends on one of those ends on the next working day (Algemene
    termijnenwet), and nobody plans a talk then."""
    while day.weekday() >= 5 or day in public_holidays(day.year):
        day += timedelta(days=1)
    return day
