"""The caregiver's side: ask for respite, and 'Mijn aanvragen'."""

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.csrf import csrf_failure as plain_csrf_failure
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.cache import catalogue_version
from directory.cards import municipality_listing
from directory.choices import Kind, OfferStatus
from directory.earliest import earliest_start
from directory.lookup import find_municipality
from directory.models import Offer
from directory.nights import free_nights
from portal.i18n import like_the_mail
from respite import steps
from respite.access import PENDING_KEY, caregiver_sign_in_required, own_draft, own_request
from respite.choices import (
    OPEN_STATUSES,
    TRANSITIONS,
    ReferralStatus,
    SettlingState,
    Status,
    Urgency,
)
from respite.forms import (
    LIST_ANSWERS,
    AddInformationForm,
    CheckInForm,
    RespiteRequestForm,
    SettlingStopForm,
    WithdrawForm,
    answer_in_words,
    saved_in_words,
)
from respite.models import (
    CheckIn,
    ContactPerson,
    NightHold,
    Referral,
    RequestDraft,
    RespiteRequest,
    SavedAnswers,
    group_access_log,
)
from respite.services.checkins import check_in_answer
from respite.services.holds import hold_night, hold_release
from respite.services.privacy import caregiver_data, caregiver_delete_account
from respite.services.referrals import nights_by_year, nights_per_year, settling_stop
from respite.services.requests import (
    RequestError,
    answers_forget,
    answers_save,
    request_add_information,
    request_submit,
)
from respite.services.withdrawal import request_withdraw
from selfcheck.services import self_check_data

OFFER_KEY = "respite-offer"  # the offer a request was started from, kept over signing in
RESUMED = gettext_lazy(
    "U bent weer ingelogd. Uw antwoorden zijn bewaard: u gaat verder waar u was."
)


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
    if not draft.answers and request.user.saved_answers.exists():
        return redirect("respite:request_saved", draft=draft.pk)  # "Klopt dit nog?"
    return redirect(_step_url(draft, steps.STEPS[0].slug))


@caregiver_sign_in_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_saved(request: HttpRequest, draft: uuid.UUID) -> HttpResponse:
    """'Klopt dit nog?': the answers the caregiver kept last time, for this naaste or another;
    or fill everything in anew. Nothing is chosen for them."""
    draft = own_draft(request.user, draft)
    if draft.submitted_id:
        return _already_sent(request, draft)
    saved = [
        (one, rows)
        for one in request.user.saved_answers.order_by("-saved_at")
        if (rows := saved_in_words(one))
    ]
    if not saved:
        return redirect(_step_url(draft, steps.STEPS[0].slug))
    error = ""
    if request.method == "POST":
        choice = request.POST.get("keuze", "")
        chosen = next((one for one, _rows in saved if str(one.pk) == choice), None)
        if choice == "opnieuw":
            return redirect(_step_url(draft, steps.STEPS[0].slug))
        if chosen is not None:
            draft.answers = dict(chosen.answers)
            draft.done = sorted(SavedAnswers.STEPS)
            draft.save(update_fields=["answers", "done", "updated_at"])
            first_open = next(
                s for s in steps.applicable(draft.answers) if s.slug not in draft.done
            )
            messages.info(
                request,
                _(
                    "Uw antwoorden van de vorige keer staan klaar. U vult nu alleen in wat "
                    "deze keer nodig is; aan het eind kunt u alles nog wijzigen."
                ),
            )
            return redirect(_step_url(draft, first_open.slug))
        error = _("Kies of de antwoorden nog kloppen, of vul alles opnieuw in.")
    return render(
        request, "respite/request_saved.html", {"draft": draft, "saved": saved, "error": error}
    )


@require_POST
@login_required
def saved_forget(request: HttpRequest, pk: int) -> HttpResponse:
    if answers_forget(caregiver=request.user, pk=pk):
        messages.success(request, _("Uw bewaarde antwoorden zijn gewist."))
    return redirect("respite:my_requests")


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


