"""Every page of every role passes the page checks (axe, plain <title>, reflow at 320 px).

The flows walk the journeys with forms; this test follows every link a role can see, so a new
page is checked the day it is linked. One page per URL pattern (route) is enough: the same
template with other data. Data with long names and addresses is made on purpose, as real
people have them (issue 15.9: long e-mail addresses made caregiver pages 414 px wide).
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from accounts.models import User
from directory.models import Municipality, Offer
from directory.services import correction_propose
from referrers.choices import ConsentWay, HandoverState, OrganisationKind
from referrers.models import Handover, ReferrerMember, ReferrerOrganisation
from respite.choices import ReferralStatus
from respite.models import CheckIn
from respite.services.referrals import referral_create
from respite.services.requests import request_claim, request_submit
from selfcheck.models import SavedOffer, SelfCheck, Sharing
from tests.browser.checks import PageChecks
from tests.browser.test_consultant_flow import browser_as
from tests.conftest import make_staff
from tests.factories import ReferralFactory
from tests.providers.conftest import make_provider_staff

LONG_EMAIL = "mantelzorger.voor.mevrouw.van.der.heijden-oosterhuis@voorbeeld-provider.example.org"

# Not followed: leaving the session, the language switch (the crawl keeps its language),
# Django's own admin, and downloads and the open-data API
# (not HTML pages).
SKIP_PREFIXES = ("/account/logout/", "/beheer/django/", "/static/", "/api/hsds/", "/taal/")
SKIP_ROUTE_PARTS = ("export", "csv", "download", "gegevens.json", ".pdf", ".svg")

START = {
    "anonymous": [
        "/",
        "/gemeenten/assen/",
        "/account/login/",
        "/account/signup/",
        "/zelftest/",
        "/bewaarlijst/",
        "/inzicht/midden-drenthe/",
        "/account/login/code/",
    ],
    "caregiver": ["/mijn-aanvragen/", "/aanvragen/", "/zelftest/mijn-uitslagen/"],
    "consultant": ["/beheer/werkbak/", "/beheer/medewerkers/mijn-gegevens/", "/account/2fa/"],
    "editor": ["/beheer/", "/account/2fa/", "/account/password/change/"],
    "superuser": ["/beheer/", "/beheer/werkbak/", "/account/2fa/"],
    "provider": ["/aanbieder/", "/account/2fa/"],
    "policy": ["/inzicht/midden-drenthe/", "/account/2fa/"],
    "referrer": ["/verwijzer/", "/account/2fa/"],
}
MAX_PAGES = 80  # per role; a guard against an endless crawl, not a target


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def make_people():
    md = Municipality.objects.get(code="GM1731")
    caregiver = User.objects.create_user(
        username=LONG_EMAIL, email=LONG_EMAIL, first_name="Wilhelmina", last_name="Oosterhuis"
    )
    consultant = make_staff(
        "wmo-consulent.midden-drenthe.team-noord@gemeente-middendrenthe.example",
        ("GM1731", "consulent"),
    )
    editor = make_staff(
        "redacteur.sociale-kaart.midden-drenthe@gemeente-middendrenthe.example",
        ("GM1731", "redacteur"),
    )
    superuser = make_staff("functioneel.beheerder@mantelzorgportaal.example", superuser=True)
    linde = Offer.objects.get(name="Logeerhuis De Linde").provider
    provider = make_provider_staff("planning.logeerhuizen@zorggroep-drentse-linde.example", linde)
    # Something in every inbox: a referral for the provider, a correction for the editor
    # (the editor of Midden-Drenthe sees proposals for offers Midden-Drenthe owns).
    boshuis = Offer.objects.get(name="Logeerboerderij 't Boshuis")
    correction_propose(offer=boshuis, member=provider, values={"name": "Logeerboerderij Boshuis"})
    answers = {
        "relationship": "ouder",
        "age_group": "oudere",
        "situation": "dementie",
        "kinds": ["respijtzorg_thuis", "logeerzorg"],
        "weekend": True,
        "at_home": True,
        "contact_method": "email",
        "urgency": "gepland",
    }
    claimed = request_submit(caregiver=caregiver, municipality=md, data=answers)
    request_claim(respite_request=claimed, consultant=consultant)
    referral_create(
        respite_request=claimed, consultant=consultant, offer=boshuis, first_name="Wilhelmina"
    )
    # A casemanager (issue 24.1): one request waiting for the caregiver's yes, and the newest
    # request started with the caregiver, who agreed by a text read aloud.
    organisation = ReferrerOrganisation.objects.create(
        name="Casemanagement Dementie Noord- en Midden-Drenthe", kind=OrganisationKind.DEMENTIA
    )
    organisation.municipalities.add(md)
    referrer = make_staff("casemanager.dementie.midden-drenthe@zorggroep-drenthe.example")
    ReferrerMember.objects.create(
        user=referrer, organisation=organisation, job_title="casemanager dementie"
    )
    Handover.objects.create(
        referrer=referrer,
        organisation=organisation,
        municipality=md,
        caregiver_name="Hendrika van der Heijden-Oosterhuis",
        consent_way=ConsentWay.CODE,
        answers={
            "intake_name": ["Hendrika van der Heijden-Oosterhuis"],
            "relationship": ["partner"],
            "age_group": ["oudere"],
            "situation": ["dementie"],
            "where": ["9411"],
            "kinds": ["logeerzorg"],
            "urgency": ["gepland"],
            "referral_reason": ["Zij slaapt slecht en staat er alleen voor."],
            "contact_method": ["email"],
            "consent_way": ["code"],
            "intake_email": [LONG_EMAIL],
        },
    )
    newest = request_submit(
        caregiver=caregiver,
        municipality=md,
        data={**answers, "kinds": ["zorgoppas"], "referral_reason": "Overbelast"},
        referred_by=referrer,
    )
    Handover.objects.create(
        referrer=referrer,
        organisation=organisation,
        municipality=md,
        caregiver_name="Wilhelmina Oosterhuis",
        consent_way=ConsentWay.ALOUD,
        state=HandoverState.SENT,
        consented_at=newest.created_at,
        respite_request=newest,
    )
    # A stay that ended, with its three questions still open (issue 24.5), on the request the
    # crawl opens first (the newest).
    linde_offer = Offer.objects.get(name="Logeerhuis De Linde")
    CheckIn.objects.create(
        referral=ReferralFactory(
            respite_request=newest, offer=linde_offer, status=ReferralStatus.COMPLETED
        )
    )
    # A kept self-check, shared with the contact person; a saved offer on the bewaarlijst.
    SelfCheck.objects.create(caregiver=caregiver, answers=[1] * 9 + [0] * 6, score=9)
    Sharing.objects.create(caregiver=caregiver, municipality=md)
    SavedOffer.objects.create(caregiver=caregiver, offer=boshuis)
    policy = make_staff(
        "beleidsmedewerker.mantelzorg@gemeente-middendrenthe.example",
        ("GM1731", "beleidsmedewerker"),
    )
    return {
        "policy": policy,
        "caregiver": caregiver,
        "consultant": consultant,
        "editor": editor,
        "superuser": superuser,
        "provider": provider,
        "referrer": referrer,
    }


def crawl(
    page,
    site: str,
    starts: list[str],
    checks: PageChecks,
    role: str,
    both: set[str],
    language: str | None = None,
) -> set[str]:
    """Visit one page per route; `both` holds the routes an earlier role's visit checked
    with axe at both widths: axe runs once per page shape (route), so those get the other
    checks only; each role's own pages (routes no earlier role reached) get axe with
    that role's menu. With `language`, every page must also be in that language."""
    seen_routes: set[str] = set()
    queue = deque(starts)
    errors = []
    while queue and len(seen_routes) < MAX_PAGES:
        path = queue.popleft()
        route = route_of(urlsplit(path).path)
        if route is None or route in seen_routes:
            continue
        seen_routes.add(route)
        response = page.goto(site + path)
        if response.status >= 500:
            errors.append(f"{path}: {response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        checks.check(page, f"{role} {path}", axe=route not in both)
        both.add(route)
        if language and page.get_attribute("html", "lang") != language:
            errors.append(f"{path}: lang={page.get_attribute('html', 'lang')}, not {language}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            parts = urlsplit(urljoin(page.url, href))
            if f"{parts.scheme}://{parts.netloc}" != site or parts.path.startswith(SKIP_PREFIXES):
                continue
            if any(part in parts.path for part in SKIP_ROUTE_PARTS):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert not errors, errors
    return seen_routes


def test_every_page_of_every_role_passes_the_checks(site, browser):
    people = make_people()
    checks = PageChecks(both_widths=True)
    visited, both = {}, set()
    for role, starts in START.items():
        if role == "anonymous":
            context = browser.new_context()
        else:
            context = browser_as(browser, site, people[role])
        page = context.new_page()
        page.set_default_timeout(15_000)
        visited[role] = crawl(page, site, starts, checks, role, both)
        context.close()
    checks.assert_clean()
    # The crawl reached each role's own pages, not just the public ones.
    assert "mijn-aanvragen/<str:reference>/" in visited["caregiver"]
    assert "beheer/werkbak/<str:reference>/" in visited["consultant"]
    assert "beheer/aanbod/<id:pk>/" in visited["editor"]
    assert "aanbieder/aanbod/<id:pk>/plek/" in visited["provider"]
    assert "beheer/aanbieders/<id:pk>/medewerker-uitnodigen/" in visited["editor"]
    assert "beheer/voorstellen/<id:pk>/" in visited["editor"]
    assert "aanbieder/aanmeldingen/<id:pk>/" in visited["provider"]
    assert "zelftest/uitslag/<id:pk>/" in visited["caregiver"]
    assert "bewaarlijst/" in visited["caregiver"]
    assert "hoe-ging-het/<str:token>/" in visited["caregiver"]
    assert "beheer/werkbak/<str:reference>/zelftest/" in visited["consultant"]
    assert "aanvragen/<uuid:draft>/stap/<slug:slug>/" in visited["caregiver"]
    assert "bewaarlijst/bewaren/<id:pk>/" in visited["anonymous"]
    assert "inzicht/provincie/<slug:slug>/" in visited["anonymous"]
    assert "inzicht/<slug:slug>/vraag-en-aanbod/" in visited["policy"]
    assert "inzicht/<slug:slug>/waarom-niet/" in visited["policy"]
    assert "aanbieder/aanbod/<id:pk>/correctie/" in visited["provider"]
    assert len(visited["anonymous"]) >= 8
    for route in ("verwijzer/", "verwijzer/nieuw/", "verwijzer/<uuid:pk>/"):
        assert route in visited["referrer"], route
    assert "verwijzer/<uuid:pk>/toestemming/" in visited["referrer"]
    assert "beheer/gemeente/<slug:slug>/verwijzers/" in visited["editor"]
    assert "beheer/verwijzers/<id:pk>/uitnodigen/" in visited["editor"]


LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "nl"]  # Dutch: above


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_and_caregiver_page_in_every_language(site, browser, language):
    """Issue 26.5: the crawl, axe and reflow at 320 px in each other language, for everyone
    not signed in and for a caregiver (with requests, a referral, a check-in, a self-check);
    Arabic reads right to left, with the site's name at the right."""
    people = make_people()
    checks = PageChecks()
    visited = {}
    for role in ("anonymous", "caregiver"):
        if role == "anonymous":
            context = browser.new_context()
        else:
            context = browser_as(browser, site, people[role])
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.set_viewport_size({"width": 320, "height": 800})
        visited[role] = crawl(
            page, site, START[role], checks, f"{language} {role}", set(), language
        )
        if role == "anonymous" and language in settings.LANGUAGES_BIDI:
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(site + "/gemeenten/assen/")
            assert page.get_attribute("html", "dir") == "rtl"
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
            name = page.locator(".site-name").bounding_box()
            assert name["x"] > 640, name  # the start of the line is at the right
            assert page.locator(".language-switch [lang=ar][aria-current]").count() == 1
            # Phone numbers and Dutch data keep their own order inside Arabic sentences (a
            # walk saw "0592 700 199" as "199 700 0592").
            assert page.eval_on_selector_all(
                "a[href^='tel:'], [lang=nl]",
                "els => els.every(el => getComputedStyle(el).direction === 'ltr')",
            )
        context.close()
    checks.assert_clean()
    assert "mijn-aanvragen/<str:reference>/" in visited["caregiver"]
    assert "aanvragen/<uuid:draft>/stap/<slug:slug>/" in visited["caregiver"]
    assert "hoe-ging-het/<str:token>/" in visited["caregiver"]
    assert "aanbod/<id:pk>/<slug:slug>/" in visited["anonymous"]
    assert len(visited["anonymous"]) >= 8
