"""The caregiver's side: ask for respite, and 'Mijn aanvragen'."""

import json
import uuid
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.choices import OfferStatus
from directory.models import Offer
from providers.choices import ReferralStatus
from providers.services import nights_by_year
from respite import steps
from respite.access import own_draft, own_request
from respite.choices import OPEN_STATUSES, TRANSITIONS, ContactMethod, Status
from respite.forms import AddInformationForm, RespiteRequestForm
from respite.models import ContactPerson, RequestDraft, RespiteRequest, group_access_log
from respite.services import (
    RequestError,
    caregiver_data,
    caregiver_delete_account,
    request_add_information,
    request_submit,
    request_withdraw,
)
from selfcheck.services import self_check_data

OFFER_KEY = "respite-offer"  # the offer a request was started from, kept over signing in
RESUMED = gettext_lazy(
    "U bent weer ingelogd. Uw antwoorden zijn bewaard: u gaat verder waar u was."
)
PENDING_KEY = "respite-pending"  # a step sent while signed out, applied after signing in


def _session_offer(request: HttpRequest) -> Offer | None:
    offer_id = request.session.get(OFFER_KEY)
    offers = Offer.objects.published().select_related("municipality")
    return offers.filter(pk=offer_id).first() if offer_id else None


def _as_querydict(answers: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in answers.items():
        data.setlist(key, values)
    return data


def _step_url(draft: RequestDraft, slug: str, changing: bool = False) -> str:
    url = reverse("respite:request_step", args=[draft.pk, slug])
    return url + "?wijzigen=1" if changing else url


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


@require_http_methods(["GET", "HEAD", "POST"])
def request_start(request: HttpRequest) -> HttpResponse:
    """The way in. Not signed in: remember the offer and ask to sign in first. Signed in: a
    new draft, or first the drafts not yet sent ('U heeft nog een aanvraag die niet is
    verstuurd'), so a second tab starts a second request instead of mixing the two."""
    offer_id = request.GET.get("aanbod", "") or request.POST.get("aanbod", "")
    if offer_id.isdigit() and len(offer_id) < 19:
        request.session[OFFER_KEY] = int(offer_id)
    if not request.user.is_authenticated:
        return render(
            request, "respite/request_login_first.html", {"offer": _session_offer(request)}
        )
    open_drafts = list(
        RequestDraft.objects.filter(caregiver=request.user, submitted__isnull=True)[:20]
    )
    started = [draft for draft in open_drafts if draft.answers]
    if request.method == "GET" and started:
        return render(
            request,
            "respite/request_drafts.html",
            {"drafts": started, "offer": _session_offer(request), "offer_id": offer_id},
        )
    empty = next((draft for draft in open_drafts if not draft.answers), None)
    draft = empty if empty and request.method == "GET" else None
    draft = draft or RequestDraft.objects.create(caregiver=request.user)
    offer = _session_offer(request)
    request.session.pop(OFFER_KEY, None)
    if offer is not None and draft.offer_id != offer.pk:
        draft.offer = offer
        draft.save(update_fields=["offer", "updated_at"])
    return redirect(_step_url(draft, steps.STEPS[0].slug))


@require_POST
@login_required
def draft_discard(request: HttpRequest, draft: uuid.UUID) -> HttpResponse:
    own = own_draft(request.user, draft)
    if own.submitted_id is None:
        own.delete()
        messages.success(request, _("De aanvraag die u nog niet had verstuurd, is weggegooid."))
    return redirect("respite:my_requests")


def _already_sent(request: HttpRequest, draft: RequestDraft) -> HttpResponse:
    """A step or the check page of a draft that was sent (a second tab, the back button, a
    resend after the first had gone through): say so and show it, never an error."""
    messages.info(
        request,
        _("Deze aanvraag is al ontvangen (%(ref)s). Hier ziet u hoe het ermee staat.")
        % {"ref": draft.submitted.reference},
    )
    return redirect(draft.submitted)


def _take_pending(request: HttpRequest, draft: RequestDraft, step) -> QueryDict | None:
    """What this caregiver sent for this step while signed out, if anything."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("draft") != str(draft.pk) or pending.get("step") != step.slug:
        return None
    request.session.pop(PENDING_KEY, None)
    return _as_querydict(pending.get("data") or {})


@caregiver_sign_in_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_step(request: HttpRequest, draft: uuid.UUID, slug: str) -> HttpResponse:
    """One page of the form. Answers are kept in the draft on the server: Back, another tab,
    an expired session or signing out lose nothing."""
    draft = own_draft(request.user, draft)
    if draft.submitted_id:
        return _already_sent(request, draft)
    step = steps.BY_SLUG.get(slug)
    answers = draft.answers
    if step is None or not step.applies(answers):
        raise Http404
    changing = request.GET.get("wijzigen") == "1"
    back_again = request.GET.get("weer") == "1"
    pending = None if request.method == "POST" else _take_pending(request, draft, step)
    data = request.POST if request.method == "POST" else pending
    if data is not None:
        form = RespiteRequestForm(data, only=step.fields)
        if form.is_valid():
            kept = {k: v for k, v in answers.items() if k not in step.fields}
            posted = {k: v for k, v in data.lists() if k in step.fields}
            draft.answers = steps.without_inapplicable({**kept, **posted})
            draft.done = sorted({*draft.done, step.slug})
            draft.step = step.slug
            draft.save(update_fields=["answers", "done", "step", "updated_at"])
            if pending is not None:  # sent while signed out, saved now
                messages.info(request, RESUMED)
            return redirect(_after(step, draft, changing))
    else:
        form = RespiteRequestForm(
            initial={k: v if k == "kinds" else v[0] for k, v in answers.items() if v},
            only=step.fields,
        )
        if draft.step != step.slug:
            draft.step = step.slug
            draft.save(update_fields=["step"])
    all_steps = steps.applicable(answers)
    previous = steps.previous_step(step, answers)
    return render(
        request,
        "respite/request_step.html",
        {
            "form": form,
            "draft": draft,
            "step": step,
            "questions": [
                {"question": q, "fields": [form[name] for name in q.fields]} for q in step.questions
            ],
            "number": all_steps.index(step) + 1,
            "total": len(all_steps),
            "back": (
                reverse("respite:request_check", args=[draft.pk])
                if changing
                else previous and _step_url(draft, previous.slug)
            ),
            "changing": changing,
            "back_again": back_again and (bool(answers) or pending is not None),
            "offer": draft.offer,
        },
    )


def _after(step: steps.Step, draft: RequestDraft, changing: bool) -> str:
    """The next page: the next step; after a change, a step that now applies, else the check."""
    answers, done = draft.answers, set(draft.done)
    check = reverse("respite:request_check", args=[draft.pk])
    if changing:
        new = [s for s in steps.applicable(answers) if s.slug not in done]
        return _step_url(draft, new[0].slug, changing=True) if new else check
    following = steps.next_step(step, answers)
    return check if following is None else _step_url(draft, following.slug)


@caregiver_sign_in_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_check(request: HttpRequest, draft: uuid.UUID) -> HttpResponse:
    """Check your answers, with a dated warning when the dates fall inside a notice period."""
    draft = own_draft(request.user, draft)
    if draft.submitted_id:
        return _already_sent(request, draft)
    if not draft.answers:
        return redirect(_step_url(draft, steps.STEPS[0].slug))
    form = RespiteRequestForm(_as_querydict(draft.answers))
    if not form.is_valid():
        # A step was skipped (a typed address): go to the first one with a problem.
        first = next(s for s in steps.STEPS if any(name in form.errors for name in s.fields))
        return redirect(_step_url(draft, first.slug))
    offer = draft.offer if draft.offer and draft.offer.status == OfferStatus.PUBLISHED else None
    if request.method == "POST":
        data = {k: v for k, v in form.cleaned_data.items() if k != "where"}
        submitted = request_submit(
            caregiver=request.user,
            data=data,
            municipality=form.municipality,
            offer=offer,
            submission_key=draft.pk.hex,  # this draft, sent twice, is one request
        )
        # The answers now live in the request; the draft keeps only where it went, so a resend
        # from another tab or the back button says "al ontvangen".
        RequestDraft.objects.filter(pk=draft.pk).update(submitted=submitted, answers={}, done=[])
        messages.success(
            request,
            _("Uw aanvraag is verstuurd. Uw referentienummer is %(ref)s. U krijgt ook een e-mail.")
            % {"ref": submitted.reference},
        )
        return redirect(submitted)
    notice = None
    if request.GET.get("weer") == "1":  # 'Aanvraag versturen' was pressed while signed out
        messages.info(
            request,
            _(
                "U bent weer ingelogd. Uw antwoorden zijn bewaard. Uw aanvraag is nog niet "
                "verstuurd: kijk alles na en klik dan op 'Aanvraag versturen'."
            ),
        )
    start = form.cleaned_data.get("start_date")
    if offer and offer.notice_days and start:
        earliest = timezone.localdate() + timedelta(days=offer.notice_days)
        if start < earliest:
            notice = {"offer": offer, "earliest": earliest}
    return render(
        request,
        "respite/request_check.html",
        {
            "rows": _check_rows(form, draft),
            "draft": draft,
            "offer": offer,
            "notice": notice,
            "municipality": form.municipality,
        },
    )


def _check_rows(form: RespiteRequestForm, draft: RequestDraft) -> list[dict]:
    """Each question that applies, its answer in words (labels, dates written out)."""
    answers = {k: form.data.getlist(k) for k in form.data}
    rows = []
    for step in steps.applicable(answers):
        change = _step_url(draft, step.slug, changing=True)
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
    drafts = RequestDraft.objects.filter(caregiver=request.user, submitted__isnull=True).exclude(
        answers={}
    )[:20]
    return render(
        request,
        "respite/my_requests.html",
        {"requests": requests_, "contacts": contacts, "drafts": drafts},
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
    respite_request = own_request(request.user, reference)
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
    respite_request = own_request(request.user, reference)
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
    respite_request = own_request(request.user, reference)
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
