"""Mail sent after the data it belongs to is committed, so a rollback sends nothing.

A mail server that is down must never turn a saved action into an error page: the failure is
logged and the user's action stands. (Issue 10 moves this onto a durable task queue.)
"""

import logging

from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def mail_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return

    def send() -> None:
        try:
            send_mail(subject, body, None, recipients)
        except Exception:  # any transport error: the saved action must still succeed
            logger.exception("Mail %r to %d recipient(s) failed", subject, len(recipients))

    transaction.on_commit(send)
