"""What caregivers and consultants may open of requests (the fetch-and-authorise part of the
access layer for respite; who is a consultant at all: accounts/access.py). Another
caregiver's draft or request, or another municipality's, is 404."""

from django.shortcuts import get_object_or_404

from accounts.choices import RoleKind
from directory.models import Municipality
from providers.models import Referral
from respite.models import RequestDraft, RespiteRequest


def own_draft(user, draft_id) -> RequestDraft:
    """The signed-in caregiver's own draft."""
    return get_object_or_404(
        RequestDraft.objects.filter(caregiver=user).select_related(
            "offer__municipality", "submitted"
        ),
        pk=draft_id,
    )


def own_request(user, reference: str) -> RespiteRequest:
    """A request the caregiver made (or was made for them by phone)."""
    return get_object_or_404(
        RespiteRequest.objects.visible_to(user).select_related(
            "municipality", "offer", "assigned_to"
        ),
        reference=reference,
    )


def request_for_consultant(user, reference: str) -> RespiteRequest:
    """A request of a municipality where the user is a consultant."""
    return get_object_or_404(
        RespiteRequest.objects.for_consultant(user).select_related(
            "municipality", "caregiver", "assigned_to", "offer"
        ),
        reference=reference,
    )


def referral_for_consultant(user, reference: str, pk: int) -> Referral:
    respite_request = request_for_consultant(user, reference)
    return get_object_or_404(Referral.objects.filter(request=respite_request), pk=pk)


def municipality_for_consultant(user, slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.with_role(user, RoleKind.CONSULTANT), slug=slug)
