"""Outgoing mail: one way to write it, one way to send it (issue 23.4).

Every mail our code sends lives in templates/mail/<app>/<event>_subject.txt and
<event>_message.txt (allauth's convention, which its own mails in templates/account/email/
follow too), rendered as plain text (the 'mail' template engine never HTML-escapes).
send(name, to, context) renders both and queues the mail in the current transaction: it is
stored with the data it belongs to, or not at all. A mail server that is down can therefore
never turn a saved action into an error page, and the worker retries until the mail is
delivered (portal/tasks.py). Each mail has a key: a retried task never sends it twice.
Sign-in codes (urgent) have a queue of their own, with a worker that does nothing else.

Mails never carry health details: who did what and where to look, behind a sign-in.

Each mail is written in its reader's language (issue 26.5), not in the language of whoever
caused it: an account's chosen language, else the `language` given (a subscription's, the
visitor's), else Dutch. Context values that are lazy texts (a choice's label, in_reader_language())
are therefore put together while the mail is rendered, in that language.
"""

import logging
import uuid
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template import engines
from django.utils import translation

from portal.tasks import SIGN_IN_QUEUE, send_mail_task

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link for a mail: the site's address (SITE_URL) and a path from reverse()."""
    return settings.SITE_URL.rstrip("/") + path


def render(name: str, context: dict, language: str | None = None) -> tuple[str, str]:
    """(subject, body) of templates/mail/<name>_subject.txt and _message.txt, in `language`
    (else the active one)."""
    engine = engines["mail"]
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language or translation.get_language()):
        subject = engine.get_template(f"{name}_subject.txt").render(context)
        body = engine.get_template(f"{name}_message.txt").render(context)
    return " ".join(subject.split()), body.strip() + "\n"


def readers_languages(recipients: list[str], default: str | None = None) -> dict[str, list[str]]:
    """language → the recipients who read it: an account's chosen language, else `default`,
    else Dutch. One query."""
    fallback = default if default in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    chosen = dict(
        get_user_model()
        .objects.filter(email__in=recipients)
        .exclude(language="")
        .values_list("email", "language")
    )
    groups: dict[str, list[str]] = {}
    for address in recipients:
        groups.setdefault(chosen.get(address, fallback), []).append(address)
    return groups


def send(
    name: str,
    to: list[str] | str,
    context: dict,
    *,
    urgent: bool = False,
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    """Render the mail `name` and queue it for `to`, inside the current transaction, once per
    language its readers read (readers_languages: `language` for an address without an
    account). Headers such as List-Unsubscribe go along as given."""
    recipients = [address for address in ([to] if isinstance(to, str) else to) if address]
    for reader_language, readers in readers_languages(recipients, language).items():
        subject, body = render(name, context, reader_language)
        queue_mail(subject, body, readers, urgent=urgent, headers=headers)


def send_now(name: str, to: str, context: dict) -> bool:
    """Render and send the mail at once, without queueing it: for a mail whose address must
    not be kept anywhere (a bewaarlijst sent on, issue 26.4), in the sender's language. False
    when the mail server did not take it (the caller says so and offers another way); never
    raises for that."""
    subject, body = render(name, context)
    try:
        EmailMessage(subject, body, None, [to]).send()
    except (SMTPException, OSError) as error:
        logger.warning("Mail %r could not be sent now (%s)", subject, error.__class__.__name__)
        return False
    return True


def queue_mail(
    subject: str,
    body: str,
    recipients: list[str],
    *,
    urgent: bool = False,
    headers: dict[str, str] | None = None,
) -> None:
    """Queue a mail already written (allauth's, rendered by its adapter). Use send()."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    task = (
        send_mail_task.using(queue_name=SIGN_IN_QUEUE, priority=100) if urgent else send_mail_task
    )
    task.enqueue(
        subject=str(subject),
        body=str(body),
        recipients=recipients,
        key=uuid.uuid4().hex,
        headers=dict(headers or {}),
    )
