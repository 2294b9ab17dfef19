"""The caregiver's side: ask for respite, and 'Mijn aanvragen'."""

import json
import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Offer
from providers.services import nights_used
from respite.choices import OPEN_STATUSES, TRANSITIONS, Status
from respite.forms import AddInformationForm, RespiteRequestForm
from respite.models import ContactPerson, RespiteRequest, group_access_log
from respite.services import (
    RequestError,
    caregiver_data,
    caregiver_delete_account,
    request_add_information,
    request_submit,
    request_withdraw,
)

DRAFT_KEY = "respite-draft"


def _draft_offer(request: HttpRequest) -> Offer | None:
    offer_id = request.session.get(DRAFT_KEY, {}).get("offer")
    offers = Offer.objects.published().select_related("municipality")
    return offers.filter(pk=offer_id).first() if offer_id else None


def _draft_form(request: HttpRequest) -> RespiteRequestForm | None:
    draft = request.session.get(DRAFT_KEY, {})
    if not draft.get("data"):
        return None
    data = QueryDict(mutable=True)
    for key, values in draft["data"].items():
        data.setlist(key, values)
    return RespiteRequestForm(data)


@require_http_methods(["GET", "HEAD", "POST"])
def request_start(request: HttpRequest) -> HttpResponse:
    """The form; answers live in the session until sent, so errors and Back lose nothing."""
    offer_id = request.GET.get("aanbod", "")
    if offer_id.isdigit() and len(offer_id) < 19:
        draft = request.session.get(DRAFT_KEY, {})
        draft["offer"] = int(offer_id)
        request.session[DRAFT_KEY] = draft
    if not request.user.is_authenticated:
        return render(request, "respite/request_login_first.html", {"offer": _draft_offer(request)})
    if request.method == "POST":
        form = RespiteRequestForm(request.POST)
        draft = request.session.get(DRAFT_KEY, {})
        draft["data"] = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
        draft.setdefault("key", uuid.uuid4().hex)  # one request per filled-in form
        request.session[DRAFT_KEY] = draft
        if form.is_valid():
            return redirect("respite:request_check")
    else:
        # Coming back (Back button, "Antwoorden wijzigen"): the earlier answers, no errors yet.
        answers = request.session.get(DRAFT_KEY, {}).get("data", {})
        form = RespiteRequestForm(
            initial={k: v if k == "kinds" else v[0] for k, v in answers.items() if v}
        )
    return render(
        request, "respite/request_form.html", {"form": form, "offer": _draft_offer(request)}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, with a dated warning when the dates fall inside a notice period."""
    form = _draft_form(request)
    if form is None or not form.is_valid():
        return redirect("respite:request_start")
    offer = _draft_offer(request)
    if request.method == "POST":
        data = {k: v for k, v in form.cleaned_data.items() if k != "where"}
        submitted = request_submit(
            caregiver=request.user,
            data=data,
            municipality=form.municipality,
            offer=offer,
            submission_key=request.session[DRAFT_KEY].get("key"),
        )
        request.session.pop(DRAFT_KEY, None)
        messages.success(
            request,
            _("Uw aanvraag is verstuurd. Uw referentienummer is %(ref)s. U krijgt ook een e-mail.")
            % {"ref": submitted.reference},
        )
        return redirect(submitted)
    notice = None
    start = form.cleaned_data.get("start_date")
    if offer and offer.notice_days and start:
        earliest = timezone.localdate() + timedelta(days=offer.notice_days)
        if start < earliest:
            notice = {"offer": offer, "earliest": earliest}
    return render(
        request,
        "respite/request_check.html",
        {"form": form, "offer": offer, "notice": notice, "municipality": form.municipality},
    )


@require_safe
@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    requests_ = RespiteRequest.objects.visible_to(request.user).select_related("municipality")
    contacts = ContactPerson.objects.filter(
        caregiver=request.user, ended_at__isnull=True
    ).select_related("consultant", "municipality")
    return render(
        request, "respite/my_requests.html", {"requests": requests_, "contacts": contacts}
    )


def _own_request(request: HttpRequest, reference: str) -> RespiteRequest:
    return get_object_or_404(
        RespiteRequest.objects.visible_to(request.user).select_related(
            "municipality", "offer", "assigned_to"
        ),
        reference=reference,
    )


@require_safe
@login_required
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = _own_request(request, reference)
    contact = (
        ContactPerson.objects.filter(
            caregiver=request.user, municipality=respite_request.municipality, ended_at__isnull=True
        )
        .select_related("consultant")
        .first()
    )
    raw_log = list(respite_request.access_log.select_related("user")[:500])
    return render(
        request,
        "respite/request_detail.html",
        {
            "req": respite_request,
            "timeline": respite_request.timeline.all(),
            "access_visits": group_access_log(raw_log),
            "referrals": respite_request.referrals.select_related("provider", "provider_contact"),
            "nights_used": nights_used(respite_request, timezone.localdate().year),
            "year": timezone.localdate().year,
            "access_log": raw_log,
            "contact": contact,
            "is_open": respite_request.status in OPEN_STATUSES,
            "can_withdraw": Status.WITHDRAWN in TRANSITIONS[respite_request.status],
            "info_form": AddInformationForm(),
        },
    )


@require_POST
@login_required
def request_withdraw_view(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = _own_request(request, reference)
    try:
        request_withdraw(request=respite_request, caregiver=request.user)
    except RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Uw aanvraag is ingetrokken."))
    return redirect(respite_request)


@require_POST
@login_required
def request_add_info_view(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = _own_request(request, reference)
    form = AddInformationForm(request.POST)
    if form.is_valid():
        try:
            request_add_information(
                request=respite_request, caregiver=request.user, text=form.cleaned_data["text"]
            )
        except RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Uw informatie is toegevoegd."))
    else:
        messages.error(request, _("Schrijf wat u wilt toevoegen."))
    return redirect(respite_request)


@require_safe
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(caregiver_data(user=request.user), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.user.is_staff_member:
        messages.error(request, _("Medewerkersaccounts verwijdert de beheerder."))
        return redirect("respite:my_requests")
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        user = request.user
        logout(request)
        caregiver_delete_account(user=user)
        messages.success(request, _("Uw account is verwijderd. Uw aanvragen zijn geanonimiseerd."))
        return redirect("directory:home")
    return render(request, "respite/delete_account.html")
