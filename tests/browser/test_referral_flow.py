"""Issue 9's acceptance test: from a request in Beilen to a placed caregiver, in a browser."""

from datetime import timedelta

from django.utils.formats import date_format

from directory.models import NightCapacity
from directory.services import availability_update
from respite.models import Referral, RespiteRequest
from respite.services.referrals import nights_used
from tests.browser.checks import PageChecks, follow
from tests.browser.request_steps import answer_steps
from tests.browser.test_caregiver_flow import last_code
from tests.browser.test_consultant_flow import browser_as
from tests.conftest import make_staff
from tests.providers.test_referrals import logeerhuis, next_saturday


def test_referral_loop_from_request_to_placement(site, browser):
    checks = PageChecks()
    from directory.models import Municipality

    md = Municipality.objects.get(code="GM1731")
    anna = make_staff("anna@middendrenthe.example", ("GM1731", "consulent"))
    boshuis, boshuis_staff = logeerhuis("Logeerboerderij Oosterveld", md, "plan@oosterveld.example")
    beilen, beilen_staff = logeerhuis("Logeerhuis Beilen-Noord", md, "plan@beilen.example")
    availability_update(offer=beilen, user=beilen_staff, data={"state": "plek_vrij"})
    saturday = next_saturday()
    friday, next_sat = saturday - timedelta(1), saturday + timedelta(7)

    # 1. A caregiver in Beilen asks for weekend logeerzorg.
    caregiver_context = browser.new_context()
    page = caregiver_context.new_page()
    page.goto(site + "/account/signup/")
    page.fill("#id_email", "dochter@example.org")
    page.click("text=Stuur mij een code")
    page.wait_for_url("**/confirm-email/**")
    page.fill("input[name=code]", last_code("dochter@example.org"))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(site + "/aanvragen/")
    answer_steps(
        page,
        {
            "relationship": "ouder",
            "age_group": "oudere",
            "situation": "dementie",
            "where": "Beilen",
            "kinds": ["logeerzorg"],
            "urgency": "gepland",
            "weekend": True,
            "contact_method": "email",
        },
    )
    page.wait_for_url("**/controleren/")
    page.click("text=Aanvraag versturen")
    req = RespiteRequest.objects.get(caregiver__email="dochter@example.org")
    assert req.municipality == md

    # 2. The Midden-Drenthe consultant picks it up and refers to both logeerhuizen,
    #    with a settling-in night first.
    anna_page = browser_as(browser, site, anna).new_page()
    anna_page.goto(site + f"/beheer/werkbak/{req.reference}/")
    anna_page.click("text=Ik pak deze op")
    anna_page.click("text=Doorverwijzen naar een aanbieder")
    checks.check(anna_page, "refer-form")
    anna_page.check(f"input[name=verwijs-offers][value='{boshuis.pk}']")
    anna_page.check(f"input[name=verwijs-offers][value='{beilen.pk}']")
    anna_page.fill("#id_verwijs-first_name", "Aaltje")
    anna_page.fill("#id_verwijs-settling_in_night", friday.isoformat())
    anna_page.fill("#id_verwijs-start_date", next_sat.isoformat())
    anna_page.fill("#id_verwijs-end_date", (next_sat + timedelta(2)).isoformat())
    anna_page.click("button:has-text('Aanmelden')")
    anna_page.wait_for_url(f"**/beheer/werkbak/{req.reference}/")
    checks.check(anna_page, "werkbak-request-referred")
    assert anna_page.content().count("Verstuurd, wacht op antwoord") == 2

    # 3. One provider declines with a reason.
    bos_page = browser_as(browser, site, boshuis_staff).new_page()
    bos_page.goto(site + "/aanbieder/")
    checks.check(bos_page, "provider-home")
    bos_page.click("text=Aanmeldingen (1 wacht op antwoord)")
    checks.check(bos_page, "provider-inbox")
    follow(bos_page.locator("text=Aaltje"))
    checks.check(bos_page, "provider-referral")
    bos_page.check("input[name=nee-reason][value=zorg_te_zwaar]")
    bos_page.click("button:has-text('Afwijzen')")
    assert "Uw antwoord is opgeslagen" in bos_page.content()

    # 4. The other accepts with the proposed dates (already filled in).
    beilen_page = browser_as(browser, site, beilen_staff).new_page()
    beilen_page.goto(site + "/aanbieder/aanmeldingen/")
    beilen_page.click("text=Aaltje")
    beilen_page.click("button:has-text('Accepteren')")
    assert "Uw antwoord is opgeslagen" in beilen_page.content()
    statuses = dict(Referral.objects.values_list("offer__name", "status"))
    assert statuses == {
        "Logeerboerderij Oosterveld": "afgewezen",
        "Logeerhuis Beilen-Noord": "geaccepteerd",
    }

    # 5. The nights drop from the public availability: only the Saturday is left.
    public = browser.new_context().new_page()
    public.goto(site + beilen.get_absolute_url())
    checks.check(public, "offer-with-availability")
    nights = public.locator(".availability .inline-list li").all_inner_texts()
    assert nights == [date_format(saturday, "D j b") + ": 1 plek"]
    assert NightCapacity.objects.get(offer=beilen, night=friday).free == 0

    # 6. The caregiver sees the place, the dates and whom to call; the contact stays Anna.
    page.goto(site + req.get_absolute_url())
    checks.check(page, "caregiver-request-placed")
    content = page.content()
    assert "Logeerhuis Beilen-Noord heeft plek voor uw naaste" in content
    assert date_format(next_sat, "l j F") in content
    assert page.get_by_role("link", name="0593 555 123").get_attribute("href") == "tel:+31593555123"
    assert "Uw vaste contactpersoon in Midden-Drenthe" in content and "Anna" in content

    # 7. A provider of another organisation sees none of it.
    other_staff = logeerhuis("Logeerhuis Elders", md, "plan@elders.example")[1]
    other_page = browser_as(browser, site, other_staff).new_page()
    other_page.goto(site + "/aanbieder/aanmeldingen/")
    assert "Aaltje" not in other_page.content()
    beilen_referral = Referral.objects.get(offer=beilen)
    response = other_page.goto(site + f"/aanbieder/aanmeldingen/{beilen_referral.pk}/")
    assert response.status == 404

    # 8. The yearly logeerdagen counter moved: settling-in night plus two nights.
    years = {friday.year, next_sat.year}
    assert sum(nights_used(req, year) for year in years) == 3
    anna_page.goto(site + f"/beheer/werkbak/{req.reference}/")
    if len(years) == 1:
        assert f"Logeernachten in {friday.year} voor deze naaste: 3." in anna_page.content()
    checks.assert_clean()
