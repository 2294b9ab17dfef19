"""Issue 6's acceptance test: two consultants of Midden-Drenthe, one of Assen."""

from django.conf import settings
from django.test import Client

from accounts.models import User
from directory.models import Municipality
from respite.services.requests import request_submit
from tests.browser.checks import PageChecks, follow
from tests.conftest import make_staff


def browser_as(browser, site: str, user):
    """A browser context signed in as the user (sign-in with TOTP is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    return context


def first_reference(page) -> str:
    return page.locator("tbody tr th a").first.inner_text()


def test_urgent_request_claimed_decided_and_handed_over(site, browser):
    axe = PageChecks()
    md = Municipality.objects.get(code="GM1731")
    anna = make_staff("anna@middendrenthe.example", ("GM1731", "consulent"))
    bert = make_staff("bert@middendrenthe.example", ("GM1731", "consulent"))
    cor = make_staff("cor@assen.example", ("GM0106", "consulent"))
    caregiver = User.objects.create_user(
        username="dochter@example.org", email="dochter@example.org"
    )
    answers = {
        "relationship": "ouder",
        "age_group": "oudere",
        "situation": "dementie",
        "kinds": ["respijtzorg_thuis"],
        "weekend": True,
        "at_home": True,
        "contact_method": "email",
    }
    request_submit(caregiver=caregiver, municipality=md, data={**answers, "urgency": "gepland"})
    urgent = request_submit(
        caregiver=caregiver,
        municipality=md,
        data={**answers, "urgency": "spoed", "urgent_reason": "Ik ben ziek."},
    )

    anna_page = browser_as(browser, site, anna).new_page()
    bert_page = browser_as(browser, site, bert).new_page()
    cor_page = browser_as(browser, site, cor).new_page()

    # The urgent request is at the top for the Midden-Drenthe pair only.
    for page in (anna_page, bert_page):
        page.goto(site + "/beheer/werkbak/")
        assert first_reference(page) == urgent.reference
    axe.check(anna_page, "werkbak")
    cor_page.goto(site + "/beheer/werkbak/")
    assert urgent.reference not in cor_page.content()
    assert cor_page.goto(site + f"/beheer/werkbak/{urgent.reference}/").status == 404

    # Both open it; Anna claims first, Bert's claim fails politely.
    anna_page.goto(site + f"/beheer/werkbak/{urgent.reference}/")
    bert_page.goto(site + f"/beheer/werkbak/{urgent.reference}/")
    axe.check(anna_page, "werkbak-request")
    anna_page.click("text=Ik pak deze op")
    assert "U behandelt deze aanvraag nu" in anna_page.content()
    bert_page.click("text=Ik pak deze op")
    assert "heeft deze aanvraag net opgepakt" in bert_page.content()

    # Anna links a matching offer, decides 'toegekend' with a reason, hands over to Bert.
    follow(anna_page.locator("li", has_text="Respijtzorg thuis in de dorpen").locator("button"))
    assert "Het aanbod is gekoppeld" in anna_page.content()
    anna_page.check("input[name=besluit-decision][value=toegekend]")
    anna_page.select_option("#id_besluit-reason", "overbelasting")
    anna_page.fill("#id_besluit-valid_from", "2027-01-04")
    anna_page.fill("#id_besluit-text", "U krijgt elk weekend een dagdeel hulp thuis.")
    anna_page.click("text=Besluit vastleggen")
    assert "Het besluit is vastgelegd" in anna_page.content()
    axe.check(anna_page, "werkbak-decided")
    anna_page.select_option("#id_overdracht-colleague", label=str(bert))
    anna_page.fill("#id_overdracht-reason", "Ik ga met verlof.")
    anna_page.check("#id_overdracht-whole_relation")
    anna_page.click("button:has-text('Overdragen')")
    assert f"Overgedragen aan {bert}" in anna_page.content()
    anna_page.goto(site + "/beheer/werkbak/team/midden-drenthe/")
    axe.check(anna_page, "team")
    anna_page.goto(site + "/beheer/werkbak/telefonisch/midden-drenthe/")
    axe.check(anna_page, "intake")

    # The caregiver sees each step and her new contact person.
    caregiver_page = browser_as(browser, site, caregiver).new_page()
    caregiver_page.goto(site + urgent.get_absolute_url())
    content = caregiver_page.content()
    for text in [
        f"{anna} behandelt uw aanvraag.",
        "Passend aanbod gevonden: Respijtzorg thuis in de dorpen",
        "Besluit: toegekend. U krijgt elk weekend een dagdeel hulp thuis.",
        f"Uw nieuwe vaste contactpersoon is {bert}",
    ]:
        assert text in content, text
    assert caregiver_page.locator(".contact strong").first.inner_text() == str(bert)
    assert "Ik ga met verlof." not in content  # internal

    # The Assen consultant still sees nothing of it.
    cor_page.goto(site + "/beheer/werkbak/?status=besluit_genomen")
    assert urgent.reference not in cor_page.content()

    axe.assert_clean()
