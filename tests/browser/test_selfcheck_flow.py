"""Issue 11's acceptance tests for the self-check and the bewaarlijst, in a real browser."""

import io
import sys

from pypdf import PdfReader

from accounts.models import User
from directory.models import Municipality
from respite.models import ContactPerson
from respite.services.requests import request_claim, request_submit
from selfcheck.models import SelfCheck, SelfCheckAccess
from tests.browser.checks import PageChecks, follow
from tests.browser.test_consultant_flow import browser_as
from tests.conftest import make_staff


def answer_statements(page, yes: int, where: str = "") -> None:
    if where:
        page.fill("#id_where", where)
    for n in range(1, 16):
        page.check(f"input[name=u{n}][value='{'1' if n <= yes else '0'}']")
    page.get_by_role("button", name="Bekijk de uitslag").click()
    page.wait_for_load_state()


def test_anonymous_self_check_saves_two_offers_and_downloads_the_letter(site, browser):
    """(2) band 'zwaar' with local offers; two saved; the PDF holds both phone numbers."""
    checks = PageChecks(both_widths=True)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(site + "/")
    follow(page.get_by_role("link", name="Doe de zelftest"))
    assert page.locator("input:checked").count() == 0
    checks.check(page, "self-check")

    # A skipped statement: a Dutch error, and what was chosen stays.
    page.fill("#id_where", "9401")
    page.check("input[name=u1][value='1']")
    follow(page.get_by_role("button", name="Bekijk de uitslag"))
    assert "Kies ja of nee bij uitspraak 2." in page.locator(".error-summary").inner_text()
    assert page.is_checked("input[name=u1][value='1']")
    checks.check(page, "self-check-errors")

    answer_statements(page, 11)
    content = page.content()
    assert "11 van de 15" in content and "zwaar" in content and "Hulp in Assen" in content
    assert "geen diagnose" in content and "EDIZ-plus" in content
    checks.check(page, "self-check-result")
    cards = page.locator(".help-group .card")
    assert cards.count() >= 2
    names, phones = [], []
    for i in range(2):
        card = cards.nth(i)
        names.append(card.locator(".card-title a").inner_text().strip())
        phones.append(card.locator("a[href^='tel:']").inner_text().strip())
        card.locator("input[name=aanbod]").check()
    page.get_by_role("button", name="Zet wat ik heb aangevinkt op mijn bewaarlijst").click()
    page.wait_for_url("**/bewaarlijst/")
    for name in names:
        assert name in page.content()
    checks.check(page, "saved-list")

    download = page.request.get(site + "/bewaarlijst/brief.pdf")
    assert download.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(download.body())).pages)
    for phone in phones:
        assert phone in text, (phone, text)
    assert SelfCheck.objects.count() == 0  # anonymous: nothing stored
    checks.assert_clean()
    context.close()


