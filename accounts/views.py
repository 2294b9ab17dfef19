from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.choices import RoleKind
from accounts.forms import InviteForm, StaffProfileForm
from accounts.models import User
from accounts.services import staff_invite
from directory.models import Municipality


def superuser_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
@superuser_required
def staff_list(request: HttpRequest) -> HttpResponse:
    staff = (
        User.objects.filter(roles__isnull=False)
        .distinct()
        .prefetch_related("roles__municipality")
        .order_by("email")
    )
    return render(request, "accounts/staff_list.html", {"staff": staff})


@require_http_methods(["GET", "HEAD", "POST"])
@superuser_required
def staff_invite_view(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = staff_invite(invited_by=request.user, **form.cleaned_data)
        messages.success(
            request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": user.email}
        )
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_invite.html", {"form": form})


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_staff_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """Name, work phone and hours: consultants fill these in before they can pick up work."""
    is_consultant = Municipality.objects.with_role(request.user, RoleKind.CONSULTANT).exists()
    form = StaffProfileForm(
        request.POST or None, instance=request.user, is_consultant=is_consultant
    )
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        return redirect(next_url or "accounts:my_profile")
    return render(
        request,
        "accounts/staff_profile.html",
        {"form": form, "next": next_url, "is_consultant": is_consultant},
    )
