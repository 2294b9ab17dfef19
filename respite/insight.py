"""Figures for a municipality's team: what is open, what is late, how fast we are."""

from collections import Counter
from datetime import timedelta
from statistics import median

from django.utils import timezone
from django.utils.translation import gettext as _

from directory.choices import Kind
from respite.choices import OPEN_STATUSES, DeadlineState, Urgency
from respite.deadlines import deadline_for
from respite.models import RespiteRequest


def _median_days(durations: list[timedelta]) -> float | None:
    if not durations:
        return None
    return round(median(d.total_seconds() for d in durations) / 86400, 1)


def _ranked(values) -> list[tuple[str, int]]:
    """(label, count), most first. A list, not a Counter: templates would read
    counter.items as the key 'items'."""
    return Counter(values).most_common()


def team_figures(municipality) -> dict:
    requests_ = list(
        RespiteRequest.objects.filter(municipality=municipality, anonymised_at__isnull=True)
        .select_related("assigned_to")
        .only(
            "status",
            "urgency",
            "kinds",
            "created_at",
            "first_contact_at",
            "decided_at",
            "assigned_to__first_name",
            "assigned_to__last_name",
            "assigned_to__email",
        )
    )
    open_ = [r for r in requests_ if r.status in OPEN_STATUSES]
    now = timezone.now()
    speed = {}
    for days in (30, 90):
        since = now - timedelta(days=days)
        recent = [r for r in requests_ if r.created_at >= since]
        speed[days] = {
            "first_contact": _median_days(
                [r.first_contact_at - r.created_at for r in recent if r.first_contact_at]
            ),
            "decision": _median_days([r.decided_at - r.created_at for r in recent if r.decided_at]),
            "count": len(recent),
        }
    overdue = [r for r in open_ if (d := deadline_for(r)) and d.state == DeadlineState.LATE]
    return {
        "by_status": _ranked(r.get_status_display() for r in open_),
        "by_kind": _ranked(
            str(dict(Kind.choices).get(kind, kind)) for r in open_ for kind in r.kinds
        ),
        "urgent": [r for r in open_ if r.urgency == Urgency.URGENT],
        "overdue": overdue,
        "speed": speed,
        "per_consultant": _ranked(
            str(r.assigned_to) if r.assigned_to else _("Nog niemand") for r in open_
        ),
    }
