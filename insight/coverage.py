"""Coverage: which of MantelzorgNL's eight need areas (vraaggebieden) a municipality's
caregivers can find help for, and from where: the municipality's own offers, regional ones
(a region or a neighbouring municipality's offer that serves it), national ones, or none.

The whole published catalogue is read in four queries into an index (CatalogueIndex); every
figure for one municipality, a province or all 342 is computed from it, so no page makes a
query per municipality. Which kind counts for which need area is KIND_NEED_AREAS in
directory/choices.py (documented there; a test checks every kind is mapped).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory.cache import catalogue_version
from directory.choices import KIND_NEED_AREAS, Kind, NeedArea
from directory.models import Municipality, Offer, Region

FRESH_DAYS = 183  # "checked in the last 6 months"

OWN, REGIONAL, NATIONAL, NONE = "eigen", "regio", "landelijk", "geen"
SOURCE_LABELS: dict[str, Promise] = {
    OWN: _("Eigen aanbod"),
    REGIONAL: _("In de regio"),
    NATIONAL: _("Alleen landelijk"),
    NONE: _("Geen aanbod"),
}
AT_HOME_KINDS = {
    Kind.RESPIJTZORG_THUIS.value,
    Kind.VRIJWILLIG.value,
    Kind.AANWEZIGHEID.value,
    Kind.ZORGOPPAS.value,
    Kind.NACHT_WEEKEND.value,
}


@dataclass(frozen=True)
class OfferFacts:
    pk: int
    kind: str
    owner_id: int | None
    nationwide: bool
    verified_on: date
    at_home: bool
    evening: bool
    night: bool
    weekend: bool
    settling_in: bool
    stay_together: bool


@dataclass(frozen=True)
class SubKind:
    """A form of respite the source reports stress, in words a gap sentence can use."""

    code: str
    label: Promise
    gap_name: Promise  # "Geen {gap_name} in Assen"
    test: object  # OfferFacts -> bool


SUB_KINDS: tuple[SubKind, ...] = (
    SubKind(
        "thuis", _("Respijtzorg thuis"), _("respijtzorg thuis"), lambda o: o.kind in AT_HOME_KINDS
    ),
    SubKind(
        "blokzorg",
        _("Blokzorg (een paar uur vervangende zorg)"),
        _("blokzorg"),
        lambda o: o.kind == Kind.RESPIJTZORG_THUIS,
    ),
    SubKind(
        "avond",
        _("Zorg 's avonds thuis"),
        _("avondzorg thuis"),
        lambda o: o.kind in AT_HOME_KINDS and o.evening,
    ),
    SubKind(
        "nacht",
        _("Nachtzorg thuis"),
        _("nachtzorg thuis"),
        lambda o: o.kind in AT_HOME_KINDS and o.night,
    ),
    SubKind(
        "weekend",
        _("Weekendzorg"),
        _("weekendzorg"),
        lambda o: o.kind in AT_HOME_KINDS | {Kind.LOGEERZORG.value} and o.weekend,
    ),
    SubKind("logeerzorg", _("Logeerzorg"), _("logeerzorg"), lambda o: o.kind == Kind.LOGEERZORG),
    SubKind(
        "gewenning",
        _("Logeerzorg met een gewenningsperiode"),
        _("logeerzorg met een gewenningsperiode"),
        lambda o: o.kind == Kind.LOGEERZORG and o.settling_in,
    ),
    SubKind(
        "samen",
        _("Samen logeren"),
        _("samen logeren"),
        lambda o: o.kind == Kind.LOGEERZORG and o.stay_together,
    ),
    SubKind(
        "dagbesteding", _("Dagbesteding"), _("dagbesteding"), lambda o: o.kind == Kind.DAGBESTEDING
    ),
    SubKind(
        "makelaar",
        _("Mantelzorgmakelaar"),
        _("mantelzorgmakelaar"),
        lambda o: o.kind == Kind.MAKELAAR,
    ),
)


@dataclass
class CatalogueIndex:
    offers: dict[int, OfferFacts]
    own: dict[int, set[int]]
    regional: dict[int, set[int]]
    national: set[int]
    today: date
    area_cache: dict[int, list] = field(default_factory=dict)
    count_cache: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, today: date) -> "CatalogueIndex":
        published = Offer.objects.published()
        offers = {
            row[0]: OfferFacts(*row)
            for row in published.values_list(
                "pk",
                "kind",
                "municipality_id",
                "nationwide",
                "verified_on",
                "at_home",
                "evening",
                "night",
                "weekend",
                "settling_in",
                "stay_together",
            )
        }
        own: dict[int, set[int]] = defaultdict(set)
        national: set[int] = set()
        for facts in offers.values():
            if facts.nationwide:
                national.add(facts.pk)
            if facts.owner_id:
                own[facts.owner_id].add(facts.pk)
        regional: dict[int, set[int]] = defaultdict(set)
        extra = Offer.extra_municipalities.through.objects.values_list(
            "offer_id", "municipality_id"
        )
        for offer_id, municipality_id in extra:
            if offer_id in offers:
                regional[municipality_id].add(offer_id)
        members: dict[int, list[int]] = defaultdict(list)
        for region_id, municipality_id in Region.municipalities.through.objects.values_list(
            "region_id", "municipality_id"
        ):
            members[region_id].append(municipality_id)
        for offer_id, region_id in Offer.regions.through.objects.values_list(
            "offer_id", "region_id"
        ):
            if offer_id in offers:
                for municipality_id in members[region_id]:
                    regional[municipality_id].add(offer_id)
        for municipality_id, ids in regional.items():
            ids -= own.get(municipality_id, set())
        return cls(offers, own, regional, national, today)

    def sources(self, municipality_id: int) -> dict[str, set[int]]:
        own = self.own.get(municipality_id, set())
        regional = self.regional.get(municipality_id, set())
        return {OWN: own, REGIONAL: regional, NATIONAL: self.national - own - regional}

    def is_fresh(self, pk: int) -> bool:
        return self.offers[pk].verified_on >= self.today - timedelta(days=FRESH_DAYS)


@dataclass
class Cell:
    """One need area (or respite sub-kind) for one municipality."""

    code: str
    label: str
    by_source: dict[str, list[int]] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return next((s for s in (OWN, REGIONAL, NATIONAL) if self.by_source.get(s)), NONE)

    @property
    def source_label(self) -> Promise:
        return SOURCE_LABELS[self.source]

    @property
    def local_count(self) -> int:
        """Offers made for this municipality or its region (national ones are everywhere)."""
        return len(self.by_source.get(OWN, [])) + len(self.by_source.get(REGIONAL, []))


_current: dict = {}


def current_index() -> CatalogueIndex:
    """The index for this catalogue version and day, built once per process (issue 13): any
    write to the catalogue bumps the version (directory/cache.py), so it is never stale."""
    key = (catalogue_version(), timezone.localdate())
    if _current.get("key") != key:
        _current.clear()
        _current.update(key=key, index=CatalogueIndex.build(key[1]))
    return _current["index"]


def _cells(index: CatalogueIndex, municipality_id: int, tests) -> list[Cell]:
    sources = index.sources(municipality_id)
    cells = []
    for code, label, test in tests:
        cell = Cell(code, label)
        for source, ids in sources.items():
            cell.by_source[source] = sorted(pk for pk in ids if test(index.offers[pk]))
        cells.append(cell)
    return cells


def _area_test(area: str):
    return lambda o: area in KIND_NEED_AREAS.get(o.kind, ())


AREA_TESTS = [(area.value, area.label, _area_test(area.value)) for area in NeedArea]
SUB_KIND_TESTS = [(s.code, s.label, s.test) for s in SUB_KINDS]


def area_cells(index: CatalogueIndex, municipality_id: int) -> list[Cell]:
    cached = index.area_cache.get(municipality_id)
    if cached is None:
        cached = index.area_cache[municipality_id] = _cells(index, municipality_id, AREA_TESTS)
    return cached


def sub_kind_cells(index: CatalogueIndex, municipality_id: int) -> list[Cell]:
    return _cells(index, municipality_id, SUB_KIND_TESTS)


def freshness(index: CatalogueIndex, ids) -> tuple[int, int]:
    """(checked in the last 6 months, all)."""
    ids = list(ids)
    return sum(1 for pk in ids if index.is_fresh(pk)), len(ids)


def _median(values: list[int]) -> float:
    return round(median(values), 1) if values else 0


def comparison(index: CatalogueIndex, municipality: Municipality, others) -> list[dict]:
    """Per need area: this municipality's local offers beside its province and the country."""
    province_ids = [m.pk for m in others if m.province == municipality.province]
    all_ids = [m.pk for m in others]
    counts = index.count_cache  # per municipality, once per catalogue version and day
    for municipality_id in set(all_ids) | {municipality.pk}:
        if municipality_id not in counts:
            counts[municipality_id] = [c.local_count for c in area_cells(index, municipality_id)]
    rows = []
    for i, area in enumerate(NeedArea):
        rows.append(
            {
                "code": area.value,
                "label": area.label,
                "here": counts[municipality.pk][i],
                "province": _median([counts[pk][i] for pk in province_ids]),
                "national": _median([counts[pk][i] for pk in all_ids]),
            }
        )
    return rows


