"""Issue 4's acceptance test, as a new editor would live through it, in a real browser."""

import re
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.utils import timezone

from accounts.models import User
from directory.models import Offer, OfferChange
from tests.browser.checks import PageChecks, follow
from tests.browser.totp import wait_for_a_fresh_period


def totp_code(secret: str) -> str:
    """The current code, in a period this secret has not used and not about to end."""
    wait_for_a_fresh_period(secret)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in(page, site: str, email: str, password: str) -> None:
    page.goto(site + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/account/login/" not in url)


CSV_HEADER = (
    "kenmerk;naam;samenvatting;beschrijving;soort;doelgroepen;toegang;overdag;avond;nacht;"
    "weekend;thuis;buitenshuis;gepland;spoed;gewenning;samen_logeren;gratis;bedrag;"
    "kosten_uitleg;aanmelden_dagen;aanmelden_uitleg;telefoon;email;website;aanbieder;status;"
    "laatst_gecontroleerd\n"
)
CSV_ROW = (
    "ASSEN-42;Wandelgroep voor mantelzorgers;Samen wandelen;Elke woensdag een uur wandelen."
    ";{kind};;vrij;ja;nee;nee;nee;nee;ja;ja;nee;nee;nee;ja;;;;;;;;Welzijn Assen;;\n"
)


def test_invited_editor_sets_up_mfa_edits_and_imports(site, browser, settings):
    axe = PageChecks()
    admin_secret = generate_totp_secret()
    admin = User.objects.create_user(
        username="beheer@portaal.example",
        email="beheer@portaal.example",
        password="Beheerder-Wachtwoord-2026",
        is_superuser=True,
        is_staff=True,
        first_name="Bea",
    )
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    TOTP.activate(admin, admin_secret)

    # 1. The superuser signs in with password and a code, and invites an editor for Assen.
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, site, admin.email, "Beheerder-Wachtwoord-2026")
    axe.check(page, "mfa-authenticate")
    page.fill("input[name=code]", totp_code(admin_secret))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/beheer/**")
    page.goto(site + "/beheer/medewerkers/uitnodigen/")
    axe.check(page, "invite")
    page.fill("#id_email", "nina@assen.example")
    page.fill("#id_first_name", "Nina")
    page.select_option("#id_editor_for", label="Assen")
    page.click("text=Uitnodiging versturen")
    page.wait_for_url("**/beheer/medewerkers/")
    context.close()

    invitation = next(m for m in mail.outbox if m.to == ["nina@assen.example"])
    link = re.search(r"https?://\S+", invitation.body).group(0)
    link = site + "/" + link.split("/", 3)[3]

    # 2. The editor chooses a password and is sent to set up two-factor login first.
    context = browser.new_context()
    page = context.new_page()
    page.goto(link)
    axe.check(page, "choose-password")
    page.fill("input[name=password1]", "Nina-Wachtwoord-Assen-2026")
    page.fill("input[name=password2]", "Nina-Wachtwoord-Assen-2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/password/reset/key/done/")
    sign_in(page, site, "nina@assen.example", "Nina-Wachtwoord-Assen-2026")
    page.goto(site + "/beheer/")
    # allauth asks for the password once more before two-factor set-up, so that a stolen
    # session cannot add its own authenticator.
    page.wait_for_url("**/account/reauthenticate/**")
    axe.check(page, "reauthenticate")
    page.fill("input[name=password]", "Nina-Wachtwoord-Assen-2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/totp/activate/**")
    axe.check(page, "mfa-activate")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)

    # 3. She edits an Assen offer.
    page.goto(site + "/beheer/")
    page.wait_for_url("**/beheer/gemeente/assen/")
    axe.check(page, "dashboard")
    page.click("text=Logeerhuis De Linde")
    axe.check(page, "offer-form")
    page.fill("#id_summary", "Logeren in een huiselijk huis, ook samen met uw partner.")
    # The 342 municipalities are checkboxes with a box to type in; a tick is never lost.
    search = page.locator("#id_extra_municipalities_zoek")
    search.fill("midden-dr")
    box = page.locator("#id_extra_municipalities_zoek ~ .choice-list--long")
    municipalities = box.locator(".choice")
    assert municipalities.filter(visible=True).count() == 1
    box.get_by_label("Midden-Drenthe", exact=True).check()
    search.fill("")
    assert municipalities.filter(visible=True).count() > 300
    search.fill("emmen")
    assert box.get_by_label("Midden-Drenthe", exact=True).is_visible()  # ticked: stays shown
    assert box.get_by_label("Midden-Drenthe", exact=True).is_checked()
    page.check("#id_checked_now")
    page.click("text=Opslaan")
    assert page.locator(".messages").inner_text().startswith("Uw wijzigingen zijn opgeslagen")
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    assert offer.summary.startswith("Logeren in een huiselijk huis")
    assert offer.extra_municipalities.filter(name="Midden-Drenthe").exists()
    assert offer.verified_on == timezone.localdate()
    assert OfferChange.objects.filter(offer=offer, field="Korte samenvatting").exists()
    page.click("text=Geschiedenis")
    axe.check(page, "history")
    assert "Nina" in page.content()

    page.goto(site + "/beheer/gemeente/assen/aanbieders/")
    axe.check(page, "providers")
    page.click("text=Zorggroep Drentse Linde")
    axe.check(page, "provider-form")
    page.click("text=Logeerhuis De Linde")
    axe.check(page, "location-form")
    page.goto(site + "/beheer/gemeente/assen/meldingen/")
    axe.check(page, "feedback-list")

    # 4. A CSV with a deliberate error: she sees it and nothing is written.
    page.goto(site + "/beheer/gemeente/assen/import/")
    axe.check(page, "import")
    bad = CSV_HEADER + CSV_ROW.format(kind="wandelen")
    page.set_input_files(
        "#id_bestand", {"name": "aanbod.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    follow(page.get_by_role("button", name="Bestand controleren"))
    assert "Het bestand heeft fouten. Er is niets ingelezen." in page.content()
    assert "Regel 2, kolom soort" in page.content()
    axe.check(page, "import-errors")
    assert not Offer.objects.filter(external_id="ASSEN-42").exists()

    # 5. She fixes it and imports: the file has its own page, checked and then imported in
    # the background (here at once).
    follow(page.get_by_role("link", name="Een bestand kiezen"))
    good = CSV_HEADER + CSV_ROW.format(kind="lotgenotencontact")
    page.set_input_files(
        "#id_bestand", {"name": "aanbod.csv", "mimeType": "text/csv", "buffer": good.encode()}
    )
    follow(page.get_by_role("button", name="Bestand controleren"))
    axe.check(page, "import-preview")
    follow(page.get_by_role("button", name="1 regel importeren"))
    assert "Import klaar: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page.content()
    axe.check(page, "import-done")
    assert Offer.objects.get(external_id="ASSEN-42").municipality.slug == "assen"

    # 6. Issue 15.2: export, then import the same file unchanged: no errors, nothing changes.
    follow(page.get_by_role("link", name="Naar het aanbod", exact=True))
    with page.expect_download() as download:
        page.click("text=Exporteren (CSV)")
    exported = Path(download.value.path()).read_bytes()
    changes_before = OfferChange.objects.count()
    page.goto(site + "/beheer/gemeente/assen/import/")
    page.set_input_files(
        "#id_bestand", {"name": "export.csv", "mimeType": "text/csv", "buffer": exported}
    )
    follow(page.get_by_role("button", name="Bestand controleren"))
    assert "Het bestand heeft fouten" not in page.content(), page.locator("main").inner_text()
    assert "Dit bestand verandert niets" in page.content(), page.locator("main").inner_text()
    axe.check(page, "import-unchanged")
    assert OfferChange.objects.count() == changes_before

    # 7. Issue 14: she takes over Groningen's open data (here: this site's own API, an address
    # on this machine) into Assen's catalogue: preview, then all services at once.
    settings.HSDS_IMPORT_ALLOW_PRIVATE = True
    groningen = Offer.objects.published().filter(municipality__code="GM0014")
    expected = groningen.count()
    assert expected >= 1
    page.goto(site + "/beheer/")
    page.goto(site + "/beheer/gemeente/assen/")
    page.click("text=Importeren (open data)")
    axe.check(page, "import-hsds")
    page.fill("#id_adres", site + "/api/hsds/services?gemeente=GM0014&per_page=100")
    follow(page.get_by_role("button", name="Controleren", exact=True))
    assert "Controleer wat er gaat veranderen" in page.content()
    axe.check(page, "import-hsds-preview")
    follow(page.locator("form button.button", has_text="importeren").first)
    assert "Import klaar" in page.content()
    for offer in groningen:
        assert Offer.objects.filter(
            municipality__code="GM0106", external_id=str(offer.hsds_id), name=offer.name
        ).exists()
    context.close()

    axe.assert_clean()
