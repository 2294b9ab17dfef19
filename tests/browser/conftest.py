"""Browser tests: Playwright driving Debian's Chromium against a live server.

They run when Chromium is installed and are skipped, with the reason in the summary, when it
is not. CI sets REQUIRE_BROWSER_TESTS=1 so that a missing browser fails instead.
"""

import os
from datetime import datetime
from pathlib import Path

import pytest
from django.core.cache import cache

from tests import snapshot

# Debian's headless shell (package chromium-headless-shell: the same Chromium build without
# the desktop browser's compositor and UI) where installed, as CI does: the browser suite
# took 4:52 with it and 6:03 with the full browser, on the same two cores (2026-12-06).
# Playwright uses the same shell for its own headless Chromium.
HEADLESS_SHELL, FULL_BROWSER = "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or (
    HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else FULL_BROWSER
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
ROOT = Path(__file__).resolve().parents[2]

_outcome: dict[str, object] = {"ran": 0, "skipped": None}


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make install)"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium-headless-shell)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable()
    if reason:
        _outcome["skipped"] = reason
        if REQUIRED:
            pytest.fail(f"Browser tests are required (REQUIRE_BROWSER_TESTS=1): {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by test
    # fixtures are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, request):
    _outcome["ran"] = int(_outcome["ran"]) + 1
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db, settings):
    """A live server with the real reference data and the demo catalogue."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SITE_URL = live_server.url  # links in mails point to the server under test
    # The database cache's table is not emptied between tests: without this, allauth's rate
    # limits (codes per address, sign-ups per address) carry over from one flow to the next.
    cache.clear()
    snapshot.load("load_reference_data")  # after the first test, copied back (tests/snapshot.py)
    snapshot.load("load_demo_catalogue")
    return live_server.url


def _written() -> dict[str, int]:
    """What a test that only reads must leave as it was."""
    from accounts.models import User
    from directory.models import Feedback, Offer, OfferChange
    from respite.models import RequestDraft, RespiteRequest
    from selfcheck.models import SavedOffer, SelfCheck

    models = (Offer, OfferChange, Feedback, User, RespiteRequest, RequestDraft, SelfCheck)
    return {model.__name__: model.objects.count() for model in (*models, SavedOffer)}


@pytest.fixture
def demo_site(live_server, django_db_blocker, settings):
    """The demo catalogue as `make run` loads it, shared by the tests that only read (issue
    23.5): the first loads it, the next ones find it and skip the two loaders. A test that
    writes uses `site` instead, which starts clean and empties the database afterwards; this
    fixture fails a test that wrote anything people or the catalogue hold."""
    from directory.models import Offer

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SITE_URL = live_server.url
    with django_db_blocker.unblock():
        cache.clear()
        if not Offer.objects.filter(is_demo=True).exists():  # first, or after a `site` test
            snapshot.load("load_reference_data")
            snapshot.load("load_demo_catalogue")
        before = _written()
        yield live_server.url
        after = _written()
    assert after == before, "a test on the shared demo database wrote to it; give it `site`"


def pytest_collection_modifyitems(items):
    """The tests on the shared demo database first, so it is loaded once, not after each
    test that emptied it."""
    items.sort(key=lambda item: "demo_site" not in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """One folder per test run, named after its start time (or SCREENSHOT_DIR)."""
    default = ROOT / "test-artifacts" / datetime.now().strftime("screenshots-%Y%m%d-%H%M%S")
    folder = Path(os.environ.get("SCREENSHOT_DIR", default))
    folder.mkdir(parents=True, exist_ok=True)
    _outcome["screenshots"] = folder
    return folder


def pytest_terminal_summary(terminalreporter):
    if _outcome["skipped"]:
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED: {_outcome['skipped']}", yellow=True, bold=True
        )
    elif _outcome["ran"]:
        terminalreporter.write_line(f"Browser tests ran in Chromium ({CHROMIUM}).", green=True)
    if _outcome.get("screenshots"):
        terminalreporter.write_line(f"Screenshots: {_outcome['screenshots']}")
