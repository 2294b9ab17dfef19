"""State changes of the catalogue with rules: one function each, in a transaction, with history."""

import uuid
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import CORRECTABLE_FIELDS, CorrectionStatus, OfferStatus
from directory.models import (
    Availability,
    AvailabilityChange,
    Feedback,
    NightCapacity,
    Offer,
    OfferChange,
    OfferCorrection,
    PostcodeArea,
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
    OfferStatus.PUBLISHED: gettext_lazy("gepubliceerd"),
    OfferStatus.ARCHIVED: gettext_lazy("gearchiveerd"),
    OfferStatus.DRAFT: gettext_lazy("teruggezet naar concept"),
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
    """The active editors of the offer's municipality, each address once."""
    if offer.municipality is None:
        return []
    return sorted(
        set(
            offer.municipality.staff_roles.editors()
            .filter(user__is_active=True)
            .values_list("user__email", flat=True)
        )
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
def location_save(*, form, hours, exceptions):
    """Save a location with its hours; its municipality follows from the postcode."""

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


# ---- What providers keep current: places, free nights, proposed corrections ------------


def _describe(availability: Availability) -> str:
    text = availability.get_state_display()
    if availability.free_from:
        text += " " + _("vanaf %(date)s") % {"date": availability.free_from.strftime("%d-%m-%Y")}
    if availability.expected_weeks is not None:
        text += " " + _("(ongeveer %(n)d weken)") % {"n": availability.expected_weeks}
    if availability.available is not None:
        text += ", " + _("%(n)d plaatsen vrij") % {"n": availability.available}
    if availability.maximum is not None:
        text += " " + _("van %(n)d") % {"n": availability.maximum}
    return text


@transaction.atomic
def availability_update(*, offer, user, data: dict, nights: dict[date, int] | None = None):
    """Save what the provider says about places, with history; nights for logeerzorg.

    The offer's row is locked, so two people saving at once are applied one after the other,
    and a night is never set below the places already reserved on it.
    """
    type(offer).objects.select_for_update().get(pk=offer.pk)
    availability = Availability.objects.filter(offer=offer).first()
    before = _describe(availability) if availability else _("onbekend")
    if availability is None:
        availability = Availability(offer=offer)
    for name, value in data.items():
        setattr(availability, name, value)
    availability.confirmed_at = timezone.now()
    availability.confirmed_by = user
    availability.save()
    after = _describe(availability)
    if after != before:
        AvailabilityChange.objects.create(offer=offer, user=user, what=f"{before} → {after}")
    else:
        AvailabilityChange.objects.create(offer=offer, user=user, what=_("Bevestigd: klopt nog"))
    if nights:
        _save_nights(offer=offer, user=user, nights=nights)
    return availability


def _nights_changed(changed: list[str]) -> str:
    """The history line for changed nights, within the 500 characters it may hold: every
    night when they fit, else how many and from which to which (80 nights answered 500)."""
    limit = AvailabilityChange._meta.get_field("what").max_length
    line = _("Vrije plaatsen per nacht: ") + ", ".join(changed)
    if len(line) <= limit:
        return line
    return _("Vrije plaatsen per nacht: %(n)d nachten aangepast, van %(first)s tot %(last)s") % {
        "n": len(changed),
        "first": changed[0].split(":")[0],
        "last": changed[-1].split(":")[0],
    }


def _save_nights(*, offer, user, nights: dict[date, int]) -> None:
    existing = {
        row.night: row
        for row in NightCapacity.objects.select_for_update().filter(offer=offer, night__in=nights)
    }
    changed = []
    for night, places in sorted(nights.items()):
        row = existing.get(night)
        if row is None:
            if places:
                NightCapacity.objects.create(offer=offer, night=night, places=places)
                changed.append(f"{night:%d-%m}: {places}")
            continue
        if row.places == places:
            continue
        if places < row.reserved:
            raise CatalogueError(
                _("Op %(night)s zijn al %(n)d plaatsen gereserveerd.")
                % {"night": night.strftime("%d-%m-%Y"), "n": row.reserved}
            )
        row.places = places
        row.save(update_fields=["places"])
        changed.append(f"{night:%d-%m}: {places}")
    if changed:
        AvailabilityChange.objects.create(offer=offer, user=user, what=_nights_changed(changed))


@transaction.atomic
def correction_propose(*, offer, member, values: dict, explanation: str = "") -> OfferCorrection:
    locked = type(offer).objects.select_for_update().get(pk=offer.pk)
    changes = {
        name: {"old": str(getattr(locked, name) or ""), "new": str(value or "")}
        for name, value in values.items()
        if name in CORRECTABLE_FIELDS and str(value or "") != str(getattr(locked, name) or "")
    }
    if not changes:
        raise CatalogueError(_("U heeft niets veranderd. Pas eerst een veld aan."))
    correction = OfferCorrection.objects.create(
        offer=locked, proposed_by=member, changes=changes, explanation=explanation.strip()
    )
    if locked.municipality_id:
        send(
            "directory/correction_proposed",
            _editor_emails(locked),
            {
                "provider": locked.provider.name,
                "offer": locked.name,
                "link": absolute_url(reverse("beheer:correction", args=[correction.pk])),
            },
        )
    return correction


@transaction.atomic
def correction_decide(*, correction: OfferCorrection, editor, approve: bool, text: str = ""):
    """The editor takes the proposal over (each field in the offer's history) or not."""
    locked = OfferCorrection.objects.select_for_update().get(pk=correction.pk)
    if locked.status != CorrectionStatus.OPEN:
        raise CatalogueError(_("Over dit voorstel is al beslist."))
    offer = Offer.objects.select_for_update().get(pk=locked.offer_id)
    if approve:
        for name, change in locked.changes.items():
            old = str(getattr(offer, name) or "")
            setattr(offer, name, change["new"])
            OfferChange.objects.create(
                offer=offer,
                user=editor,
                action=_("gewijzigd (voorstel aanbieder)"),
                field=str(Offer._meta.get_field(name).verbose_name),
                old_value=old,
                new_value=change["new"],
            )
        offer.full_clean(
            exclude=[f.name for f in Offer._meta.fields if f.name not in locked.changes]
        )
        offer.save()
        offer.refresh_search_text()
    locked.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    locked.decided_by = editor
    locked.decided_at = timezone.now()
    locked.decision_text = text.strip()
    locked.save()
    if locked.proposed_by:
        send(
            "directory/correction_decided",
            locked.proposed_by.email,
            {"offer": offer.name, "approved": approve, "text": locked.decision_text},
        )
    return locked
