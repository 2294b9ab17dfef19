"""State changes of the catalogue with rules: one function each, in a transaction, with history."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.choices import OfferStatus
from directory.models import (
    AccessRouteTag,
    Feedback,
    Offer,
    OfferChange,
    Provider,
    TargetGroupTag,
)
from portal.mail import queue_mail


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
    copy.name = _("%(name)s (kopie)") % {"name": offer.name}
    copy.slug = ""
    copy.status = OfferStatus.DRAFT
    copy.external_id = ""
    copy.save()
    for field in ("extra_municipalities", "regions", "target_groups", "access_routes", "locations"):
        getattr(copy, field).set(getattr(offer, field).all())
    copy.refresh_search_text()
    OfferChange.objects.create(
        offer=copy, user=user, action=_("gekopieerd van %(name)s") % {"name": offer.name}
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
        link = settings.SITE_URL + reverse("beheer:feedback_list", args=[offer.municipality.slug])
        queue_mail(
            _("Nieuwe melding over aanbod: %(name)s") % {"name": offer.name},
            _(
                "Iemand meldt dat er iets niet klopt bij '%(name)s'.\n\n"
                "Bekijk de melding in Beheer: %(link)s\n"
            )
            % {"name": offer.name, "link": link},
            recipients,
        )
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
def catalogue_import(*, municipality, plan, user) -> tuple[int, int, int]:
    """Apply a checked CSV import: all rows or none; rows that change nothing are not written.
    Returns (created, updated, unchanged); every changed field gets a history row."""
    from directory.csv_io import current_values, planned_values

    if not plan.ok:
        raise CatalogueError(_("Het bestand heeft fouten. Er is niets ingelezen."))
    groups = {tag.code: tag for tag in TargetGroupTag.objects.all()}
    routes = {tag.code: tag for tag in AccessRouteTag.objects.all()}
    ids = [row.data["kenmerk"] for row in plan.rows]
    existing = {
        offer.external_id: offer
        for offer in Offer.objects.select_for_update()
        .filter(municipality=municipality, external_id__in=ids)
        .select_related("provider")
    }
    providers = Provider.objects.filter(municipality=municipality)
    created = updated = unchanged = 0
    for row in plan.rows:
        offer = existing.get(row.data["kenmerk"])
        is_new = offer is None
        before = {} if is_new else current_values(offer)
        after = planned_values(row.data, offer)
        changed = {k: v for k, v in after.items() if is_new or before[k] != v}
        if not changed:
            unchanged += 1
            continue
        if is_new:
            offer = Offer(municipality=municipality, external_id=row.data["kenmerk"])
        if is_new or "provider" in changed:
            offer.provider = providers.filter(
                name=after["provider"]
            ).first() or Provider.objects.create(name=after["provider"], municipality=municipality)
        for attr, value in changed.items():
            if attr not in {"provider", "target_groups", "access_routes"}:
                setattr(offer, attr, value)
        offer.slug = ""
        offer.save()
        if "target_groups" in changed:
            offer.target_groups.set([groups[code] for code in after["target_groups"]])
        if "access_routes" in changed:
            offer.access_routes.set([routes[code] for code in after["access_routes"]])
        offer.refresh_search_text()
        if is_new:
            OfferChange.objects.create(
                offer=offer, user=user, action=_("aangemaakt via CSV-import")
            )
        for attr in changed if not is_new else ():
            OfferChange.objects.create(
                offer=offer,
                user=user,
                action=_("bijgewerkt via CSV-import"),
                field=_field_label(attr),
                old_value=_display(before[attr]),
                new_value=_display(after[attr]),
            )
        created += is_new
        updated += not is_new
    return created, updated, unchanged


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
