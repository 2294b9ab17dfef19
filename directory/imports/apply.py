"""Apply a checked import plan (CSV or HSDS, directory/imports/csv_io.py and hsds.py): all
rows or none, each changed field in the offer's history."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.cache import catalogue_changed, one_catalogue_change
from directory.choices import Kind
from directory.imports.csv_io import current_values, planned_values
from directory.models import (
    AccessRouteTag,
    Location,
    Municipality,
    Offer,
    OfferChange,
    OpeningException,
    OpeningHours,
    PostcodeArea,
    Provider,
    Region,
    TargetGroupTag,
    hsds_uuid,
    offers_by_kenmerk,
)
from directory.services import CatalogueError, _display


@transaction.atomic
def catalogue_import(*, municipality, plan, user, source: str = "CSV") -> tuple[int, int, int]:
    """Apply a checked import (CSV or HSDS): all rows or none; rows that change nothing are
    not written. Returns (created, updated, unchanged); every changed field gets a history
    row. `municipality` None is the national catalogue (superusers, the demo loader). The
    rows are one change to the catalogue's cache version, not one per row."""
    with one_catalogue_change():
        return _catalogue_import(municipality=municipality, plan=plan, user=user, source=source)


def _catalogue_import(*, municipality, plan, user, source: str) -> tuple[int, int, int]:
    if not plan.ok:
        raise CatalogueError(_("Het bestand heeft fouten. Er is niets ingelezen."))
    groups = {tag.code: tag for tag in TargetGroupTag.objects.all()}
    routes = {tag.code: tag for tag in AccessRouteTag.objects.all()}
    known = [row.existing.pk for row in plan.rows if row.existing is not None]
    fresh = [row.data["kenmerk"] for row in plan.rows if row.existing is None]
    locked = (
        Offer.objects.select_for_update()
        .filter(Q(pk__in=known) | Q(external_id__in=fresh), municipality=municipality)
        .select_related("provider")
    )
    existing = {offer.pk: offer for offer in locked}
    # Made by someone else since the check: update it rather than fail on the same kenmerk.
    by_kenmerk = {offer.external_id: offer for offer in existing.values()}
    providers = Provider.objects.filter(municipality=municipality)
    created = updated = unchanged = 0
    links: list[tuple[Offer, str]] = []  # transport offers, linked once all rows are in
    for row in plan.rows:
        hsds = "locations" in row.data
        if row.existing is not None:
            offer = existing.get(row.existing.pk)
        else:
            offer = by_kenmerk.get(row.data["kenmerk"])
        is_new = offer is None
        before = {} if is_new else current_values(offer, hsds=hsds)
        after = planned_values(row.data, offer)
        changed = {k: v for k, v in after.items() if is_new or before[k] != v}
        if not changed:
            unchanged += 1
            continue
        if is_new:
            offer = Offer(municipality=municipality, external_id=row.data["kenmerk"])
            if hsds:  # the same feed gives the same ids on every installation
                offer.hsds_id = hsds_uuid("import", _code(municipality), row.data["kenmerk"])
        if is_new or "provider" in changed:
            offer.provider = (
                _same_organization(row.data.get("organization"), after["provider"])
                or providers.filter(name=after["provider"]).first()
                or _new_provider(after["provider"], municipality, row.data.get("organization"))
            )
        for attr, value in changed.items():
            if attr not in {"provider", "target_groups", "access_routes", *HSDS_M2M, *LINKS}:
                setattr(offer, attr, value)
        offer.slug = ""
        offer.save()
        if "transport_offer" in changed:
            links.append((offer, after["transport_offer"]))
        if "target_groups" in changed:
            offer.target_groups.set([groups[code] for code in after["target_groups"]])
        if "access_routes" in changed:
            offer.access_routes.set([routes[code] for code in after["access_routes"]])
        if "extra_municipalities" in changed:
            offer.extra_municipalities.set(
                Municipality.objects.filter(code__in=after["extra_municipalities"])
            )
        if "regions" in changed:
            offer.regions.set(Region.objects.filter(code__in=after["regions"]))
        if "locations" in changed:
            offer.locations.set(
                [_import_location(offer.provider, values) for values in after["locations"]]
            )
        offer.refresh_search_text()
        if is_new:
            OfferChange.objects.create(
                offer=offer,
                user=user,
                action=_("aangemaakt via %(source)s-import") % {"source": source},
            )
        for attr in changed if not is_new else ():
            shown = {"locations": lambda v: [item[0] for item in v]}.get(attr, lambda v: v)
            OfferChange.objects.create(
                offer=offer,
                user=user,
                action=_("bijgewerkt via %(source)s-import") % {"source": source},
                field=Offer.field_label(attr),
                old_value=_display(shown(before[attr]))[:500],
                new_value=_display(shown(after[attr]))[:500],
            )
        created += is_new
        updated += not is_new
    for offer, kenmerk in links:
        transport = None
        if kenmerk:
            candidates = offers_by_kenmerk([kenmerk]).filter(kind=Kind.VERVOER)
            transport = (
                candidates.filter(municipality=offer.municipality).first() or candidates.first()
            )
        Offer.objects.filter(pk=offer.pk).update(transport_offer=transport)
    if created or updated:
        catalogue_changed()
    return created, updated, unchanged


