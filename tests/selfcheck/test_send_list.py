"""Send my list on (issue 26.4): the bewaarlijst goes to an address without an account,
rate-limited, and nothing is kept after sending."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db

SEND = reverse("selfcheck:send")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _saved(client, *names):
    offers = [OfferFactory(name=name, phone="0592 123 456") for name in names]
    for offer in offers:
        client.post(reverse("selfcheck:save", args=[offer.pk]))
    return offers


def _rows_holding(text: str) -> list[str]:
    """Every table and column that holds the text anywhere (PostgreSQL and SQLite alike)."""
    found, quote, introspection = [], connection.ops.quote_name, connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names():
            for column in introspection.get_table_description(cursor, table):
                # Names from the database's own catalogue; the text is a parameter.
                sql = f"SELECT 1 FROM {quote(table)} WHERE CAST({quote(column.name)} AS TEXT) "  # noqa: S608
                cursor.execute(sql + "LIKE %s LIMIT 1", [f"%{text}%"])
                if cursor.fetchone():
                    found.append(f"{table}.{column.name}")
    return found


def test_the_list_is_sent_to_a_sister_and_the_address_is_kept_nowhere(client):
    _saved(client, "Logeerhuis De Linde", "Odensehuis Assen")
    page = client.get(reverse("selfcheck:saved_list")).content.decode()
    assert "Stuur deze lijst door" in page
    response = client.post(SEND, {"door-email": "zus@example.org"}, follow=True)
    assert "De lijst is verstuurd naar zus@example.org" in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["zus@example.org"]
    assert sent.subject == "Een lijst met hulp voor mantelzorgers"
    assert "Logeerhuis De Linde" in sent.body and "Odensehuis Assen" in sent.body
    assert "0592 123 456" in sent.body and "niet bewaard" in sent.body
    assert _rows_holding("zus@example.org") == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Vul het e-mailadres in"),
        ("geen-adres", "Vul een geldig e-mailadres in"),
        ("<script>@x", "Vul een geldig e-mailadres in"),
        ("a" * 300 + "@example.org", "te lang"),
    ],
)
def test_a_wrong_address_is_said_in_dutch_and_kept_in_the_field(client, value, message):
    _saved(client, "Logeerhuis De Linde")
    response = client.post(SEND, {"door-email": value})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "<script>@x" not in page
    assert not mail.outbox


def test_a_few_per_hour_and_an_empty_list_sends_nothing(client):
    response = client.post(SEND, {"door-email": "zus@example.org"}, follow=True)
    assert "Er is niets om te versturen" in response.content.decode()
    _saved(client, "Logeerhuis De Linde")
    for _ in range(5):
        assert client.post(SEND, {"door-email": "zus@example.org"}).status_code == 302
    response = client.post(SEND, {"door-email": "zus@example.org"})
    assert response.status_code == 429
    assert "Probeer het over een uur weer" in response.content.decode()
    assert len(mail.outbox) == 5


def test_a_mail_server_that_is_down_gives_another_way(client, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.selfcheck.test_send_list.DownBackend"}}
    _saved(client, "Logeerhuis De Linde")
    response = client.post(SEND, {"door-email": "zus@example.org"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "lukte nu niet" in page and "zus@example.org" in page  # kept in the field


class DownBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