def _take_pending(request: HttpRequest, draft: RequestDraft, step) -> tuple[QueryDict | None, bool]:
    """What this caregiver sent for this step while signed out, if anything; and whether it
    may only be shown again (it failed the CSRF check, see csrf_failure), not saved."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("draft") != str(draft.pk) or pending.get("step") != step.slug:
        return None, False
    request.session.pop(PENDING_KEY, None)
    return _as_querydict(pending.get("data") or {}), bool(pending.get("only_show"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. Signing in again in another tab gives a new CSRF token, so a request
    step still open in this tab fails the check (issue 27.2): its owner gets the step back
    with the answers filled in but not saved, or 'al ontvangen' for a draft already sent.
    Everything else gets the plain 'Dit formulier is verlopen' page."""
    return _draft_post_kept(request, reason) or plain_csrf_failure(request, reason=reason)


def _draft_post_kept(request: HttpRequest, reason: str) -> HttpResponse | None:
    # Only when the origin checks passed and just the token is stale or gone: never for a
    # post from another site. The posted answers are only shown again, never saved.
    token_only = reason == REASON_NO_CSRF_COOKIE or reason.startswith("CSRF token from POST")
    if request.method != "POST" or not token_only or not request.user.is_authenticated:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name not in ("respite:request_step", "respite:request_check"):
        return None
    try:
        draft = own_draft(request.user, match.kwargs["draft"])
    except Http404:
        return None  # not theirs: the plain page, nothing of the draft
    if draft.submitted_id:
        return _already_sent(request, draft)
    if match.view_name == "respite:request_check":
        messages.info(
            request,
            _(
                "Uw aanvraag is nog niet verstuurd. Dat komt doordat u opnieuw bent ingelogd, "
                "bijvoorbeeld in een ander tabblad. Kijk alles na en klik dan nog een keer op "
                "'Aanvraag versturen'."
            ),
        )
        return redirect("respite:request_check", draft=draft.pk)
    step = steps.BY_SLUG.get(match.kwargs["slug"])
    if step is None:
        return None
    request.session[PENDING_KEY] = {
        "draft": str(draft.pk),
        "step": step.slug,
        "data": {key: values for key, values in request.POST.lists() if key in step.fields},
        "only_show": True,
    }
    return redirect(_step_url(draft, step.slug, changing=request.GET.get("wijzigen") == "1"))


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
    pending, only_show = (
        (None, False) if request.method == "POST" else _take_pending(request, draft, step)
    )
    data = request.POST if request.method == "POST" else None if only_show else pending
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
        shown = answers
        if only_show:  # what was sent with a stale CSRF token: filled in, saved only when sent
            shown = {k: v for k, v in answers.items() if k not in step.fields}
            shown.update(pending.lists())
        form = RespiteRequestForm(
            initial={k: v if k in LIST_ANSWERS else v[0] for k, v in shown.items() if v},
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
            "only_show": only_show,
            "offer": draft.offer,
            "call_now": _call_now(answers) if step.slug == "spoed" else None,
            "naaste_municipality": _where(answers) if step.slug == "logeren" else None,
        },
    )


def _where(answers):
    """The naaste's municipality from the answers so far, or None."""
    where = (answers.get("where") or [""])[0]
    return find_municipality(where).municipality if where else None


def _call_now(answers) -> dict | None:
    """On the spoed step: whom to call now (issue 25.4), the loket while it is open, else the
    municipality's number for when it is closed, and the crisis places serving it."""
    municipality = _where(answers)
    return _call_now_in(municipality) if municipality else None


def _call_now_in(municipality) -> dict:
    _municipality, _rows, crisis = municipality_listing(municipality.slug, catalogue_version())
    return {"municipality": municipality, "open": municipality.loket_is_open(), "crisis": crisis}


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
        if request.POST.get("bewaren") == "ja":  # the caregiver's own choice, never pre-ticked
            answers_save(caregiver=request.user, answers=draft.answers)
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
    wants_stay = Kind.LOGEERZORG.value in form.cleaned_data.get("kinds", [])
    earliest = earliest_start(
        today=timezone.localdate(),
        municipality=form.municipality,
        offer=offer,
        urgent=form.cleaned_data.get("urgency") == Urgency.URGENT,
        nights_used=(
            nights_per_year(RespiteRequest(caregiver=request.user)) if wants_stay else None
        ),
    )
    start = form.cleaned_data.get("start_date")
    if offer and offer.notice_days and start:
        bookable = timezone.localdate() + timedelta(days=offer.notice_days)
        if start < bookable:
            notice = {"offer": offer, "earliest": bookable}
    return render(
        request,
        "respite/request_check.html",
        {
            "rows": _check_rows(form, draft),
            "draft": draft,
            "offer": offer,
            "notice": notice,
            "municipality": form.municipality,
            "earliest": earliest,
        },
    )


