"""The earliest real date (issue 25.3): "Als u vandaag aanvraagt, kan het op zijn vroegst vanaf
[date]", from the municipality's own lead times, the offer's notice period, the house's free
nights and the caregiver's remaining yearly nights, with each step in words.

Pure reading: nothing is held or written here.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.choices import NIGHT_WEEKS, Kind
from directory.models import NightCapacity, Offer
from portal.holidays import working_day_on_or_after


@dataclass(frozen=True)
class Step:
    text: str  # one sentence in words
    day: date | None  # the earliest date after this step (None: no date can be given)


@dataclass
class Earliest:
    day: date | None
    steps: list[Step] = field(default_factory=list)
    today: date | None = None

    @property
    def sentence(self) -> str:
        if self.day is None:
            return _("Er is nu geen datum te geven. Hieronder staat waarom.")
        if self.day == self.today:
            return _("Als u vandaag aanvraagt, kan het vandaag nog.")
        return _("Als u vandaag aanvraagt, kan het op zijn vroegst vanaf %(date)s.") % {
            "date": date_format(self.day, "l j F Y")
        }


def _days(n: int) -> str:
    return ngettext("%(n)d dag", "%(n)d dagen", n) % {"n": n}


def _on(day: date) -> str:
    return date_format(day, "l j F Y")


# A talk or a decision is never on a Sunday or on Christmas (a walk saw both).
_working_day = working_day_on_or_after


def earliest_start(
    *,
    today: date,
    municipality=None,
    offer=None,
    urgent: bool = False,
    nights_used: dict[int, int] | None = None,
) -> Earliest:
    """The earliest date a stay (or other help) can start if the caregiver asks today.

    `municipality`: whose lead times apply (None: no municipal step, as for help one asks
    the provider for directly). `nights_used`: the caregiver's counted logeernachten per
    year, when known (a signed-in caregiver); None leaves the yearly cap out.
    """
    steps: list[Step] = []
    day = today
    if municipality is not None:
        if urgent:
            day = today + timedelta(days=municipality.urgent_days)
            steps.append(
                Step(
                    _("Bij spoed regelt de gemeente %(name)s hulp binnen %(days)s.")
                    % {"name": municipality.name, "days": _days(municipality.urgent_days)},
                    day,
                )
            )
        else:
            talk = _working_day(today + timedelta(days=municipality.days_to_talk))
            steps.append(
                Step(
                    _(
                        "De gemeente %(name)s heeft meestal binnen %(days)s een gesprek met "
                        "u: rond %(date)s."
                    )
                    % {
                        "name": municipality.name,
                        "days": _days(municipality.days_to_talk),
                        "date": _on(talk),
                    },
                    talk,
                )
            )
            day = _working_day(talk + timedelta(days=municipality.days_to_decision))
            steps.append(
                Step(
                    _("Het besluit komt meestal %(days)s later: rond %(date)s.")
                    % {"days": _days(municipality.days_to_decision), "date": _on(day)},
                    day,
                )
            )
    if offer is None:
        if urgent and municipality is not None and _has_crisis_place(municipality):
            steps.append(
                Step(
                    _(
                        "Moet uw naaste vandaag of vannacht nog ergens slapen? Bel dan een "
                        "crisisplek: die is er dezelfde dag. De nummers staan bij de spoedvraag."
                    ),
                    today,
                )
            )
        return Earliest(day, steps, today)
    if urgent and offer.crisis:
        # A crisis place is there the same day or night: the municipality arranges it after.
        steps.append(
            Step(
                _("%(house)s is er bij spoed dezelfde dag of nacht nog: bel het huis.")
                % {"house": offer.name},
                today,
            )
        )
        return Earliest(today, steps, today)
    if offer.notice_days and not urgent:
        # Counted from today: a caregiver may contact the house (and ask it to hold a night)
        # while the municipality decides, as the house's free nights on its page assume.
        notice = today + timedelta(days=offer.notice_days)
        words = (
            _(
                "%(house)s wil minstens %(period)s van tevoren een aanmelding. Die tijd telt "
                "vanaf vandaag, want u mag het huis al bellen terwijl de gemeente beslist: "
                "vanaf %(date)s."
            )
            if offer.kind == Kind.LOGEERZORG
            else _(
                "%(house)s wil minstens %(period)s van tevoren een aanmelding. Die tijd telt "
                "vanaf vandaag, want u mag de aanbieder al bellen terwijl de gemeente beslist: "
                "vanaf %(date)s."
            )
        ) % {"house": offer.name, "period": offer.notice_display, "date": _on(notice)}
        if steps and notice <= day:
            words += " " + _("Dat is vóór het besluit, dus het besluit telt.")
        steps.append(Step(words, max(day, notice)))
        day = max(day, notice)
    if offer.kind == Kind.LOGEERZORG:
        day = _free_night(offer, today, day, steps)
        if day is not None and nights_used is not None and offer.nights_per_year:
            day = _yearly_cap(offer, day, nights_used, steps)
    return Earliest(day, steps, today)


def _has_crisis_place(municipality) -> bool:
    return Offer.objects.published().serving(municipality).filter(crisis=True).exists()


def _free_night(offer, today: date, day: date, steps: list[Step]) -> date | None:
    """The first night from `day` on that the house has a free place, as it keeps them in
    the portal (12 weeks ahead)."""
    grid = NightCapacity.objects.filter(offer=offer, night__gte=today)
    if not grid.exists():
        steps.append(
            Step(
                _(
                    "%(house)s houdt de vrije nachten niet bij in het portaal. Vraag daar of "
                    "er plek is."
                )
                % {"house": offer.name},
                day,
            )
        )
        return day
    free = (
        NightCapacity.objects.filter(offer=offer, night__gte=day)
        .filter(night__lt=today + timedelta(weeks=NIGHT_WEEKS))
        .order_by("night")
    )
    first = next((row.night for row in free if row.free > 0), None)
    if first is None:
        steps.append(
            Step(
                _(
                    "%(house)s heeft in de %(weeks)d weken die het bijhoudt geen nacht vrij "
                    "vanaf %(date)s. Vraag de consulent naar een ander huis, of naar later."
                )
                % {"house": offer.name, "weeks": NIGHT_WEEKS, "date": _on(day)},
                None,
            )
        )
        return None
    steps.append(
        Step(
            _("De eerste vrije nacht bij %(house)s daarna is %(date)s.")
            % {"house": offer.name, "date": _on(first)},
            first,
        )
    )
    return first


def _yearly_cap(offer, day: date, nights_used: dict[int, int], steps: list[Step]) -> date:
    cap = offer.nights_per_year
    used = nights_used.get(day.year, 0)
    if used < cap:
        steps.append(
            Step(
                _("U heeft in %(year)d nog %(left)d van de %(cap)d logeernachten.")
                % {"year": day.year, "left": cap - used, "cap": cap},
                day,
            )
        )
        return day
    next_year = date(day.year + 1, 1, 1)
    steps.append(
        Step(
            _(
                "U heeft in %(year)d al %(used)d logeernachten gehad; het maximum is %(cap)d. "
                "Nieuwe nachten kunnen vanaf %(date)s."
            )
            % {"year": day.year, "used": used, "cap": cap, "date": _on(next_year)},
            next_year,
        )
    )
    return next_year