HSDS_M2M = {"extra_municipalities", "regions", "locations"}
LINKS = {"transport_offer"}  # set after every row is written: it may name a row below


def _code(municipality) -> str:
    return municipality.code if municipality else "NL"


def _same_organization(organization: dict | None, name: str) -> Provider | None:
    """The provider an HSDS organisation already is here, in any catalogue: ours (its own
    id: a feed from this installation) or one made by an earlier import of it. One
    organisation working in several municipalities stays one provider."""
    if not organization or not organization.get("id"):
        return None
    try:
        ids = [uuid.UUID(organization["id"]), hsds_uuid("import-organization", organization["id"])]
    except ValueError:
        return None
    return Provider.objects.filter(hsds_id__in=ids, name=name).first()


def _new_provider(name: str, municipality, organization: dict | None) -> Provider:
    organization = organization or {}
    provider = Provider(
        name=name,
        municipality=municipality,
        description=organization.get("description", ""),
        phone=organization.get("phone", "")[:30],
        email=organization.get("email", ""),
        website=organization.get("website", ""),
    )
    if organization.get("id"):
        provider.hsds_id = hsds_uuid("import-organization", organization["id"])
        if Provider.objects.filter(hsds_id=provider.hsds_id).exists():
            provider.hsds_id = uuid.uuid4()  # renamed at the source: a new provider here
    try:
        provider.full_clean(exclude=["municipality"])
    except ValidationError as error:  # a contact detail we cannot use: left out, not a failure
        for field in error.message_dict:
            setattr(provider, field, "")
    provider.save()
    return provider


def _import_location(provider: Provider, values: tuple) -> Location:
    """A location of an imported offer, found by name at its provider, with the feed's
    address, hours and days with other hours."""
    name, street, postcode, city, accessibility, hours, exceptions = values
    area = PostcodeArea.objects.filter(pk=postcode[:4]).first() if postcode else None
    location, _created = Location.objects.update_or_create(
        provider=provider,
        name=name,
        defaults={
            "street_address": street,
            "postcode": postcode,
            "city": city,
            "accessibility": accessibility,
            "municipality": area.municipality if area else None,
        },
    )
    location.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(location=location, weekday=day, opens=opens, closes=closes, label=label)
        for day, opens, closes, label in hours
    )
    location.exceptions.filter(date__gte=timezone.localdate()).delete()
    OpeningException.objects.bulk_create(
        OpeningException(
            location=location, date=day, closed=closed, opens=opens, closes=closes, reason=reason
        )
        for day, closed, opens, closes, reason in exceptions
    )
    return location
