"""Periodic jobs: due once per period whatever the number of workers, never overlapping."""

import threading
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal import schedule
from portal.models import JobLock
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
    # Later that day only the check-ins (from 9 o'clock) and the news (from 10) are new.
    assert sorted(schedule.tick(at("2026-11-23 17:00"))) == ["check-ins", "news"]
    assert sorted(schedule.tick(at("2026-11-24 09:00"))) == [
        "check-ins",
        "referral-reminders",
        "retention",
    ]
    # Sunday: no referral mails.
    assert sorted(schedule.tick(at("2026-11-29 12:00"))) == ["check-ins", "news", "retention"]
    assert schedule.tick(at("2026-11-30 02:00")) == []  # too early for every job
    assert enqueued_jobs() == sorted(
        ["referral-reminders", "retention", "review-reminders"]
        + ["check-ins", "news"]
        + ["check-ins", "referral-reminders", "retention"]
        + ["check-ins", "news", "retention"]
    )


@pytest.mark.postgres(
    "concurrent writers need PostgreSQL (SQLite locks the table; the next tick retries)"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_enqueue_each_job_once(database_queue):
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
    busy = timezone.now() + timedelta(minutes=30)
    JobLock.objects.create(job="retention", held_until=busy)  # another worker is busy with it
    assert schedule.run_job.call(name="retention") == "skipped: already running"
    assert runs == []
    JobLock.objects.filter(job="retention").update(held_until=None)
    assert schedule.run_job.call(name="retention") == "done"
    assert runs == [1]
    assert JobLock.objects.get(job="retention").held_until is None  # released afterwards
    # The worker that held it died an hour ago: the lock lapsed.
    JobLock.objects.filter(job="retention").update(held_until=timezone.now() - timedelta(1))
    assert schedule.run_job.call(name="retention") == "done"
    assert runs == [1, 1]


@pytest.mark.django_db
def test_an_empty_or_unreachable_cache_does_not_run_a_job_twice(database_queue, settings):
    """Redis restarts empty, or each worker falls back to its own memory (issue 27.6): the
    claims are in the database, so Monday's review reminders are still enqueued once."""
    monday_morning = at("2026-11-23 08:30")
    assert "review-reminders" in schedule.tick(monday_morning)
    cache.clear()
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    assert schedule.tick(at("2026-11-23 08:31")) == []
    assert enqueued_jobs().count("review-reminders") == 1


@pytest.mark.django_db
def test_retention_removes_sent_mails_after_a_week_and_failed_ones_after_a_month(database_queue):
    """A sent mail's task row holds the address and the text: it goes a week after sending;
    a failed one stays a month, for 'Opnieuw proberen' in Beheer."""
    from portal.mail import queue_mail

    for address in ("old@example.org", "new@example.org", "failed@example.org"):
        queue_mail("Onderwerp", "Tekst", [address])
    rows = {row.args_kwargs["kwargs"]["recipients"][0]: row for row in DBTaskResult.objects.all()}
    now = timezone.now()
    DBTaskResult.objects.filter(pk=rows["old@example.org"].pk).update(
        status="SUCCESSFUL", finished_at=now - timedelta(days=schedule.SENT_TASKS_KEPT_DAYS + 1)
    )
    DBTaskResult.objects.filter(pk=rows["new@example.org"].pk).update(
        status="SUCCESSFUL", finished_at=now - timedelta(days=1)
    )
    DBTaskResult.objects.filter(pk=rows["failed@example.org"].pk).update(
        status="FAILED", finished_at=now - timedelta(days=schedule.SENT_TASKS_KEPT_DAYS + 1)
    )
    schedule._retention()
    left = {row.args_kwargs["kwargs"]["recipients"][0] for row in DBTaskResult.objects.all()}
    assert left == {"new@example.org", "failed@example.org"}
