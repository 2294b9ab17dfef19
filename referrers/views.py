"""The referrer's pages (/verwijzer/): start a request with a caregiver, ask their consent,
and follow what happens; and the caregiver's way to withdraw that consent from their request
page. The consultant's side lives in referrers/werkbak.py, the editor's in beheer.py."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import Staff, role_required
from portal.i18n import later
from portal.pdf import pdf_response
from referrers.access import own_handover, own_handovers
from referrers.choices import CODE_MINUTES, ConsentWay, HandoverState
from referrers.forms import AloudForm, CodeForm, ReferrerRequestForm
from referrers.models import Handover
from referrers.services import (
    HandoverError,
    consent_text,
    consent_withdraw,
    handover_confirm_code,
    handover_consent_aloud,
    handover_discard,
    handover_form,
    handover_send_code,
    handover_start,
    handover_update,
    saved_lookup_check,
    saved_lookup_email,
    saved_lookup_send,
)
from referrers.status import status_line
from respite.access import own_request
from respite.forms import LIST_ANSWERS, saved_in_words, saved_initial
from respite.services.requests import request_open_details, saved_answers_for
from respite.werkbak.forms import SavedLookupForm


@require_safe
@role_required(Staff.REFERRER)
def home(request: HttpRequest) -> HttpResponse:
    """The requests this referrer started: waiting for consent, sent (with their status
    line), or no longer theirs to see."""
    handovers = list(
        own_handovers(request.user)
        .select_related(
            "municipality",
            "respite_request__assigned_to",
            "respite_request__municipality",
        )
        .prefetch_related(
            "respite_request__referrals__location",
            "respite_request__referrals__offer",
            "respite_request__referrals__settling_steps",
        )[:200]
    )
    rows = [
        {
            "handover": handover,
            "line": status_line(handover.respite_request)
            if handover.state == HandoverState.SENT and handover.respite_request
            else None,
        }
        for handover in handovers
    ]
    return render(
        request,
        "referrers/home.html",
        {"rows": rows, "organisation": request.user.referrer_organisation},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.REFERRER)
def start(request: HttpRequest) -> HttpResponse:
    organisation = request.user.referrer_organisation
    step = request.POST.get("stap", "")
    if step in ("zoek", "code", "kies"):
        return _start_saved(request, organisation, step)
    form = ReferrerRequestForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        handover = handover_start(
            referrer=request.user, form=form, answers=_posted_answers(request, form)
        )
        return redirect("referrers:consent", pk=handover.pk)
    return _start_page(request, organisation, form)


def _start_page(request, organisation, form, **extra) -> HttpResponse:
    return render(
        request,
        "referrers/start.html",
        {
            "form": form,
            "organisation": organisation,
            "municipalities": organisation.municipalities.order_by("name"),
            "lookup": extra.pop("lookup", None) or SavedLookupForm(),
            **extra,
        },
    )


def _start_saved(request: HttpRequest, organisation, step: str) -> HttpResponse:
    """The answers a caregiver kept last time (issue 24.4), with their permission: the
    referrer asks for a code to their address, the caregiver gives it, and they read the
    kept answers together ("Klopt dit nog?"). The form then starts filled in."""
    municipalities = list(organisation.municipalities.all())
    empty = ReferrerRequestForm(organisation=organisation)
    if step == "zoek":
        lookup = SavedLookupForm(request.POST)
        if not lookup.is_valid():
            return _start_page(request, organisation, empty, lookup=lookup)
        try:
            saved_lookup_send(
                session=request.session, referrer=request.user, email=lookup.cleaned_data["email"]
            )
        except HandoverError as error:
            messages.error(request, str(error))
        return _start_page(request, organisation, empty, lookup=lookup, code_form=CodeForm())
    if step == "code":
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                email = saved_lookup_check(
                    session=request.session, code=code_form.cleaned_data["code"]
                )
            except HandoverError as error:
                code_form.add_error("code", str(error))
            else:
                return _saved_choice(request, email, municipalities)
        return _start_page(request, organisation, empty, code_form=code_form)
    email = saved_lookup_email(request.session)  # "kies": only after the right code
    if email is None:
        messages.error(request, _("Vraag eerst een code aan voor de bewaarde antwoorden."))
        return redirect("referrers:start")
    if request.POST.get("keuze") == "opnieuw":
        return _start_page(
            request,
            organisation,
            ReferrerRequestForm(initial={"intake_email": email}, organisation=organisation),
        )
    found = saved_answers_for(email, municipalities)
    chosen = next((s for s in found if str(s.pk) == request.POST.get("keuze", "")), None)
    if chosen is None:
        return _saved_choice(request, email, municipalities, error=_("Kies wat past."))
    initial = {
        **saved_initial(chosen),
        "intake_email": email,
        "intake_name": chosen.caregiver.get_full_name(),
    }
    messages.info(
        request,
        _("Ingevuld met wat de mantelzorger bewaarde. Pas samen aan wat veranderd is."),
    )
    return _start_page(
        request, organisation, ReferrerRequestForm(initial=initial, organisation=organisation)
    )


def _saved_choice(request, email: str, municipalities, error: str = "") -> HttpResponse:
    saved = [
        (one, rows)
        for one in saved_answers_for(email, municipalities)
        if (rows := saved_in_words(one))
    ]
    if not saved:
        messages.info(
            request,
            _(
                "De mantelzorger heeft geen bewaarde antwoorden over een naaste in uw "
                "gemeenten. Vul de aanvraag samen in."
            ),
        )
        organisation = request.user.referrer_organisation
        form = ReferrerRequestForm(initial={"intake_email": email}, organisation=organisation)
        return _start_page(request, organisation, form)
    return render(request, "referrers/saved.html", {"saved": saved, "email": email, "error": error})


def _posted_answers(request: HttpRequest, form: ReferrerRequestForm) -> dict:
    return {
        key: values
        for key, values in request.POST.lists()
        if key in form.fields and key != "csrfmiddlewaretoken"
    }


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.REFERRER)
def change(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Change a request that waits for the caregiver's yes: the same form, filled in."""
    handover = own_handover(request.user, pk)
    if handover.state != HandoverState.WAITING:
        return redirect("referrers:detail", pk=handover.pk)
    organisation = handover.organisation
    if request.method == "POST":
        form = ReferrerRequestForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                handover_update(
                    handover=handover, form=form, answers=_posted_answers(request, form)
                )
            except HandoverError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Gewijzigd. Lees het samen nog eens na."))
            return redirect("referrers:consent", pk=handover.pk)
    else:
        form = ReferrerRequestForm(
            initial={
                name: values if name in LIST_ANSWERS else values[0]
                for name, values in handover.answers.items()
                if values
            },
            organisation=organisation,
        )
    return _start_page(request, organisation, form, handover=handover)


