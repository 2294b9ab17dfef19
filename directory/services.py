"""State changes of the catalogue with rules: one function each, in a transaction, with history."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.cache import catalogue_changed
from directory.choices import OfferStatus
from directory.models import (
    AccessRouteTag,
    Feedback,
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
)
from portal.mail import absolute_url, send


class CatalogueError(Exception):
    """A change that is not allowed now; the message is shown to the editor."""


def _display(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


@transaction.atomic
def offer_save(*, form, user) -> Offer:
    """Create or edit an offer from a valid form, writing one history row per changed field.

    'Alles klopt nu' (checked_now) is not a field of the offer: it sets verified_on to today,
    and the history shows that change."""
    is_new = form.instance.pk is None
    changed = [name for name in form.changed_data if name in form._meta.fields]
    if form.cleaned_data.get("checked_now") and "verified_on" not in changed:
        changed.append("verified_on")
    before = {}
    if not is_new:
        locked = Offer.objects.select_for_update().get(pk=form.instance.pk)
        before = {
            name: _display(getattr(locked, name).all())
            if _is_m2m(name)
            else _display(getattr(locked, name))
            for name in changed
        }
    offer = form.save()
    offer.refresh_search_text()
    if is_new:
        OfferChange.objects.create(offer=offer, user=user, action=_("aangemaakt"))
    for name in changed if not is_new else []:
        new = _display(form.cleaned_data.get(name))
        if new == before.get(name, ""):
            continue
        OfferChange.objects.create(
            offer=offer,
            user=user,
            action=_("gewijzigd"),
            field=str(form.fields[name].label),
            old_value=before.get(name, ""),
            new_value=new,
        )
    return offer


def _is_m2m(name: str) -> bool:
    return name in {f.name for f in Offer._meta.many_to_many}


_STATUS_ACTIONS = {
    OfferStatus.PUBLISHED: _("gepubliceerd"),
    OfferStatus.ARCHIVED: _("gearchiveerd"),
    OfferStatus.DRAFT: _("teruggezet naar concept"),
}


@transaction.atomic
def offer_set_status(*, offer: Offer, user, status: str) -> Offer:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.status == status:
        raise CatalogueError(
            _("Dit aanbod is al %(status)s.") % {"status": locked.get_status_display().lower()}
        )
    old = locked.get_status_display()
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    OfferChange.objects.create(
        offer=locked,
        user=user,
        action=str(_STATUS_ACTIONS[status]),
        field=_("Status"),
        old_value=old,
        new_value=locked.get_status_display(),
    )
    return locked


@transaction.atomic
def offer_verify(*, offer: Offer, user) -> Offer:
    """'Nog steeds juist': the editor checked the offer today."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    old = locked.verified_on
    locked.verified_on = timezone.localdate()
    locked.save(update_fields=["verified_on", "updated_at"])
    OfferChange.objects.create(
        offer=locked,
        user=user,
        action=_("gecontroleerd: nog steeds juist"),
        field=_("Laatst gecontroleerd op"),
        old_value=str(old),
        new_value=str(locked.verified_on),
    )
    return locked


@transaction.atomic
def offer_duplicate(*, offer: Offer, user) -> Offer:
    """A draft copy to start a similar offer from."""
    copy = Offer.objects.get(pk=offer.pk)
    copy.pk = None
    suffix = str(_(" (kopie)"))
    copy.name = offer.name[: Offer._meta.get_field("name").max_length - len(suffix)] + suffix
    copy.slug = ""
    copy.status = OfferStatus.DRAFT
    copy.external_id = ""
    copy.hsds_id = uuid.uuid4()  # a new service for open data too
    copy.save()
    for field in ("extra_municipalities", "regions", "target_groups", "access_routes", "locations"):
        getattr(copy, field).set(getattr(offer, field).all())
    copy.refresh_search_text()
    # The source's name goes in the value, not in 'action' (40 characters: a name of more
    # than 25 made the copy fail on PostgreSQL).
    OfferChange.objects.create(
        offer=copy,
        user=user,
        action=_("gekopieerd"),
        field=_("van"),
        new_value=f"{offer.name} ({offer.external_id})",
    )
    return copy


def _editor_emails(offer: Offer) -> list[str]:
    if offer.municipality is None:
        return []
    return list(
        offer.municipality.staff_roles.editors()
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )


@transaction.atomic
def feedback_submit(*, offer: Offer, message: str, contact: str) -> Feedback:
    """Store a public report and tell the owner's editors (after commit, without its text)."""
    feedback = Feedback.objects.create(offer=offer, message=message, contact=contact)
    recipients = _editor_emails(offer)
    if recipients:
        link = absolute_url(reverse("beheer:feedback_list", args=[offer.municipality.slug]))
        send("directory/feedback", recipients, {"offer": offer.name, "link": link})
    return feedback


@transaction.atomic
def feedback_resolve(*, feedback: Feedback, user) -> Feedback:
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.handled_at:
        raise CatalogueError(_("Deze melding is al afgehandeld."))
    locked.handled_at = timezone.now()
    locked.handled_by = user
    locked.save(update_fields=["handled_at", "handled_by"])
    return locked


@transaction.atomic
def catalogue_import(*, municipality, plan, user, source: str = "CSV") -> tuple[int, int, int]:
    """Apply a checked import (CSV or HSDS): all rows or none; rows that change nothing are
    not written. Returns (created, updated, unchanged); every changed field gets a history
    row. `municipality` None is the national catalogue (superusers, the demo loader)."""
    from directory.csv_io import current_values, planned_values

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
            if attr not in {"provider", "target_groups", "access_routes", *HSDS_M2M}:
                setattr(offer, attr, value)
        offer.slug = ""
        offer.save()
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
                field=_field_label(attr),
                old_value=_display(shown(before[attr]))[:500],
                new_value=_display(shown(after[attr]))[:500],
            )
        created += is_new
        updated += not is_new
    if created or updated:
        catalogue_changed()
    return created, updated, unchanged


HSDS_M2M = {"extra_municipalities", "regions", "locations"}


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


def _field_label(attr: str) -> str:
    labels = {
        "provider": _("Aanbieder"),
        "target_groups": _("Voor wie"),
        "access_routes": _("Hoe kom ik eraan"),
    }
    return str(labels.get(attr) or Offer._meta.get_field(attr).verbose_name)


@transaction.atomic
def location_save(*, form, hours, exceptions):
    """Save a location with its hours; its municipality follows from the postcode."""
    from directory.models import PostcodeArea

    location = form.save(commit=False)
    area = (
        PostcodeArea.objects.filter(pk=location.postcode[:4]).first() if location.postcode else None
    )
    location.municipality = area.municipality if area else None
    location.save()
    hours.instance = exceptions.instance = location
    hours.save()
    exceptions.save()
    return location
