"""WCAG 2.x A/AA checks with axe-core on every public page and state."""

import pytest

from directory.models import Offer
from tests.browser.checks import PageChecks


def public_pages() -> dict[str, str]:
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    return {
        "home": "/",
        "unknown-postcode": "/zoek-gemeente/?q=1099",
        "ambiguous-name": "/zoek-gemeente/?q=bergen",
        "municipality-list": "/gemeenten/",
        "municipality": "/gemeenten/assen/",
        "municipality-filtered": "/gemeenten/assen/?soort=logeerzorg&doelgroep=dementie&kosten=",
        "municipality-no-results": "/gemeenten/assen/?soort=vervoer&wanneer=nacht",
        "municipality-bad-filter": "/gemeenten/assen/?soort=onzin&pagina=99",
        "search-form": "/zoeken/",
        "search-results": "/zoeken/?q=logeren",
        "search-no-results": "/zoeken/?q=zwembad",
        "offer": offer.get_absolute_url(),
        "feedback-form": f"/aanbod/{offer.pk}/melden/",
        "login": "/account/login/",
        "print": "/gemeenten/assen/afdrukken/",
        "accessibility-statement": "/toegankelijkheid/",
        "glossary": "/begrippen/",
        "not-found": "/bestaat-niet/",
    }


def test_every_public_page_passes_axe_title_and_reflow_checks(demo_site, page):
    checks = PageChecks()
    csp_errors = []
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    for name, path in public_pages().items():
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(demo_site + path)
            checks.check(page, f"{name} @ {width}px")
    checks.assert_clean()
    assert not csp_errors, csp_errors


@pytest.mark.parametrize("width", [320])
def test_pages_fit_a_small_phone_without_sideways_scrolling(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ["/", "/gemeenten/assen/", public_pages()["offer"], "/zoeken/?q=logeren"]:
        page.goto(demo_site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide at {width}px"


def test_text_can_be_zoomed_to_200_percent(demo_site, page):
    """WCAG 1.4.4: at 200 % zoom (a 640 px wide window) nothing needs sideways scrolling."""
    page.set_viewport_size({"width": 640, "height": 800})
    for path in ["/", "/gemeenten/assen/", public_pages()["offer"]]:
        page.goto(demo_site + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide at 200% text"


def test_offer_page_puts_phone_and_applying_on_the_first_screen_of_a_phone(demo_site, page):
    """Issue 15.8: at 320 px the phone and 'Aanvragen' were about 2,900 px down."""
    offer = Offer.objects.get(name="Nachtzorg en weekendzorg thuis")  # Wmo: apply to gemeente
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo_site + offer.get_absolute_url())
    for link in (
        page.locator(".contact a[href^='tel:']").first,
        page.get_by_role("link", name="Aanvragen bij de gemeente"),
    ):
        box = link.bounding_box()
        # Below the header, the name and the demo notice (about 190 px): was about 2,900 px.
        assert box and box["y"] + box["height"] <= 1100, box


def test_the_page_checks_find_what_they_look_for(page):
    """The checks every browser test relies on do fail: an image without text, markup in the
    title, a page too wide for a phone and an English library text."""
    page.set_content(
        '<!doctype html><html lang="nl"><head><title>{{ titel }}</title></head><body><main>'
        '<h1>Fout</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<div style="width: 600px">breed</div>'
        "<label>Kies <select><option>- Select an option -</option></select></label>"
        "</main></body></html>"
    )
    checks = PageChecks(both_widths=True)
    checks.check(page, "kapot")
    assert {"kapot (axe)", "kapot at 320px (axe)", "kapot (title)", "kapot (choices)"} <= set(
        checks.failures
    )
    assert "image-alt" in checks.failures["kapot (axe)"]
    page.set_viewport_size({"width": 320, "height": 700})
    checks.check(page, "smal")
    assert "smal (reflow)" in checks.failures
    with pytest.raises(AssertionError):
        checks.assert_clean()