@require_POST
@role_required(Staff.REFERRER)
def discard(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    handover = own_handover(request.user, pk)
    try:
        handover_discard(handover=handover)
    except HandoverError as error:
        messages.error(request, str(error))
        return redirect("referrers:detail", pk=handover.pk)
    messages.success(request, _("De aanvraag is weggegooid. Er is niets naar de gemeente gegaan."))
    return redirect("referrers:home")


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.REFERRER)
def consent(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """What will be sent, in words, and the caregiver's yes: the code from their e-mail, or
    the fixed text read aloud. Nothing reaches the municipality before."""
    handover = own_handover(request.user, pk)
    if handover.state != HandoverState.WAITING:
        return redirect("referrers:detail", pk=handover.pk)
    form = handover_form(handover)
    if not form.is_valid():
        messages.error(
            request,
            _(
                "Er klopt iets niet meer, bijvoorbeeld een datum die voorbij is. Vul het "
                "opnieuw in."
            ),
        )
    code_form = CodeForm(request.POST if request.POST.get("stap") == "code" else None)
    aloud_form = AloudForm(request.POST if request.POST.get("stap") == "voorlezen" else None)
    if request.method == "POST":
        step = request.POST.get("stap", "")
        try:
            if step == "stuur":
                handover_send_code(handover=handover)
                messages.success(
                    request,
                    _("De code is naar %(email)s gestuurd. Hij werkt %(minutes)s minuten.")
                    % {"email": handover.email, "minutes": CODE_MINUTES},
                )
                return redirect("referrers:consent", pk=handover.pk)
            if step == "code" and code_form.is_valid():
                sent = handover_confirm_code(
                    handover=handover,
                    code=code_form.cleaned_data["code"],
                    keep=request.POST.get("bewaren") == "ja",
                )
                return _sent(request, handover, sent)
            if step == "voorlezen" and aloud_form.is_valid():
                sent = handover_consent_aloud(handover=handover)
                return _sent(request, handover, sent)
        except HandoverError as error:
            (code_form if step == "code" else aloud_form).add_error(None, str(error))
            if step == "stuur":
                messages.error(request, str(error))
                return redirect("referrers:consent", pk=handover.pk)
    handover.refresh_from_db()
    return render(
        request,
        "referrers/consent.html",
        {
            "handover": handover,
            "form": form,
            "code_form": code_form,
            "aloud_form": aloud_form,
            "text": consent_text(handover),
        },
    )


def _sent(request: HttpRequest, handover: Handover, sent) -> HttpResponse:
    messages.success(
        request,
        _(
            "De aanvraag is met toestemming naar de gemeente %(name)s gestuurd "
            "(%(ref)s). U hoort hier en per e-mail hoe het gaat."
        )
        % {"name": sent.municipality.name, "ref": sent.reference},
    )
    return redirect("referrers:detail", pk=handover.pk)


@require_safe
@role_required(Staff.REFERRER)
def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The status line and the fixed contact: the referrer's view is logged where the
    caregiver sees who looked."""
    handover = own_handover(request.user, pk)
    line = None
    if handover.state == HandoverState.SENT and handover.respite_request:
        request_open_details(
            respite_request=handover.respite_request,
            user=request.user,
            reason=later(gettext_noop("Verwijzer: bekeek hoe het met de aanvraag gaat")),
        )
        line = status_line(handover.respite_request)
    return render(request, "referrers/detail.html", {"handover": handover, "line": line})


@require_safe
@role_required(Staff.REFERRER)
def letter(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    handover = own_handover(request.user, pk)
    if handover.state != HandoverState.SENT or handover.consent_way != ConsentWay.ALOUD:
        return redirect("referrers:detail", pk=handover.pk)
    return letter_pdf(request, handover)


def letter_pdf(request: HttpRequest, handover: Handover) -> HttpResponse:
    """The letter to a caregiver without e-mail: what was sent, the text they agreed to, and
    how to withdraw. Large print, the address where a window envelope shows it."""
    return pdf_response(
        request,
        "referrers/letter.html",
        {"handover": handover, "req": handover.respite_request, "today": timezone.localdate()},
        "brief-toestemming.pdf",
        language="nl",  # by post or handed out: Dutch (issue 26.5)
    )


# ---- The caregiver and the consultant --------------------------------------------------


@require_POST
@login_required
def caregiver_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = own_request(request.user, reference)
    try:
        handover = consent_withdraw(respite_request=respite_request, by=request.user)
    except HandoverError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("De toestemming is ingetrokken. %(name)s ziet niets meer van uw aanvraag.")
            % {"name": handover.referrer},
        )
    return redirect(respite_request)
