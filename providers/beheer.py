"""The editor's page for a provider's staff, mounted in Beheer (/beheer/aanbieders/<id>/…):
invite the planners of a provider their municipality keeps (superusers: any). The catalogue
facts of a provider are edited in directory/beheer; membership is this app's own data."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.choices import RoleKind
from directory.access import provider_for_editor
from providers.forms import MemberInviteForm
from providers.services import ProviderError, member_invite


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def member_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors invite staff of a provider their municipality keeps (superusers: any)."""
    provider = provider_for_editor(request.user, pk)
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


urlpatterns = [
    path(
        "aanbieders/<id:pk>/medewerker-uitnodigen/",
        member_invite_view,
        name="provider_member_invite",
    ),
]
