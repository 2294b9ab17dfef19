"""Cache for public catalogue pages that never serves stale content.

Rendered pages live in each process's memory ('pages' cache). Their key includes the catalogue
version, kept in the shared default cache (the database): any write to the catalogue bumps it,
so every process stops using its old pages at once. The date is in the key too, because pages
show freshness warnings and coming holiday hours, and so is the reader's language (issue 26.5).
"""

import hashlib
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

VERSION_KEY = "directory:catalogue-version"


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


# Inside one_catalogue_change(): the writes count as one change.
_one_change: ContextVar[bool] = ContextVar("one_catalogue_change", default=False)


@contextmanager
def one_catalogue_change():
    """Many catalogue writes as one change: the version moves before and after them (and when
    the transaction commits), not once per row. An import of 2,000 offers sent 10,000
    signals, each a write to the shared cache: 31 of the import's 70 seconds."""
    if _one_change.get():
        yield
        return
    catalogue_changed()
    token = _one_change.set(True)
    try:
        yield
    finally:
        _one_change.reset(token)
        catalogue_changed()


def catalogue_changed(**kwargs) -> None:
    """Make every cached public page stale, in every process. Usable as a signal receiver.

    The version changes at once, and again when the transaction commits: a request between
    the write and the commit reads the old rows under the new version, and what it caches
    must not outlive the commit. One bump per transaction, however many rows it writes.
    """
    if _one_change.get():
        return  # one_catalogue_change() moves it at its end
    _new_version()
    pending = transaction.get_connection().run_on_commit
    if not any(callback is _new_version for _savepoints, callback, _robust in pending):
        transaction.on_commit(_new_version)


def cache_came_back(**kwargs) -> None:
    """Redis is reachable again (portal.cache.cache_recovered): an edit while it was down
    moved the version only in one process's memory, so pages cached in Redis before the
    outage must not be served now."""
    _new_version()


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
    )


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public page from the cache when the catalogue has not changed since."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        raw_key = (
            f"{catalogue_version()}|{timezone.localdate()}|{translation.get_language()}"
            f"|{request.get_full_path()}"
        )
        key = "page:" + hashlib.sha256(raw_key.encode()).hexdigest()
        pages = caches["pages"]
        hit = pages.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        # Only plain, complete, anonymous 200s: nothing with a CSRF token or a cookie.
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            pages.set(
                key,
                (response.content, response["Content-Type"]),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapped
