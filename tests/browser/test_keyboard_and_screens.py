"""A caregiver using only the keyboard, a browser without JavaScript, and screenshots."""

from accounts.models import User
from directory.models import Offer
from respite.models import RespiteRequest
from tests.browser.request_steps import answer_steps
from tests.browser.test_consultant_flow import browser_as

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const box = el.getBoundingClientRect();
  return (outline || shadow) && box.width > 0 && box.height > 0;
}"""


def active(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " href: document.activeElement.getAttribute('href') || ''})"
    )


def tab_until(page, matches, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = active(page)
        assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {element}"
        if matches(element):
            return element
    raise AssertionError("never reached the element with Tab")


def test_keyboard_only_from_postcode_to_an_offer(demo_site, page):
    page.goto(demo_site + "/")

    page.keyboard.press("Tab")
    assert active(page)["href"] == "#inhoud"
    skip_link = page.locator(".skip-link")
    assert skip_link.is_visible() and skip_link.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"

    tab_until(page, lambda el: el["id"] == "id_q")
    page.keyboard.type("9401 AB")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gemeenten/assen/")
    assert "Hulp voor mantelzorgers in Assen" in page.locator("h1").inner_text()

    element = tab_until(page, lambda el: el["href"].startswith("/aanbod/"))
    page.keyboard.press("Enter")
    page.wait_for_url("**" + element["href"])
    offer = Offer.objects.get(pk=element["href"].split("/")[2])
    assert page.locator("h1").inner_text() == offer.name


def test_everything_works_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/")
    page.fill("#id_q", "den bosch")
    page.click("button[type=submit]")
    page.wait_for_url("**/gemeenten/s-hertogenbosch/")

    page.goto(demo_site + "/gemeenten/assen/")
    # Without JavaScript the filters stay folded behind "Filteren" (results come first).
    assert not page.locator("input[name=soort][value=logeerzorg]").is_visible()
    page.click("summary:has-text('Filteren')")
    page.click("summary:has-text('Soort hulp')")
    page.check("input[name=soort][value=logeerzorg]")
    page.click("text=Toon resultaten")
    page.wait_for_url("**soort=logeerzorg**")
    assert page.locator(".card").count() >= 1
    assert page.locator("input[name=soort][value=logeerzorg]").is_checked()

    page.goto(demo_site + "/zoek-gemeente/?q=1099")
    page.select_option("#id_gemeente", "midden-drenthe")
    page.click("text=Naar deze gemeente")
    page.wait_for_url("**/gemeenten/midden-drenthe/")
    context.close()


def test_screenshots_of_the_main_pages(demo_site, page, screenshot_dir):
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    pages = {
        "home": "/",
        "unknown-postcode": "/zoek-gemeente/?q=1099",
        "municipality": "/gemeenten/assen/",
        "municipality-filtered": "/gemeenten/assen/?soort=logeerzorg",
        "search": "/zoeken/?q=logeren",
        "offer": offer.get_absolute_url(),
        "print": "/gemeenten/assen/afdrukken/",
        "not-found": "/bestaat-niet/",
    }
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(demo_site + path)
            target = screenshot_dir / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5_000


def test_printing_a_filtered_list_prints_only_that_choice(demo_site, page):
    """Issue 15.5: the print view keeps the filters, and has a button for phone users."""
    page.set_viewport_size({"width": 320, "height": 800})  # a phone: filters start folded
    page.goto(demo_site + "/gemeenten/assen/")
    everything = page.locator(".card-title").count()
    page.click("summary:has-text('Filteren')")
    page.click("summary:has-text('Soort hulp')")
    page.check("input[name=soort][value=logeerzorg]")
    page.click("text=Toon resultaten")
    page.wait_for_url("**soort=logeerzorg**")
    chosen = sorted(page.locator(".card-title a").all_inner_texts())
    assert 0 < len(chosen) < everything

    page.click("text=Deze keuze afdrukken")
    page.wait_for_url("**/afdrukken/?**soort=logeerzorg**")
    printed = sorted(
        title.removesuffix(" (voorbeeld)") for title in page.locator("h3").all_inner_texts()
    )
    assert printed == chosen
    assert "Alleen de hulp die past bij:" in page.content()
    # A function as the whole expression would be called by evaluate itself: wrap it.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.printed") == 1


def test_keyboard_only_through_the_self_check(demo_site, page):
    """Issue 11: the self-check with Tab, Space and the arrow keys; focus always visible."""
    page.goto(demo_site + "/zelftest/")
    tab_until(page, lambda el: el["id"] == "id_where")
    page.keyboard.type("9401")
    for n in range(1, 16):
        tab_until(page, lambda el, n=n: el["id"] == f"id_u{n}_0", limit=3)
        page.keyboard.press("Space" if n <= 10 else "ArrowRight")  # 'ja', or on to 'nee'
    tab_until(page, lambda el: el["tag"] == "BUTTON", limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "10 van de 15" in page.content()


def test_the_request_steps_work_without_javascript(site, browser):
    caregiver = User.objects.create_user(username="zus@example.org", email="zus@example.org")
    signed_in = browser_as(browser, site, caregiver)
    cookies = signed_in.cookies()
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(site + "/aanvragen/")
    answers = {
        "relationship": "kind",
        "age_group": "kind",
        "situation": "verstandelijk",
        "where": "Assen",
        "kinds": ["logeerzorg"],
        "urgency": "gepland",
        "stay_together": True,
        "contact_method": "email",
    }
    answer_steps(page, answers)
    page.wait_for_url("**/controleren/")
    page.get_by_role("button", name="Aanvraag versturen").click()
    assert RespiteRequest.objects.get(caregiver=caregiver).stay_together
    context.close()
    signed_in.close()


def test_keyboard_only_through_a_request_step(site, browser):
    """Issue 11: a step of the request form with Tab, Space and Enter, 'Waarom vragen we
    dit?' opened from the keyboard, focus always visible."""
    caregiver = User.objects.create_user(username="buur@example.org", email="buur@example.org")
    page = browser_as(browser, site, caregiver).new_page()
    page.goto(site + "/aanvragen/")  # a new request: its first step
    page.wait_for_url("**/stap/naaste/")
    for name in ("relationship", "age_group", "situation"):
        tab_until(page, lambda el, name=name: el["id"] == f"id_{name}_0")
        page.keyboard.press("Space")
        if name == "relationship":
            tab_until(page, lambda el: el["tag"] == "SUMMARY", limit=3)
            page.keyboard.press("Enter")
            assert page.locator("details.why[open]").count() == 1
    tab_until(page, lambda el: el["tag"] == "BUTTON")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/stap/woonplaats/")
    page.context.close()
