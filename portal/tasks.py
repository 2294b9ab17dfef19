"""Background work on Django's tasks API (django.tasks), stored in the database.

Mail is a task enqueued in the same transaction as the data it belongs to (the database
backend writes a row): a rollback enqueues nothing, a commit never loses the mail, and a mail
server that is down is retried with backoff. After the last try the task stays as failed,
visible to superusers in Beheer with a button to try again.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# 1, 2, 4, 8 and 16 minutes between tries: about half an hour before a mail counts as failed.
FIRST_BACKOFF = timedelta(minutes=1)


def backoff(attempt: int) -> timedelta:
    return FIRST_BACKOFF * 2 ** (attempt - 1)


@task()
def send_mail_task(*, subject: str, body: str, recipients: list[str], attempt: int = 1) -> str:
    try:
        send_mail(subject, body, None, recipients)
    except (SMTPException, OSError) as error:
        if attempt >= MAX_ATTEMPTS:
            raise  # the task is kept as failed; a superuser can try again from Beheer
        logger.warning("Mail %r, try %d failed (%s); trying again later", subject, attempt, error)
        send_mail_task.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            subject=subject, body=body, recipients=recipients, attempt=attempt + 1
        )
        return f"try {attempt} failed; retry scheduled"
    return "sent"