def _check_rows(form: RespiteRequestForm, draft: RequestDraft) -> list[dict]:
    """Each question that applies, its answer in words (labels, dates written out)."""
    answers = {k: form.data.getlist(k) for k in form.data}
    rows = []
    for step in steps.applicable(answers):
        change = _step_url(draft, step.slug, changing=True)
        for question in step.questions:
            values = [answer_in_words(form, name) for name in question.fields]
            if len(question.fields) == 1:
                label = form[question.fields[0]].label
            else:
                label = question.legend or form[question.fields[0]].label
            if question.boxes:
                shown = [form[n].label for n in question.fields if form.cleaned_data.get(n)]
            elif "start_date" in question.fields:
                shown = [_date_range(form)] if form.cleaned_data.get("start_date") else []
                shown += [
                    value
                    for name, value in zip(question.fields, values, strict=True)
                    if value and name not in ("start_date", "end_date")
                ]
            else:
                shown = [v for v in values if v]
            rows.append(
                {"label": label, "values": shown, "change": change, "several": question.boxes}
            )
    return rows


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
    requests_ = (
        RespiteRequest.objects.visible_to(request.user)
        .select_related("municipality")
        .annotate(
            has_place=Exists(
                Referral.objects.filter(respite_request=OuterRef("pk"), status__in=_PLACED)
            )
        )
    )
    contacts = ContactPerson.objects.filter(
        caregiver=request.user, ended_at__isnull=True
    ).select_related("consultant", "municipality")
    drafts = RequestDraft.objects.filter(caregiver=request.user, submitted__isnull=True).exclude(
        answers={}
    )[:20]
    return render(
        request,
        "respite/my_requests.html",
        {
            "requests": requests_,
            "OPEN_STATUSES": OPEN_STATUSES,
            "contacts": contacts,
            "drafts": drafts,
            "saved": [
                (one, saved_in_words(one)) for one in request.user.saved_answers.order_by("pk")
            ],
        },
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
        respite_request.referrals.select_related(
            "offer__provider", "location", "provider_contact", "check_in"
        ).prefetch_related("settling_steps"),
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
            "withdraw_form": WithdrawForm(),
            "holds": _holds(respite_request),
            "NightHold": NightHold,
            "holdable": _holdable_nights(respite_request),
            # An urgent request still waiting: whom to call now stays on its page (a walk
            # found the crisis bed gone once the request was sent).
            "call_now": _call_now_in(respite_request.municipality)
            if respite_request.urgency == Urgency.URGENT
            and respite_request.status in (Status.SUBMITTED, Status.IN_PROGRESS)
            else None,
        },
    )


def _holds(respite_request) -> list[NightHold]:
    return list(respite_request.night_holds.active().select_related("offer").order_by("night"))


@dataclass(frozen=True)
class Holdable:
    offer: Offer
    nights: list
    in_period: bool  # False: none free in the period asked for; these are the next ones


def _holdable_nights(respite_request) -> list[Holdable]:
    """Free nights the caregiver may ask a house to hold (issue 25.3): at the house they asked
    for and the houses their consultant linked, while the request is open; in the period the
    caregiver asked for, else (none free then) the next free nights, said as such."""
    if respite_request.status not in OPEN_STATUSES or Kind.LOGEERZORG not in (
        respite_request.kinds or []
    ):
        return []
    if respite_request.referrals.filter(
        status__in=(ReferralStatus.ACCEPTED, ReferralStatus.STARTED)
    ).exists():
        return []  # a house said yes: nothing left to hold
    offers = {o.pk: o for o in respite_request.linked_offers.filter(kind=Kind.LOGEERZORG)}
    if respite_request.offer and respite_request.offer.kind == Kind.LOGEERZORG:
        offers[respite_request.offer.pk] = respite_request.offer
    today = timezone.localdate()
    found = []
    for offer in sorted(offers.values(), key=lambda o: o.name):
        if offer.status != OfferStatus.PUBLISHED:
            continue
        nights, in_period = [], False
        if respite_request.start_date:
            period = (respite_request.start_date, respite_request.end_date)
            nights = free_nights(offer, today, between=period)
            in_period = bool(nights)
        nights = nights or free_nights(offer, today)
        if nights:
            found.append(Holdable(offer, nights, in_period or not respite_request.start_date))
    return found


