"""Provider staff's pages (/aanbieder/): their own offers and the places they have."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import Staff, role_required
from directory.choices import Kind, TargetGroup
from directory.models import Availability, AvailabilityChange, Offer, OfferCorrection
from directory.services import (
    CatalogueError,
    availability_update,
    correction_propose,
)
from portal.i18n import later
from providers.access import (
    own_offer,
    own_offers,
    referral_for_provider_staff,
)
from providers.forms import (
    AcceptForm,
    AvailabilityForm,
    CorrectionForm,
    CounterForm,
    DeclineForm,
    NightGridForm,
    SettlingForm,
)
from respite.choices import AgeGroup, ReferralStatus, SettlingState
from respite.forms import SettlingStopForm
from respite.models import Referral
from respite.services.referrals import (
    SETTLING_OPEN,
    referral_accept,
    referral_counter,
    referral_decline,
    referral_progress,
    settling_plan,
    settling_stop,
    settling_went_well,
)
from respite.services.requests import RequestError, request_open_details


@require_safe
@role_required(Staff.PROVIDER)
def home(request: HttpRequest) -> HttpResponse:
    offers = list(own_offers(request.user).select_related("availability").order_by("name"))
    open_referrals = (
        Referral.objects.for_provider_staff(request.user).filter(status=ReferralStatus.SENT).count()
    )
    return render(
        request,
        "providers/home.html",
        {"provider": request.user.provider, "offers": offers, "open_referrals": open_referrals},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.PROVIDER)
def availability_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = own_offer(request.user, pk)
    instance = Availability.objects.filter(offer=offer).first()
    data = request.POST or None
    form = AvailabilityForm(data, instance=instance, prefix="plek")
    grid = (
        NightGridForm(data, offer=offer, prefix="nacht") if offer.kind == Kind.LOGEERZORG else None
    )
    if request.method == "POST" and form.is_valid() and (grid is None or grid.is_valid()):
        values = {name: form.cleaned_data[name] for name in AvailabilityForm.Meta.fields}
        try:
            availability_update(
                offer=offer,
                user=request.user,
                data=values,
                nights=grid.nights() if grid else None,
            )
        except CatalogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Opgeslagen. Mantelzorgers zien nu wat u invulde."))
            return redirect("providers:availability", pk=offer.pk)
    history = AvailabilityChange.objects.filter(offer=offer).select_related("user")[:20]
    return render(
        request,
        "providers/availability_form.html",
        {"offer": offer, "form": form, "grid": grid, "history": history, "current": instance},
    )


@require_safe
@role_required(Staff.PROVIDER)
def referrals(request: HttpRequest) -> HttpResponse:
    rows = (
        Referral.objects.for_provider_staff(request.user)
        .select_related("offer", "respite_request__municipality")
        .order_by("-created_at")[:200]
    )
    return render(
        request,
        "providers/referral_list.html",
        {"provider": request.user.provider, "referrals": rows},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.PROVIDER)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral to this provider: what was shared, and the answer. Every view of the shared
    details is in the access log the caregiver sees."""
    referral = referral_for_provider_staff(request.user, pk)
    initial = {
        "start_date": referral.start_date,
        "end_date": referral.end_date,
        "settling_in_night": referral.settling_in_night,
    }
    action = request.POST.get("actie", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    locations = list(referral.offer.locations.all())
    accept_form = AcceptForm(
        post if action == "accepteren" else None,
        initial=initial,
        prefix="ja",
        locations=locations if not referral.location_id else None,
        ask_together="stay_together" in (referral.wishes or []),
    )
    counter_form = CounterForm(
        post if action == "voorstellen" else None, initial=initial, prefix="anders"
    )
    decline_form = DeclineForm(post if action == "afwijzen" else None, prefix="nee")
    settling_form = SettlingForm(post if action == "wenstap" else None, prefix="wen")
    stop_form = SettlingStopForm(post if action == "wennen_stoppen" else None, prefix="stop")
    forms = {
        "accepteren": accept_form,
        "voorstellen": counter_form,
        "afwijzen": decline_form,
        "wenstap": settling_form,
        "wennen_stoppen": stop_form,
    }
    if request.method == "POST" and _answer(request, referral, action, forms.get(action)):
        return redirect("providers:referral", pk=referral.pk)
    # Every time the shared details are shown, the caregiver can see who looked.
    request_open_details(
        respite_request=referral.respite_request,
        user=request.user,
        reason=later(
            gettext_noop("Aanmelding bekijken (%(provider)s)"), provider=referral.provider.name
        ),
    )
    return render(
        request,
        "providers/referral_detail.html",
        {
            "referral": referral,
            "accept_form": accept_form,
            "counter_form": counter_form,
            "decline_form": decline_form,
            "settling_form": settling_form,
            "stop_form": stop_form,
            "settling_steps": list(referral.settling_steps.all()),
            "settling_open": referral.status in SETTLING_OPEN
            and not referral.settling_steps.filter(state=SettlingState.STOPPED).exists(),
            "forms_with_errors": [f for f in forms.values() if f.is_bound and f.errors],
            "age_label": dict(AgeGroup.choices).get(referral.age_group, ""),
            "situation_label": dict(TargetGroup.choices).get(referral.situation, ""),
            "kind_labels": [str(dict(Kind.choices).get(k, k)) for k in referral.kinds],
        },
    )


def _answer(request: HttpRequest, referral: Referral, action: str, form) -> bool:
    """Run the provider's answer; True when it was saved."""
    member = request.user
    try:
        if action in ("gestart", "afgerond"):
            to = ReferralStatus.STARTED if action == "gestart" else ReferralStatus.COMPLETED
            referral_progress(referral=referral, member=member, to_status=to)
        elif action == "ging_goed":
            chosen = request.POST.get("stap", "")
            step = (
                referral.settling_steps.filter(pk=chosen).first()
                if chosen.isdigit() and len(chosen) < 19
                else None
            )
            if step is None:
                raise RequestError(_("Kies een stap uit de lijst."))
            settling_went_well(step=step, member=member)
        elif form is None:
            raise RequestError(_("Kies wat u wilt doen."))
        elif not form.is_valid():
            return False
        elif action == "accepteren":
            referral_accept(referral=referral, member=member, **form.cleaned_data)
        elif action == "voorstellen":
            referral_counter(referral=referral, member=member, **form.cleaned_data)
        elif action == "wenstap":
            settling_plan(referral=referral, member=member, **form.cleaned_data)
        elif action == "wennen_stoppen":
            settling_stop(referral=referral, by=member, note=form.cleaned_data["note"])
        else:
            referral_decline(referral=referral, member=member, **form.cleaned_data)
    except RequestError as error:
        if form is not None:
            form.add_error(None, str(error))
        else:
            messages.error(request, str(error))
        return False
    done = {
        "wenstap": _("De stap is toegevoegd. De mantelzorger ziet hem en krijgt een mail."),
        "wennen_stoppen": _("Het wennen is gestopt. De Wmo-consulent krijgt bericht."),
    }
    messages.success(
        request,
        done.get(action, _("Uw antwoord is opgeslagen. De Wmo-consulent krijgt bericht.")),
    )
    return True


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.PROVIDER)
def correction_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    offer = own_offer(request.user, pk)
    # A copy: validating a ModelForm writes into its instance, and nothing is saved here.
    form = CorrectionForm(request.POST or None, instance=Offer.objects.get(pk=offer.pk))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in CorrectionForm.Meta.fields}
        try:
            correction_propose(
                offer=offer,
                member=request.user,
                values=values,
                explanation=form.cleaned_data["explanation"],
            )
        except CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Uw voorstel is verstuurd naar de redacteur van de gemeente.")
            )
            return redirect("providers:home")
    proposals = OfferCorrection.objects.filter(offer=offer)[:10]
    return render(
        request,
        "providers/correction_form.html",
        {"offer": offer, "form": form, "proposals": proposals},
    )
