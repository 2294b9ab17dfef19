"""'Hoe zwaar is het zorgen?' and the bewaarlijst (saved list), with its letter on paper."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Offer, OpeningException
from directory.views import EXCEPTIONS_AHEAD_DAYS
from portal import ratelimit
from portal.mail import send_now
from portal.pdf import pdf_response
from portal.urls_safe import local_path
from selfcheck.chart import date_label, score_chart
from selfcheck.forms import SelfCheckForm, SendListForm
from selfcheck.models import SelfCheck, SelfCheckAccess, Sharing
from selfcheck.services import (
    MAX_SAVED,
    keeps_in_account,
    local_help,
    saved_add,
    saved_ids,
    saved_remove,
    self_check_save,
    sharing_grant,
    sharing_revoke,
    young_carers_help,
)
from selfcheck.statements import BANDS, SOURCE, STATEMENTS

SEND_LIST_LIMIT = 5  # mails per visitor per hour: enough for family, too few for spam


@require_http_methods(["GET", "HEAD", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The 15 statements. Anonymous: the result is shown once and nothing is stored."""
    form = SelfCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        if keeps_in_account(request):
            result = self_check_save(
                caregiver=request.user, answers=answers, municipality=form.municipality
            )
            return redirect(result)
        return _result_page(request, answers, form.municipality, saved=None)
    return render(
        request,
        "selfcheck/check.html",
        {
            "form": form,
            "source": SOURCE,
            "count": len(STATEMENTS),
            "keeps": keeps_in_account(request),
        },
    )


def _result_page(request, answers: list[int], municipality, saved: SelfCheck | None):
    score = sum(answers)
    band = next(b for b in BANDS if b.low <= score <= b.high)
    return render(
        request,
        "selfcheck/result.html",
        {
            "score": score,
            "band": band,
            "bands": BANDS,
            "help": local_help(band, municipality, answers),
            "young": young_carers_help(municipality),
            "municipality": municipality,
            "saved_ids": set(saved_ids(request)),
            "result": saved,
            "source": SOURCE,
            "here": request.get_full_path(),
        },
    )


@require_safe
@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    own = get_object_or_404(
        SelfCheck.objects.filter(caregiver=request.user).select_related("municipality"), pk=pk
    )
    return _result_page(request, own.answers, own.municipality, saved=own)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """All results over time, the chart, and sharing with the fixed contact person."""
    # The fixed contact persons (respite's, reached through the caregiver's account).
    contacts = list(
        request.user.contact_persons.filter(ended_at__isnull=True).select_related(
            "consultant", "municipality"
        )
    )
    if request.method == "POST":
        chosen = next(
            (c for c in contacts if str(c.municipality_id) == request.POST.get("gemeente")), None
        )
        if chosen is None:
            messages.error(request, _("Kies een van uw vaste contactpersonen."))
        elif request.POST.get("delen") == "ja":
            sharing_grant(caregiver=request.user, municipality=chosen.municipality)
            messages.success(
                request,
                _("%(name)s kan uw zelftests nu zien. U kunt dit altijd weer stoppen.")
                % {"name": chosen.consultant.get_full_name() or chosen.consultant},
            )
        else:
            sharing_revoke(caregiver=request.user, municipality_id=chosen.municipality_id)
            messages.success(request, _("Uw zelftests worden niet meer gedeeld."))
        return redirect("selfcheck:mine")
    checks = list(SelfCheck.objects.filter(caregiver=request.user))
    shared = set(
        Sharing.objects.filter(caregiver=request.user, revoked_at__isnull=True).values_list(
            "municipality_id", flat=True
        )
    )
    return render(
        request,
        "selfcheck/mine.html",
        {
            "checks": checks,
            "chart": score_chart(checks, date_label) if checks else None,
            "contacts": [(c, c.municipality_id in shared) for c in contacts],
            "access": SelfCheckAccess.objects.filter(caregiver=request.user).select_related(
                "viewer", "municipality"
            )[:200],
            "source": SOURCE,
        },
    )


# The bewaarlijst -------------------------------------------------------------------------


def _saved_offers(request: HttpRequest) -> list[Offer]:
    ids = saved_ids(request)
    today = timezone.localdate()
    found = {
        o.pk: o
        for o in Offer.objects.published()
        .filter(pk__in=ids)
        .select_related("provider", "availability")
        .prefetch_related(
            "locations__opening_hours",
            Prefetch(
                "locations__exceptions",
                queryset=OpeningException.objects.filter(
                    date__gte=today, date__lte=today + timedelta(days=EXCEPTIONS_AHEAD_DAYS)
                ),
                to_attr="upcoming_exceptions",
            ),
        )
    }
    return [found[i] for i in ids if i in found]


