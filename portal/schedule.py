"""Periodic jobs, run as tasks and scheduled by the worker (manage.py run_worker).

Each job runs once per period (a day, or a week), whatever the number of workers: the
scheduler claims '<job>:<period>' with an atomic add on the shared cache (the database cache,
or Redis with several instances) before it enqueues the job. A job that is still running when
another copy starts is skipped (a second lock), so two runs never overlap.

Availability needs no job: it counts as unknown 14 days after the provider last confirmed it,
at the moment a page is shown.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

RUNNING_LOCK_SECONDS = 60 * 60


def _review_reminders() -> None:
    call_command("send_review_reminders", verbosity=0)


def _retention() -> None:
    call_command("purge_expired_requests", verbosity=0)


def _referral_reminders() -> None:
    from providers.services import remind_overdue_referrals

    remind_overdue_referrals()


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], None]
    period: Callable[[date], str | None]  # the period a day belongs to; None: not on that day
    hour: int  # not before this hour (local time)


def daily(day: date) -> str:
    return day.isoformat()


def weekly_on_monday(day: date) -> str | None:
    year, week, weekday = day.isocalendar()
    return f"{year}-W{week:02d}" if weekday == 1 else None


def working_days(day: date) -> str | None:
    return day.isoformat() if day.weekday() < 5 else None


JOBS = {
    job.name: job
    for job in (
        Job("review-reminders", _review_reminders, weekly_on_monday, hour=7),
        Job("retention", _retention, daily, hour=3),
        Job("referral-reminders", _referral_reminders, working_days, hour=8),
    )
}


@task()
def run_job(*, name: str) -> str:
    """Run one periodic job, unless another copy of it is still running."""
    job = JOBS[name]
    lock = f"schedule:running:{name}"
    if not cache.add(lock, timezone.now().isoformat(), RUNNING_LOCK_SECONDS):
        logger.info("Job %s is already running; this copy is skipped", name)
        return "skipped: already running"
    try:
        job.run()
    finally:
        cache.delete(lock)
    return "done"


def tick(now=None) -> list[str]:
    """Enqueue every job that is due now and not yet enqueued for its period."""
    now = timezone.localtime(now)
    enqueued = []
    for job in JOBS.values():
        period = job.period(now.date())
        if period is None or now.hour < job.hour:
            continue
        if cache.add(f"schedule:done:{job.name}:{period}", now.isoformat(), 8 * 24 * 3600):
            run_job.enqueue(name=job.name)
            enqueued.append(job.name)
    return enqueued
