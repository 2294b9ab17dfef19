"""Redis is a cache, not a single point of failure (issue 27.6).

With REDIS_URL set and Redis stopped, 52 of 60 page loads answered 500 and sign-in failed.
These tests stop a real redis-server in the middle of a run: pages, sign-in, rate limits and
forms keep working, /gezond/klaar/ says "redis: onbereikbaar" while the site serves, and
when Redis is back no page cached before the outage hides an edit made during it.
"""

import re

import pytest
import redis
from django.core import mail
from django.urls import reverse

from accounts.models import User
from directory.models import Offer
from portal.cache import ResilientRedisCache, cache_recovered

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def quick_retry(monkeypatch):
    """Try Redis again at once instead of after RETRY_SECONDS."""
    monkeypatch.setattr(ResilientRedisCache, "RETRY_SECONDS", 0)


def test_the_cache_falls_back_while_redis_is_down_and_says_when_it_is_back(
    redis_server, quick_retry, caplog
):
    shared = ResilientRedisCache(redis_server.url, {"KEY_PREFIX": "r"})
    pages = ResilientRedisCache(
        redis_server.url, {"KEY_PREFIX": "p", "OPTIONS": {"FALLBACK": "none"}}
    )
    shared.set("before", 1)
    pages.set("page", "<html>")
    back = []

    def receiver(**kwargs):
        back.append(kwargs["cache"])

    cache_recovered.connect(receiver)
    try:
        redis_server.stop()
        assert shared.get("before") is None  # in Redis, out of reach: a miss, not an error
        shared.set("during", "x")
        assert shared.get("during") == "x"  # kept in this process's memory meanwhile
        assert [shared.count_in_window("limit", 60) for _ in range(3)] == [1, 2, 3]
        assert pages.get("page") is None  # pages: not cached at all rather than stale
        pages.set("page", "<html>2")
        assert pages.get("page") is None
        assert pages.get_many_raw(["a", "b"]) == [None, None]
        pages.set_many_raw({"a": b"1"}, timeout=60)
        assert shared.reachable() is False
        assert caplog.text.count("Redis is unreachable") == 1  # once per outage, not per call
        assert back == []

        redis_server.start()  # empty: the test server keeps nothing on disk
        assert shared.get("during") is None  # read from Redis again, not from memory
        shared.set("after", 2)
        assert redis.Redis.from_url(redis_server.url).get("r:1:after") == b"2"
        assert shared.reachable() is True
        assert back == [shared]  # once, so the catalogue version moves on
        shared.get("after")
        assert back == [shared]
    finally:
        cache_recovered.disconnect(receiver)


def redis_caches(url: str) -> dict:
    return {
        alias: {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": alias,
            "OPTIONS": {"FALLBACK": "memory" if alias == "default" else "none"},
        }
        for alias in ("default", "pages", "fragments")
    }


def test_pages_sign_in_rate_limits_and_forms_keep_working_with_redis_stopped(
    client, settings, redis_server, demo_catalogue, quick_retry, django_capture_on_commit_callbacks
):
    settings.CACHES = {**settings.CACHES, **redis_caches(redis_server.url)}
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    paths = [
        "/",
        "/gemeenten/",
        "/gemeenten/assen/",
        offer.get_absolute_url(),
        "/zoeken/?q=logeren",
        "/zoek-gemeente/?q=9411",
    ]
    for path in paths:  # cached in Redis, as in production
        assert client.get(path, follow=True).status_code == 200
    assert client.get("/gezond/klaar/").json()["redis"] == "ok"

    redis_server.stop(keep_data=True)  # with the pages it cached: as after a network fault
    answers = [client.get(paths[i % len(paths)], follow=True).status_code for i in range(60)]
    assert answers == [200] * 60
    ready = client.get("/gezond/klaar/")
    assert ready.status_code == 200 and ready.json()["redis"] == "onbereikbaar"

    # An edit while Redis is down shows at once (nothing is cached meanwhile) ...
    offer.name = "Logeerhuis De Linde (nieuw adres)"
    offer.save()  # as an editor saves: the signal moves the catalogue version
    assert "nieuw adres" in client.get(offer.get_absolute_url()).content.decode()

    # ... a caregiver signs in with a code ...
    User.objects.create_user(username="z@example.org", email="z@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=User.objects.get(email="z@example.org"),
        email="z@example.org",
        verified=True,
        primary=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("account_request_login_code"), {"email": "z@example.org"})
    assert asked.status_code == 302
    code = re.search(r"^\s+(\S+)\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    confirmed = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert confirmed.status_code == 302
    assert client.get(reverse("respite:my_requests")).status_code == 200
    client.logout()

    # ... and the limit on reports still counts (in this process's memory).
    report = reverse("directory:offer_feedback", args=[offer.pk])
    said = [
        "U heeft al veel meldingen gestuurd"
        in client.post(report, {"message": "Het nummer klopt niet."}).content.decode()
        for _ in range(6)
    ]
    assert said == [False] * 5 + [True]

    # Redis is back with the page it cached before the outage: that must not hide the edit.
    redis_server.start()
    assert redis.Redis.from_url(redis_server.url).keys("pages:*")
    assert "nieuw adres" in client.get(offer.get_absolute_url()).content.decode()
    assert client.get("/gezond/klaar/").json()["redis"] == "ok"


def test_a_redis_that_hangs_costs_half_a_second_now_and_then_not_every_call(redis_server):
    import os
    import signal
    import time

    shared = ResilientRedisCache(redis_server.url, {"KEY_PREFIX": "h"})
    shared.set("a", 1)
    os.kill(redis_server.process.pid, signal.SIGSTOP)  # accepts, never answers
    try:
        started = time.monotonic()
        assert shared.get("a") is None
        assert time.monotonic() - started < 2  # the socket timeout, not forever
        started = time.monotonic()
        for _ in range(100):
            shared.get("a")
        assert time.monotonic() - started < 0.5  # from memory until RETRY_SECONDS pass
    finally:
        os.kill(redis_server.process.pid, signal.SIGCONT)
