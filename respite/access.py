"""What caregivers and consultants may open of requests (the fetch-and-authorise part of the
access layer for respite; who is a consultant at all: accounts/access.py). Another
caregiver's draft or request, or another municipality's, is 404."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import RoleKind
from directory.models import Municipality
from respite.models import ContactPerson, Referral, RequestDraft, RespiteRequest
from selfcheck.models import Sharing

PENDING_KEY = "respite-pending"  # a step sent while signed out, applied after signing in


def caregiver_sign_in_required(view):
    """Like login_required, for the request steps: a caregiver whose session expired, or who
    signed out in another tab, signs in by code and comes back to the same step with every
    answer kept (the draft is on the server). A step sent while signed out is kept in the
    session meanwhile and saved after signing in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST" and "slug" in kwargs:
            request.session[PENDING_KEY] = {
                "draft": str(kwargs["draft"]),
                "step": kwargs["slug"],
                "data": {
                    key: values
                    for key, values in request.POST.lists()
                    if key != "csrfmiddlewaretoken"
                },
            }
        messages.info(
            request,
            _(
                "U bent niet meer ingelogd, bijvoorbeeld omdat u een tijd niets deed. Log "
                "opnieuw in met een code. Uw antwoorden zijn bewaard."
            ),
        )
        back = request.path + "?" + urlencode({"weer": "1"})
        return redirect(reverse("account_request_login_code") + "?" + urlencode({"next": back}))

    return wrapped


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
    return get_object_or_404(Referral.objects.filter(respite_request=respite_request), pk=pk)


def municipality_for_consultant(user, slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.with_role(user, RoleKind.CONSULTANT), slug=slug)


def self_checks_shared(*, consultant, caregiver, municipality) -> bool:
    """The consultant is this caregiver's fixed contact person there, and may see the results."""
    return (
        caregiver is not None
        and ContactPerson.objects.filter(
            caregiver=caregiver,
            municipality=municipality,
            consultant=consultant,
            ended_at__isnull=True,
        ).exists()
        and Sharing.objects.filter(
            caregiver=caregiver, municipality=municipality, revoked_at__isnull=True
        ).exists()
    )
