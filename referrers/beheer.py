"""Editors keep the list of referrer organisations that work in their municipality and invite
their professionals (issue 24.1); superusers may do this for every organisation."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.choices import RoleKind
from directory.access import municipality_for_editor
from referrers.access import organisation_for_editor
from referrers.forms import AddOrganisationForm, OrganisationForm, ReferrerInviteForm
from referrers.services import (
    HandoverError,
    member_invite,
    organisation_add_municipality,
    organisation_create,
)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def organisations(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_editor(request.user, slug)
    new_form = OrganisationForm(request.POST if request.POST.get("stap") == "nieuw" else None)
    add_form = AddOrganisationForm(
        request.POST if request.POST.get("stap") == "ook" else None, municipality=municipality
    )
    if request.method == "POST":
        if new_form.is_bound and new_form.is_valid():
            organisation = organisation_create(municipality=municipality, **new_form.cleaned_data)
            messages.success(
                request,
                _("%(name)s is toegevoegd. Nodig nu de medewerkers uit.")
                % {"name": organisation.name},
            )
            return redirect("referrer_member_invite", pk=organisation.pk)
        if add_form.is_bound and add_form.is_valid():
            organisation = add_form.cleaned_data["organisation"]
            organisation_add_municipality(organisation=organisation, municipality=municipality)
            messages.success(
                request,
                _("%(name)s werkt nu ook in %(municipality)s.")
                % {"name": organisation.name, "municipality": municipality.name},
            )
            return redirect("referrer_organisations", slug=municipality.slug)
    listed = municipality.referrer_organisations.prefetch_related(
        "members__user", "municipalities"
    ).order_by("name")
    return render(
        request,
        "referrers/organisations.html",
        {
            "municipality": municipality,
            "organisations": listed,
            "new_form": new_form,
            "add_form": add_form,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def member_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for_editor(request.user, pk)
    form = ReferrerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = member_invite(
                organisation=organisation, invited_by=request.user, **form.cleaned_data
            )
        except HandoverError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": user.email}
            )
            return redirect("referrer_member_invite", pk=organisation.pk)
    return render(
        request,
        "referrers/member_invite.html",
        {
            "organisation": organisation,
            "form": form,
            "members": organisation.members.select_related("user"),
            "municipalities": organisation.municipalities.order_by("name"),
        },
    )


urlpatterns = [
    path("gemeente/<slug:slug>/verwijzers/", organisations, name="referrer_organisations"),
    path("verwijzers/<id:pk>/uitnodigen/", member_invite_view, name="referrer_member_invite"),
]
