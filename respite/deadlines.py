"""The legal clock (Wmo 2015) and the urgent target, as dates a consultant can act on."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from portal.holidays import working_day_on_or_after
from respite.choices import DeadlineState, Status, Urgency

INVESTIGATION = timedelta(weeks=6)  # after the report (melding)
DECISION = timedelta(weeks=2)  # after the application (aanvraag)
SOON = timedelta(days=3)


def next_working_day(day: date) -> date:
    return working_day_on_or_after(day + timedelta(days=1))


@dataclass
class Deadline:
    label: str
    due: date

    @property
    def state(self) -> DeadlineState:
        today = timezone.localdate()
        if self.due < today:
            return DeadlineState.LATE
        if self.due - today <= SOON:
            return DeadlineState.SOON
        return DeadlineState.ON_TIME


def deadline_for(respite_request) -> Deadline | None:
    """The next deadline that applies to an open request."""
    submitted = timezone.localdate(respite_request.created_at)
    if respite_request.status == Status.SUBMITTED and respite_request.urgency == Urgency.URGENT:
        return Deadline("Spoed: reactie", next_working_day(submitted))
    # A term that ends on a weekend or public holiday ends on the next working day
    # (Algemene termijnenwet): never "Besluit: zondag 31 januari" (a walk).
    if respite_request.status == Status.SUBMITTED:
        return Deadline("Onderzoek klaar", working_day_on_or_after(submitted + INVESTIGATION))
    if respite_request.status == Status.IN_PROGRESS:
        return Deadline("Besluit", working_day_on_or_after(submitted + INVESTIGATION + DECISION))
    return None
