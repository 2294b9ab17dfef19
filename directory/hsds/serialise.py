"""The catalogue in Open Referral HSDS 3.0 shape (issue 14): one mapping, used by the API and
read back by the importer (directory/imports/hsds.py), so an export imports without loss.

Objects inside a service do not repeat the ids of what they sit in (service_id, link_id,
location_id): HSDS makes those optional, the nesting says it, and they were a third of a page.

Ids are UUIDs: stored ones for offers, providers and locations (directory.models.hsds_uuid),
derived ones (uuid5 of the parent's id and a part name) for everything inside a service.
Only what the public site shows is written: never drafts, history, editors or feedback.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.choices import (
    AccessRoute,
    DayPart,
    DementiaSetting,
    Kind,
    PlaceType,
    Setting,
    TargetGroup,
)
from directory.models import (
    Location,
    OpeningException,
    Region,
    hsds_uuid,
)

HSDS_VERSION = "3.0"
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/{code}"


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str
    description: str
    terms: tuple[tuple[str, str], ...]

    @property
    def id(self) -> str:
        return str(hsds_uuid("taxonomy", self.code))

    def term_id(self, code: str) -> str:
        return str(hsds_uuid("taxonomy_term", self.code, code))


# Yes/no facts of an offer, by taxonomy and term code.
FLAGS = {
    "wanneer": {
        DayPart.OVERDAG: "daytime",
        DayPart.AVOND: "evening",
        DayPart.NACHT: "night",
        DayPart.WEEKEND: "weekend",
    },
    "waar": {Setting.THUIS: "at_home", Setting.BUITENSHUIS: "away_from_home"},
    "kenmerk": {
        "gepland": "planned",
        "spoed": "crisis",
        "gewenning": "settling_in",
        "samen-logeren": "stay_together",
        "alleen-voor-doelgroepen": "target_groups_only",
        "voorbeeld": "is_demo",
        "vervoer-door-huis": "transport_by_house",
        "openbaar-vervoer": "public_transport",
        "eigen-kamer": "own_room",
        "eigen-spullen": "own_belongings",
        "huisdieren": "pets_allowed",
    },
}
# Facts with one value from a list, by taxonomy: the offer field (issue 25.1).
CHOICES = {"soort-plek": "place_type", "dementie-afdeling": "dementia_setting"}
# Facts with a value (attribute.value), by term code: offer fields, numbers as text.
VALUES = {
    "samenvatting": "summary",
    "aanmelden-dagen": "notice_days",
    "wachttijd-weken": "waiting_weeks",
    "logeernachten-per-jaar": "nights_per_year",
}
CAPACITY_TERMS = (
    ("plek", _("Plek vrij: vrij, wachtlijst of vol, zoals de aanbieder het doorgaf")),
    ("plek-vrij-vanaf", _("Plek vrij vanaf (datum)")),
    ("wachttijd-verwacht-weken", _("Verwachte wachttijd in weken, volgens de aanbieder")),
    ("vrije-plaatsen", _("Vrije plaatsen nu")),
    ("plaatsen-totaal", _("Plaatsen in totaal")),
    ("plek-bijgewerkt", _("Datum waarop de aanbieder de plek voor het laatst doorgaf")),
)

# Availability field behind each capacity term (None: every current availability has it).
CAPACITY_FIELDS = {
    "plek": None,
    "plek-vrij-vanaf": "free_from",
    "wachttijd-verwacht-weken": "expected_weeks",
    "vrije-plaatsen": "available",
    "plaatsen-totaal": "maximum",
    "plek-bijgewerkt": None,
}

TAXONOMIES = (
    Taxonomy(
        "soort-hulp",
        "Soort hulp",
        "Welke steun een aanbod voor mantelzorgers geeft.",
        tuple(Kind.choices),
    ),
    Taxonomy(
        "voor-wie",
        "Voor wie",
        "Voor wie het aanbod bedoeld is: de mantelzorger of de naaste.",
        tuple(TargetGroup.choices),
    ),
    Taxonomy(
        "toegang", "Hoe kom ik eraan", "Hoe iemand het aanbod krijgt.", tuple(AccessRoute.choices)
    ),
    Taxonomy("wanneer", "Wanneer", "Wanneer het aanbod er is.", tuple(DayPart.choices)),
    Taxonomy("waar", "Waar", "Waar het aanbod gegeven wordt.", tuple(Setting.choices)),
    Taxonomy(
        "kenmerk",
        "Kenmerken",
        "Wat verder van het aanbod te zeggen is.",
        (
            ("gepland", _("Gepland")),
            ("spoed", _("Bij spoed of crisis")),
            ("gewenning", _("Gewenningsperiode mogelijk")),
            ("samen-logeren", _("Samen logeren mogelijk")),
            (
                "alleen-voor-doelgroepen",
                _("Alleen voor de doelgroepen bij 'Voor wie' (zonder: ook voor anderen)"),
            ),
            ("voorbeeld", _("Voorbeeldgegevens (demo), geen echt aanbod")),
            ("vervoer-door-huis", _("Het huis regelt het vervoer")),
            ("openbaar-vervoer", _("Te bereiken met het openbaar vervoer")),
            ("eigen-kamer", _("Eigen kamer")),
            ("eigen-spullen", _("Eigen spullen mee")),
            ("huisdieren", _("Huisdier mag mee")),
        ),
    ),
    Taxonomy(
        "soort-plek",
        "Soort plek",
        "Wat voor plek een verblijf buitenshuis is.",
        tuple(PlaceType.choices),
    ),
    Taxonomy(
        "dementie-afdeling",
        "Afdeling bij dementie",
        "Of mensen met dementie die kunnen weglopen er kunnen verblijven.",
        tuple(DementiaSetting.choices),
    ),
    Taxonomy(
        "gegeven",
        "Gegevens",
        "Gegevens met een waarde; de waarde staat in het attribuut.",
        (
            ("samenvatting", _("Korte samenvatting")),
            ("aanmelden-dagen", _("Zoveel dagen van tevoren aanmelden")),
            ("wachttijd-weken", _("Gewone wachttijd in weken")),
            ("logeernachten-per-jaar", _("Logeernachten per jaar (hoogstens)")),
            ("vervoer-aanbod", _("Vervoer: het id van een vervoersaanbod in dit overzicht")),
            *CAPACITY_TERMS,
        ),
    ),
)
TAXONOMY_BY_CODE = {taxonomy.code: taxonomy for taxonomy in TAXONOMIES}


def taxonomy_dict(taxonomy: Taxonomy) -> dict:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "version": "1",
    }


def _term_dict(taxonomy: Taxonomy, code: str, label) -> dict:
    return {
        "id": taxonomy.term_id(code),
        "code": code,
        "name": str(label),
        "description": str(label),
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
        "language": "nl",
    }


def all_terms() -> list[dict]:
    return [
        _term_dict(taxonomy, code, label)
        for taxonomy in TAXONOMIES
        for code, label in taxonomy.terms
    ]


@cache
def terms_by_id() -> dict[str, tuple[str, str]]:
    """term id → (taxonomy code, term code), for filters and the importer (built once: the
    taxonomy is fixed in code)."""
    return {
        taxonomy.term_id(code): (taxonomy.code, code)
        for taxonomy in TAXONOMIES
        for code, _label in taxonomy.terms
    }


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="milliseconds")


def _compact(data: dict) -> dict:
    """Leave out empty values: HSDS checks formats (an empty 'url' is no URI)."""
    return {key: value for key, value in data.items() if value not in ("", None)}


def phones(owner_id: str, number: str) -> list[dict]:
    if not number:
        return []
    return [{"id": str(hsds_uuid(owner_id, "phone")), "number": number, "type": "voice"}]


def organization_dict(provider) -> dict:
    org_id = str(provider.hsds_id)
    data = _compact(
        {
            "id": org_id,
            "name": provider.name,
            "email": provider.email,
            "website": provider.website,
            "phones": phones(org_id, provider.phone),
        }
    )
    return {**data, "description": provider.description}  # required, may be empty


def location_dict(location: Location, today) -> dict:
    loc_id = str(location.hsds_id)
    data = {
        "id": loc_id,
        "location_type": "physical",
        "name": location.name,
        "organization_id": str(location.provider.hsds_id),
        "addresses": [],
        "accessibility": [],
    }
    if location.street_address:
        data["addresses"].append(
            {
                "id": str(hsds_uuid(loc_id, "address")),
                "address_1": location.street_address,
                "city": location.city,
                "state_province": location.municipality.province if location.municipality else "",
                "postal_code": location.postcode,
                "country": "NL",
                "address_type": "physical",
            }
        )
    if location.accessibility:
        data["accessibility"].append(
            {
                "id": str(hsds_uuid(loc_id, "accessibility")),
                "description": location.accessibility,
            }
        )
    return data


def schedules(location: Location, sal_id: str, today) -> list[dict]:
    """Weekly hours (freq WEEKLY, byday) and days with other hours (valid_from = valid_to;
    no opens_at means closed), as iCalendar-style HSDS schedules."""
    result = []
    for hours in location.opening_hours.all():
        result.append(
            _compact(
                {
                    "id": str(hsds_uuid(sal_id, "hours", hours.pk)),
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": WEEKDAYS[hours.weekday],
                    "opens_at": hours.opens.strftime("%H:%M"),
                    "closes_at": hours.closes.strftime("%H:%M"),
                    "description": hours.label,
                }
            )
        )
    for exception in location.exceptions.all():
        if exception.date < today:
            continue
        closed = exception.closed or not exception.opens
        result.append(
            _compact(
                {
                    "id": str(hsds_uuid(sal_id, "exception", exception.date.isoformat())),
                    "valid_from": exception.date.isoformat(),
                    "valid_to": exception.date.isoformat(),
                    "opens_at": None if closed else exception.opens.strftime("%H:%M"),
                    "closes_at": None if closed else exception.closes.strftime("%H:%M"),
                    "description": exception.reason,
                    "notes": "gesloten" if closed else "andere tijden",
                }
            )
        )
    return result


def _area(service_id: str, key: str, **fields) -> dict:
    return _compact({"id": str(hsds_uuid(service_id, "area", key)), **fields})


def municipality_area(service_id: str, municipality, description: str = "") -> dict:
    return _area(
        service_id,
        municipality.code,
        name=municipality.name,
        description=description,
        extent_type="gemeente",
        extent=municipality.code,
        uri=TOOI_GEMEENTE.format(code=municipality.code.lower()),
    )


def service_areas(offer, service_id: str) -> list[dict]:
    """The catalogue that keeps the offer comes first (the importer reads it so), then the
    further municipalities, regions (with their members) and the whole country."""
    areas = []
    if offer.municipality_id:
        areas.append(municipality_area(service_id, offer.municipality, "Gemeente van het aanbod"))
    for municipality in offer.extra_municipalities.all():
        areas.append(municipality_area(service_id, municipality))
    for region in offer.regions.all():
        codes = sorted(m.code for m in region.municipalities.all())
        areas.append(
            _area(
                service_id,
                region.code,
                name=region.name,
                description=f"{region.get_kind_display()} {region.name}",
                extent_type="regio",
                extent=" ".join(codes),
            )
        )
    if offer.nationwide:
        areas.append(_area(service_id, "NL", name="Nederland", extent_type="land", extent="NL"))
    return areas


def cost_options(offer, service_id: str) -> list[dict]:
    if offer.is_free:
        option, amount = "Gratis", 0
    elif offer.cost_amount is not None:
        option, amount = "Eigen bijdrage", float(offer.cost_amount)
    else:
        return []
    return [
        _compact(
            {
                "id": str(hsds_uuid(service_id, "cost")),
                "option": option,
                "amount": amount,
                "currency": "EUR",
                "amount_description": offer.cost_explanation,
            }
        )
    ]


def _attribute(service_id: str, taxonomy: Taxonomy, code: str, terms: dict, value="") -> dict:
    term_id = taxonomy.term_id(code)
    return _compact(
        {
            "id": str(hsds_uuid(service_id, "attribute", taxonomy.code, code)),
            "taxonomy_term_id": term_id,
            "taxonomy_term": terms.get(term_id),
            "value": "" if value is None else str(value),
        }
    )


def attributes(offer, service_id: str, today, embed_terms: bool = False) -> list[dict]:
    """Our taxonomy's terms by id. The terms themselves (30, at /taxonomy_terms) are written
    into each attribute only on request: they were 38% of a page of services."""
    terms = _term_dicts() if embed_terms else {}
    tax = TAXONOMY_BY_CODE
    result = [_attribute(service_id, tax["soort-hulp"], offer.kind, terms)]
    result += [
        _attribute(service_id, tax["voor-wie"], tag.code, terms)
        for tag in offer.target_groups.all()
    ]
    result += [
        _attribute(service_id, tax["toegang"], tag.code, terms) for tag in offer.access_routes.all()
    ]
    for taxonomy_code, flags in FLAGS.items():
        for code, field in flags.items():
            if getattr(offer, field):
                result.append(_attribute(service_id, tax[taxonomy_code], str(code), terms))
    for code, field in VALUES.items():
        value = getattr(offer, field)
        if value not in ("", None):
            result.append(_attribute(service_id, tax["gegeven"], code, terms, value))
    for taxonomy_code, field in CHOICES.items():
        if getattr(offer, field):
            result.append(_attribute(service_id, tax[taxonomy_code], getattr(offer, field), terms))
    if offer.transport_offer_id:
        # The transport offer's service id in this same feed: an importer knows it by that.
        linked = str(offer.transport_offer.hsds_id)
        result.append(_attribute(service_id, tax["gegeven"], "vervoer-aanbod", terms, linked))
    availability = offer.availability_or_none
    if availability is not None and availability.is_current:
        facts = {
            "plek": availability.state,
            "plek-vrij-vanaf": availability.free_from and availability.free_from.isoformat(),
            "wachttijd-verwacht-weken": availability.expected_weeks,
            "vrije-plaatsen": availability.available,
            "plaatsen-totaal": availability.maximum,
            "plek-bijgewerkt": timezone.localdate(availability.confirmed_at).isoformat(),
        }
        result += [
            _attribute(service_id, tax["gegeven"], code, terms, value)
            for code, value in facts.items()
            if value not in ("", None)
        ]
    return result


_TERM_DICTS: dict[str, dict] = {}


def _term_dicts() -> dict[str, dict]:
    """Term dicts by id, built once per process and language-independent (Dutch labels)."""
    if not _TERM_DICTS:
        _TERM_DICTS.update({term["id"]: term for term in all_terms()})
    return _TERM_DICTS


def service_dict(offer, today, embed_terms: bool = False) -> dict:
    service_id = str(offer.hsds_id)
    return _compact(
        {
            "id": service_id,
            "organization_id": str(offer.provider.hsds_id),
            "name": offer.name,
            "description": offer.description,
            "url": offer.website,
            "email": offer.email,
            "status": "active",
            "application_process": offer.notice_explanation,
            "fees_description": offer.cost_explanation,
            "minimum_age": offer.minimum_age,
            "maximum_age": offer.maximum_age,
            "assured_date": offer.verified_on.isoformat(),
            "last_modified": _iso(offer.updated_at),
            "phones": phones(service_id, offer.phone),
            "service_areas": service_areas(offer, service_id),
            "service_at_locations": [
                service_at_location_dict(offer, location, today)
                for location in offer.locations.all()
            ],
            "organization": organization_dict(offer.provider),
            "cost_options": cost_options(offer, service_id),
            "attributes": attributes(offer, service_id, today, embed_terms),
        }
    )


def service_at_location_id(offer, location) -> str:
    return str(hsds_uuid(offer.hsds_id, "at", location.hsds_id))


def service_at_location_dict(offer, location, today) -> dict:
    sal_id = service_at_location_id(offer, location)
    service_id = str(offer.hsds_id)
    return {
        "id": sal_id,
        "service_id": service_id,
        "location_id": str(location.hsds_id),
        "schedules": schedules(location, sal_id, today),
        "location": location_dict(location, today),
    }


def for_services(queryset):
    """Everything service_dict reads, in a fixed number of queries whatever the page size."""
    locations = Location.objects.select_related("provider", "municipality").prefetch_related(
        "opening_hours",
        Prefetch(
            "exceptions",
            queryset=OpeningException.objects.filter(date__gte=timezone.localdate()),
        ),
    )
    return queryset.select_related(
        "provider", "municipality", "availability", "transport_offer"
    ).prefetch_related(
        "extra_municipalities",
        Prefetch("regions", queryset=Region.objects.prefetch_related("municipalities")),
        "target_groups",
        "access_routes",
        Prefetch("locations", queryset=locations),
    )


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


SCHEMA_DIR = Path(__file__).resolve().parents[1] / "hsds_schema"
SCHEMA_NAMES = tuple(sorted(p.stem for p in SCHEMA_DIR.glob("*.json") if p.stem != "openapi"))


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one official HSDS 3.0 object schema ('service', 'organization', …),
    with the others in a registry (they refer to each other by file name) and formats
    checked: ids must be UUIDs, URLs URIs, last_modified a date-time."""
    resources = [
        (
            f"{other}.json",
            Resource.from_contents(
                json.loads((SCHEMA_DIR / f"{other}.json").read_text()),
                default_specification=DRAFT202012,
            ),
        )
        for other in SCHEMA_NAMES
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
