"""Site-wide pages that belong to no domain."""

import sys
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; pages name the hashed file too."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("favicon.ico"), permanent=True)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: how to report a vulnerability. Expires is kept half a year ahead."""
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot be reached is a Dutch 503 'try again in a minute'
    (with Retry-After), every other error the 500 page. Neither shows a traceback."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """/gezond/: the process answers. Nothing else is checked or shown."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """/gezond/klaar/: database, cache and task queue reachable, and how far the queue lags.
    For a load balancer: 200 when all is well, 503 otherwise; no configuration is shown."""
    checks: dict[str, object] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DATABASE_DOWN:
        checks["database"] = "onbereikbaar"
    try:
        key = "health:" + get_random_string(12)
        cache.set(key, "1", 10)
        checks["cache"] = "ok" if cache.get(key) == "1" else "onbereikbaar"
        cache.delete(key)
    except Exception:  # any cache backend error means: not ready
        checks["cache"] = "onbereikbaar"
    # Redis may be down while the site serves (each process falls back to its own memory,
    # portal.cache.ResilientRedisCache): reported for people, not a reason to take us out.
    checks["redis"] = _redis_state()
    lag = stuck = workers = None
    if checks["database"] == "ok":
        try:
            lag = queue_lag_seconds()
            stuck, workers = _queue_workers()
            checks["queue"] = "ok"
        except DATABASE_DOWN:
            checks["queue"] = "onbereikbaar"
    else:
        checks["queue"] = "onbereikbaar"
    checks["queue_lag_seconds"] = lag
    # How the background work is doing, for people (a load balancer reads only 'queue'):
    # 'achter' when the oldest waiting task waits over QUEUE_BEHIND_SECONDS, 'vast' when a
    # task is held by a worker that died (it is given to another after the lease), 'geen
    # worker' when tasks wait and no worker said it is alive within the lease.
    checks["queue_stuck_tasks"] = stuck
    checks["queue_workers_alive"] = workers
    checks["queue_state"] = (
        None
        if lag is None
        else "vast"
        if stuck
        else "geen worker"
        if workers == 0 and _tasks_waiting()
        else "achter"
        if lag > QUEUE_BEHIND_SECONDS
        else "ok"
    )
    healthy = all(checks[name] == "ok" for name in ("database", "cache", "queue"))
    return JsonResponse(checks, status=200 if healthy else 503)


QUEUE_BEHIND_SECONDS = 300


def _redis_state() -> str:
    from django.core.cache import caches

    for alias in settings.CACHES:  # all on the one REDIS_URL: asking one will do
        if hasattr(caches[alias], "reachable"):
            return "ok" if caches[alias].reachable() else "onbereikbaar"
    return "niet gebruikt"


def _tasks_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().exists()


def _queue_workers() -> tuple[int, int]:
    """(tasks held by dead workers, workers alive)."""
    from portal.workers import living_workers, stuck_tasks

    return len(stuck_tasks()), living_workers().count()


def queue_lag_seconds() -> int:
    """How long the oldest task that is due has been waiting (0 when none is waiting)."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    oldest = None
    for row in DBTaskResult.objects.ready().order_by("enqueued_at")[:50]:
        due = row.enqueued_at if row.run_after > now else max(row.enqueued_at, row.run_after)
        oldest = due if oldest is None else min(oldest, due)
    return max(0, int((now - oldest).total_seconds())) if oldest else 0


@require_safe
@never_cache
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch (issue 26.5): a plain link per language, so it works without
    JavaScript and the header that carries it stays cacheable (a form would need a CSRF
    token). Back to `terug`, else to the page the link was on (Referer), else home; only
    to this site. Remembered in a cookie, and on a signed-in person's account (their mails)."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    if code not in dict(settings.LANGUAGES):
        raise Http404
    back = request.GET.get("terug") or request.headers.get("referer", "")
    if len(back) > 2000 or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = redirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=True,
    )
    user = request.user
    if user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return response
