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
