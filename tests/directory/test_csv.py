import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.choices import Kind
from directory.models import Offer, OfferChange
from tests.directory.factories import OfferFactory
from tests.directory.imports import confirm_latest, latest_import_url, run_imports, send

pytestmark = pytest.mark.django_db


def upload(client, text: str, slug: str = "assen", raw: bytes | None = None):
    content = raw if raw is not None else text.encode("utf-8-sig")
    file = SimpleUploadedFile("aanbod.csv", content, content_type="text/csv")
    return send(client, reverse("beheer:catalogue_import", args=[slug]), {"bestand": file})


def confirm(client, slug: str = "assen"):
    return confirm_latest(client)


def export(client) -> str:
    response = client.get(reverse("beheer:catalogue_export", args=["assen"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return response.content.decode("utf-8")


def test_export_opens_in_dutch_excel(client, editor, assen, midden_drenthe):
    OfferFactory(name="Logeerhuis; De Linde", external_id="L-1", groups=["dementie", "ouderen"])
    OfferFactory(name="Van een ander", municipality=midden_drenthe)
    client.force_login(editor)
    content = export(client)
    assert content.startswith("\ufeffkenmerk;naam;")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert [r["naam"] for r in rows] == ["Logeerhuis; De Linde"]
    assert rows[0]["doelgroepen"] == "dementie,ouderen"
    assert rows[0]["overdag"] == "ja"


def test_export_then_import_updates_by_id_without_duplicates(client, editor, assen):
    OfferFactory(name="Blokzorg", external_id="B-1", kind=Kind.RESPIJTZORG_THUIS)
    client.force_login(editor)
    content = export(client).replace("Blokzorg", "Blokzorg thuis")
    response = upload(client, content)
    assert "Controleer wat er gaat veranderen" in response.content.decode()
    assert "bijwerken" in response.content.decode()
    assert Offer.objects.get(external_id="B-1").name == "Blokzorg"  # nothing written yet
    done = confirm(client)
    assert "0 nieuw, 1 bijgewerkt" in done.content.decode()
    assert Offer.objects.filter(municipality=assen).count() == 1
    assert Offer.objects.get(external_id="B-1").name == "Blokzorg thuis"


HEADER = (
    "kenmerk;naam;samenvatting;beschrijving;soort;doelgroepen;toegang;overdag;avond;nacht;"
    "weekend;thuis;buitenshuis;gepland;spoed;gewenning;samen_logeren;gratis;bedrag;"
    "kosten_uitleg;aanmelden_dagen;aanmelden_uitleg;telefoon;email;website;aanbieder;status;"
    "laatst_gecontroleerd\n"
)
GOOD = (
    "N-1;Nieuwe dagopvang;Gezellig overdag;Drie dagen per week.;dagbesteding;ouderen;vrij;ja;"
    "nee;nee;nee;nee;ja;ja;nee;ja;nee;nee;7,50;Per dag;14;;0592 123 456;;;Welzijn Assen;;\n"
)
BAD = (
    "N-2;Oppas;Voor kinderen;Oppas thuis.;oppassen;kinderen,marsmannetjes;vrij;misschien;"
    "nee;nee;nee;ja;nee;ja;nee;nee;nee;ja;;;;;;geen-email;;Zorgoppas;;\n"
)


def test_a_file_with_an_error_writes_nothing_and_says_where(client, editor, assen):
    client.force_login(editor)
    response = upload(client, HEADER + GOOD + BAD)
    content = response.content.decode()
    assert "Het bestand heeft fouten. Er is niets ingelezen." in content
    assert "Regel 3, kolom overdag: vul ja of nee in" in content
    assert "Regel 3, kolom soort:" in content
    assert "Regel 3, kolom doelgroepen:" in content
    assert "Regel 3, kolom email:" in content
    assert "Regel 2" not in content
    assert "Dit bestand kan niet worden ingelezen" in (
        client.post(latest_import_url(), follow=True).content.decode()
    )  # nothing to confirm
    assert not Offer.objects.filter(external_id__in=["N-1", "N-2"]).exists()


def test_after_fixing_the_file_everything_is_imported(client, editor, assen):
    client.force_login(editor)
    upload(client, HEADER + GOOD + BAD)
    fixed = BAD.replace("oppassen", "zorgoppas").replace(",marsmannetjes", "")
    fixed = fixed.replace("misschien", "ja").replace("geen-email", "oppas@example.org")
    upload(client, HEADER + GOOD + fixed)
    done = confirm(client)
    assert "2 nieuw, 0 bijgewerkt" in done.content.decode()
    new = Offer.objects.get(external_id="N-1")
    assert new.status == "concept" and new.municipality == assen
    assert str(new.cost_amount) == "7.50"
    assert OfferChange.objects.filter(offer=new, action="aangemaakt via CSV-import").exists()
    assert Offer.objects.search("dagopvang").filter(pk=new.pk).exists()


def test_duplicate_ids_and_missing_columns_are_refused(client, editor, assen):
    client.force_login(editor)
    content = upload(client, HEADER + GOOD + GOOD).content.decode()
    assert "kenmerk N-1 staat ook op regel 2" in content
    content = upload(client, "naam;soort\nIets;logeerzorg\n").content.decode()
    assert "Deze kolommen ontbreken" in content


def test_upload_must_be_a_small_csv(client, editor, assen):
    client.force_login(editor)
    file = SimpleUploadedFile("foto.png", b"\x89PNG", content_type="image/png")
    response = client.post(reverse("beheer:catalogue_import", args=["assen"]), {"bestand": file})
    assert "Kies een bestand dat eindigt op .csv." in response.content.decode()


def test_unchanged_export_imports_with_zero_errors_for_every_municipality(client, superuser):
    """Issue 15.2: the demo offers keep their contact on the provider and had no kenmerk."""
    from django.core.management import call_command

    from directory.imports.csv_io import parse_csv
    from directory.models import Municipality

    call_command("load_demo_catalogue", verbosity=0)
    client.force_login(superuser)
    owners = Municipality.objects.filter(owned_offers__isnull=False).distinct()
    assert owners.count() >= 6
    for municipality in owners:
        url = reverse("beheer:catalogue_export", args=[municipality.slug])
        content = client.get(url).content.decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
        assert all(row["kenmerk"] for row in rows), municipality
        assert all(row["telefoon"] for row in rows), municipality  # from the provider
        plan = parse_csv(content, municipality)
        assert plan.errors == [], (municipality, plan.errors[:3])
        assert len(plan.rows) == len(rows) and plan.to_write == [], municipality
        before = OfferChange.objects.count()
        checked = upload(client, content, slug=municipality.slug).content.decode()
        assert f"Geen fouten in {len(rows)} regel" in checked, municipality
        assert "Dit bestand verandert niets" in checked, municipality
        assert OfferChange.objects.count() == before


def test_import_writes_only_changed_fields_with_history(client, editor, assen):
    offer = OfferFactory(name="Blokzorg", external_id="B-1", kind=Kind.RESPIJTZORG_THUIS)
    client.force_login(editor)
    content = export(client).replace("Blokzorg", "Blokzorg thuis", 1)
    preview = upload(client, content).content.decode()
    assert "bijwerken: naam" in preview
    confirm(client)
    offer.refresh_from_db()
    assert offer.name == "Blokzorg thuis"
    change = OfferChange.objects.get(offer=offer, action="bijgewerkt via CSV-import")
    assert (change.field, change.old_value, change.new_value) == (
        "naam",
        "Blokzorg",
        "Blokzorg thuis",
    )


def test_age_limits_and_only_round_trip_and_are_checked(client, editor, assen):
    OfferFactory(
        name="Gastgezin",
        external_id="G-1",
        groups=["kinderen", "verstandelijk"],
        target_groups_only=True,
        maximum_age=17,
    )
    client.force_login(editor)
    content = export(client)
    row = next(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert (row["leeftijd_vanaf"], row["leeftijd_tot_en_met"], row["alleen_doelgroepen"]) == (
        "",
        "17",
        "ja",
    )
    assert "Dit bestand verandert niets" in upload(client, content).content.decode()
    changed = content.replace(";17;", ";12;")
    upload(client, changed)
    confirm(client)
    assert Offer.objects.get(external_id="G-1").maximum_age == 12
    wrong = content.replace(";;17;", ";18;17;")
    response = upload(client, wrong)
    assert "moet hoger zijn dan" in response.content.decode()
    assert Offer.objects.get(external_id="G-1").minimum_age is None


def test_formula_cells_are_neutralised_on_export_and_restored_on_import(client, editor, assen):
    """OWASP's CSV injection rule: =, +, -, @, tab or CR at the start becomes text."""
    names = {
        "F-1": '=HYPERLINK("https://evil.example","klik")',
        "F-2": "+31 592 wel bellen",
        "F-3": "@SUM(A1:A9)",
        "F-4": "'t Boshuis",  # an apostrophe of its own stays as it is
        "F-5": "'=al een apostrof",
    }
    for kenmerk, name in names.items():
        OfferFactory(name=name, external_id=kenmerk, summary="- korte samenvatting")
    client.force_login(editor)
    content = export(client)
    rows = {
        r["kenmerk"]: r
        for r in csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";")
    }
    assert rows["F-1"]["naam"] == "'" + names["F-1"]
    assert rows["F-2"]["naam"].startswith("'+") and rows["F-3"]["naam"].startswith("'@")
    assert rows["F-4"]["naam"] == "'t Boshuis"
    assert rows["F-5"]["naam"] == "''=al een apostrof"
    assert all(r["samenvatting"] == "'- korte samenvatting" for r in rows.values())
    # The unchanged export imports without changing a thing.
    assert "Dit bestand verandert niets" in upload(client, content).content.decode()
    assert dict(Offer.objects.values_list("external_id", "name")) == names


def test_a_feed_cannot_plant_a_formula_for_the_spreadsheet(client, groningen):
    """An HSDS feed named a service '=HYPERLINK(…)'; the CSV export handed it to Excel."""
    import json

    from directory.imports.apply import catalogue_import
    from directory.imports.hsds import parse_feed
    from tests.conftest import make_staff

    offer = OfferFactory(name="Gewoon aanbod")
    feed = json.loads(client.get("/api/hsds/services", {"per_page": 100}).content)
    service = feed["contents"][0]
    service["id"] = "8c3f6d1e-0000-4000-8000-000000000001"
    service["name"] = '=HYPERLINK("https://evil.example","Klik hier")'
    plan = parse_feed(json.dumps([service]), groningen)
    assert plan.ok, plan.errors
    catalogue_import(municipality=groningen, plan=plan, user=None, source="HSDS")
    offer.delete()
    client.force_login(make_staff("r@groningen.example", ("GM0014", "redacteur")))
    content = client.get(reverse("beheer:catalogue_export", args=["groningen"])).content.decode()
    row = next(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert row["naam"] == "'" + service["name"]


def test_confirming_in_one_tab_imports_that_tab_s_file(client, editor, assen):
    """Tab A's confirm imported tab B's 3 rows: the confirmation now names its upload."""
    client.force_login(editor)
    url = reverse("beheer:catalogue_import", args=["assen"])
    tab_a = client.post(url, {"bestand": SimpleUploadedFile("a.csv", (HEADER + GOOD).encode())})
    other = GOOD.replace("N-1", "B-1").replace("Nieuwe dagopvang", "Uit tab B")
    tab_b = client.post(url, {"bestand": SimpleUploadedFile("b.csv", (HEADER + other).encode())})
    assert tab_a["Location"] != tab_b["Location"]
    run_imports()
    send(client, tab_a["Location"], {})  # confirm in tab A
    assert list(Offer.objects.filter(municipality=assen).values_list("name", flat=True)) == [
        "Nieuwe dagopvang"
    ]


MULTILINE = GOOD.replace("Drie dagen per week.", '"Drie dagen\nper week."')
STRAY = (
    GOOD.replace("N-1", "N-2")
    .replace("Nieuwe dagopvang", "Dagopvang Caf@")
    .encode()
    .replace(b"Caf@", b"Caf\xe9")
)


@pytest.mark.parametrize(
    "raw, message",
    [
        ((HEADER + GOOD).encode("utf-16"), None),  # Excel's 'Unicode-tekst'
        ("\ufeff".encode() + (HEADER + GOOD).encode(), None),  # UTF-8 with BOM
        ((HEADER + GOOD).replace("\n", "\r").encode(), None),  # CR only (old Mac)
        ((HEADER + GOOD.replace("Gezellig", "Café")).encode("cp1252"), None),  # older Excel
        # UTF-8 with one stray Windows byte: read as Windows-1252 it turned 'é' into 'Ã©'.
        # Rows are counted as the row checks and Excel count them: the description over two
        # lines in row 2 is one row, so the byte is in row 3 (not 'line 4').
        (
            (HEADER + MULTILINE.replace("Gezellig", "Café")).encode() + STRAY,
            "Regel 3 (Dagopvang Caf?) heeft een teken dat we niet kunnen lezen",
        ),
        (
            "\ufeff".encode() + (HEADER + MULTILINE).encode() + STRAY,
            "Regel 3 (Dagopvang Caf?) heeft een teken dat we niet kunnen lezen",
        ),
        (bytes(range(256)) * 40, "Dit is geen tekstbestand"),
        (  # Django's own 'Selecteer een geldige keuze' named no way out
            (HEADER + GOOD.replace(";ouderen;", ";onzin;")).encode(),
            "&#x27;onzin&#x27; kennen we niet. Gebruik een van deze codes: dementie, nah,",
        ),
        (b"\x89PNG\r\n\x1a\n" + bytes(500), "Dit is geen tekstbestand"),
        (
            (HEADER + GOOD.replace("Drie dagen per week.", "x" * 200_000)).encode(),
            "Een cel is langer dan 100.000 tekens",
        ),
    ],
)
def test_files_of_every_kind_get_read_or_a_dutch_message_never_a_500(
    client, editor, assen, raw, message
):
    client.force_login(editor)
    page = upload(client, "", raw=raw)
    content = page.content.decode()
    assert page.status_code == 200
    if message is None:
        assert "Controleer wat er gaat veranderen" in content, content[:3000]
        assert "Nieuwe dagopvang" in content
    else:
        assert message in content


@pytest.mark.slow
def test_a_file_of_2000_rows_is_checked_and_imported_in_the_background(client, editor, assen):
    """The confirm of 2,000 rows ended on the sign-in page with nothing written."""
    from directory.models import CatalogueImport

    rows = "".join(GOOD.replace("N-1", f"N-{n}") for n in range(2000))
    client.force_login(editor)
    sent = client.post(
        reverse("beheer:catalogue_import", args=["assen"]),
        {"bestand": SimpleUploadedFile("groot.csv", (HEADER + rows).encode())},
    )
    upload_ = CatalogueImport.objects.get()
    assert sent.status_code == 302 and upload_.state == "controleren"  # not in the request
    waiting = client.get(sent["Location"]).content.decode()
    assert "We controleren het bestand" in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting
    run_imports()
    checked = client.get(sent["Location"]).content.decode()
    assert "2000 regels veranderen iets" in checked and "2000 regels importeren" in checked
    assert "De eerste 500 staan hierboven" in checked
    client.post(sent["Location"])
    assert "We lezen het bestand in" in client.get(sent["Location"]).content.decode()
    run_imports()
    done = client.get(sent["Location"]).content.decode()
    assert "Import klaar: 2000 nieuw, 0 bijgewerkt, 0 ongewijzigd." in done
    assert Offer.objects.filter(municipality=assen).count() == 2000
    assert "_auth_user_id" in client.session  # still signed in


def test_providers_are_matched_by_name_only_inside_the_municipality(
    client, editor, assen, midden_drenthe
):
    from directory.models import Provider
    from tests.directory.factories import ProviderFactory

    theirs = ProviderFactory(name="Welzijn Assen", municipality=midden_drenthe)
    client.force_login(editor)
    upload(client, HEADER + GOOD)
    confirm(client)
    offer = Offer.objects.get(external_id="N-1")
    assert offer.provider != theirs and offer.provider.municipality == assen
    assert Provider.objects.filter(name="Welzijn Assen").count() == 2


def test_line_ends_inside_a_text_survive_an_unchanged_export(client, editor, assen):
    """A description typed in the browser has CR LF line ends; they must come back as such."""
    OfferFactory(name="Logeerhuis", external_id="L-1", description="Eerste alinea.\r\n\r\nTweede.")
    client.force_login(editor)
    assert "Dit bestand verandert niets" in upload(client, export(client)).content.decode()
