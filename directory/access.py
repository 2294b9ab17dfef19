"""Which parts of the catalogue an editor may see and change in Beheer (the fetch-and-
authorise part of the access layer for the directory; who is an editor at all:
accounts/access.py). Not visible is 404; visible but another's, when changing, 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from directory.models import Feedback, Location, Municipality, Offer, OfferCorrection, Provider


def municipality_for_editor(user, slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.editable_by(user), slug=slug)


def offer_for_editor(user, pk: int, *, write: bool) -> Offer:
    """Not visible: 404. Visible (another municipality's regional offer) but read-only: 403."""
    offer = get_object_or_404(
        Offer.objects.visible_to_editor(user).select_related("municipality", "provider"), pk=pk
    )
    if write and not Offer.objects.editable_by(user).filter(pk=offer.pk).exists():
        raise PermissionDenied
    return offer


def feedback_for_editor(user, pk: int) -> Feedback:
    return get_object_or_404(
        Feedback.objects.filter(offer__in=Offer.objects.editable_by(user)).select_related("offer"),
        pk=pk,
    )


def provider_for_editor(user, pk: int) -> Provider:
    return get_object_or_404(
        Provider.objects.editable_by(user).select_related("municipality"), pk=pk
    )


def location_for_editor(user, pk: int) -> Location:
    return get_object_or_404(
        Location.objects.filter(provider__in=Provider.objects.editable_by(user)).select_related(
            "provider__municipality"
        ),
        pk=pk,
    )


def correction_for_editor(user, pk: int) -> OfferCorrection:
    return get_object_or_404(
        OfferCorrection.objects.filter(offer__in=Offer.objects.editable_by(user)).select_related(
            "offer__municipality", "offer__provider", "proposed_by"
        ),
        pk=pk,
    )
