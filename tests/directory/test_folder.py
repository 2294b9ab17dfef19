"""A dated folder for the places caregivers go (issue 26.2): one page with the main kinds of
help, the loket and out-of-hours numbers, a QR code to the municipality page and the date an
editor checked it; the editor sees when it is older than the review period."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.choices import RoleKind
from directory.choices import Kind
from directory.folder import folder_context
from directory.models import Municipality
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def pdf_text(response) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_folder_is_one_page_with_help_numbers_qr_and_its_date(client, demo_catalogue):
    md = Municipality.objects.get(slug="midden-drenthe")
    page = client.get(md.get_absolute_url()).content.decode()
    url = reverse("directory:municipality_folder", args=["midden-drenthe"])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response)
    assert pages == 1
    flat = " ".join(text.split())
    for expected in (
        "Zorgt u voor iemand in",
        "Logeerzorg",
        "Logeerhuis De Linde",
        md.loket_phone,
        md.after_hours_phone,
        "/gemeenten/midden-drenthe/",
        "voorbeeld met verzonnen gegevens",
        "nog niet gecontroleerd",
    ):
        assert expected in flat, expected
    context = folder_context(md, timezone.localdate())
    assert context["qr"].startswith("<svg") and "<path" in context["qr"]
    assert (
        client.get(reverse("directory:municipality_folder", args=["bestaat-niet"])).status_code
        == 404
    )


def test_the_editor_checks_it_and_is_asked_again_after_the_review_period(
    client, demo_catalogue, settings
):
    editor = StaffFactory(roles=[("GM1731", RoleKind.EDITOR)])
    client.force_login(editor)
    dashboard = reverse("beheer:dashboard", args=["midden-drenthe"])
    assert (
        "De folder om uit te delen is nog niet gecontroleerd"
        in client.get(dashboard).content.decode()
    )
    folder = reverse("beheer:folder", args=["midden-drenthe"])
    assert "Bekijk de folder (PDF)" in client.get(folder).content.decode()
    # Not 'gecontroleerd door de gemeente' over the demo's made-up loket number (a walk).
    response = client.post(folder, follow=True)
    assert "Vul eerst het echte nummer van het Wmo-loket in" in response.content.decode()
    assert Municipality.objects.get(slug="midden-drenthe").folder_checked_on is None
    Municipality.objects.filter(slug="midden-drenthe").update(
        loket_phone="0593 539 222", loket_is_demo=False
    )
    client.post(folder)
    md = Municipality.objects.get(slug="midden-drenthe")
    assert md.folder_checked_on == timezone.localdate()
    assert "De folder om uit te delen is" not in client.get(dashboard).content.decode()
    _pages, text = pdf_text(
        client.get(reverse("directory:municipality_folder", args=["midden-drenthe"]))
    )
    assert "Gecontroleerd op" in " ".join(text.split())
    Municipality.objects.filter(pk=md.pk).update(
        folder_checked_on=timezone.localdate()
        - timedelta(days=settings.DIRECTORY_REVIEW_AFTER_DAYS + 1)
    )
    assert "voor het laatst gecontroleerd op" in client.get(dashboard).content.decode()


def test_only_the_municipalitys_own_editors(client, demo_catalogue):
    client.force_login(StaffFactory(roles=[("GM0106", RoleKind.EDITOR)]))
    folder = reverse("beheer:folder", args=["midden-drenthe"])
    assert client.get(folder).status_code == 404
    assert client.post(folder).status_code == 404
    assert Municipality.objects.get(slug="midden-drenthe").folder_checked_on is None
    client.force_login(StaffFactory(roles=[("GM1731", RoleKind.CONSULTANT)]))
    assert client.get(folder).status_code == 403


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_folder_is_dutch_whatever_language_the_site_is_read_in(
    client, demo_catalogue, language
):
    """It hangs at the huisarts: its kinds of help too (a walk found them in Arabic)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("directory:municipality_folder", args=["midden-drenthe"]))
    assert response["Content-Language"] == "nl"
    _pages, text = pdf_text(response)
    flat = " ".join(text.split())
    assert "Zorgt u voor iemand in" in flat and "Logeerzorg" in flat
    with translation.override(language):
        assert str(Kind.LOGEERZORG.label) not in flat
