"""What a referrer may open (the fetch-and-authorise part of the access layer for referrers;
who is a referrer at all: accounts/access.py). Only the handovers they started themselves:
a colleague's, another organisation's or another municipality's is 404."""

from django.shortcuts import get_object_or_404

from accounts.choices import RoleKind
from referrers.models import Handover, ReferrerOrganisation


def own_handovers(user):
    return Handover.objects.filter(referrer=user, organisation=user.referrer_organisation)


def own_handover(user, pk) -> Handover:
    return get_object_or_404(
        own_handovers(user).select_related("municipality", "organisation", "respite_request"),
        pk=pk,
    )


def organisation_for_editor(user, pk: int) -> ReferrerOrganisation:
    """An organisation serving a municipality whose catalogue the user edits (superusers:
    any); else 404."""
    organisations = ReferrerOrganisation.objects.all()
    if not user.is_superuser:
        organisations = organisations.filter(
            municipalities__in=user.municipalities_as(RoleKind.EDITOR)
        ).distinct()
    return get_object_or_404(organisations, pk=pk)
