"""Follow changes without an account (issue 26.3): double opt-in, news at most monthly about
new or changed offers, one click to leave (List-Unsubscribe, also one-click POST), no other
use of the address."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import Offer, Subscription
from directory.news import news_send, subscriptions_purge
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def link_in(body: str, part: str) -> str:
    return next(word for word in body.split() if part in word).split("testserver")[-1]


def subscribe(client, capture, email="buur@example.org", slug="assen"):
    url = reverse("directory:subscribe", args=[slug])
    with capture(execute=True):
        response = client.post(url, {"email": email})
    return response


def test_subscribe_confirm_get_news_and_leave_in_one_click(
    client, assen, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    page = client.get(assen.get_absolute_url()).content.decode()
    assert reverse("directory:subscribe", args=["assen"]) in page
    response = subscribe(client, django_capture_on_commit_callbacks)
    assert "Kijk in uw mail" in response.content.decode()
    (confirm_mail,) = mail.outbox
    assert confirm_mail.to == ["buur@example.org"]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    # Nothing goes to an address that did not confirm.
    OfferFactory(name="Nieuw logeerhuis")
    assert news_send(now=timezone.now() + timedelta(days=40)) == 0
    # The link shows a button (mail scanners open links); the button confirms.
    confirm = link_in(confirm_mail.body, "/bevestigen/")
    assert "Ja, stuur mij het nieuws" in client.get(confirm).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    # An offer that is new since: one mail, with the one-click headers.
    Offer.objects.filter(name="Nieuw logeerhuis").update(
        created_at=timezone.now() + timedelta(minutes=1),
        updated_at=timezone.now() + timedelta(minutes=1),
    )
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert news_send(now=later) == 1
    (news,) = mail.outbox
    assert "Nieuw logeerhuis" in news.body
    leave = news.extra_headers["List-Unsubscribe"].strip("<>")
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # At most monthly: a second run the next week sends nothing.
    assert news_send(now=later + timedelta(days=7)) == 0
    # One click from the mail program: a POST without our cookie or token.
    one_click = Client(enforce_csrf_checks=True)
    response = one_click.post(
        leave.split("testserver")[-1],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert "geen nieuws" in client.get(leave.split("testserver")[-1]).content.decode()


def test_a_second_ask_says_nothing_on_the_page_and_mails_the_owner(
    client, assen, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks)
    Subscription.objects.update(confirmed_at=timezone.now())
    mail.outbox.clear()
    response = subscribe(client, django_capture_on_commit_callbacks, email="BUUR@example.org ")
    assert "Kijk in uw mail" in response.content.decode()  # the same answer as for a new one
    (already,) = mail.outbox
    assert "U krijgt al nieuws" in already.subject
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Vul uw e-mailadres in"), ("geen", "Vul een geldig"), ("<b>@x", "Vul een geldig")],
)
def test_a_wrong_address_is_said_in_dutch(client, assen, value, message):
    response = client.post(reverse("directory:subscribe", args=["assen"]), {"email": value})
    assert response.status_code == 400
    assert message in response.content.decode() and "<b>@x" not in response.content.decode()
    assert not Subscription.objects.exists()


def test_limits_unknown_tokens_and_unconfirmed_addresses_go(
    client, assen, django_capture_on_commit_callbacks
):
    for number in range(5):
        subscribe(client, django_capture_on_commit_callbacks, email=f"a{number}@example.org")
    response = subscribe(client, django_capture_on_commit_callbacks, email="a9@example.org")
    assert "Probeer het over een uur" in response.content.decode()
    assert Subscription.objects.count() == 5
    assert client.get("/volgen/00000000-0000-0000-0000-000000000000/bevestigen/").status_code == 404
    assert client.get(reverse("directory:subscribe", args=["bestaat-niet"])).status_code == 404
    assert subscriptions_purge(now=timezone.now() + timedelta(days=8)) == 5
