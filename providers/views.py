"""Provider staff's pages (/aanbieder/): their own offers and the places they have."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from directory.access import editor_required
from directory.choices import Kind
from directory.models import Offer, Provider
from providers.forms import AvailabilityForm, MemberInviteForm, NightGridForm
from providers.models import Availability, AvailabilityChange
from providers.services import ProviderError, availability_update, member_invite


def provider_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and staff of a provider (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.provider is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def own_offers(user):
    """The only offers a provider's staff may see here: their own organisation's."""
    return Offer.objects.filter(provider=user.provider).exclude(status="gearchiveerd")


@require_safe
@provider_required
def home(request: HttpRequest) -> HttpResponse:
    offers = list(own_offers(request.user).select_related("availability").order_by("name"))
    return render(
        request, "providers/home.html", {"provider": request.user.provider, "offers": offers}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@provider_required
def availability_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(own_offers(request.user), pk=pk)
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
        except ProviderError as error:
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


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def member_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors invite staff of a provider their municipality keeps (superusers: any)."""
    provider = get_object_or_404(Provider.objects.editable_by(request.user), pk=pk)
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = member_invite(provider=provider, invited_by=request.user, **form.cleaned_data)
        except ProviderError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": user.email}
            )
            return redirect("beheer:provider_edit", pk=provider.pk)
    members = provider.members.select_related("user")
    return render(
        request,
        "providers/member_invite.html",
        {"provider": provider, "form": form, "members": members},
    )
