"""The consultant's side of a referrer's handover, mounted in the werkbak
(/beheer/werkbak/<ref>/…): record a withdrawal of consent the caregiver gave by phone, print
the consent letter for a caregiver without e-mail, and record that it was posted."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import role_required
from accounts.choices import RoleKind
from referrers.choices import ConsentWay
from referrers.models import Handover
from referrers.services import HandoverError, consent_withdraw, letter_posted
from referrers.views import letter_pdf
from respite.access import request_for_consultant


@require_POST
@role_required(RoleKind.CONSULTANT)
def werkbak_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    """The caregiver called to withdraw their consent: the consultant records it."""
    respite_request = request_for_consultant(request.user, reference)
    try:
        consent_withdraw(respite_request=respite_request, by=request.user)
    except HandoverError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De toestemming voor de verwijzer is ingetrokken."))
    return redirect("werkbak:request", reference=reference)


@require_safe
@role_required(RoleKind.CONSULTANT)
def werkbak_letter(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = request_for_consultant(request.user, reference)
    handover = Handover.objects.filter(
        respite_request=respite_request, consent_way=ConsentWay.ALOUD
    ).first()
    if handover is None:
        messages.error(request, _("Voor deze aanvraag hoort geen brief."))
        return redirect("werkbak:request", reference=reference)
    return letter_pdf(request, handover)


@require_POST
@role_required(RoleKind.CONSULTANT)
def werkbak_letter_posted(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = request_for_consultant(request.user, reference)
    try:
        letter_posted(respite_request=respite_request, by=request.user)
    except HandoverError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Opgeslagen: de brief is verstuurd."))
    return redirect("werkbak:request", reference=reference)


urlpatterns = [
    path(
        "<str:reference>/verwijzer-intrekken/",
        werkbak_withdraw,
        name="referrer_werkbak_withdraw",
    ),
    path(
        "<str:reference>/toestemmingsbrief.pdf",
        werkbak_letter,
        name="referrer_werkbak_letter",
    ),
    path(
        "<str:reference>/brief-verstuurd/",
        werkbak_letter_posted,
        name="referrer_werkbak_letter_posted",
    ),
]
