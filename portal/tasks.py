"""Background work on Django's tasks API (django.tasks), stored in the database.

Mail is a task enqueued in the same transaction as the data it belongs to (the database
backend writes a row): a rollback enqueues nothing, a commit never loses the mail, and a mail
server that is down is retried with backoff. After the last try the task stays as failed,
visible to superusers in Beheer with a button to try again.
"""

import logging
from datetime import timedelta
from email.utils import make_msgid
from smtplib import SMTPException

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Sign-in codes, confirmations and password links: a queue with a worker of its own.
SIGN_IN_QUEUE = "aanmelden"
# 1, 2, 4, 8 and 16 minutes between tries: about half an hour before a mail counts as failed.
FIRST_BACKOFF = timedelta(minutes=1)


def backoff(attempt: int) -> timedelta:
    return FIRST_BACKOFF * 2 ** (attempt - 1)


@task()
def send_mail_task(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    attempt: int = 1,
    key: str = "",
    headers: dict[str, str] | None = None,
) -> str:
    """Send one mail. `key` makes it idempotent: a mail already sent under it (a worker that
    died between the mail server's OK and the end of the task) is not sent again. The mail
    server's wait is limited (MAILERS' timeout), so a server that hangs holds no worker."""
    from portal.models import SentMail

    if key and SentMail.objects.filter(key=key).exists():
        return "already sent"
    message = EmailMessage(subject, body, None, recipients, headers=dict(headers or {}))
    if key:
        message.extra_headers["Message-ID"] = make_msgid(idstring=key, domain="mantelzorgportaal")
    try:
        message.send()
    except (SMTPException, OSError) as error:
        if attempt >= MAX_ATTEMPTS:
            raise  # the task is kept as failed; a superuser can try again from Beheer
        logger.warning("Mail %r, try %d failed (%s); trying again later", subject, attempt, error)
        current = send_mail_task.using(run_after=timezone.now() + backoff(attempt))
        current.enqueue(
            subject=subject,
            body=body,
            recipients=recipients,
            attempt=attempt + 1,
            key=key,
            headers=headers,
        )
        return f"try {attempt} failed; retry scheduled"
    if key:
        SentMail.objects.get_or_create(key=key)
    return "sent"
