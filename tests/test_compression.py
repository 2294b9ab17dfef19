"""Issue 13: public pages are sent compressed; pages with a secret on them never are."""

import gzip

import pytest
from django.urls import reverse

from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_public_pages_are_gzipped(client, assen):
    response = client.get(
        reverse("directory:municipality", args=["assen"]), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "Hulp voor mantelzorgers in Assen" in html
    assert "Accept-Encoding" in response["Vary"]


def test_pages_with_a_csrf_token_or_a_signed_in_person_are_not(client, assen):
    form = client.get(reverse("account_login"), HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in form
    client.force_login(make_staff("redacteur@assen.example", ("GM0106", "redacteur")))
    page = client.get(
        reverse("directory:municipality", args=["assen"]), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert "Content-Encoding" not in page