@require_POST
@login_required
def night_hold(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = own_request(request.user, reference)
    choice = request.POST.get("nacht", "")
    offers = {str(h.offer.pk): (h.offer, h.nights) for h in _holdable_nights(respite_request)}
    offer_pk, _sep, night = choice.partition(":")
    found = offers.get(offer_pk)
    chosen = (
        next((n.night for n in found[1] if n.night.isoformat() == night), None) if found else None
    )
    if chosen is None:
        messages.error(request, _("Kies een nacht uit de lijst."))
        return redirect(respite_request.get_absolute_url() + "#vasthouden")
    try:
        hold = hold_night(
            respite_request=respite_request, offer=found[0], night=chosen, by=request.user
        )
    except RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(house)s houdt de nacht van %(night)s voor u vast tot %(until)s.")
            % {
                "house": hold.offer.name,
                "night": date_format(hold.night, "l j F"),
                "until": date_format(timezone.localtime(hold.expires_at), "l j F, H:i"),
            },
        )
    return redirect(respite_request.get_absolute_url() + "#vasthouden")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def settling_stop_view(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """'Mijn naaste wil niet verder': the caregiver stops the settling-in path, after a page
    that says what stops and who hears (one tap on a phone was too easy; a walk found)."""
    respite_request = own_request(request.user, reference)
    referral = get_object_or_404(
        respite_request.referrals.select_related("offer", "location"), pk=pk
    )
    form = SettlingStopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            settling_stop(referral=referral, by=request.user, note=form.cleaned_data["note"])
        except RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Het wennen is gestopt. Uw contactpersoon krijgt bericht en belt u."),
            )
        return redirect(respite_request)
    planned = [s for s in referral.settling_steps.all() if s.state == SettlingState.PLANNED]
    if not planned and request.method != "POST":
        messages.error(request, _("Er is geen geplande stap meer om te stoppen."))
        return redirect(respite_request)
    return render(
        request,
        "respite/settling_stop.html",
        {"req": respite_request, "referral": referral, "planned": planned, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def night_hold_release(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    respite_request = own_request(request.user, reference)
    hold = get_object_or_404(respite_request.night_holds, pk=pk)
    hold_release(hold=hold)
    messages.success(request, _("De nacht is weer vrij voor anderen."))
    return redirect(respite_request.get_absolute_url() + "#vasthouden")


@require_POST
@login_required
def request_withdraw_view(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = own_request(request.user, reference)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(respite_request)
    try:
        request_withdraw(
            respite_request=respite_request,
            caregiver=request.user,
            reason=form.cleaned_data["reason"],
        )
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
                respite_request=respite_request,
                caregiver=request.user,
                text=form.cleaned_data["text"],
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


@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """Three short questions after a stay, from the mail's link: no sign-in, once. A wrong or
    expired link gets a page that says what to do instead."""
    found = CheckIn.from_token(token)
    if found is None:
        return render(request, "respite/check_in_unknown.html", status=404)
    referral = found.referral
    caregiver = referral.respite_request.caregiver
    like_the_mail(request, caregiver.language if caregiver else None)
    context = {"check_in": found, "house": referral.house_name, "req": referral.respite_request}
    if found.answered_at:
        return render(request, "respite/check_in_done.html", context)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = check_in_answer(check_in=found, **form.cleaned_data)
        except RequestError:  # answered in another tab a moment ago: that answer stands
            found.refresh_from_db()
            return render(request, "respite/check_in_done.html", context)
        context.update(check_in=answered, just_now=True)
        return render(request, "respite/check_in_done.html", context)
    return render(request, "respite/check_in.html", {**context, "form": form})