def _contact(request: HttpRequest):
    """The caregiver's current fixed contact person, for the letter; None without one."""
    if not request.user.is_authenticated:
        return None
    return (
        request.user.contact_persons.filter(ended_at__isnull=True)
        .select_related("consultant", "municipality")
        .order_by("-started_at")
        .first()
    )


@require_safe
def saved_list(request: HttpRequest) -> HttpResponse:
    return _saved_list_page(request, SendListForm(prefix="door"))


def _saved_list_page(request: HttpRequest, send_form: SendListForm, status: int = 200):
    return render(
        request,
        "selfcheck/saved_list.html",
        {"offers": _saved_offers(request), "contact": _contact(request), "send_form": send_form},
        status=status,
    )


@require_POST
def send_list(request: HttpRequest) -> HttpResponse:
    """Send the list on to an address (issue 26.4): to oneself, a sister, the huisarts. Sent
    at once, not queued, so the address is kept nowhere; a few per visitor per hour."""
    offers = _saved_offers(request)
    if not offers:
        messages.error(request, _("Uw bewaarlijst is leeg. Er is niets om te versturen."))
        return redirect("selfcheck:saved_list")
    form = SendListForm(request.POST, prefix="door")
    if not form.is_valid():
        return _saved_list_page(request, form, status=400)
    if not ratelimit.allow(request, action="send-list", limit=SEND_LIST_LIMIT, seconds=3600):
        form.add_error(
            "email",
            _("U heeft de lijst net al een paar keer verstuurd. Probeer het over een uur weer."),
        )
        return _saved_list_page(request, form, status=429)
    email = form.cleaned_data["email"]
    if not send_now("selfcheck/saved_list", email, {"offers": offers}):
        form.add_error(
            "email",
            _(
                "Het versturen lukte nu niet. Probeer het later nog eens, of download de lijst "
                "als brief (PDF) en stuur die zelf door."
            ),
        )
        return _saved_list_page(request, form, status=503)
    messages.success(
        request,
        _("De lijst is verstuurd naar %(email)s. We hebben het adres niet bewaard.")
        % {"email": email},
    )
    return redirect("selfcheck:saved_list")


def _back(request: HttpRequest) -> str:
    back = request.POST.get("terug") or request.GET.get("terug") or ""
    return local_path(back) or reverse("selfcheck:saved_list")


@require_http_methods(["GET", "HEAD", "POST"])
def save_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks (public pages are cached and carry no form); POST saves."""
    offer = get_object_or_404(Offer.objects.published(), pk=pk)
    if request.method == "POST":
        saved_add(request, offer)
        messages.success(request, _("%(name)s staat op uw bewaarlijst.") % {"name": offer.name})
        return HttpResponseRedirect(_back(request))
    return render(request, "selfcheck/save_offer.html", {"offer": offer, "back": _back(request)})


@require_POST
def save_offers(request: HttpRequest) -> HttpResponse:
    """Several at once, ticked on the self-check's result page."""
    ids = [
        int(i) for i in request.POST.getlist("aanbod")[:MAX_SAVED] if i.isdigit() and len(i) < 19
    ]
    offers = list(Offer.objects.published().filter(pk__in=ids))
    if not offers:
        messages.error(request, _("U heeft niets aangevinkt. Er is niets bewaard."))
    for offer in offers:
        saved_add(request, offer)
    if offers:
        messages.success(
            request,
            ngettext(
                "%(count)s vorm van hulp staat op uw bewaarlijst.",
                "%(count)s vormen van hulp staan op uw bewaarlijst.",
                len(offers),
            )
            % {"count": len(offers)},
        )
    return redirect("selfcheck:saved_list")


@require_POST
def remove_offer(request: HttpRequest, pk: int) -> HttpResponse:
    saved_remove(request, pk)
    messages.success(request, _("Verwijderd van uw bewaarlijst."))
    return HttpResponseRedirect(_back(request))


@require_safe
def letter_pdf(request: HttpRequest) -> HttpResponse:
    """The list as a letter in large print (A4, 14 pt and more), made by WeasyPrint."""
    offers = _saved_offers(request)
    if not offers:
        raise Http404
    return pdf_response(
        request,
        "selfcheck/letter.html",
        {"offers": offers, "contact": _contact(request), "today": timezone.localdate()},
        "bewaarlijst-mantelzorg.pdf",
    )
