"""The bewaarlijst (issue 11): save offers without an account, keep them with one, print them
or take them along as a letter in large print."""

import io
import sys

import pytest
from django.core.checks import run_checks
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from directory.choices import OfferStatus
from respite.models import ContactPerson
from selfcheck.models import SavedOffer
from tests.conftest import make_staff
from tests.directory.factories import (
    LocationFactory,
    OfferFactory,
    OpeningHoursFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db
LIST = "/bewaarlijst/"
LETTER = "/bewaarlijst/brief.pdf"


def save(client, offer, back=""):
    return client.post(reverse("selfcheck:save", args=[offer.pk]), {"terug": back})


@pytest.fixture
def two_offers(assen):
    first = OfferFactory(name="Logeerhuis De Linde", provider=ProviderFactory(phone="0592 111 222"))
    location = LocationFactory(
        provider=first.provider, street_address="Lindelaan 1", postcode="9401 AA", city="Assen"
    )
    first.locations.add(location)
    OpeningHoursFactory(location=location)
    second = OfferFactory(
        name="Steunpunt Mantelzorg", provider=ProviderFactory(phone="0592 333 444")
    )
    return first, second


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(b"".join(response) if response.streaming else response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_an_anonymous_visitor_saves_two_offers_and_downloads_the_letter(client, two_offers):
    first, second = two_offers
    ask = client.get(reverse("selfcheck:save", args=[first.pk]))
    assert ask.status_code == 200 and "Ja, bewaren" in ask.content.decode()
    save(client, first)
    save(client, second)
    save(client, second)  # twice is once
    content = client.get(LIST).content.decode()
    assert content.count('class="card"') == 2
    assert "Lindelaan 1" in content and 'href="tel:+31592111222"' in content
    response = client.get(LETTER)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "0592 111 222" in text and "0592 333 444" in text
    assert "Lindelaan 1" in text and "Logeerhuis De Linde" in text
    assert SavedOffer.objects.count() == 0  # anonymous: only in the session


def test_removing_and_an_empty_list(client, two_offers):
    first, _second = two_offers
    save(client, first)
    client.post(reverse("selfcheck:remove", args=[first.pk]))
    content = client.get(LIST).content.decode()
    assert "Uw bewaarlijst is nog leeg." in content
    assert client.get(LETTER).status_code == 404


def test_with_an_account_the_list_is_kept_and_the_session_list_joins_it(client, two_offers, assen):
    first, second = two_offers
    save(client, first)  # before signing in
    caregiver = User.objects.create_user(username="zoon@example.org", email="zoon@example.org")
    client.force_login(caregiver)
    save(client, second)
    assert set(SavedOffer.objects.filter(caregiver=caregiver).values_list("offer", flat=True)) == {
        first.pk,
        second.pk,
    }
    other = client.__class__()
    other.force_login(caregiver)  # another device
    assert other.get(LIST).content.decode().count('class="card"') == 2


def test_the_letter_names_the_contact_person_and_their_phone(client, two_offers, assen):
    first, _ = two_offers
    caregiver = User.objects.create_user(username="zoon@example.org", email="zoon@example.org")
    anna = make_staff("anna@assen.example", ("GM0106", "consulent"))
    ContactPerson.objects.create(caregiver=caregiver, municipality=assen, consultant=anna)
    client.force_login(caregiver)
    save(client, first)
    text = pdf_text(client.get(LETTER))
    assert anna.work_phone and anna.work_phone in text
    assert "Assen" in text


class _WeasyPrintWithoutPango:
    """What importing WeasyPrint does on a server without Pango: cffi cannot open it."""

    def __getattr__(self, name):
        raise OSError("cannot load library 'pango-1.0-0'")


def test_without_pango_the_letter_says_so_in_dutch_and_the_list_still_prints(
    client, two_offers, monkeypatch, caplog
):
    monkeypatch.setitem(sys.modules, "weasyprint", _WeasyPrintWithoutPango())
    save(client, two_offers[0])
    response = client.get(LETTER)
    content = response.content.decode()
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert "De brief lukt nu even niet" in content and "printknop" in content
    assert f'href="{LIST}"' in content
    assert "PDF letter cannot be made" in caplog.text  # for the people who run the server
    assert client.get(LIST).status_code == 200


def test_a_start_up_warning_names_what_the_letter_needs(monkeypatch):
    from selfcheck import checks

    assert checks.pango_for_the_letter(None) == []  # installed here (.ci/run sees to it)
    monkeypatch.setattr(checks, "find_library", lambda name: None)
    (warning,) = checks.pango_for_the_letter(None)
    assert warning.id == "selfcheck.W001" and "libpango-1.0-0" in warning.hint
    assert warning in run_checks()


def test_the_letter_is_large_print_on_a4(client, two_offers):
    save(client, two_offers[0])
    reader = PdfReader(io.BytesIO(client.get(LETTER).content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    sizes = set()

    def visitor(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0] if tm[0] else size, 1))

    reader.pages[0].extract_text(visitor_text=visitor)
    assert sizes and min(sizes) >= 14  # running text 15 pt, page numbers 14 pt


def test_unpublished_offers_cannot_be_saved_and_foreign_return_addresses_are_ignored(
    client, two_offers
):
    draft = OfferFactory(status=OfferStatus.DRAFT)
    assert client.get(reverse("selfcheck:save", args=[draft.pk])).status_code == 404
    assert save(client, draft).status_code == 404
    response = save(client, two_offers[0], back="https://evil.example/")
    assert response["Location"] == LIST
    response = save(client, two_offers[1], back="/gemeenten/assen/")
    assert response["Location"] == "/gemeenten/assen/"
    assert client.get("/bewaarlijst/bewaren/99999999999999999999/").status_code == 404


def test_offer_cards_and_pages_offer_to_save(client, two_offers, assen):
    content = client.get(assen.get_absolute_url()).content.decode()
    assert f'href="/bewaarlijst/bewaren/{two_offers[0].pk}/?terug=' in content
    detail = client.get(two_offers[0].get_absolute_url()).content.decode()
    assert "Bewaren op mijn bewaarlijst" in detail


def test_several_offers_saved_at_once_from_the_result_page(client, two_offers):
    first, second = two_offers
    draft = OfferFactory(status=OfferStatus.DRAFT)
    response = client.post(
        reverse("selfcheck:save_many"), {"aanbod": [first.pk, second.pk, draft.pk, "x", "9" * 40]}
    )
    assert response["Location"] == LIST
    content = client.get(LIST).content.decode()
    assert content.count('class="card"') == 2 and "2 vormen van hulp staan op uw bewaarlijst" in (
        content
    )
    nothing = client.post(reverse("selfcheck:save_many"), {}, follow=True).content.decode()
    assert "U heeft niets aangevinkt" in nothing


@pytest.mark.parametrize(
    "back",
    [
        "foo",
        "saved_list",
        "https://elders.example/",
        "//elders.example/",
        "/x\r\nSet-Cookie: a=b",
        "/" + "a" * 5000,
        "javascript:alert(1)",
        "/\\elders.example",
    ],
)
def test_a_bad_way_back_goes_to_the_list_instead_of_an_error(client, two_offers, back):
    """A hidden 'terug' of 'foo' answered 500: redirect() took it for a view's name."""
    response = client.post(reverse("selfcheck:save", args=[two_offers[0].pk]), {"terug": back})
    assert response.status_code == 302
    assert response["Location"] == reverse("selfcheck:saved_list")
    page = client.get(reverse("selfcheck:save", args=[two_offers[0].pk]), {"terug": back})
    assert page.status_code == 200
    assert f'value="{reverse("selfcheck:saved_list")}"' in page.content.decode()
