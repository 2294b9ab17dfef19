"""Outgoing mail goes through the task queue, never straight to the mail server.

queue_mail() enqueues in the current transaction: the mail is stored with the data it belongs
to, or not at all. A mail server that is down can therefore never turn a saved action into an
error page, and the worker retries until the mail is delivered (portal/tasks.py). Each mail has
a key: a retried task never sends it twice. Sign-in codes have a queue of their own, with a
worker that does nothing else, so no slow mail ever delays them.
"""

import uuid

from portal.tasks import SIGN_IN_QUEUE, send_mail_task


def queue_mail(subject: str, body: str, recipients: list[str], *, urgent: bool = False) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    task = (
        send_mail_task.using(queue_name=SIGN_IN_QUEUE, priority=100) if urgent else send_mail_task
    )
    task.enqueue(subject=str(subject), body=str(body), recipients=recipients, key=uuid.uuid4().hex)
