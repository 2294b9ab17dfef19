"""The legal clock (Wmo 2015) and the urgent target, as dates a consultant can act on."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from respite.choices import Status, Urgency

INVESTIGATION = timedelta(weeks=6)  # after the report (melding)
DECISION = timedelta(weeks=2)  # after the application (aanvraag)
SOON = timedelta(days=3)


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@dataclass
class Deadline:
    label: str
    due: date

    @property
    def state(self) -> str:
        today = timezone.localdate()
        if self.due < today:
            return "te-laat"
        if self.due - today <= SOON:
            return "binnenkort"
        return "op-tijd"


def deadline_for(request) -> Deadline | None:
    """The next deadline that applies to an open request."""
    submitted = timezone.localdate(request.created_at)
    if request.status == Status.SUBMITTED and request.urgency == Urgency.URGENT:
        return Deadline("Spoed: reactie", next_working_day(submitted))
    if request.status == Status.SUBMITTED:
        return Deadline("Onderzoek klaar", submitted + INVESTIGATION)
    if request.status == Status.IN_PROGRESS:
        return Deadline("Besluit", submitted + INVESTIGATION + DECISION)
    return None
