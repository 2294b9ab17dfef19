"""The consultants' work queue ('Werkbak') and request page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import role_required
from accounts.choices import RoleKind
from directory.models import Municipality, Offer, Provider
from portal.i18n import later
from portal.pdf import pdf_response
from respite.access import (
    municipality_for_consultant,
    referral_for_consultant,
    request_for_consultant,
    self_checks_shared,
)
from respite.choices import OPEN_STATUSES, ReferralStatus, Urgency
from respite.deadlines import deadline_for
from respite.forms import saved_in_words, saved_initial
from respite.insight import team_figures
from respite.matching import matching_offers, wish_fit
from respite.models import ContactPerson, Referral, RespiteRequest
from respite.services.referrals import (
    nights_by_year,
    referral_accept_counter,
    referral_create,
    stay_in_words,
)
from respite.services.referrals import referral_withdraw as referral_withdraw_service
from respite.services.requests import (
    RequestError,
    active_contact_person,
    contact_end,
    request_ask_information,
    request_claim,
    request_close,
    request_decide,
    request_hand_over,
    request_intake,
    request_invite_caregiver,
    request_link_offer,
    request_note,
    request_open_details,
    request_take_over,
    require_holder,
    saved_answers_for,
)
from respite.werkbak.forms import (
    DecisionForm,
    HandOverForm,
    IntakeForm,
    InviteCaregiverForm,
    NoteForm,
    QuestionForm,
    QueueFilterForm,
    ReferForm,
    SavedLookupForm,
    TakeOverForm,
)
from selfcheck.chart import date_label, score_chart
from selfcheck.services import self_checks_open
from selfcheck.statements import SOURCE


@require_safe
@role_required(RoleKind.CONSULTANT)
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    qs = RespiteRequest.objects.for_consultant(request.user).select_related(
        "municipality", "assigned_to"
    )
    data = form.cleaned_data if form.is_valid() else {}
    qs = (
        qs.filter(status=data["status"])
        if data.get("status")
        else qs.filter(status__in=OPEN_STATUSES)
    )
    if data.get("wie") == "mijn":
        qs = qs.filter(assigned_to=request.user)
    elif data.get("wie") == "open":
        qs = qs.filter(assigned_to__isnull=True)
    if data.get("spoed"):
        qs = qs.filter(urgency=Urgency.URGENT)
    overdue = Referral.objects.filter(
        respite_request=OuterRef("pk"), status=ReferralStatus.SENT, due_on__lt=timezone.localdate()
    )
    rows = list(
        qs.annotate(
            referral_overdue=Exists(overdue),
            urgent_first=Case(
                When(urgency=Urgency.URGENT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        ).order_by("urgent_first", "created_at")[:1000]
    )
    if data.get("soort"):  # kinds is a JSON list: filtered here, the same on every database
        rows = [r for r in rows if data["soort"] in r.kinds]
    for row in rows:
        row.deadline = deadline_for(row)
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    teams = Municipality.objects.with_role(request.user, RoleKind.CONSULTANT).order_by("name")
    return render(
        request, "respite/werkbak_queue.html", {"form": form, "page": page, "teams": teams}
    )


@require_safe
@role_required(RoleKind.CONSULTANT)
def request_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _request_page(request, request_for_consultant(request.user, reference))


def earlier_for_same_naaste(respite_request) -> list[RespiteRequest]:
    """The caregiver's other requests for the same naaste (by relationship) in this
    municipality, newest first: the story so far, one line each (issue 24.4)."""
    if respite_request.caregiver_id is None or not respite_request.relationship:
        return []
    return list(
        RespiteRequest.objects.filter(
            caregiver_id=respite_request.caregiver_id,
            relationship=respite_request.relationship,
            municipality=respite_request.municipality,
        )
        .exclude(pk=respite_request.pk)
        .order_by("-created_at")[:10]
    )


def _request_page(request: HttpRequest, respite_request, **bound) -> HttpResponse:
    """The request page; a form sent with mistakes comes back with what was typed and its
    errors (`bound`, by the name the template knows it by), never as an empty form."""
    consultant_here = request.user.roles.filter(
        kind=RoleKind.CONSULTANT, municipality=respite_request.municipality
    ).exists()
    request_open_details(
        respite_request=respite_request,
        user=request.user,
        reason=later(
            gettext_noop("Aanvraag behandelen (Wmo-consulent)")
            if consultant_here
            else gettext_noop("Aanvraag bekeken door de functioneel beheerder")
        ),
    )
    contact = (
        active_contact_person(respite_request.caregiver, respite_request.municipality)
        if respite_request.caregiver
        else None
    )
    forms = {
        "note_form": NoteForm(prefix="notitie"),
        "question_form": QuestionForm(prefix="vraag"),
        "decision_form": DecisionForm(prefix="besluit"),
        "handover_form": HandOverForm(
            prefix="overdracht", request_obj=respite_request, me=request.user
        ),
        "take_over_form": TakeOverForm(prefix="overnemen"),
        **bound,
    }
    return render(
        request,
        "respite/werkbak_request.html",
        {
            "req": respite_request,
            "deadline": deadline_for(respite_request),
            "timeline": respite_request.timeline.select_related("actor"),
            "notes": respite_request.notes_internal.select_related("author"),
            "matches": [
                (offer, points, *wish_fit(offer, respite_request))
                for offer, points in matching_offers(respite_request)
            ],
            "linked": respite_request.linked_offers.all(),
            "contact": contact,
            **forms,
            "form_with_errors": next(iter(bound.values()), None),
            "is_mine": respite_request.assigned_to_id == request.user.pk,
            "held_by_colleague": respite_request.assigned_to_id not in (None, request.user.pk),
            "referrals": respite_request.referrals.select_related(
                "offer", "provider", "provider_contact", "location", "check_in"
            ).prefetch_related("settling_steps"),
            "nights_by_year": nights_by_year(respite_request),
            "earlier": earlier_for_same_naaste(respite_request),
            "self_checks_shared": self_checks_shared(
                consultant=request.user,
                caregiver=respite_request.caregiver,
                municipality=respite_request.municipality,
            ),
        },
    )


def _act(
    request: HttpRequest, reference: str, action, success: str, form=None, form_name: str = ""
) -> HttpResponse:
    """Run a service on the request. Refused: with a form, the page comes back with what
    was typed and the reason in its error summary; without one, as a message."""
    respite_request = request_for_consultant(request.user, reference)
    try:
        action(respite_request)
    except RequestError as error:
        if not request.user.is_callable:  # the way to what is missing, not only its name
            error = format_html(
                '{} <a href="{}?next={}">{}</a>',
                str(error),
                reverse("accounts:my_profile"),
                reverse("werkbak:request", args=[reference]),
                _("Naar mijn gegevens"),
            )
        if form is not None:
            form.add_error(None, error)
            return _request_page(request, respite_request, **{form_name: form})
        messages.error(request, error)
    else:
        messages.success(request, success)
    return redirect("werkbak:request", reference=reference)


@require_POST
@role_required(RoleKind.CONSULTANT)
def claim(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda r: request_claim(respite_request=r, consultant=request.user),
        _("U behandelt deze aanvraag nu en bent de vaste contactpersoon."),
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = request_for_consultant(request.user, reference)  # not yours: 404
    form = NoteForm(request.POST, prefix="notitie")
    if not form.is_valid():
        return _request_page(request, respite_request, note_form=form)
    return _act(
        request,
        reference,
        lambda r: request_note(
            respite_request=r, author=request.user, text=form.cleaned_data["text"]
        ),
        _("Notitie opgeslagen."),
        form=form,
        form_name="note_form",
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def ask_information(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = request_for_consultant(request.user, reference)  # not yours: 404
    form = QuestionForm(request.POST, prefix="vraag")
    if not form.is_valid():
        return _request_page(request, respite_request, question_form=form)
    return _act(
        request,
        reference,
        lambda r: request_ask_information(
            respite_request=r, consultant=request.user, text=form.cleaned_data["text"]
        ),
        _("Uw vraag staat bij de mantelzorger. Die krijgt een e-mail."),
        form=form,
        form_name="question_form",
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def link_offer(request: HttpRequest, reference: str) -> HttpResponse:
    request_for_consultant(request.user, reference)  # scope first
    offer = get_object_or_404(
        Offer.objects.published(),
        pk=request.POST.get("offer", "0") if request.POST.get("offer", "").isdigit() else 0,
    )
    return _act(
        request,
        reference,
        lambda r: request_link_offer(respite_request=r, consultant=request.user, offer=offer),
        _("Het aanbod is gekoppeld. De mantelzorger ziet het op de tijdlijn."),
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = request_for_consultant(request.user, reference)  # not yours: 404
    form = DecisionForm(request.POST, prefix="besluit")
    if not form.is_valid():
        return _request_page(request, respite_request, decision_form=form)
    data = form.cleaned_data
    try:
        request_decide(
            respite_request=respite_request,
            consultant=request.user,
            decision=data["decision"],
            reason=data["reason"],
            text=data["text"],
            valid_from=data["valid_from"],
        )
    except RequestError as error:
        form.add_error(None, str(error))  # keeps what was typed
        respite_request.refresh_from_db()
        return _request_page(request, respite_request, decision_form=form)
    messages.success(request, _("Het besluit is vastgelegd en de mantelzorger krijgt bericht."))
    return redirect("werkbak:request", reference=reference)


@require_POST
@role_required(RoleKind.CONSULTANT)
def close(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda r: request_close(respite_request=r, consultant=request.user),
        _("De aanvraag is afgerond."),
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def take_over(request: HttpRequest, reference: str) -> HttpResponse:
    """'Ik neem deze over': help a colleague by taking their request, with a reason."""
    respite_request = request_for_consultant(request.user, reference)
    form = TakeOverForm(request.POST, prefix="overnemen")
    if not form.is_valid():
        return _request_page(request, respite_request, take_over_form=form)
    return _act(
        request,
        reference,
        lambda r: request_take_over(
            respite_request=r, consultant=request.user, reason=form.cleaned_data["reason"]
        ),
        _("U behandelt deze aanvraag nu. Uw collega en de mantelzorger krijgen bericht."),
        form=form,
        form_name="take_over_form",
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def hand_over(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = request_for_consultant(request.user, reference)
    form = HandOverForm(
        request.POST, prefix="overdracht", request_obj=respite_request, me=request.user
    )
    if not form.is_valid():
        return _request_page(request, respite_request, handover_form=form)
    data = form.cleaned_data
    return _act(
        request,
        reference,
        lambda r: request_hand_over(
            respite_request=r,
            consultant=request.user,
            colleague=data["colleague"],
            reason=data["reason"],
            whole_relation=data["whole_relation"],
        ),
        _("Overgedragen aan %(name)s.") % {"name": data["colleague"]},
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def end_contact(request: HttpRequest, reference: str) -> HttpResponse:
    respite_request = request_for_consultant(request.user, reference)
    contact = get_object_or_404(
        ContactPerson.objects.filter(
            municipality=respite_request.municipality,
            caregiver=respite_request.caregiver,
            ended_at__isnull=True,
        )
    )
    return _act(
        request,
        reference,
        lambda r: contact_end(contact=contact, consultant=request.user),
        _("Het vaste contact is beëindigd (nazorg afgerond)."),
    )


@require_safe
@role_required(RoleKind.CONSULTANT)
def team(request: HttpRequest, slug: str) -> HttpResponse:
    """Insight for the team of one municipality, to spread the work fairly."""
    municipality = municipality_for_consultant(request.user, slug)
    return render(
        request,
        "respite/werkbak_team.html",
        {"municipality": municipality, "figures": team_figures(municipality)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.CONSULTANT)
def intake(request: HttpRequest, slug: str) -> HttpResponse:
    """A request taken by phone. A caregiver who kept their answers last time (issue 24.4) is
    asked only "Klopt dit nog?": the consultant looks them up by e-mail address (for a naaste
    in this municipality), chooses them with the caregiver, and the form starts filled in."""
    municipality = municipality_for_consultant(request.user, slug)
    step = request.POST.get("stap", "")
    if step in ("zoek", "kies"):
        return _intake_saved(request, municipality, step)
    form = IntakeForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            created = request_intake(
                consultant=request.user, municipality=municipality, data=dict(form.cleaned_data)
            )
        except RequestError as error:
            form.add_error(None, str(error))  # keeps what was typed
        else:
            messages.success(
                request, _("Aanvraag %(ref)s is opgenomen.") % {"ref": created.reference}
            )
            return redirect("werkbak:request", reference=created.reference)
    return render(
        request,
        "respite/werkbak_intake.html",
        {"form": form, "municipality": municipality, "lookup": SavedLookupForm()},
    )


def _intake_saved(request: HttpRequest, municipality, step: str) -> HttpResponse:
    lookup = SavedLookupForm(request.POST)
    context = {"municipality": municipality, "lookup": lookup}
    if not lookup.is_valid():
        form = IntakeForm(municipality=municipality)
        return render(request, "respite/werkbak_intake.html", {**context, "form": form})
    email = lookup.cleaned_data["email"]
    found = saved_answers_for(email, [municipality])
    chosen = next((s for s in found if str(s.pk) == request.POST.get("keuze", "")), None)
    if step == "kies" and chosen is not None:
        initial = {**saved_initial(chosen), "intake_email": email}
        initial["intake_name"] = chosen.caregiver.get_full_name()
        form = IntakeForm(initial=initial, municipality=municipality)
        messages.info(
            request,
            _(
                "Ingevuld met wat de mantelzorger vorige keer bewaarde. Vraag of het nog "
                "klopt, en pas aan wat veranderd is."
            ),
        )
        return render(request, "respite/werkbak_intake.html", {**context, "form": form})
    saved = [(one, rows) for one in found if (rows := saved_in_words(one))]
    if step == "kies" and request.POST.get("keuze") == "opnieuw":
        form = IntakeForm(initial={"intake_email": email}, municipality=municipality)
        return render(request, "respite/werkbak_intake.html", {**context, "form": form})
    if not saved:
        messages.info(
            request,
            _(
                "Voor dit e-mailadres zijn geen bewaarde antwoorden over een naaste in "
                "%(name)s. Vul de aanvraag hieronder in."
            )
            % {"name": municipality.name},
        )
        form = IntakeForm(initial={"intake_email": email}, municipality=municipality)
        return render(request, "respite/werkbak_intake.html", {**context, "form": form})
    return render(
        request,
        "respite/werkbak_intake_saved.html",
        {
            **context,
            "saved": saved,
            "email": email,
            "error": _("Kies wat past.") if step == "kies" else "",
        },
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def invite_caregiver(request: HttpRequest, reference: str) -> HttpResponse:
    request_for_consultant(request.user, reference)
    form = InviteCaregiverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldig e-mailadres in."))
        return redirect("werkbak:request", reference=reference)
    return _act(
        request,
        reference,
        lambda r: request_invite_caregiver(
            respite_request=r, consultant=request.user, email=form.cleaned_data["email"]
        ),
        _("De mantelzorger krijgt een uitnodiging per e-mail."),
    )


def _referable_offers(respite_request: RespiteRequest):
    """Matching offers whose provider answers in the portal, best match first."""
    ids = [offer.pk for offer, _points in matching_offers(respite_request, limit=30)]
    rank = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), default=Value(99))
    working = Provider.objects.filter(members__isnull=False).values("pk")
    return (
        Offer.objects.filter(pk__in=ids, provider__in=working)
        .select_related("provider")
        .order_by(rank, "name")
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.CONSULTANT)
def refer(request: HttpRequest, reference: str) -> HttpResponse:
    """'Doorverwijzen': refer to one or more offers; all referrals are made, or none."""
    respite_request = request_for_consultant(request.user, reference)
    try:
        require_holder(respite_request, request.user)
    except RequestError as error:
        messages.error(request, str(error))
        return redirect("werkbak:request", reference=reference)
    offers = _referable_offers(respite_request)
    form = ReferForm(
        request.POST or None, offers=offers, respite_request=respite_request, prefix="verwijs"
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                for offer in data["offers"]:
                    referral_create(
                        respite_request=respite_request,
                        consultant=request.user,
                        offer=offer,
                        first_name=data["first_name"],
                        share_notes=data["share_notes"],
                        start_date=data["start_date"],
                        end_date=data["end_date"],
                        settling_in_night=data["settling_in_night"],
                        over_cap_reason=data["over_cap_reason"],
                    )
        except RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Aangemeld. De aanbieders krijgen een e-mail en antwoorden hier.")
            )
            return redirect("werkbak:request", reference=reference)
    return render(
        request,
        "respite/werkbak_refer.html",
        {
            "req": respite_request,
            "form": form,
            "has_offers": offers.exists(),
            "nights_by_year": nights_by_year(respite_request),
        },
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def referral_withdraw(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    referral = referral_for_consultant(request.user, reference, pk)
    return _act(
        request,
        reference,
        lambda r: referral_withdraw_service(referral=referral, consultant=request.user),
        _("De aanmelding is ingetrokken. Vastgehouden nachten zijn weer vrij."),
    )


@require_POST
@role_required(RoleKind.CONSULTANT)
def referral_agree(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    referral = referral_for_consultant(request.user, reference, pk)
    return _act(
        request,
        reference,
        lambda r: referral_accept_counter(referral=referral, consultant=request.user),
        _("U gaat akkoord met de andere data. De mantelzorger ziet het op de aanvraag."),
    )


@require_safe
@role_required(RoleKind.CONSULTANT)
def referral_letter(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """For a caregiver without e-mail (a phone intake, a referrer's read-aloud consent): the
    letter that says a place was found, with what the "Er is plek" mail says."""
    referral = referral_for_consultant(request.user, reference, pk)
    if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.STARTED):
        messages.error(request, _("Er is alleen een brief als het huis de aanmelding accepteerde."))
        return redirect("werkbak:request", reference=reference)
    return pdf_response(
        request,
        "respite/place_letter.html",
        {
            "req": referral.respite_request,
            "referral": referral,
            "lines": stay_in_words(referral).splitlines(),
            "today": timezone.localdate(),
        },
        "brief-er-is-plek.pdf",
        language="nl",  # by post or handed out: Dutch (issue 26.5)
    )


@require_safe
@role_required(RoleKind.CONSULTANT)
def self_checks(request: HttpRequest, reference: str) -> HttpResponse:
    """The caregiver's self-checks, for their fixed contact person, only while shared; logged
    (selfcheck.services.self_checks_open)."""
    respite_request = request_for_consultant(request.user, reference)
    caregiver, municipality = respite_request.caregiver, respite_request.municipality
    if not self_checks_shared(
        consultant=request.user, caregiver=caregiver, municipality=municipality
    ):
        raise Http404
    checks = self_checks_open(
        consultant=request.user, caregiver=caregiver, municipality=municipality
    )
    return render(
        request,
        "selfcheck/staff_view.html",
        {
            "req": respite_request,
            "checks": checks,
            "chart": score_chart(checks, date_label) if checks else None,
            "source": SOURCE,
        },
    )
