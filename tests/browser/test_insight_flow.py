"""Issue 12's acceptance test: a policy officer of Assen and the public coverage page."""

import csv
import io
import re

from directory.choices import OfferStatus
from directory.models import Municipality, Offer
from respite.choices import Decision
from tests.browser.checks import PageChecks, follow
from tests.browser.test_consultant_flow import browser_as
from tests.conftest import make_staff
from tests.insight.test_insight import make_request


def csv_rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_policy_officer_sees_coverage_gaps_comparison_and_suppressed_demand(site, browser):
    checks = PageChecks(both_widths=True)
    assen = Municipality.objects.get(code="GM0106")
    # A gap: Assen's own logeerhuizen where one can stay together are closed for now.
    Offer.objects.filter(municipality=assen, kind="logeerzorg", stay_together=True).update(
        status=OfferStatus.ARCHIVED
    )
    for days in (3, 5, 8, 9, 12, 14):
        make_request(assen, ["logeerzorg"], Decision.GRANTED, days_to_decision=days)
    make_request(assen, ["dagbesteding"], Decision.REFUSED, days_to_decision=4)
    policy = make_staff("beleid@assen.example", ("GM0106", "beleidsmedewerker"))

    page = browser_as(browser, site, policy).new_page()
    page.goto(site + "/")
    # The header's "Inzicht" leads a policy officer to their own municipality's figures.
    inzicht = page.get_by_role("link", name="Inzicht", exact=True)
    assert inzicht.get_attribute("href") == "/inzicht/assen/vraag-en-aanbod/"
    page.get_by_role("link", name="Hoe staat de ondersteuning ervoor?").click()
    page.select_option("#id_gemeente", "assen")
    page.get_by_role("button", name="Bekijk deze gemeente").click()
    page.wait_for_url("**/inzicht/assen/")
    assert "Zo staat de ondersteuning in Assen ervoor" in page.content()
    gaps = page.locator(".gaps li").all_inner_texts()
    assert any(g.startswith("Geen samen logeren in Assen") for g in gaps), gaps
    checks.check(page, "coverage-policy")
    comparison = page.locator("table", has_text="Mediaan Drenthe")
    assert comparison.count() == 1 and "Mediaan Nederland" in comparison.inner_text()

    page.get_by_role("link", name="Vraag en aanbod (alleen voor beleid)").click()
    page.wait_for_url("**/vraag-en-aanbod/")
    checks.check(page, "demand")
    table = page.locator("#aanvragen")
    html_rows = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    dagbesteding = next(r for r in html_rows if r[0].startswith("Dagbesteding"))
    assert "< 5" in dagbesteding and "1" not in dagbesteding[1:]  # one request: hidden

    csv_link = page.get_by_role("link", name="Cijfers als CSV-bestand (Excel)")
    rows = csv_rows(page.request.get(site + csv_link.get_attribute("href")).body())
    assert rows[1:] == html_rows  # the table and the CSV hold the same figures

    follow(page.get_by_role("link", name="Grafiek als SVG-bestand"))
    svg = page.content()
    bars = re.findall(r"<title>Aanvragen: ([^<]+)</title>", svg)
    total_row = rows[1]
    assert total_row[0] == "Alle aanvragen"
    assert bars == [v.replace("<", "&lt;") for v in total_row[1:]]
    assert "7" in bars  # this quarter's seven requests

    # A consultant and an editor of Assen cannot open it.
    url = site + "/inzicht/assen/vraag-en-aanbod/"
    for email, role in (("c@assen.example", "consulent"), ("r@assen.example", "redacteur")):
        other = browser_as(browser, site, make_staff(email, ("GM0106", role))).new_page()
        assert other.goto(url).status == 403
        other.context.close()
    checks.assert_clean()


def test_anonymous_visitors_see_the_public_coverage_page(demo_site, browser):
    checks = PageChecks(both_widths=True)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(demo_site + "/inzicht/assen/")
    assert "Zo staat de ondersteuning in Assen ervoor" in page.content()
    assert "Vraag en aanbod" not in page.content()
    checks.check(page, "coverage-public-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    checks.check(page, "coverage-public-1280")
    page.goto(demo_site + "/inzicht/provincie/drenthe/")
    checks.check(page, "province")
    assert page.goto(demo_site + "/inzicht/assen/vraag-en-aanbod/").url.endswith(
        "/account/login/?next=/inzicht/assen/vraag-en-aanbod/"
    )
    checks.assert_clean()
    context.close()
