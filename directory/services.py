"""State changes of the catalogue with rules: one function each, in a transaction, with history."""

from django.conf import settings
from django.core.mail import send_mail
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
    """Create or edit an offer from a valid form, writing one history row per changed field."""
    is_new = form.instance.pk is None
    before = {}
    if not is_new:
        locked = Offer.objects.select_for_update().get(pk=form.instance.pk)
        before = {
            name: _display(getattr(locked, name).all())
            if name in {f.name for f in Offer._meta.many_to_many}
            else _display(getattr(locked, name))
            for name in form.changed_data
        }
    offer = form.save()
    offer.refresh_search_text()
    if is_new:
        OfferChange.objects.create(offer=offer, user=user, action=_("aangemaakt"))
    for name in form.changed_data if not is_new else []:
        field = form.fields[name]
        new = form.cleaned_data.get(name)
        OfferChange.objects.create(
            offer=offer,
            user=user,
            action=_("gewijzigd"),
            field=str(field.label),
            old_value=before.get(name, ""),
            new_value=_display(new),
        )
    return offer


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
        transaction.on_commit(
            lambda: send_mail(
                _("Nieuwe melding over aanbod: %(name)s") % {"name": offer.name},
                _(
                    "Iemand meldt dat er iets niet klopt bij '%(name)s'.\n\n"
                    "Bekijk de melding in Beheer: %(link)s\n"
                )
                % {"name": offer.name, "link": link},
                None,
                recipients,
            )
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


_IMPORT_FIELDS = {
    "naam": "name",
    "samenvatting": "summary",
    "beschrijving": "description",
    "soort": "kind",
    "kosten_uitleg": "cost_explanation",
    "aanmelden_dagen": "notice_days",
    "aanmelden_uitleg": "notice_explanation",
    "telefoon": "phone",
    "email": "email",
    "website": "website",
}


@transaction.atomic
def catalogue_import(*, municipality, plan, user) -> tuple[int, int]:
    """Apply a checked CSV import: all rows or none. Returns (created, updated)."""
    from directory.csv_io import BOOLEAN_COLUMNS

    if not plan.ok:
        raise CatalogueError(_("Het bestand heeft fouten. Er is niets ingelezen."))
    groups = {tag.code: tag for tag in TargetGroupTag.objects.all()}
    routes = {tag.code: tag for tag in AccessRouteTag.objects.all()}
    ids = [row.data["kenmerk"] for row in plan.rows]
    existing = {
        offer.external_id: offer
        for offer in Offer.objects.select_for_update().filter(
            municipality=municipality, external_id__in=ids
        )
    }
    created = updated = 0
    for row in plan.rows:
        data = row.data
        offer = existing.get(data["kenmerk"])
        is_new = offer is None
        if is_new:
            offer = Offer(municipality=municipality, external_id=data["kenmerk"])
        offer.provider, _unused = Provider.objects.get_or_create(
            name=data["aanbieder"], defaults={"municipality": municipality}
        )
        for column, attr in _IMPORT_FIELDS.items():
            setattr(offer, attr, data[column] if data[column] is not None else "")
        offer.notice_days = data["aanmelden_dagen"]
        offer.cost_amount = data["bedrag"]
        for attr in BOOLEAN_COLUMNS.values():
            setattr(offer, attr, data[attr])
        if data["status"]:
            offer.status = data["status"]
        if data["laatst_gecontroleerd"]:
            offer.verified_on = data["laatst_gecontroleerd"]
        offer.slug = ""
        offer.save()
        offer.target_groups.set([groups[code] for code in data["doelgroepen"]])
        offer.access_routes.set([routes[code] for code in data["toegang"]])
        offer.refresh_search_text()
        OfferChange.objects.create(
            offer=offer,
            user=user,
            action=_("aangemaakt via CSV-import") if is_new else _("bijgewerkt via CSV-import"),
        )
        created += is_new
        updated += not is_new
    return created, updated


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
