from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import InviteForm
from accounts.models import User
from accounts.services import staff_invite


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
