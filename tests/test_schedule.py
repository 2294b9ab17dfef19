"""Periodic jobs: due once per period whatever the number of workers, never overlapping."""

import threading
from datetime import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal import schedule
from tests.conftest import use_task_backend


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def enqueued_jobs() -> list[str]:
    return sorted(row.args_kwargs["kwargs"]["name"] for row in DBTaskResult.objects.all())


@pytest.fixture
def database_queue(settings):
    use_task_backend(settings, "django_tasks_db.DatabaseBackend")
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_each_job_is_enqueued_once_per_period(database_queue):
    monday_morning = at("2026-11-23 08:30")  # a Monday
    assert sorted(schedule.tick(monday_morning)) == [
        "referral-reminders",
        "retention",
        "review-reminders",
    ]
    assert schedule.tick(monday_morning) == []  # the same minute again
    assert schedule.tick(at("2026-11-23 17:00")) == []  # later that day
    assert sorted(schedule.tick(at("2026-11-24 09:00"))) == ["referral-reminders", "retention"]
    assert schedule.tick(at("2026-11-29 12:00")) == ["retention"]  # Sunday: no referral mails
    assert schedule.tick(at("2026-11-30 02:00")) == []  # too early for every job
    assert enqueued_jobs() == sorted(
        ["referral-reminders", "retention", "review-reminders"]
        + ["referral-reminders", "retention"]
        + ["retention"]
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_enqueue_each_job_once(database_queue):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent writers need PostgreSQL (SQLite locks the table; the next tick retries)"
        )
    call_command("createcachetable", verbosity=0)
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            schedule.tick(at("2026-11-23 08:30"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert enqueued_jobs() == ["referral-reminders", "retention", "review-reminders"]


@pytest.mark.django_db
def test_a_job_still_running_is_not_started_twice(database_queue, monkeypatch):
    runs = []
    monkeypatch.setitem(
        schedule.JOBS,
        "retention",
        schedule.Job("retention", lambda: runs.append(1), schedule.daily, hour=3),
    )
    cache.add("schedule:running:retention", "now", 60)  # another worker is busy with it
    assert schedule.run_job.call(name="retention") == "skipped: already running"
    assert runs == []
    cache.delete("schedule:running:retention")
    assert schedule.run_job.call(name="retention") == "done"
    assert runs == [1]
    assert cache.get("schedule:running:retention") is None  # released afterwards
