"""The caregiver's side: ask for respite, and 'Mijn aanvragen'."""

import json
import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Offer
from providers.choices import ReferralStatus
from providers.services import nights_by_year
from respite import steps
from respite.choices import OPEN_STATUSES, TRANSITIONS, ContactMethod, Status
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
from selfcheck.services import self_check_data

DRAFT_KEY = "respite-draft"


def _draft_offer(request: HttpRequest) -> Offer | None:
    offer_id = request.session.get(DRAFT_KEY, {}).get("offer")
    offers = Offer.objects.published().select_related("municipality")
    return offers.filter(pk=offer_id).first() if offer_id else None


def _answers(request: HttpRequest) -> dict[str, list[str]]:
    return request.session.get(DRAFT_KEY, {}).get("data", {})


def _as_querydict(answers: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in answers.items():
        data.setlist(key, values)
    return data


def _draft_form(request: HttpRequest) -> RespiteRequestForm | None:
    answers = _answers(request)
    return RespiteRequestForm(_as_querydict(answers)) if answers else None


@require_safe
def request_start(request: HttpRequest) -> HttpResponse:
    """The way in: remember the offer, ask to sign in first, then the first step."""
    offer_id = request.GET.get("aanbod", "")
    if offer_id.isdigit() and len(offer_id) < 19:
        draft = request.session.get(DRAFT_KEY, {})
        draft["offer"] = int(offer_id)
        request.session[DRAFT_KEY] = draft
    if not request.user.is_authenticated:
        return render(request, "respite/request_login_first.html", {"offer": _draft_offer(request)})
    return redirect("respite:request_step", slug=steps.STEPS[0].slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_step(request: HttpRequest, slug: str) -> HttpResponse:
    """One page of the form. Answers live in the session until sent: Back loses nothing."""
    step = steps.BY_SLUG.get(slug)
    answers = _answers(request)
    if step is None or not step.applies(answers):
        raise Http404
    changing = request.GET.get("wijzigen") == "1"
    if request.method == "POST":
        form = RespiteRequestForm(request.POST, only=step.fields)
        if form.is_valid():
            draft = request.session.get(DRAFT_KEY, {})
            kept = {k: v for k, v in answers.items() if k not in step.fields}
            posted = {k: v for k, v in request.POST.lists() if k in step.fields}
            draft["data"] = steps.without_inapplicable({**kept, **posted})
            draft.setdefault("key", uuid.uuid4().hex)  # one request per filled-in form
            draft["done"] = sorted({*draft.get("done", []), step.slug})
            request.session[DRAFT_KEY] = draft
            return redirect(_after(step, draft, changing))
    else:
        form = RespiteRequestForm(
            initial={k: v if k == "kinds" else v[0] for k, v in answers.items() if v},
            only=step.fields,
        )
    all_steps = steps.applicable(answers)
    previous = steps.previous_step(step, answers)
    return render(
        request,
        "respite/request_step.html",
        {
            "form": form,
            "step": step,
            "questions": [
                {"question": q, "fields": [form[name] for name in q.fields]} for q in step.questions
            ],
            "number": all_steps.index(step) + 1,
            "total": len(all_steps),
            "back": (
                reverse("respite:request_check")
                if changing
                else previous and reverse("respite:request_step", args=[previous.slug])
            ),
            "changing": changing,
            "offer": _draft_offer(request),
        },
    )


def _after(step: steps.Step, draft: dict, changing: bool) -> str:
    """The next page: the next step; after a change, a step that now applies, else the check."""
    answers, done = draft["data"], set(draft.get("done", []))
    if changing:
        new = [s for s in steps.applicable(answers) if s.slug not in done]
        if not new:
            return reverse("respite:request_check")
        return reverse("respite:request_step", args=[new[0].slug]) + "?wijzigen=1"
    following = steps.next_step(step, answers)
    if following is None:
        return reverse("respite:request_check")
    return reverse("respite:request_step", args=[following.slug])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, with a dated warning when the dates fall inside a notice period."""
    form = _draft_form(request)
    if form is None:
        return redirect("respite:request_start")
    if not form.is_valid():
        # A step was skipped (typed URL, expired session): go to the first one with a problem.
        first = next(s for s in steps.STEPS if any(name in form.errors for name in s.fields))
        return redirect("respite:request_step", slug=first.slug)
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
        {
            "rows": _check_rows(form),
            "offer": offer,
            "notice": notice,
            "municipality": form.municipality,
        },
    )


def _check_rows(form: RespiteRequestForm) -> list[dict]:
    """Each question that applies, its answer in words (labels, dates written out)."""
    answers = {k: form.data.getlist(k) for k in form.data}
    rows = []
    for step in steps.applicable(answers):
        change = reverse("respite:request_step", args=[step.slug]) + "?wijzigen=1"
        for question in step.questions:
            values = [_in_words(form, name) for name in question.fields]
            if len(question.fields) == 1:
                label = form[question.fields[0]].label
            else:
                label = question.legend or form[question.fields[0]].label
            if question.boxes:
                shown = [form[n].label for n in question.fields if form.cleaned_data.get(n)]
            elif question.fields == ("start_date", "end_date"):
                shown = [_date_range(form)] if form.cleaned_data.get("start_date") else []
            else:
                shown = [v for v in values if v]
            rows.append(
                {"label": label, "values": shown, "change": change, "several": question.boxes}
            )
    return rows


def _in_words(form: RespiteRequestForm, name: str) -> str:
    value = form.cleaned_data.get(name)
    if name == "where":
        return form.municipality.name
    if name == "kinds":
        labels = dict(form.fields["kinds"].choices)
        return ", ".join(str(labels[v]) for v in value)
    if name == "phone" and form.cleaned_data.get("contact_method") != ContactMethod.PHONE:
        return ""
    choices = getattr(form.fields[name], "choices", None)
    if choices and value:
        return str(dict(choices)[value])
    return str(value or "")


def _date_range(form: RespiteRequestForm) -> str:
    start, end = form.cleaned_data["start_date"], form.cleaned_data.get("end_date")
    if end:
        return _("Van %(start)s tot en met %(end)s") % {
            "start": date_format(start, "j F Y"),
            "end": date_format(end, "j F Y"),
        }
    return _("Vanaf %(start)s") % {"start": date_format(start, "j F Y")}


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


# A place found comes first, then what is still open, then what did not work out.
_REFERRAL_ORDER = {
    ReferralStatus.STARTED: 0,
    ReferralStatus.ACCEPTED: 0,
    ReferralStatus.COUNTER: 1,
    ReferralStatus.SENT: 1,
    ReferralStatus.COMPLETED: 2,
    ReferralStatus.DECLINED: 3,
    ReferralStatus.WITHDRAWN: 4,
}
_PLACED = {ReferralStatus.ACCEPTED, ReferralStatus.STARTED}


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
    referrals = sorted(
        respite_request.referrals.select_related("offer__provider", "location", "provider_contact"),
        key=lambda r: (_REFERRAL_ORDER.get(r.status, 9), r.created_at),
    )
    return render(
        request,
        "respite/request_detail.html",
        {
            "req": respite_request,
            "timeline": respite_request.timeline.all(),
            "access_visits": group_access_log(raw_log),
            "referrals": referrals,
            "placed": any(r.status in _PLACED for r in referrals),
            "nights_by_year": nights_by_year(respite_request),
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
    data = {**caregiver_data(user=request.user), **self_check_data(user=request.user)}
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
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
