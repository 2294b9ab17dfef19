"""A fixed-window rate limit per client address, on the shared cache."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address that reached us; behind our one TLS proxy (BEHIND_TLS_PROXY), the address
    the proxy saw: the last of X-Forwarded-For. Never an address a client wrote itself."""
    if settings.CLIENT_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def allow(request: HttpRequest, *, action: str, limit: int, seconds: int) -> bool:
    window = int(time.time() // seconds)
    key = f"ratelimit:{action}:{client_address(request)}:{window}"
    if hasattr(cache, "count_in_window"):  # Redis (portal/cache.py): one round trip
        return cache.count_in_window(key, seconds) <= limit
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit


def seconds_left(seconds: int) -> int:
    """Until the current window ends: for Retry-After."""
    return seconds - int(time.time()) % seconds