def test_caregiver_checks_twice_shares_and_the_contact_person_sees_it_logged(site, browser):
    """(3) two dates in the chart; shared with the contact person; the log shows the view."""
    checks = PageChecks(both_widths=True)
    assen = Municipality.objects.get(code="GM0106")
    caregiver = User.objects.create_user(
        username="partner@example.org", email="partner@example.org"
    )
    anna = make_staff("anna.de.vries@assen.example", ("GM0106", "consulent"))
    req = request_submit(
        caregiver=caregiver,
        municipality=assen,
        data={
            "relationship": "partner",
            "age_group": "oudere",
            "situation": "dementie",
            "kinds": ["dagbesteding"],
            "urgency": "gepland",
            "contact_method": "email",
        },
    )
    request_claim(respite_request=req, consultant=anna)
    assert ContactPerson.objects.filter(caregiver=caregiver, consultant=anna).exists()

    page = browser_as(browser, site, caregiver).new_page()
    page.goto(site + "/zelftest/")
    assert "We bewaren de uitslag in uw account" in page.content()
    answer_statements(page, 5, where="Assen")
    assert "5 van de 15" in page.content()
    first = SelfCheck.objects.get()
    first.created_at = first.created_at.replace(year=first.created_at.year - 1)
    first.save()  # the first check a year ago, so the chart has two dates
    page.goto(site + "/zelftest/")
    answer_statements(page, 10, where="Assen")
    checks.check(page, "self-check-result-kept")

    page.goto(site + "/mijn-aanvragen/")
    follow(page.get_by_role("link", name="Mijn zelftests", exact=False))
    assert page.locator(".chart__point").count() == 2
    labels = page.locator(".chart__label").all_text_contents()
    assert len(labels) == 2 and labels[0] != labels[1]
    table = page.locator("table").last.inner_text()
    assert "5" in table and "10" in table
    checks.check(page, "my-self-checks")
    follow(page.get_by_role("button", name="Deel mijn zelftests met", exact=False))
    assert "kan uw zelftests nu zien" in page.content()
    checks.check(page, "my-self-checks-shared")

    anna_page = browser_as(browser, site, anna).new_page()
    anna_page.goto(site + f"/beheer/werkbak/{req.reference}/")
    follow(anna_page.get_by_role("link", name="Zelftests van de mantelzorger"))
    assert anna_page.locator(".chart__point").count() == 2
    checks.check(anna_page, "staff-self-checks")
    assert SelfCheckAccess.objects.filter(viewer=anna, caregiver=caregiver).count() == 1

    page.reload()
    log = page.locator("h2:has-text('Wie heeft uw zelftests bekeken') + ul").inner_text()
    assert "Assen" in log and (anna.get_full_name() or anna.email) in log

    # Revoked: the contact person's link and page are gone.
    page.get_by_role("button", name="Stop met delen", exact=False).click()
    response = anna_page.goto(site + f"/beheer/werkbak/{req.reference}/zelftest/")
    assert response.status == 404
    checks.assert_clean()


def test_self_check_and_bewaarlijst_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/zelftest/")
    answer_statements(page, 9, where="9401")
    assert "9 van de 15" in page.content()
    page.locator("input[name=aanbod]").first.check()
    page.get_by_role("button", name="Zet wat ik heb aangevinkt op mijn bewaarlijst").click()
    page.wait_for_url("**/bewaarlijst/")
    assert page.locator(".card").count() == 1
    follow(page.get_by_role("button", name="Verwijderen", exact=False))
    assert "Uw bewaarlijst is nog leeg." in page.content()
    # From a list of offers: 'Bewaren' asks once, then goes back to the list.
    page.goto(site + "/gemeenten/assen/")
    page.locator(".card a:has-text('Bewaren')").first.click()
    page.get_by_role("button", name="Ja, bewaren").click()
    page.wait_for_url("**/gemeenten/assen/")
    assert "staat op uw bewaarlijst" in page.content()
    context.close()


def test_without_pango_the_letter_page_passes_the_page_checks(site, browser, monkeypatch):
    """The 503 page a server without Pango gives instead of the PDF (the live server runs in
    this process, so it sees the same broken import)."""
    from tests.selfcheck.test_saved_list import _WeasyPrintWithoutPango

    monkeypatch.setitem(sys.modules, "weasyprint", _WeasyPrintWithoutPango())
    checks = PageChecks(both_widths=True)
    page = browser.new_context().new_page()
    page.goto(site + "/gemeenten/assen/")
    page.locator(".card a:has-text('Bewaren')").first.click()
    page.get_by_role("button", name="Ja, bewaren").click()
    page.wait_for_url("**/gemeenten/assen/")
    response = page.goto(site + "/bewaarlijst/brief.pdf")
    assert response.status == 503 and "De brief lukt nu even niet" in page.content()
    checks.check(page, "letter-unavailable")
    follow(page.get_by_role("link", name="Naar mijn bewaarlijst"))
    assert page.locator(".card").count() == 1
    checks.assert_clean()
    page.context.close()
