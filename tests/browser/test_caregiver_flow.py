"""Issue 5's acceptance test: a new caregiver asks for weekend respite for her mother."""

import re

from django.core import mail

from directory.models import Offer
from portal.templatetags.portal import tel_href
from respite.models import RespiteRequest
from respite.services.requests import request_claim
from tests.browser.checks import PageChecks, follow
from tests.browser.request_steps import answer_steps
from tests.conftest import make_staff


def last_code(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6})\b", message.body).group(1)


def test_new_caregiver_requests_weekend_respite_from_an_offer(site, browser):
    axe = PageChecks()
    offer = Offer.objects.get(name="Nachtzorg en weekendzorg thuis")
    context = browser.new_context()
    page = context.new_page()

    # From the offer's page: "Aanvragen" carries the offer along; the form says to sign in first.
    page.goto(site + offer.get_absolute_url())
    follow(page.get_by_role("link", name="Aanvragen bij de gemeente"))
    assert "Voor een aanvraag heeft u wel een account nodig" in page.content()
    axe.check(page, "login-first")
    page.click("text=Ik heb nog geen account")
    axe.check(page, "signup")
    page.fill("#id_email", "dochter@example.org")
    page.click("text=Stuur mij een code")
    page.wait_for_url("**/confirm-email/**")
    axe.check(page, "confirm-code")
    page.fill("input[name=code]", last_code("dochter@example.org"))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/aanvragen/**")

    # The form in steps, with a deliberate error (urgent without a reason), then fixed.
    axe.check(page, "request-form")
    assert offer.name in page.content()
    answers = {
        "relationship": "ouder",
        "age_group": "oudere",
        "situation": "dementie",
        "where": "Beilen",
        "kinds": ["nacht_weekend"],
        "urgency": "spoed",
        "weekend": True,
        "notes": "Ik werk doordeweeks; in het weekend zorg ik alleen.",
        "contact_method": "email",
    }
    answer_steps(page, answers, axe, "request-form")
    assert "/stap/spoed/" in page.url and "Vertel kort waarom het dringend is." in page.content()
    axe.check(page, "request-form-errors")
    page.fill("#id_urgent_reason", "Ik ben zelf ziek geworden.")
    page.get_by_role("button", name="Verder").click()
    answer_steps(page, answers, axe, "request-form")
    page.wait_for_url("**/controleren/")
    axe.check(page, "check-answers")
    assert "Midden-Drenthe" in page.content() and "Ik ben zelf ziek geworden." in page.content()
    # Back to a step from the check page: what was typed is still there.
    follow(page.get_by_role("link", name="Wijzigen wat wilt u nog vertellen?"))
    assert page.input_value("#id_notes").startswith("Ik werk doordeweeks")  # nothing lost
    page.get_by_role("button", name="Opslaan en terug naar het overzicht").click()
    page.wait_for_url("**/controleren/")
    page.click("text=Aanvraag versturen")

    req = RespiteRequest.objects.get(caregiver__email="dochter@example.org")
    assert req.reference in page.content()
    assert req.municipality.name == "Midden-Drenthe" and req.offer == offer
    assert any(req.reference in m.body for m in mail.outbox if m.to == ["dochter@example.org"])
    axe.check(page, "request-detail")
    assert "Ingediend" in page.content() and "U heeft de aanvraag ingediend." in page.content()

    # Before anyone picks it up: the Wmo-loket's number, a link a phone can dial, on a phone.
    page.set_viewport_size({"width": 320, "height": 800})
    municipality = req.municipality
    loket = page.get_by_role("link", name=municipality.loket_phone)
    assert loket.get_attribute("href") == tel_href(municipality.loket_phone)
    loket.click(trial=True)  # visible, not covered, receives the tap
    assert municipality.loket_hours in page.content()

    # Once a consultant picks it up: the fixed contact person's own number and hours.
    consultant = make_staff("bert.hoekstra@middendrenthe.example", ("GM1731", "consulent"))
    request_claim(respite_request=req, consultant=consultant)
    page.reload()
    axe.check(page, "request-detail-picked-up")
    assert "Uw vaste contactpersoon in Midden-Drenthe" in page.content()
    own = page.get_by_role("link", name=consultant.work_phone)
    assert own.get_attribute("href") == tel_href(consultant.work_phone)
    own.click(trial=True)
    assert consultant.reachable_hours in page.content()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=Mijn aanvragen")
    axe.check(page, "my-requests")
    page.click("text=Mijn account verwijderen")
    axe.check(page, "delete-account")
    context.close()

    # A second caregiver cannot reach it, also not by the reference number.
    other = browser.new_context()
    page = other.new_page()
    page.goto(site + "/account/signup/")
    page.fill("#id_email", "buurman@example.org")
    page.click("text=Stuur mij een code")
    page.wait_for_url("**/confirm-email/**")
    page.fill("input[name=code]", last_code("buurman@example.org"))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    response = page.goto(site + req.get_absolute_url())
    assert response.status == 404
    page.goto(site + "/mijn-aanvragen/")
    assert req.reference not in page.content()
    other.close()

    axe.assert_clean()


