"""Demand against supply, from respite requests: only aggregates, small numbers hidden.

Counts under 5 are shown as "< 5" (SMALL), shares and medians only when at least 5 requests
stand behind them, so no caregiver can be recognised from the figures.
"""

from collections import Counter, defaultdict
from datetime import date, datetime
from statistics import median

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import Kind
from respite.choices import Decision, ReferralStatus
from respite.models import Referral, RespiteRequest

SMALL = 5
HIDDEN = "< 5"
NO_DATA = gettext_lazy("geen gegevens")
# A median of fewer than 5 requests is not shown; "< 5" there read as "under 5 days".
TOO_FEW = gettext_lazy("te weinig aanvragen")
QUARTERS_SHOWN = 4
PLACED = (ReferralStatus.ACCEPTED, ReferralStatus.STARTED, ReferralStatus.COMPLETED)
OUTCOMES = (
    ("toegekend", gettext_lazy("toegekend (ook deels)"), {Decision.GRANTED, Decision.PARTLY}),
    ("afgewezen", gettext_lazy("afgewezen"), {Decision.REFUSED}),
    ("doorverwezen", gettext_lazy("doorverwezen"), {Decision.REFERRED}),
)


def shown(count: int) -> str:
    return HIDDEN if count < SMALL else str(count)


def quarter_of(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def quarter_label(quarter: tuple[int, int]) -> str:
    return _("%(year)s kwartaal %(q)s") % {"year": quarter[0], "q": quarter[1]}


def last_quarters(today: date, n: int = QUARTERS_SHOWN) -> list[tuple[int, int]]:
    year, q = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _i in range(n):
        quarters.append((year, q))
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return list(reversed(quarters))


def median_days(values: list[float]) -> str:
    if len(values) < SMALL:
        return str(TOO_FEW)
    return str(round(median(values), 1)).replace(".", ",")


def demand_figures(municipality, today: date) -> dict:
    """Tables for one municipality: requests per kind and quarter, outcomes per kind, speed."""
    quarters = last_quarters(today)
    requests_ = list(
        RespiteRequest.objects.filter(municipality=municipality).values_list(
            "pk", "created_at", "kinds", "decision", "decided_at"
        )
    )
    placements: dict[int, datetime] = {}
    for respite_request_id, answered_at in Referral.objects.filter(
        respite_request__municipality=municipality, status__in=PLACED, answered_at__isnull=False
    ).values_list("respite_request_id", "answered_at"):
        if respite_request_id not in placements or answered_at < placements[respite_request_id]:
            placements[respite_request_id] = answered_at

    per_kind_quarter: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    decided_per_kind: dict[str, Counter] = defaultdict(Counter)
    decision_days: dict[tuple[int, int], list[float]] = defaultdict(list)
    placement_days: dict[tuple[int, int], list[float]] = defaultdict(list)
    for pk, created_at, kinds, decision, decided_at in requests_:
        quarter = quarter_of(created_at)
        totals[quarter] += 1
        for kind in kinds or []:
            per_kind_quarter[kind][quarter] += 1
            if decision:
                decided_per_kind[kind][decision] += 1
                decided_per_kind[kind]["_all"] += 1
        if decided_at:
            decision_days[quarter].append((decided_at - created_at).total_seconds() / 86400)
        if pk in placements:
            placement_days[quarter].append((placements[pk] - created_at).total_seconds() / 86400)

    # Quarters before the first request of this municipality have no data at all: saying
    # "< 5" there would suggest a few requests came in.
    first = min((quarter_of(created_at) for _pk, created_at, *_rest in requests_), default=None)

    def in_quarter(q: tuple[int, int], count: int) -> str:
        return str(NO_DATA) if first is None or q < first else shown(count)

    def speed(q: tuple[int, int], days: list[float]) -> str:
        return str(NO_DATA) if first is None or q < first else median_days(days)

    labels = dict(Kind.choices)
    kind_rows = [
        {
            "kind": labels.get(kind, kind),
            "cells": [
                {"label": quarter_label(q), "value": in_quarter(q, per_kind_quarter[kind][q])}
                for q in quarters
            ],
            "total": shown(sum(per_kind_quarter[kind].values())),
        }
        for kind in Kind.values
        if per_kind_quarter.get(kind)
    ]
    outcome_rows = []
    for kind in Kind.values:
        counts = decided_per_kind.get(kind)
        if not counts:
            continue
        decided = counts["_all"]
        cells = []
        for _code, label, decisions in OUTCOMES:
            n = sum(counts[d] for d in decisions)
            value = HIDDEN if decided < SMALL or n < SMALL else f"{round(100 * n / decided)}%"
            cells.append({"label": label, "value": value})
        outcome_rows.append(
            {"kind": labels.get(kind, kind), "decided": shown(decided), "cells": cells}
        )
    return {
        "quarters": [quarter_label(q) for q in quarters],
        "quarter_keys": quarters,
        "totals": [totals[q] for q in quarters],
        "totals_shown": [
            {"label": quarter_label(q), "value": in_quarter(q, totals[q])} for q in quarters
        ],
        "kind_rows": kind_rows,
        "outcome_labels": [label for _code, label, _d in OUTCOMES],
        "outcome_rows": outcome_rows,
        "speed_rows": [
            {
                "quarter": quarter_label(q),
                "decision": speed(q, decision_days[q]),
                "placement": speed(q, placement_days[q]),
            }
            for q in quarters
        ],
    }
