"""'Lees voor' (issue 26.6): the browser's own speech reads the main text in Dutch, can be
paused and stopped, and the button is hidden where the browser cannot speak. The speech is
observed through a stub of speechSynthesis (headless Chromium has no voices)."""

from directory.models import Offer
from tests.browser.checks import PageChecks

STUB = """
window.__speech = {spoken: [], paused: 0, resumed: 0, cancelled: 0};
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  paused: false,
  speak: function (u) { window.__speech.spoken.push({text: u.text, lang: u.lang}); },
  pause: function () { this.paused = true; window.__speech.paused++; },
  resume: function () { this.paused = false; window.__speech.resumed++; },
  cancel: function () { window.__speech.cancelled++; },
  getVoices: function () { return [{lang: "en-GB"}, {lang: "nl-NL", name: "Nederlands"}]; }
}});
"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"


def test_lees_voor_reads_the_offer_page_in_dutch_and_pauses_and_stops(demo_site, browser):
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="nl-NL")
    context.add_init_script(STUB)
    page = context.new_page()
    checks = PageChecks()
    for path in (offer.get_absolute_url(), "/zelftest/"):
        page.goto(demo_site + path)
        start = page.get_by_role("button", name="Lees voor")
        assert start.is_visible(), path
        checks.check(page, f"lees voor {path}")
        start.click()
        spoken = page.evaluate("window.__speech.spoken")
        heading = page.locator("h1").inner_text()
        assert spoken and spoken[0]["text"] == heading, path
        assert {piece["lang"] for piece in spoken} == {"nl-NL"}
        assert not any("Lees voor" in piece["text"] for piece in spoken)
        page.get_by_role("button", name="Pauzeer").click()
        assert page.evaluate("window.__speech.paused") == 1
        page.get_by_role("button", name="Verder voorlezen").click()
        assert page.evaluate("window.__speech.resumed") == 1
        assert page.get_by_role("button", name="Pauzeer").is_visible()  # a walk: it stayed
        page.get_by_role("button", name="Stop met voorlezen").click()
        assert page.evaluate("window.__speech.cancelled") >= 2  # before starting, and stop
        assert start.is_visible() and not page.get_by_role("button", name="Pauzeer").is_visible()
    checks.assert_clean()
    context.close()


def test_without_speech_in_the_browser_there_is_no_button(demo_site, browser):
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(NO_SPEECH)
    page = context.new_page()
    page.goto(demo_site + "/zelftest/")
    assert page.locator("[data-read-aloud]").count() == 1
    assert not page.get_by_role("button", name="Lees voor").is_visible()
    context.close()


def test_a_browser_without_a_voice_says_so_instead_of_seeming_to_read(demo_site, browser):
    """A walk: with speech but no voice installed the buttons showed 'Pauzeer' forever."""
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(
        STUB.replace('return [{lang: "en-GB"}, {lang: "nl-NL", name: "Nederlands"}];', "return [];")
    )
    page = context.new_page()
    page.goto(demo_site + "/zelftest/")
    page.get_by_role("button", name="Lees voor").click()
    assert page.get_by_text("Uw browser heeft geen stem om voor te lezen").is_visible()
    assert page.evaluate("window.__speech.spoken") == []
    assert not page.get_by_role("button", name="Pauzeer").is_visible()
    context.close()


def test_on_a_page_in_english_the_dutch_offer_text_gets_a_dutch_voice(demo_site, browser):
    """Issue 26.5 with 26.6: the page's own texts in the page's language, the offer's texts
    (which stay Dutch, marked lang=nl) with a Dutch voice."""
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(STUB)
    context.add_cookies([{"name": "django_language", "value": "en", "url": demo_site}])
    page = context.new_page()
    page.goto(demo_site + offer.get_absolute_url())
    page.get_by_role("button", name="Read aloud").click()
    spoken = page.evaluate("window.__speech.spoken")
    by_text = {piece["text"]: piece["lang"] for piece in spoken}
    assert by_text[offer.summary] == "nl-NL"
    assert by_text["What is it?"] == "en-GB"
    assert {"nl-NL", "en-GB"} == set(by_text.values())
    context.close()
