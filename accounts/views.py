from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import Staff, has, role_required
from accounts.choices import RoleKind
from accounts.forms import InviteForm, StaffProfileForm
from accounts.models import User
from accounts.services import staff_invite


@require_safe
@role_required(Staff.SUPERUSER)
def staff_list(request: HttpRequest) -> HttpResponse:
    staff = (
        User.objects.filter(roles__isnull=False)
        .distinct()
        .prefetch_related("roles__municipality")
        .order_by("email")
    )
    return render(request, "accounts/staff_list.html", {"staff": staff})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.SUPERUSER)
def staff_invite_view(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = staff_invite(invited_by=request.user, **form.cleaned_data)
        messages.success(
            request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": user.email}
        )
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_invite.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Staff.ANY)
def my_profile(request: HttpRequest) -> HttpResponse:
    """Name, work phone and hours: consultants fill these in before they can pick up work."""
    is_consultant = has(request.user, RoleKind.CONSULTANT)
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


# Names of background tasks as superusers read them.
TASK_NAMES = {"portal.tasks.send_mail_task": gettext_lazy("E-mail versturen")}


@require_safe
@role_required(Staff.SUPERUSER)
def failed_tasks(request: HttpRequest) -> HttpResponse:
    """Background work that failed after its last try (mail that never left), for superusers."""
    from django_tasks_db.models import DBTaskResult

    failed = DBTaskResult.objects.failed().order_by("-finished_at")[:200]
    rows = [
        {
            "id": row.id,
            "task": TASK_NAMES.get(row.task_path, row.task_path),
            "subject": row.args_kwargs.get("kwargs", {}).get("subject", ""),
            "finished_at": row.finished_at,
            "error": row.exception_class_path.rsplit(".", 1)[-1],
        }
        for row in failed
    ]
    ready = DBTaskResult.objects.ready().count()
    return render(request, "accounts/failed_tasks.html", {"rows": rows, "ready": ready})


@require_POST
@role_required(Staff.SUPERUSER)
def retry_task(request: HttpRequest, pk) -> HttpResponse:
    """'Opnieuw proberen': the same work is queued again from its first try; the failed row
    makes way for it in the same transaction."""
    from django.db import transaction
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        row = get_object_or_404(DBTaskResult.objects.failed().select_for_update(), pk=pk)
        task = import_string(row.task_path)
        kwargs = dict(row.args_kwargs.get("kwargs", {}))
        kwargs.pop("attempt", None)
        task.enqueue(*row.args_kwargs.get("args", []), **kwargs)
        row.delete()
    messages.success(request, _("De taak staat weer in de wachtrij."))
    return redirect("accounts:failed_tasks")
