"""Letters by post, in a batch (issue 26.1): one large-print letter per carer in the order of
the list, the address where a window envelope shows it, the help near the naaste's postcode
that fits the situation; the list is kept nowhere, and who made the letters is noted."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from accounts.choices import RoleKind
from directory.models import LetterBatch
from tests.factories import StaffFactory
from tests.selfcheck.test_send_list import _rows_holding

pytestmark = pytest.mark.django_db

LIST = (
    "naam;adres;postcode;woonplaats;postcode_naaste;situatie\n"
    "Mevrouw A. de Vries;Brink 1;9411 AA;Beilen;9411;dementie\n"
    "Dhr. B. Bakker;Hoofdstraat 2;9401 AB;Assen;;\n"
    "Fam. C. Jansen;Kerkweg 3;9441 BB;Smilde;9441;ouderen\n"
)
MM = 72 / 25.4  # PDF points per millimetre


def post(client, text: str, **extra):
    upload = SimpleUploadedFile("mantelzorgers.csv", text.encode("utf-8"), "text/csv")
    data = {
        "bestand": upload,
        "contact_name": "Mantelzorgconsulent Els Kamps",
        "contact_phone": "0593 700 127",
        "contact_hours": "Werkdagen van 9 tot 12 uur",
        **extra,
    }
    return client.post(reverse("beheer:letters", args=["midden-drenthe"]), data)


def name_position(page, name: str) -> tuple[float, float]:
    found = []

    def visit(text, cm, tm, _font, _size):
        if text.strip() == name:  # the address line, not "Beste …"
            # Where the text starts on the page, in points from the bottom left: the text
            # matrix's origin through the current transformation (WeasyPrint draws in px).
            x, y = tm[4], tm[5]
            found.append((cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]))

    page.extract_text(visitor_text=visit)
    return found[0]


def test_three_letters_in_order_with_the_address_in_the_window(client, demo_catalogue):
    editor = StaffFactory(roles=[("GM1731", RoleKind.EDITOR)])
    client.force_login(editor)
    page = client.get(reverse("beheer:letters", args=["midden-drenthe"])).content.decode()
    assert "Brieven per post" in page and "We bewaren de lijst niet" in page
    response = post(client, LIST)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    names = ["Mevrouw A. de Vries", "Dhr. B. Bakker", "Fam. C. Jansen"]
    for pdf_page, name in zip(reader.pages, names, strict=True):
        text = " ".join(pdf_page.extract_text().split())
        assert f"Beste {name}," in text
        assert "Mantelzorgconsulent Els Kamps, 0593 700 127" in text
        # The window of a Dutch window envelope (venster links): about 20-110 mm from the
        # left, 45-95 mm from the top of the A4.
        x, y = name_position(pdf_page, name)
        height = float(pdf_page.mediabox.height)
        assert 20 * MM <= x <= 110 * MM, (name, x)
        assert 45 * MM <= height - y <= 95 * MM, (name, height - y)
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Hulp in Midden-Drenthe" in first and "Logeerboerderij 't Boshuis" in first
    assert "Casemanager dementie" in first and "Crisisbed" not in first
    # Nothing of the list is kept; who made how many letters is.
    assert _rows_holding("Brink 1") == [] and _rows_holding("de Vries") == []
    batch = LetterBatch.objects.get()
    assert (batch.letters, batch.made_by) == (3, editor)
    assert (
        "3 brieven, door"
        in client.get(reverse("beheer:letters", args=["midden-drenthe"])).content.decode()
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("naam;adres\nA;B\n", "Deze kolommen ontbreken: postcode, woonplaats"),
        ("naam;adres;postcode;woonplaats\n;Brink 1;9411 AA;Beilen\n", "Regel 2: vul naam in"),
        (
            "naam;adres;postcode;woonplaats;situatie\nA;B;9411 AA;Beilen;onzin\n",
            "de situatie 'onzin' kennen we niet",
        ),
        ("naam;adres;postcode;woonplaats\n", "Er staat niemand in de lijst"),
        ("\x00\x01\x02garbage" * 50, "CSV"),
    ],
)
def test_a_wrong_list_is_said_in_dutch_and_makes_nothing(client, demo_catalogue, text, message):
    client.force_login(StaffFactory(roles=[("GM1731", RoleKind.EDITOR)]))
    response = post(client, text)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not LetterBatch.objects.exists()


def test_only_the_municipalitys_editors(client, demo_catalogue):
    client.force_login(StaffFactory(roles=[("GM0106", RoleKind.EDITOR)]))
    assert post(client, LIST).status_code == 404
    client.force_login(StaffFactory(roles=[("GM1731", RoleKind.CONSULTANT)]))
    assert post(client, LIST).status_code == 403
    assert not LetterBatch.objects.exists()
