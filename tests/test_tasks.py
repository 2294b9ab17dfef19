"""Nothing a user sends is lost: mail is a task stored with the data, retried until the mail
server takes it, and kept as failed after the last try (issue 10)."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from directory.models import Feedback
from portal.mail import queue_mail
from portal.tasks import MAX_ATTEMPTS, send_mail_task
from respite.models import RespiteRequest
from tests.conftest import free_port, use_task_backend
from tests.directory.factories import OfferFactory
from tests.respite.test_requests import submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_queue(settings, tasks_run_on_commit):
    """The real queue: django-tasks-db's backend and worker; transactional tests start from
    an empty database, so the reference data is loaded again."""
    use_task_backend(settings, "django_tasks_db.DatabaseBackend")
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def smtp(settings):
    """Mail goes to an SMTP server on a port where, until started, nothing listens."""
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }

    class Sink:
        messages: list = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    sink = Sink()
    sink.messages = []
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    yield controller, sink
    if getattr(controller, "_thread", None):
        controller.stop()


def run_worker() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
        verbosity=0,
    )


def make_due() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_rollback_enqueues_nothing_and_a_commit_keeps_the_mail():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail("Onderwerp", "Tekst", ["a@example.org"])
        raise RuntimeError
    assert not DBTaskResult.objects.exists()
    queue_mail("Onderwerp", "Tekst", ["a@example.org"])
    assert DBTaskResult.objects.ready().count() == 1


def test_with_smtp_down_users_succeed_and_mail_arrives_once_when_it_is_back(
    client, smtp, assen, superuser
):
    controller, sink = smtp
    offer = OfferFactory()
    # 1. A caregiver asks for respite, a visitor reports a mistake, a superuser invites staff:
    #    each gets the normal success page and each row is stored once.
    caregiver = User.objects.create_user(username="zoon@example.org", email="zoon@example.org")
    client.force_login(caregiver)
    page = submit(client)
    assert page.status_code == 200 and "Uw aanvraag is verstuurd" in page.content.decode()
    assert RespiteRequest.objects.filter(caregiver=caregiver).count() == 1
    client.logout()
    response = client.post(
        reverse("directory:offer_feedback", args=[offer.pk]),
        {"message": "Het telefoonnummer klopt niet.", "contact": ""},
    )
    assert response.status_code == 200 and Feedback.objects.count() == 1
    client.force_login(superuser)
    response = client.post(
        reverse("accounts:staff_invite"),
        {"email": "nieuw@assen.example", "first_name": "Nieuw", "editor_for": [assen.pk]},
    )
    assert (
        response.status_code == 302
        and User.objects.filter(email="nieuw@assen.example").count() == 1
    )
    queued = DBTaskResult.objects.ready().count()
    assert queued >= 2

    # 2. The worker tries while SMTP is down: every mail gets a later retry, none is lost.
    run_worker()
    assert DBTaskResult.objects.failed().count() == 0
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == queued
    assert all(r.run_after > timezone.now() for r in retries)
    assert all(r.args_kwargs["kwargs"]["attempt"] == 2 for r in retries)
    assert sink.messages == []

    # 3. SMTP is back: the retries deliver each mail exactly once.
    controller.start()
    make_due()
    run_worker()
    run_worker()
    assert len(sink.messages) == queued
    recipients = sorted(rcpt for m in sink.messages for rcpt in m.rcpt_tos)
    assert "nieuw@assen.example" in recipients and "zoon@example.org" in recipients
    assert not DBTaskResult.objects.ready().exists()  # nothing left to deliver twice


def test_after_the_last_try_a_superuser_sees_it_and_can_try_again(client, smtp, superuser, editor):
    send_mail_task.enqueue(
        subject="Uitnodiging", body="Tekst", recipients=["x@example.org"], attempt=MAX_ATTEMPTS
    )
    run_worker()
    [failed] = DBTaskResult.objects.failed()
    assert failed.exception_class_path.endswith("ConnectionRefusedError")

    client.force_login(editor)
    assert client.get(reverse("accounts:failed_tasks")).status_code == 403
    assert client.post(reverse("accounts:retry_task", args=[failed.pk])).status_code == 403

    client.force_login(superuser)
    page = client.get(reverse("accounts:failed_tasks")).content.decode()
    assert "E-mail versturen" in page and "Uitnodiging" in page and "Opnieuw proberen" in page
    controller, sink = smtp
    controller.start()
    response = client.post(reverse("accounts:retry_task", args=[failed.pk]))
    assert response.status_code == 302
    assert not DBTaskResult.objects.failed().exists()
    [again] = DBTaskResult.objects.ready()
    assert "attempt" not in again.args_kwargs["kwargs"]  # from the first try again
    run_worker()
    assert [m.rcpt_tos for m in sink.messages] == [["x@example.org"]]
    assert client.post(reverse("accounts:retry_task", args=[failed.pk])).status_code == 404


def test_backoff_grows_between_tries():
    from portal.tasks import backoff

    assert [backoff(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
