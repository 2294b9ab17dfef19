"""Forms that come back with mistakes behave like GOV.UK's (issue 22.6), through the shared
check in the harness (checks.error_summary_problem): focus on the summary, each link to its
field. Today's counts were 15 links to '#' on the self-check and 3 on request step 1."""

from accounts.models import User
from directory.models import Offer
from respite.services.requests import request_claim, request_submit
from tests.browser.checks import PageChecks, follow
from tests.browser.test_consultant_flow import browser_as
from tests.conftest import make_staff


def test_failed_forms_focus_their_summary_and_every_link_reaches_its_field(site, browser):
    checks = PageChecks()
    page = browser.new_context().new_page()

    # The self-check sent without answers: 15 statements, each a group of radio buttons.
    page.goto(site + "/zelftest/")
    follow(page.locator("form button[type=submit]").last)
    assert page.locator(".error-summary a").count() == 15
    checks.check(page, "self-check, nothing answered")

    # A search that is too long.
    page.goto(site + "/zoeken/?q=" + "lang" * 60)
    checks.check(page, "search, too long")

    # The municipality page with a filter that does not exist.
    page.goto(site + "/gemeenten/assen/?kosten=duur")
    checks.check(page, "municipality, bad filter")

    # Request step 1, signed in, sent empty.
    caregiver = User.objects.create_user(username="c@example.org", email="c@example.org")
    own = browser_as(browser, site, caregiver).new_page()
    own.goto(site + "/aanvragen/")
    follow(own.get_by_role("button", name="Verder"))
    assert own.locator(".error-summary a").count() >= 3
    checks.check(own, "request step 1, empty")

    # The editor's offer form without a name.
    editor = make_staff("r@assen.example", ("GM0106", "redacteur"))
    edit = browser_as(browser, site, editor).new_page()
    offer = Offer.objects.get(name="Blokzorg thuis: 3 uur even vrij")
    edit.goto(site + f"/beheer/aanbod/{offer.pk}/")
    edit.fill("#id_name", "")
    follow(edit.locator("#offer-form button[type=submit]").first)
    checks.check(edit, "offer form, no name")

    # The consultant's decision with a reason that does not fit and no date.
    anna = make_staff("anna@md.example", ("GM1731", "consulent"))
    from directory.models import Municipality

    req = request_submit(
        caregiver=caregiver,
        municipality=Municipality.objects.get(code="GM1731"),
        data={
            "relationship": "ouder",
            "age_group": "oudere",
            "situation": "dementie",
            "kinds": ["logeerzorg"],
            "urgency": "gepland",
            "contact_method": "email",
        },
    )
    request_claim(respite_request=req, consultant=anna)
    consultant = browser_as(browser, site, anna).new_page()
    consultant.goto(site + f"/beheer/werkbak/{req.reference}/")
    consultant.check("input[name=besluit-decision][value=toegekend]")
    # With JavaScript only the reasons of 'toegekend' can be chosen.
    options = consultant.locator("#id_besluit-reason option:enabled").all_inner_texts()
    assert "Het eigen netwerk kan dit (deels) oplossen" not in options
    follow(consultant.get_by_role("button", name="Besluit vastleggen"))
    assert "Kies een reden." in consultant.content()
    checks.check(consultant, "decision, no reason and no date")
    checks.assert_clean()
