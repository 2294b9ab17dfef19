"""Periodic jobs, run as tasks and scheduled by the worker (manage.py run_worker).

Each job runs once per period (a day, or a week), whatever the number of workers: the
scheduler claims (job, period) in the database (ScheduledRun, unique) in the same transaction
as it enqueues the job. A job that is still running when another copy starts is skipped
(JobLock, which lapses after an hour should its worker die), so two runs never overlap. Both
are in the database, not the cache: Redis may restart empty or be unreachable (issue 27.6).

Availability needs no job: it counts as unknown 14 days after the provider last confirmed it,
at the moment a page is shown.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from portal.models import JobLock, ScheduledRun

logger = logging.getLogger(__name__)

RUNNING_LOCK_SECONDS = 60 * 60


def _review_reminders() -> None:
    call_command("send_review_reminders", verbosity=0)


def _retention() -> None:
    from directory.news import subscriptions_purge
    from referrers.services import handovers_purge
    from respite.services.holds import holds_expire

    call_command("purge_expired_requests", verbosity=0)
    subscriptions_purge()  # addresses that never confirmed the news
    handovers_purge()  # what a referrer filled in, when nobody agreed to send it
    holds_expire()  # nights held for a request that ran out give their place back
    _finished_tasks_prune()


# A sent mail's task keeps its address, subject and text: gone a week after it was sent (a
# failed one after a month, so a superuser can still retry it from Beheer in the meantime).
SENT_TASKS_KEPT_DAYS = 7
FAILED_TASKS_KEPT_DAYS = 30


def _finished_tasks_prune() -> None:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return  # another backend keeps nothing of ours
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=SENT_TASKS_KEPT_DAYS,
        failed_min_age_days=FAILED_TASKS_KEPT_DAYS,
        verbosity=0,
    )


def _check_ins() -> None:
    from respite.services.checkins import check_ins_run

    check_ins_run()


def _news() -> None:
    from directory.news import news_send

    news_send()


def _referral_reminders() -> None:
    from respite.services.referrals import remind_overdue_referrals

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
        Job("check-ins", _check_ins, daily, hour=9),
        # Each subscription is due 28 days after its last news; a daily look sends each one
        # at most monthly, also to those who confirmed mid-month.
        Job("news", _news, daily, hour=10),
    )
}


def _take_lock(name: str) -> bool:
    now = timezone.now()
    JobLock.objects.get_or_create(job=name)
    # One UPDATE with its condition: of two copies at once, exactly one changes the row.
    return bool(
        JobLock.objects.filter(job=name)
        .filter(Q(held_until__isnull=True) | Q(held_until__lt=now))
        .update(held_until=now + timedelta(seconds=RUNNING_LOCK_SECONDS))
    )


@task()
def run_job(*, name: str) -> str:
    """Run one periodic job, unless another copy of it is still running."""
    job = JOBS[name]
    if not _take_lock(name):
        logger.info("Job %s is already running; this copy is skipped", name)
        return "skipped: already running"
    try:
        job.run()
    finally:
        JobLock.objects.filter(job=name).update(held_until=None)
    return "done"


def tick(now=None) -> list[str]:
    """Enqueue every job that is due now and not yet enqueued for its period."""
    now = timezone.localtime(now)
    enqueued = []
    for job in JOBS.values():
        period = job.period(now.date())
        if period is None or now.hour < job.hour:
            continue
        if ScheduledRun.objects.filter(job=job.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, period=period)
                run_job.enqueue(name=job.name)  # the claim and the task: both or neither
        except IntegrityError:  # another worker claimed it a moment earlier
            continue
        enqueued.append(job.name)
    ScheduledRun.objects.filter(enqueued_at__lt=now - timedelta(days=60)).delete()
    return enqueued
