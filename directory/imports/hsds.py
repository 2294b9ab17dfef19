"""Import an Open Referral HSDS 3.0 feed into a catalogue (issue 14).

The feed is checked against the official schemas first, then every service is turned into the
same row the CSV import checks (directory/imports/csv_io.py: same Dutch errors, preview and
all-or-nothing import), plus what CSV has no columns for: service area, locations with hours
and days with other hours, nights per year, demo flag. A service is matched on its HSDS id:
the id it came with (kept as 'kenmerk') or our own id for it, so a re-import updates.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import OfferStatus
from directory.hsds.serialise import CHOICES, FLAGS, WEEKDAYS, terms_by_id, validator
from directory.imports.csv_io import (
    BOOLEAN_COLUMNS,
    ImportPlan,
    RowForm,
    RowPlan,
    current_values,
    planned_values,
    transport_problems,
)
from directory.models import Municipality, Offer, Region

MAX_SERVICES = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_BYTES = 10 * 1024 * 1024
# Our flag fields by the CSV column that carries them.
COLUMN_BY_FIELD = {field: column for column, field in BOOLEAN_COLUMNS.items()}
MESSAGES = {
    "required": gettext_lazy("%(field)s ontbreekt"),
    "format": gettext_lazy("%(field)s is geen geldige waarde (%(format)s)"),
    "type": gettext_lazy("%(field)s heeft de verkeerde soort waarde"),
    "enum": gettext_lazy("%(field)s moet een van deze waarden zijn: %(choices)s"),
}


def services_in(feed) -> list | None:
    """The services of a feed: a list, an API page ('contents') or {'services': [...]}."""
    if isinstance(feed, list):
        return feed
    if isinstance(feed, dict):
        for key in ("contents", "services"):
            if isinstance(feed.get(key), list):
                return feed[key]
    return None


def _control_characters(value, path: str = "") -> list[str]:
    """Paths of texts with control characters (a NUL byte cannot even be stored)."""
    if isinstance(value, str):
        return [path] if CONTROL.search(value) else []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    found = []
    for key, item in items:
        found += _control_characters(item, f"{path}.{key}" if path else str(key))
    return found


def _schema_problems(service: dict) -> list[str]:
    problems = [
        _("%(field)s bevat een teken dat niet in tekst hoort") % {"field": path}
        for path in _control_characters(service)
    ]
    for error in sorted(validator("service").iter_errors(service), key=lambda e: list(e.path)):
        path = ".".join(str(part) for part in error.absolute_path) or _("de service")
        if error.validator == "required":
            field = (
                f"{path}.{error.message.split(chr(39))[1]}"
                if error.absolute_path
                else (error.message.split("'")[1])
            )
            problems.append(MESSAGES["required"] % {"field": field})
        elif error.validator == "enum":
            choices = ", ".join(map(str, error.validator_value))
            problems.append(MESSAGES["enum"] % {"field": path, "choices": choices})
        elif error.validator in MESSAGES:
            problems.append(
                MESSAGES[error.validator] % {"field": path, "format": error.validator_value}
            )
        else:
            problems.append(_("%(field)s klopt niet") % {"field": path})
    return problems


def owner_code(service: dict) -> str | None:
    """The catalogue that keeps the service: its first service area (our export writes the
    owner first); None for a national service."""
    for area in service.get("service_areas", []):
        if area.get("extent_type") == "gemeente":
            return area.get("extent")
        if area.get("extent_type") == "land":
            return None
    return None


def _time(value: str) -> time | None:
    """A local clock time ('09:00'); one with a time zone is refused (our hours are local)."""
    try:
        parsed = time.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return None if parsed.tzinfo else parsed


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _locations(service: dict, problems: list[str]) -> list[tuple]:
    """(name, street, postcode, city, accessibility, hours, exceptions) per location."""
    result = []
    for at in service.get("service_at_locations", []):
        location = at.get("location") or {}
        address = (location.get("addresses") or [{}])[0]
        name = (location.get("name") or address.get("address_1") or "").strip()
        if not name:
            problems.append(_("een locatie heeft geen naam"))
            continue
        hours, exceptions = [], []
        for schedule in at.get("schedules", []) + location.get("schedules", []):
            opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
            if schedule.get("freq") == "WEEKLY":
                days = [d.strip() for d in (schedule.get("byday") or "").split(",") if d.strip()]
                if not days or any(d not in WEEKDAYS for d in days) or not (opens and closes):
                    problems.append(
                        _("locatie %(name)s: een openingstijd klopt niet") % {"name": name}
                    )
                    continue
                if closes <= opens:
                    problems.append(
                        _("locatie %(name)s: de eindtijd moet later zijn dan de begintijd")
                        % {"name": name}
                    )
                    continue
                hours += [
                    (WEEKDAYS.index(d), opens, closes, (schedule.get("description") or "")[:100])
                    for d in days
                ]
            elif schedule.get("valid_from"):
                day = _date(schedule["valid_from"])
                if (
                    day is None
                    or schedule.get("valid_to", schedule["valid_from"]) != schedule["valid_from"]
                ):
                    problems.append(
                        _("locatie %(name)s: een afwijkende dag klopt niet") % {"name": name}
                    )
                    continue
                if day < timezone.localdate():
                    continue  # past days are history, not something to import
                closed = not (opens and closes)
                exceptions.append(
                    (
                        day,
                        closed,
                        None if closed else opens,
                        None if closed else closes,
                        (schedule.get("description") or "")[:100],
                    )
                )
        accessibility = " ".join(
            (item.get("description") or "") for item in location.get("accessibility", [])
        ).strip()
        result.append(
            (
                name[:200],
                (address.get("address_1") or "")[:200],
                (address.get("postal_code") or "")[:7],
                (address.get("city") or "")[:100],
                accessibility[:300],
                tuple(sorted(set(hours))),
                tuple(sorted({e[0]: e for e in exceptions}.values())),
            )
        )
    return sorted(result)


@dataclass
class Places:
    """Municipality codes and regions (by their members' codes), read once per feed."""

    codes: set[str]
    regions: dict[frozenset[str], str]

    @classmethod
    def load(cls) -> "Places":
        regions = {
            frozenset(m.code for m in region.municipalities.all()): region.code
            for region in Region.objects.prefetch_related("municipalities")
        }
        return cls(set(Municipality.objects.values_list("code", flat=True)), regions)


def _area(service: dict, municipality, problems: list[str], places: Places) -> dict:
    codes = places.codes
    extra, regions, nationwide = set(), set(), False
    for area in service.get("service_areas", []):
        kind, extent = area.get("extent_type"), (area.get("extent") or "").upper()
        if kind == "land" and extent in ("NL", ""):
            nationwide = True
        elif kind == "gemeente":
            if extent not in codes:
                problems.append(_("gebied %(code)s is geen gemeentecode") % {"code": extent[:20]})
            elif municipality is None or extent != municipality.code:
                extra.add(extent)
        elif kind == "regio":
            members = set(extent.split())
            if not members or not members <= codes:
                problems.append(
                    _("regio %(name)s: de gemeentecodes kloppen niet")
                    % {"name": area.get("name", "")[:100]}
                )
                continue
            region = places.regions.get(frozenset(members))
            if region:
                regions.add(region)
            else:
                extra |= members - {municipality.code if municipality else ""}
        else:
            problems.append(_("een gebied heeft geen bekende soort (gemeente, regio of land)"))
    return {
        "nationwide": nationwide,
        "extra_municipalities": sorted(extra),
        "regions": sorted(regions),
    }


def _age(value) -> str:
    """HSDS ages are numbers; whole years go to the row as text (RowForm checks them)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


CHOICE_COLUMNS = {"soort-plek": "soort_plek", "dementie-afdeling": "dementie_afdeling"}


def service_row(service: dict, municipality, places: Places) -> tuple[dict, dict, list[str]]:
    """(CSV row for RowForm, further planned values, problems) of one valid HSDS service."""
    problems: list[str] = []
    terms = terms_by_id()
    row = {column: "" for column in RowForm.base_fields}
    flags = {field: False for field in COLUMN_BY_FIELD}
    extra = {"nights_per_year": None, "is_demo": False}
    groups, routes, kinds = [], [], []
    for attribute in service.get("attributes", []):
        found = terms.get(attribute.get("taxonomy_term_id", ""))
        if found is None:
            continue  # a term of another taxonomy: nothing of ours
        taxonomy, code = found
        value = attribute.get("value", "")
        if taxonomy == "soort-hulp":
            kinds.append(code)
        elif taxonomy == "voor-wie":
            groups.append(code)
        elif taxonomy == "toegang":
            routes.append(code)
        elif taxonomy in CHOICES:
            row[
                {"soort-plek": "soort_plek", "dementie-afdeling": "dementie_afdeling"}[taxonomy]
            ] = code
        elif taxonomy in FLAGS:
            field = FLAGS[taxonomy][code]
            if field == "is_demo":
                extra["is_demo"] = True
            else:
                flags[field] = True
        elif code == "vervoer-aanbod":
            row["vervoer_kenmerk"] = value
        elif code == "samenvatting":
            row["samenvatting"] = value
        elif code == "aanmelden-dagen":
            row["aanmelden_dagen"] = value
        elif code == "wachttijd-weken":
            row["wachttijd_weken"] = value
        elif code == "logeernachten-per-jaar":
            if not value.isdigit() or not 0 < int(value) <= 366:
                problems.append(_("logeernachten per jaar moet een getal van 1 tot 366 zijn"))
            else:
                extra["nights_per_year"] = int(value)
    if len(kinds) != 1:
        problems.append(_("geef precies één soort hulp (taxonomie 'Soort hulp')"))
    organization = service.get("organization") or {}
    costs = service.get("cost_options") or []
    is_free = any(c.get("amount") == 0 for c in costs)
    amount = next((c["amount"] for c in costs if c.get("amount")), None)
    row.update(
        kenmerk=service["id"],
        naam=service.get("name", ""),
        samenvatting=row["samenvatting"] or (service.get("description") or "")[:250],
        beschrijving=service.get("description", ""),
        soort=kinds[0] if kinds else "",
        doelgroepen=groups,
        toegang=routes,
        bedrag="" if amount is None else str(amount),
        kosten_uitleg=service.get("fees_description")
        or next((c.get("amount_description", "") for c in costs), ""),
        aanmelden_uitleg=service.get("application_process", ""),
        telefoon=(service.get("phones") or [{}])[0].get("number", ""),
        email=service.get("email", ""),
        website=service.get("url", ""),
        leeftijd_vanaf=_age(service.get("minimum_age")),
        leeftijd_tot_en_met=_age(service.get("maximum_age")),
        aanbieder=organization.get("name", ""),
        status=OfferStatus.PUBLISHED if service.get("status") == "active" else OfferStatus.ARCHIVED,
        laatst_gecontroleerd=service.get("assured_date", ""),
    )
    flags["is_free"] = is_free
    extra.update(_area(service, municipality, problems, places))
    extra["locations"] = _locations(service, problems)
    extra["organization"] = {
        key: organization.get(key, "") for key in ("id", "description", "email", "website")
    } | {"phone": (organization.get("phones") or [{}])[0].get("number", "")}
    return row, {**flags, **extra}, problems


def parse_feed(text: str, municipality, progress=None) -> ImportPlan:
    """Check a whole feed; rows are numbered 1, 2, … in the order of the feed;
    `progress(done, total)` is told how far, now and then."""
    plan = ImportPlan()
    try:
        feed = json.loads(text)
    except ValueError:
        plan.errors.append(_("Dit is geen JSON-bestand. Gebruik een HSDS 3.0-export."))
        return plan
    services = services_in(feed)
    if services is None:
        plan.errors.append(
            _("Het bestand heeft geen lijst met services. Gebruik een HSDS 3.0-export.")
        )
        return plan
    if len(services) > MAX_SERVICES:
        plan.errors.append(_("Het bestand heeft meer dan %(n)s services.") % {"n": MAX_SERVICES})
        return plan
    existing = _existing(municipality)
    places = Places.load()
    seen: dict[str, int] = {}
    for number, service in enumerate(services, start=1):
        if progress and number % 50 == 0:
            progress(number, len(services))
        if not isinstance(service, dict):
            plan.errors.append(_("Service %(n)s: dit is geen service.") % {"n": number})
            continue
        label = f"{number} ({str(service.get('name', ''))[:80]})"
        problems = _schema_problems(service)
        if not problems:
            row, more, problems = service_row(service, municipality, places)
            form = RowForm(row)
            if not form.is_valid():
                problems += [
                    f"{field}: {error}" for field, errors in form.errors.items() for error in errors
                ]
            if service["id"] in seen:
                problems.append(_("id staat ook bij service %(n)s") % {"n": seen[service["id"]]})
            seen[service["id"]] = number
        if problems:
            plan.errors += [
                _("Service %(label)s: %(problem)s") % {"label": label, "problem": p}
                for p in problems
            ]
            continue
        cleaned = {**form.cleaned_data, **more}
        offer = existing.get(service["id"])
        changes = []
        if offer is not None:
            before, after = current_values(offer, hsds=True), planned_values(cleaned, offer)
            changes = [(k, before[k], v) for k, v in after.items() if before[k] != v]
        plan.rows.append(RowPlan(line=number, data=cleaned, existing=offer, changes=changes))
    if not plan.rows and not plan.errors:
        plan.errors.append(_("Het bestand heeft geen services."))
    plan.errors += transport_problems(plan.rows, municipality)
    return plan


def _existing(municipality) -> dict[str, Offer]:
    """This catalogue's offers by the ids a feed may know them by: the id they were imported
    with (kenmerk) and our own HSDS id (a re-import of our own export)."""
    offers = (
        Offer.objects.filter(municipality=municipality)
        .select_related("provider", "transport_offer")
        .prefetch_related(
            "target_groups",
            "access_routes",
            "extra_municipalities",
            "regions",
            "locations__opening_hours",
            "locations__exceptions",
        )
    )
    found = {}
    for offer in offers:
        found[str(offer.hsds_id)] = offer
        if offer.external_id:
            found[offer.external_id] = offer
    return found
