from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.choices import OfferStatus
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_editors_get_the_offers_that_are_due(
    editor, other_editor, consultant, assen, django_capture_on_commit_callbacks
):
    old = timezone.localdate() - timedelta(days=200)
    OfferFactory(name="Oud aanbod", verified_on=old)
    OfferFactory(name="Vers aanbod")
    OfferFactory(name="Oud concept", verified_on=old, status=OfferStatus.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):  # queued mail leaves on commit
        call_command("send_review_reminders", verbosity=0)

    assert len(mail.outbox) == 1  # only the Assen editor; the consultant gets nothing
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert "Oud aanbod" in message.body
    assert "Vers aanbod" not in message.body and "Oud concept" not in message.body
    assert "/beheer/gemeente/assen/" in message.body


def test_nothing_due_sends_nothing(editor, assen, django_capture_on_commit_callbacks):
    OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders", verbosity=0)
    assert mail.outbox == []


def test_running_it_twice_mails_each_editor_once_a_week(
    editor, assen, django_capture_on_commit_callbacks
):
    OfferFactory(name="Oud aanbod", verified_on=timezone.localdate() - timedelta(days=200))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders", verbosity=0)
        call_command("send_review_reminders", verbosity=0)
    assert [m.to for m in mail.outbox] == [[editor.email]]


@pytest.mark.postgres("concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_mail_each_editor_once():
    """Run twice at once, the command queued 84 mails for 42 editors."""
    import threading

    from django.db import connection

    from directory.models import Municipality
    from tests.conftest import make_staff

    call_command("load_reference_data", verbosity=0)
    assen = Municipality.objects.get(code="GM0106")
    editors = [make_staff(f"r{i}@assen.example", ("GM0106", "redacteur")) for i in range(12)]
    OfferFactory(municipality=assen, verified_on=timezone.localdate() - timedelta(days=200))
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            call_command("send_review_reminders", verbosity=0)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == sorted(editor.email for editor in editors)
