"""Issue 15.3: status mails say in plain words what happened, without health details, with
links to where the site is served; a mail server that is down never breaks a saved action."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from respite.models import RespiteRequest, TimelineEntry
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

SECRET = "Mijn moeder heeft sinds kort de ziekte van Alzheimer"  # a health detail


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://mantelzorg.example.nl"


@pytest.fixture
def caregiver(db):
    return User.objects.create_user(username="zoon@example.org", email="zoon@example.org")


@pytest.fixture
def anna(db):
    return make_staff("anna@middendrenthe.example", ("GM1731", "consulent"), phone="0593 539 301")


@pytest.fixture
def bert(db):
    return make_staff("bert@middendrenthe.example", ("GM1731", "consulent"), phone="0593 539 302")


@pytest.fixture
def req(caregiver, midden_drenthe):
    return RespiteRequest.objects.create(
        caregiver=caregiver,
        municipality=midden_drenthe,
        relationship="ouder",
        age_group="oudere",
        situation="dementie",
        urgency="gepland",
        contact_method="email",
        notes=SECRET,
        kinds=["logeerzorg"],
    )


def caregiver_mails() -> list:
    return [m for m in mail.outbox if m.to == ["zoon@example.org"]]


def assert_clean(message, req) -> None:
    assert SECRET not in message.body and "dementie" not in message.body.lower()
    assert "https://mantelzorg.example.nl" + req.get_absolute_url() in message.body
    assert "127.0.0.1" not in message.body and ":8000" not in message.body


def test_pickup_mail_names_the_contact_person_and_phone(
    client, req, anna, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("werkbak:claim", args=[req.reference]))
    [message] = caregiver_mails()
    assert message.subject == f"Anna heeft uw aanvraag {req.reference} opgepakt"
    assert "Anna, Wmo-consulent van de gemeente Midden-Drenthe" in message.body
    assert "uw vaste contactpersoon" in message.body
    assert "bellen op 0593 539 301" in message.body
    assert "Er is iets veranderd" not in message.body
    assert_clean(message, req)


def test_decision_mail_says_which_decision_but_not_the_explanation(
    client, req, anna, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("werkbak:decide", args=[req.reference]),
            {
                "besluit-decision": "toegekend",
                "besluit-reason": "overbelasting",
                "besluit-valid_from": "2027-01-04",
                "besluit-text": "Vanwege de Alzheimer van uw moeder krijgt u logeerzorg.",
            },
        )
    [message] = caregiver_mails()
    assert "besluit genomen over uw aanvraag: toegekend" in message.body
    assert "Alzheimer" not in message.body
    assert_clean(message, req)


def test_hand_over_mail_names_the_new_contact_person(
    client, req, anna, bert, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("werkbak:hand_over", args=[req.reference]),
            {
                "overdracht-colleague": bert.pk,
                "overdracht-reason": "Verlof",
                "overdracht-whole_relation": "on",
            },
        )
    [message] = caregiver_mails()
    assert "Uw nieuwe vaste contactpersoon is Bert" in message.body
    assert "0593 539 302" in message.body
    assert "Verlof" not in message.body  # the internal reason
    assert_clean(message, req)
    assert [m.to for m in mail.outbox if m.to != ["zoon@example.org"]] == [[bert.email]]


def test_a_question_reaches_the_caregiver_without_its_text(
    client, req, anna, caregiver, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    mail.outbox.clear()
    question = "Hoe vaak is uw moeder 's nachts onrustig?"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("werkbak:ask_information", args=[req.reference]), {"vraag-text": question}
        )
    [message] = caregiver_mails()
    assert "Anna heeft een vraag over uw aanvraag" in message.body
    assert question not in message.body
    assert_clean(message, req)
    assert TimelineEntry.objects.filter(respite_request=req, kind="vraag", text=question).exists()
    client.force_login(caregiver)
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Vraag van uw contactpersoon" in page and "onrustig" in page


def test_new_request_mail_to_staff_links_to_the_request(
    caregiver, midden_drenthe, anna, django_capture_on_commit_callbacks
):
    from respite.services.requests import request_submit

    data = {
        "relationship": "ouder",
        "age_group": "oudere",
        "situation": "dementie",
        "kinds": ["logeerzorg"],
        "urgency": "gepland",
        "contact_method": "email",
        "notes": SECRET,
    }
    with django_capture_on_commit_callbacks(execute=True):
        req = request_submit(caregiver=caregiver, data=data, municipality=midden_drenthe)
    [staff] = [m for m in mail.outbox if m.to == [anna.email]]
    assert f"https://mantelzorg.example.nl/beheer/werkbak/{req.reference}/" in staff.body
    assert SECRET not in staff.body
    [receipt] = caregiver_mails()
    assert req.reference in receipt.body and SECRET not in receipt.body


def test_a_mail_server_that_is_down_never_breaks_a_saved_action(
    client, req, anna, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    client.force_login(anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("werkbak:claim", args=[req.reference]))
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.assigned_to == anna


def test_the_header_always_offers_a_way_in(client):
    content = client.get("/").content.decode()
    assert 'href="/account/login/">Inloggen</a>' in content
    assert 'href="/mijn-aanvragen/">Mijn aanvragen</a>' in content
