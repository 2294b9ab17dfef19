"""Outgoing mail goes through the task queue, never straight to the mail server.

queue_mail() enqueues in the current transaction: the mail is stored with the data it belongs
to, or not at all. A mail server that is down can therefore never turn a saved action into an
error page, and the worker retries until the mail is delivered (portal/tasks.py).
"""

from portal.tasks import send_mail_task


def queue_mail(subject: str, body: str, recipients: list[str]) -> None:
    recipients = [address for address in recipients if address]
    if recipients:
        send_mail_task.enqueue(subject=str(subject), body=str(body), recipients=recipients)
