"""A fixed-window rate limit per client address, on the shared cache."""

import time

from django.core.cache import cache
from django.http import HttpRequest


def allow(request: HttpRequest, *, action: str, limit: int, seconds: int) -> bool:
    window = int(time.time() // seconds)
    key = f"ratelimit:{action}:{request.META.get('REMOTE_ADDR', '')}:{window}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit
