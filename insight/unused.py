"""Why help stays unused (issue 24.6): for one municipality, from requests, referrals, the
houses' night grids and what caregivers said after a stay. Only counts; every count under 5
is "< 5" and medians need 5 requests behind them (insight/demand.py), so nobody can be
recognised."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import Kind
from directory.models import NightCapacity, Offer
from insight.demand import HIDDEN, SMALL, median_days, shown
from referrers.models import Handover
from respite.choices import (
    COUNTED,
    DeclineReason,
    GoAgain,
    Obstacle,
    ReferralStatus,
    Rest,
    Status,
    WithdrawReason,
)
from respite.models import CheckIn, NightReservation, Referral, RespiteRequest

# The window the house figures look back over: a quarter.
WINDOW_WEEKS = 13
NOT_SAID = gettext_lazy("niet gezegd")


def counted(n: int) -> str:
    """A count as shown: none is "0" (nobody to recognise), a few are "< 5"."""
    return "0" if n == 0 else shown(n)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    count: int | None = None  # the number behind it, for the chart (None when hidden)


def _rows(counter: Counter, choices) -> list[Row]:
    """One row per choice in its order, then 'niet gezegd'; counts under 5 hidden."""
    labels = [(code, str(label)) for code, label in choices]
    if counter.get(""):
        labels.append(("", str(NOT_SAID)))
    return [
        Row(label, shown(counter[code]), counter[code] if counter[code] >= SMALL else None)
        for code, label in labels
        if counter[code]
    ]


def unused_figures(municipality, today: date) -> dict:
    requests_ = RespiteRequest.objects.filter(municipality=municipality)
    withdrawn = Counter(
        requests_.filter(status=Status.WITHDRAWN, anonymised_at__isnull=True).values_list(
            "withdraw_reason", flat=True
        )
    )
    declines = Counter(
        Referral.objects.filter(
            respite_request__municipality=municipality, status=ReferralStatus.DECLINED
        ).values_list("decline_reason", flat=True)
    )
    # How the requests came in: online by the caregiver, by phone through the consultant (an
    # intake), or started with the caregiver by a referrer (a handover, also one whose
    # consent was later withdrawn: it still came in that way).
    referred = set(
        Handover.objects.filter(respite_request__municipality=municipality).values_list(
            "respite_request_id", flat=True
        )
    )
    ways = Counter(
        "verwijzer"
        if pk in referred
        else "online"
        if caregiver_id and not intake_name
        else "telefonisch"
        for pk, caregiver_id, intake_name in requests_.values_list(
            "pk", "caregiver_id", "intake_name"
        )
    )
    way_rows = [
        Row(str(label), counted(ways[code]), ways[code] if ways[code] >= SMALL else None)
        for code, label in (
            ("online", _("Door de mantelzorger zelf, online")),
            ("telefonisch", _("Telefonisch, via de consulent")),
            ("verwijzer", _("Samen met een verwijzer (huisarts, POH, casemanager …)")),
        )
    ]

    # Time from the request to the first night (or first day) of a stay that happened.
    placed = Referral.objects.filter(
        respite_request__municipality=municipality, status__in=COUNTED
    ).select_related("respite_request")
    first_days: dict[int, float] = {}
    for referral in placed.only(
        "start_date", "end_date", "respite_request__created_at", "respite_request_id"
    ).prefetch_related("settling_steps"):
        first = referral.first_night
        if first is None:
            continue
        days = (first - timezone.localtime(referral.respite_request.created_at).date()).days
        previous = first_days.get(referral.respite_request_id)
        first_days[referral.respite_request_id] = days if previous is None else min(days, previous)
    to_first_night = median_days(list(first_days.values()))

    # Houses serving the municipality: nights offered (places in the grid) against nights
    # used (held by an accepted, started or finished stay), over the last quarter.
    since = today - timedelta(weeks=WINDOW_WEEKS)
    houses = Offer.objects.published().serving(municipality).filter(kind=Kind.LOGEERZORG)
    offered = dict(
        NightCapacity.objects.filter(offer__in=houses, night__gte=since, night__lt=today)
        .values("offer")
        .annotate(n=Sum("places"))
        .values_list("offer", "n")
    )
    used = dict(
        NightReservation.objects.filter(
            referral__offer__in=houses,
            referral__status__in=COUNTED,
            night__gte=since,
            night__lt=today,
        )
        .values("referral__offer")
        .annotate(n=Count("pk"))
        .values_list("referral__offer", "n")
    )
    house_rows = [
        {
            "house": house.name,
            "offered": str(offered.get(house.pk, 0)),
            "used": counted(used.get(house.pk, 0)),
        }
        for house in houses.order_by("name")
        if offered.get(house.pk)
    ]

    answers = list(
        CheckIn.objects.filter(
            referral__respite_request__municipality=municipality, answered_at__isnull=False
        ).values_list("rested", "go_again", "obstacles")
    )
    enough = len(answers) >= SMALL
    rested = Counter(r for r, _g, _o in answers)
    again = Counter(g for _r, g, _o in answers)
    obstacles = Counter(code for _r, _g, codes in answers for code in codes)
    return {
        "since": since,
        "withdrawn_total": counted(sum(withdrawn.values())),
        "withdrawn": _rows(withdrawn, WithdrawReason.choices),
        "declines_total": counted(sum(declines.values())),
        "declines": _rows(declines, DeclineReason.choices),
        "ways": way_rows,
        "to_first_night": to_first_night,
        "houses": house_rows,
        "answered": counted(len(answers)),
        "enough_answers": enough,
        "rested": _rows(rested, Rest.choices) if enough else [],
        "again": _rows(again, GoAgain.choices) if enough else [],
        "obstacles": _rows(obstacles, Obstacle.choices) if enough else [],
        "hidden": HIDDEN,
    }


def csv_rows(figures: dict) -> list[list[str]]:
    """Every table of the page as (part, what, number) rows."""
    rows = [[_("Ingetrokken aanvragen"), _("alle"), figures["withdrawn_total"]]]
    rows += [[_("Ingetrokken aanvragen"), r.label, r.value] for r in figures["withdrawn"]]
    rows += [[_("Aanbieder zei nee"), _("alle"), figures["declines_total"]]]
    rows += [[_("Aanbieder zei nee"), r.label, r.value] for r in figures["declines"]]
    rows += [[_("Hoe de aanvraag binnenkwam"), r.label, r.value] for r in figures["ways"]]
    rows += [[_("Dagen van aanvraag tot eerste nacht (mediaan)"), "", figures["to_first_night"]]]
    for house in figures["houses"]:
        rows += [[_("Aangeboden nachten"), house["house"], house["offered"]]]
        rows += [[_("Gebruikte nachten"), house["house"], house["used"]]]
    rows += [[_("Antwoorden na een verblijf"), _("alle"), figures["answered"]]]
    for part, key in (
        (_("Had even rust"), "rested"),
        (_("Zou nog eens gaan"), "again"),
        (_("Wat zat in de weg"), "obstacles"),
    ):
        rows += [[part, r.label, r.value] for r in figures[key]]
    return rows