def overview(index: CatalogueIndex, municipalities) -> list[dict]:
    """Rows of municipalities × 8 need areas, for a province or the whole country."""
    return [{"municipality": m, "cells": area_cells(index, m.pk)} for m in municipalities]


def gaps(municipality: Municipality, cells: list[Cell], names: dict[int, str], what) -> list[str]:
    """Plain sentences for what is missing, naming what exists elsewhere."""
    sentences = []
    place = municipality.name
    for cell in cells:
        thing = what(cell)
        if cell.source == OWN:
            continue
        if cell.source == NONE:
            sentences.append(
                _("Geen %(thing)s in %(place)s, ook niet in de regio of landelijk.")
                % {"thing": thing, "place": place}
            )
            continue
        source = cell.source
        listed = ", ".join(names[pk] for pk in cell.by_source[source][:3])
        more = len(cell.by_source[source]) - 3
        if more > 0:
            listed += " " + (_("en nog %(n)s") % {"n": more})
        if source == REGIONAL:
            text = _("Geen %(thing)s in %(place)s; wel in de regio: %(offers)s.")
        else:
            text = _("Geen %(thing)s in %(place)s of de regio; wel landelijk: %(offers)s.")
        sentences.append(text % {"thing": thing, "place": place, "offers": listed})
    return sentences
