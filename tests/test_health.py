"""Health endpoints for a load balancer, and a Dutch 503 when the database is unreachable."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from portal.tasks import send_mail_task
from tests.conftest import use_task_backend
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_health_says_only_that_the_process_answers(client):
    response = client.get("/gezond/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_ready_checks_database_cache_and_queue_with_its_lag(client, settings):
    use_task_backend(settings, "django_tasks_db.DatabaseBackend")
    body = client.get("/gezond/klaar/").json()
    assert body == {
        "database": "ok",
        "cache": "ok",
        "redis": "niet gebruikt",
        "queue": "ok",
        "queue_lag_seconds": 0,
        "queue_stuck_tasks": 0,
        "queue_workers_alive": 0,
        "queue_state": "ok",
    }
    send_mail_task.enqueue(subject="s", body="b", recipients=["a@example.org"])
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=90))
    body = client.get("/gezond/klaar/").json()
    assert body["queue_state"] == "geen worker"  # a task waits and no worker lives
    from portal.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker_id="w-1", queues="*", beat_at=timezone.now())
    body = client.get("/gezond/klaar/").json()
    assert 90 <= body["queue_lag_seconds"] < 120 and body["queue_state"] == "ok"
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=6))
    assert client.get("/gezond/klaar/").json()["queue_state"] == "achter"
    text = client.get("/gezond/klaar/").content.decode()
    for secret in ("sqlite", "postgres", "SECRET", "django_cache", "127.0.0.1"):
        assert secret not in text


def test_ready_is_503_when_the_cache_is_unreachable(client, settings):
    """A cache without a fallback (here Redis without one) that fails: not ready."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    response = client.get("/gezond/klaar/")
    assert response.status_code == 503 and response.json()["cache"] == "onbereikbaar"


def test_with_redis_down_ready_says_so_and_stays_200(client, settings, caplog):
    """Redis is a cache, not a single point of failure (issue 27.6): the site serves from
    each process's memory, and a load balancer must not take every instance out for it."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    response = client.get("/gezond/klaar/")
    assert response.status_code == 200
    assert response.json()["redis"] == "onbereikbaar" and response.json()["cache"] == "ok"
    assert "Redis is unreachable" in caplog.text


def test_database_unreachable_gives_a_dutch_503_never_a_traceback(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr("directory.views.find_municipality", down)
    client.raise_request_exception = False
    response = client.get("/zoek-gemeente/?q=1099")
    content = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "Het portaal is even niet bereikbaar" in content
    assert "Traceback" not in content and "127.0.0.1" not in content


def test_with_redis_the_page_cache_and_rate_limits_live_in_redis(client, settings, redis_url):
    import redis

    original = settings.CACHES
    settings.CACHES = {
        **original,
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": redis_url,
        },
        "pages": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "pages",
        },
        "fragments": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "fragments",
        },
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    OfferFactory()
    assert client.get("/gemeenten/assen/").status_code == 200
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("*")]
    assert any("page:" in key for key in keys)  # the rendered page, shared by all instances
    assert any("card-li:" in key for key in keys)  # and its offer cards (issue 13)
    assert any("catalogue-version" in key for key in keys)
    assert client.get("/gezond/klaar/").json()["cache"] == "ok"
    assert client.get("/gezond/klaar/").json()["redis"] == "ok"
    settings.CACHES = original  # before this test's Redis stops


def test_the_redis_cache_reuses_one_client_and_survives_a_restart(redis_url):
    """portal.cache: one redis.Redis per pool (Django makes one per call)."""
    from portal.cache import ReusingRedisCache

    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "reuse"})
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache._cache.get_client().connection_pool.disconnect()  # as after a Redis restart
    assert cache.get("a") == 1


def test_the_redis_cache_reads_back_what_django_writes(redis_url):
    """portal.cache.Serializer reads a pickle without trying int() first; every kind of value
    still comes back as it went in, integers stay countable with incr()."""
    from portal.cache import ReusingRedisCache

    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "values"})
    values = {
        "int": 7,
        "negative": -3,
        "big": 2**70,
        "bool": True,
        "bytes": b"\x80 starts like a pickle",
        "digits": b"123",
        "text": "12",
        "tuple": ("slug", "naam", "<p>html</p>"),
        "none-like": "",
    }
    cache.set_many(values)
    assert cache.get_many(list(values)) == values
    assert cache.incr("int") == 8
    assert type(cache.get("bool")) is bool
    assert cache.get(" spaces and ünïcode are fine in Redis ", "missing") == "missing"


def test_the_rate_limit_counts_in_fixed_windows_in_one_round_trip(redis_url):
    import redis

    from portal.cache import ReusingRedisCache

    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "window"})
    assert [cache.count_in_window("k", 60) for _ in range(3)] == [1, 2, 3]
    raw = redis.Redis.from_url(redis_url)
    (key,) = raw.keys("window:*:k")
    ttl = raw.ttl(key)
    assert 0 < ttl <= 60
    raw.expire(key, 5)  # later hits must not stretch the window again
    cache.count_in_window("k", 60)
    assert raw.ttl(key) <= 5
    assert cache.get("k") == 4  # an ordinary integer for the rest of Django