def test_on_a_phone_from_the_home_page_through_the_steps(site, browser):
    """Issue 11 (1): 320 px wide, at most 12 questions, nothing chosen beforehand, a skipped
    question gets a Dutch error, and the longest path (spoed, logeren, 'Bel mij') is walked."""
    checks = PageChecks(both_widths=True)
    context = browser.new_context(viewport={"width": 320, "height": 700}, java_script_enabled=True)
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_role("link", name="Respijtzorg aanvragen").click()
    page.click("text=Ik heb nog geen account")
    page.fill("#id_email", "zoon@example.org")
    page.click("text=Stuur mij een code")
    page.wait_for_url("**/confirm-email/**")
    page.fill("input[name=code]", last_code("zoon@example.org"))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/stap/naaste/")

    # Nothing is chosen for the caregiver; skipping a question gets a Dutch error.
    assert page.locator("input:checked").count() == 0
    page.check("input[name=relationship][value=partner]")
    follow(page.get_by_role("button", name="Verder"))
    summary = page.locator(".error-summary")
    assert "Kies de leeftijd van uw naaste." in summary.inner_text()
    assert page.is_checked("input[name=relationship][value=partner]")  # kept
    checks.check(page, "step-error")

    answers = {
        "relationship": "partner",
        "age_group": "oudere",
        "situation": "dementie",
        "where": "9401",
        "kinds": ["logeerzorg", "nacht_weekend"],
        "urgency": "spoed",
        "urgent_reason": "Ik word volgende week geopereerd.",
        "night": True,
        "settling_in": True,
        "contact_method": "telefoon",
        "phone": "06 1234 5678",
    }
    fresh = []
    page.on("load", lambda p: fresh.append(p.locator("input:checked").count()))
    questions = answer_steps(page, answers, checks, "phone")
    page.wait_for_url("**/controleren/")
    assert questions <= 12, questions
    assert questions == 12  # this is the longest path: spoed, logeren and 'Bel mij'
    assert set(fresh[:-1]) == {0}  # each new step opened with nothing chosen
    content = page.content()
    assert "Ik word volgende week geopereerd." in content and "06 1234 5678" in content
    checks.check(page, "check-answers-phone")
    page.get_by_role("button", name="Aanvraag versturen").click()
    req = RespiteRequest.objects.get(caregiver__email="zoon@example.org")
    assert req.municipality.name == "Assen" and req.settling_in and req.night
    checks.assert_clean()
    context.close()


def test_a_second_request_starts_with_klopt_dit_nog_on_a_phone(site, browser):
    """Issue 24.4: the answers kept last time, confirmed in one choice; axe and 320 px on the
    page, nothing chosen for the caregiver, then straight to what is new this time."""
    from respite.models import SavedAnswers
    from tests.browser.checks import PageChecks
    from tests.browser.test_consultant_flow import browser_as
    from tests.factories import CaregiverFactory

    caregiver = CaregiverFactory(email="dochter@example.org")
    SavedAnswers.objects.create(
        caregiver=caregiver,
        relationship="ouder",
        answers={
            "relationship": ["ouder"],
            "age_group": ["oudere"],
            "situation": ["dementie"],
            "where": ["9411"],
            "contact_method": ["email"],
        },
    )
    checks = PageChecks(both_widths=True)
    context = browser_as(browser, site, caregiver)
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + "/aanvragen/")
    assert page.get_by_role("heading", name="Klopt dit nog?").is_visible()
    assert "Midden-Drenthe" in page.content()
    assert page.locator("input[type=radio]:checked").count() == 0
    checks.check(page, "klopt dit nog")
    page.get_by_label("Ja, dit klopt nog").check()
    page.get_by_role("button", name="Verder").click()
    assert "/stap/hulp/" in page.url
    assert page.get_by_text("Uw antwoorden van de vorige keer staan klaar").is_visible()
    checks.assert_clean()
    context.close()
