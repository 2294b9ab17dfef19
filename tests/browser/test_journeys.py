"""The seven journeys of ../shared/JOURNEYS.md, on the demo catalogue exactly as `make run`
loads it (the `site` fixture runs load_reference_data and load_demo_catalogue; nothing is
built with factories) and with the demo staff accounts of `make demo-accounts`. Staff sign
in through the login page with their password and the authenticator's code. Caregivers use
a phone (320 px); their pages are checked at 320 and 1280 px.
"""

from datetime import date, timedelta

from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from directory.models import NightCapacity, Offer
from directory.nights import free_nights
from portal.demo import DOMAIN, current_code, load_demo_accounts
from respite.models import Referral, RespiteRequest
from tests.browser.checks import PageChecks, follow
from tests.browser.request_steps import answer_steps
from tests.browser.test_caregiver_flow import last_code
from tests.browser.totp import wait_for_a_fresh_period

PASSWORD = "demo-wachtwoord-journeys"
PHONE = {"width": 320, "height": 800}
ANNA = f"consulent.middendrenthe@{DOMAIN}"
JEROEN = f"consulent.assen@{DOMAIN}"
PETRA = f"aanbieder.linde@{DOMAIN}"


def staff_signs_in(browser, site: str, email: str) -> object:
    """A member of staff signs in as they would: password, then the app's code."""
    page = browser.new_context().new_page()
    page.goto(site + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/authenticate/**")
    wait_for_a_fresh_period(email)
    page.fill("input[name=code]", current_code(email))
    follow(page.locator("form button[type=submit]").first)
    return page


def caregiver_phone(browser):
    return browser.new_context(viewport=PHONE, locale="nl-NL").new_page()


def find_by_postcode(page, site: str, postcode: str) -> None:
    page.goto(site + "/")
    page.fill("#id_q", postcode)
    follow(page.get_by_role("button", name="Toon hulp"))


def sign_up(page, email: str) -> None:
    follow(page.get_by_role("link", name="Ik heb nog geen account"))
    page.fill("#id_email", email)
    page.click("text=Stuur mij een code")
    page.wait_for_url("**/confirm-email/**")
    page.fill("input[name=code]", last_code(email))
    follow(page.locator("form button[type=submit]").first)


def first_weekend_after(day: date) -> date:
    """The first Friday on or after the day."""
    return day + timedelta(days=(4 - day.weekday()) % 7)


def test_journey_1_weekend_logeerzorg_for_a_mother_with_dementia_in_beilen(site, browser):
    load_demo_accounts(PASSWORD)
    checks = PageChecks(both_widths=True)
    staff_checks = PageChecks()
    linde = Offer.objects.get(name="Logeerhuis De Linde")
    boshuis = Offer.objects.get(name="Logeerboerderij 't Boshuis")
    # The first weekend the house can be asked for (six weeks' notice): a settling-in night
    # on its Friday, then the next weekend, Friday and Saturday night.
    settling = first_weekend_after(timezone.localdate() + timedelta(days=linde.notice_days))
    stay_start, stay_end = settling + timedelta(7), settling + timedelta(9)

    # A daughter looks up 9411 (Beilen) on her phone and finds two logeerhuizen there.
    page = caregiver_phone(browser)
    find_by_postcode(page, site, "9411")
    assert page.url.endswith("/gemeenten/midden-drenthe/")
    checks.check(page, "1 municipality")
    logeer = page.locator("#soort-logeerzorg + ul .card-title a").all_inner_texts()
    assert {"Logeerhuis De Linde", "Logeerboerderij 't Boshuis"} <= set(logeer)
    follow(page.locator(".card-title a", has_text="Logeerhuis De Linde"))
    checks.check(page, "1 offer")
    assert "Midden-Drenthe" in page.content()  # it serves her mother's municipality

    # She signs up with a code and asks, from the offer's page.
    follow(page.get_by_role("link", name="Aanvragen bij de gemeente"))
    sign_up(page, "dochter@example.org")
    answer_steps(
        page,
        {
            "relationship": "ouder",
            "age_group": "oudere",
            "situation": "dementie",
            "where": "9411",
            "kinds": ["logeerzorg"],
            "urgency": "gepland",
            "start_date": stay_start.isoformat(),
            "end_date": stay_end.isoformat(),
            "away_from_home": True,
            "weekend": True,
            "settling_in": True,
            "notes": "Mijn moeder is 82. Liefst een huiselijk huis, eerst een nacht wennen.",
            "contact_method": "email",
        },
        checks,
        "1 step",
    )
    page.wait_for_url("**/controleren/")
    checks.check(page, "1 check answers")
    follow(page.get_by_role("button", name="Aanvraag versturen"))
    req = RespiteRequest.objects.get(caregiver__email="dochter@example.org")
    assert req.municipality.name == "Midden-Drenthe" and req.offer == linde

    # The consultant of Midden-Drenthe lands on the work queue and sees both houses matching.
    anna = staff_signs_in(browser, site, ANNA)
    assert anna.url == site + "/beheer/werkbak/"
    staff_checks.check(anna, "1 work queue")
    follow(anna.get_by_role("link", name=req.reference))
    matches = anna.locator('h2:has-text("Aanbod voor deze aanvraag") + ol li').all_inner_texts()
    assert any("Logeerhuis De Linde" in m for m in matches), matches
    assert any("Logeerboerderij 't Boshuis" in m for m in matches), matches
    follow(anna.get_by_role("button", name="Ik pak deze op"))
    follow(anna.get_by_role("link", name="Doorverwijzen naar een aanbieder"))
    staff_checks.check(anna, "1 refer")
    anna.check(f"input[name=verwijs-offers][value='{linde.pk}']")
    anna.check(f"input[name=verwijs-offers][value='{boshuis.pk}']")
    anna.fill("#id_verwijs-first_name", "Aaltje")
    anna.fill("#id_verwijs-settling_in_night", settling.isoformat())
    anna.fill("#id_verwijs-start_date", stay_start.isoformat())
    anna.fill("#id_verwijs-end_date", stay_end.isoformat())
    follow(anna.get_by_role("button", name="Aanmelden"))
    assert anna.content().count("Verstuurd, wacht op antwoord") == 2, anna.content()
    staff_checks.check(anna, "1 referred")

    # The provider's planner lands on the referrals; 't Boshuis declines with a reason.
    petra = staff_signs_in(browser, site, PETRA)
    assert petra.url == site + "/aanbieder/aanmeldingen/"
    staff_checks.check(petra, "1 provider referrals")
    follow(petra.locator("tr", has_text="Logeerboerderij 't Boshuis").get_by_role("link"))
    staff_checks.check(petra, "1 provider referral")
    petra.check("input[name=nee-reason][value=geen_plek]")
    follow(petra.get_by_role("button", name="Afwijzen"))
    assert "Uw antwoord is opgeslagen" in petra.content()
    # De Linde accepts with the dates the consultant proposed (filled in).
    follow(petra.get_by_role("link", name="Terug naar de aanmeldingen"))
    follow(petra.locator("tr", has_text="Logeerhuis De Linde").get_by_role("link"))
    follow(petra.get_by_role("button", name="Accepteren"))
    assert "Uw antwoord is opgeslagen" in petra.content()
    statuses = dict(Referral.objects.values_list("offer__name", "status"))
    assert statuses == {
        "Logeerhuis De Linde": "geaccepteerd",
        "Logeerboerderij 't Boshuis": "afgewezen",
    }

    # The daughter's page names the house, its address, the dates, the settling-in night and
    # two numbers: the house and her fixed contact.
    page.goto(site + req.get_absolute_url())
    checks.check(page, "1 placed")
    houses = page.locator("section[aria-labelledby=plaatsen-titel]")
    text = houses.inner_text()
    assert "Logeerhuis De Linde heeft plek voor uw naaste" in text
    assert "Lindelaan 8, 9404 AB Assen" in text
    assert date_format(stay_start, "l j F Y") in text and date_format(stay_end, "l j F Y") in text
    assert f"Eén nacht logeren, {date_format(settling, 'l j F Y')}: gepland" in text
    assert "Logeerboerderij 't Boshuis kan uw naaste niet opnemen" in text
    assert houses.get_by_role("link", name="0592 700 190").get_attribute("href") == (
        "tel:+31592700190"
    )
    assert houses.get_by_role("link", name="0593 700 301").get_attribute("href") == (
        "tel:+31593700301"
    )
    # The yearly counter shows the year the nights fall in.
    years = {}
    for night in (settling, stay_start, stay_start + timedelta(1)):
        years[night.year] = years.get(night.year, 0) + 1
    for year, n in years.items():
        assert f"Logeernachten in {year}: {n} " in text
    # The mail says the same (and nothing about her mother's health).
    placed = [m for m in mail.outbox if m.to == ["dochter@example.org"]][-1]
    assert placed.subject.startswith("Er is plek voor uw naaste")
    for part in (
        "Waar: Logeerhuis De Linde, Lindelaan 8, 9404 AB Assen.",
        f"Eerste nacht: {date_format(stay_start, 'l j F Y')}.",
        f"Eerst wennen: Eén nacht logeren op {date_format(settling, 'l j F Y')}.",
        "0592 700 190",
        "0593 700 301",
    ):
        assert part in placed.body, part
    assert "dementie" not in placed.body.lower() and "82" not in placed.body

    # The accepted nights are gone from the house's public availability.
    public = caregiver_phone(browser)
    public.goto(site + linde.get_absolute_url())
    free = dict(
        text.split(": ", 1)
        for text in public.locator(".availability .inline-list li").all_inner_texts()
    )
    for night in (settling, stay_start, stay_start + timedelta(1)):
        row = NightCapacity.objects.get(offer=linde, night=night)
        shown = free.get(date_format(night, "D j b"))
        # A night with no place left is gone; one with places left shows one place fewer.
        assert shown == (
            None if row.free == 0 else f"{row.free} plek" + ("ken" if row.free > 1 else "")
        )
    assert NightCapacity.objects.get(offer=linde, night=settling).reserved == 1

    # A staged settling-in (issue 25.2): the house plans a kijkmiddag this week, then the
    # settling-in night; after the kijkmiddag it says it went well. The daughter sees it all.
    kijkmiddag = timezone.localdate()
    petra.goto(site + f"/aanbieder/aanmeldingen/{Referral.objects.get(offer=linde).pk}/")
    petra.check("input[name=wen-kind][value=kijkmiddag]")
    petra.fill("#id_wen-day", kijkmiddag.isoformat())
    follow(petra.get_by_role("button", name="Stap toevoegen"))
    petra.check("input[name=wen-kind][value=nacht]")
    petra.fill("#id_wen-day", settling.isoformat())
    follow(petra.get_by_role("button", name="Stap toevoegen"))
    staff_checks.check(petra, "1 settling path")
    assert "Kijkmiddag: samen komen kijken" in petra.locator("ol.settling").inner_text()
    follow(petra.locator("button[value=ging_goed]").first)
    page.goto(site + req.get_absolute_url())
    path = page.locator("ol.settling").inner_text()
    assert "Kijkmiddag: samen komen kijken, " + date_format(kijkmiddag, "l j F Y") in path
    assert "ging goed" in path
    assert "Eén nacht logeren, " + date_format(settling, "l j F Y") + ": gepland" in path
    checks.check(page, "1 settling path")
    assert [m for m in mail.outbox if m.subject == "Eerst wennen bij Logeerhuis De Linde"]
    checks.assert_clean()
    staff_checks.assert_clean()


def test_journey_2_blokzorg_at_home_in_the_evening_in_assen(site, browser):
    load_demo_accounts(PASSWORD)
    checks = PageChecks(both_widths=True)
    page = caregiver_phone(browser)
    find_by_postcode(page, site, "9401 AB")
    assert page.url.endswith("/gemeenten/assen/")
    # Filters for "thuis" and "avond" show offers, blokzorg among them.
    page.locator("summary", has_text="Filteren").click()
    page.locator("summary", has_text="Waar").click()
    page.check("input[name=waar][value=thuis]")
    page.locator("summary", has_text="Wanneer").click()
    page.check("input[name=wanneer][value=avond]")
    follow(page.get_by_role("button", name="Toon resultaten"))
    checks.check(page, "2 filtered")
    names = page.locator(".card-title a").all_inner_texts()
    assert "Blokzorg thuis: 3 uur even vrij" in names
    assert all("Logeer" not in name for name in names)  # not at home
    follow(page.locator(".card-title a", has_text="Blokzorg thuis: 3 uur even vrij"))
    checks.check(page, "2 offer")
    # The cost in words: an own contribution through the CAK, with the word explained.
    costs = page.locator("h2", has_text="Wat kost het?").locator("xpath=following-sibling::p[1]")
    assert "Eigen bijdrage via het CAK" in costs.inner_text()
    words = page.locator("#woord-cak").inner_text()
    assert "vast bedrag per maand" in words
    follow(page.get_by_role("link", name="Aanvragen bij de gemeente"))
    sign_up(page, "partner@example.org")
    answer_steps(
        page,
        {
            "relationship": "partner",
            "age_group": "volwassene",
            "situation": "nah",
            "where": "9401 AB",
            "kinds": ["respijtzorg_thuis"],
            "urgency": "gepland",
            "at_home": True,
            "evening": True,
            "weekdays": ["di"],
            "duration": "3_tot_4_uur",
            "notes": "Zodat ik naar mijn koor kan.",
            "contact_method": "email",
        },
        checks,
        "2 step",
    )
    follow(page.get_by_role("button", name="Aanvraag versturen"))
    req = RespiteRequest.objects.get(caregiver__email="partner@example.org")
    assert req.municipality.name == "Assen"
    assert req.weekdays == ["di"] and req.duration == "3_tot_4_uur"
    # It reaches the Assen work queue, with blokzorg as the best match, and the consultant
    # reads when: Tuesday evenings, 3 to 4 hours each time.
    jeroen = staff_signs_in(browser, site, JEROEN)
    assert req.reference in jeroen.content()
    follow(jeroen.get_by_role("link", name=req.reference))
    assert "Blokzorg thuis: 3 uur even vrij" in jeroen.content()
    assert "'s avonds, dinsdag, 3 tot 4 uur per keer" in jeroen.locator(".answers").inner_text()
    checks.check(jeroen, "2 consultant", both_widths=False)
    checks.assert_clean()


def test_journey_3_dagbesteding_with_transport_from_smilde(demo_site, browser):
    checks = PageChecks(both_widths=True)
    page = caregiver_phone(browser)
    find_by_postcode(page, demo_site, "9422")
    assert page.url.endswith("/gemeenten/midden-drenthe/")
    follow(page.locator(".card-title a", has_text="Dagbesteding De Wiekslag"))
    checks.check(page, "3 offer")
    content = page.locator("article").inner_text()
    assert "Parkinson" in content  # it is for his father
    assert "haalt uw naaste thuis op" in content and "Smilde" in content  # transport
    assert "€ 21,00" in content and "met het vervoer erbij" in content  # the cost, with it
    assert "dinsdag, woensdag en vrijdag" in content  # two days a week fit
    checks.assert_clean()


def test_journey_4_a_young_carer_in_assen_finds_the_club_and_does_the_self_check(
    demo_site, browser
):
    checks = PageChecks(both_widths=True)
    page = caregiver_phone(browser)
    find_by_postcode(page, demo_site, "Assen")
    follow(page.locator(".card-title a", has_text="Jonge mantelzorgers: JMZ-club"))
    checks.check(page, "4 young carers")
    assert "Jonge mantelzorgers" in page.content()
    page.go_back()
    # The self-check from the municipality page, without an account or an e-mail address.
    follow(page.get_by_role("link", name="Hoe zwaar is het zorgen voor u? Doe de zelftest"))
    assert page.locator("input[type=email]").count() == 0
    checks.check(page, "4 self-check")
    for n in range(1, 16):
        page.check(f"input[name=u{n}][value='{1 if n in (2, 3, 6, 9, 12) else 0}']")
    page.fill("input[name=where]", "Assen")
    follow(page.locator("form button[type=submit]").last)
    checks.check(page, "4 result")
    assert "Uw uitslag" in page.content() and "5 van de 15" in page.content()
    assert page.locator("input[type=email]").count() == 0
    # The result asks her age apart and points her to the club (a walk saw adults' help only).
    young = page.locator("section[aria-labelledby=jonge-mantelzorgers]")
    assert "Ben je jonger dan 25" in young.inner_text()
    assert young.get_by_role("link", name="Jonge mantelzorgers: JMZ-club").count() == 1
    checks.assert_clean()


def test_journey_5_crisis_on_a_saturday_night_in_westerbork(demo_site, browser):
    checks = PageChecks(both_widths=True)
    page = caregiver_phone(browser)
    find_by_postcode(page, demo_site, "9431")
    assert page.url.endswith("/gemeenten/midden-drenthe/")
    urgent = page.locator("section[aria-labelledby=spoed-titel]")
    assert "Crisisbed voor een nacht" in urgent.inner_text()
    assert urgent.get_by_role("link", name="0592 700 199").get_attribute("href") == (
        "tel:+31592700199"
    )
    checks.check(page, "5 municipality")
    follow(urgent.get_by_role("link", name="Crisisbed voor een nacht"))
    checks.check(page, "5 crisis bed")
    content = page.locator("article").inner_text()
    assert "dag en nacht bereikbaar" in content and "weekend" in content
    assert page.get_by_role("link", name="0592 700 199").first.get_attribute("href") == (
        "tel:+31592700199"
    )
    # How to get it at night, and whom to call when the loket is closed (issue 25.4).
    night = page.locator(".night-help").inner_text()
    assert "'s Nachts of in het weekend" in night and "Bel Spoedlijn zorg Drenthe" in night
    assert page.locator(".night-help").get_by_role("link", name="0592 700 900").get_attribute(
        "href"
    ) == ("tel:+31592700900")
    checks.assert_clean()


def test_journey_6_an_older_couple_in_hooghalen_stays_together(site, browser):
    load_demo_accounts(PASSWORD)
    checks = PageChecks(both_widths=True)
    page = caregiver_phone(browser)
    find_by_postcode(page, site, "9414")
    page.fill("#id_q", "samen logeren")
    follow(page.get_by_role("button", name="Toon resultaten"))
    assert "Logeerhuis De Linde" in page.locator(".card-title a").all_inner_texts()
    follow(page.locator(".card-title a", has_text="Logeerhuis De Linde"))
    assert (
        "U kunt samen met uw naaste logeren: een koppelbed, of de partner logeert mee."
        in page.content()
    )
    follow(page.get_by_role("link", name="Aanvragen bij de gemeente"))
    sign_up(page, "echtgenote@example.org")
    answer_steps(
        page,
        {
            "relationship": "partner",
            "age_group": "oudere",
            "situation": "dementie",
            "where": "9414",
            "kinds": ["logeerzorg"],
            "urgency": "gepland",
            "away_from_home": True,
            "stay_together": True,
            "contact_method": "email",
        },
        checks,
        "6 step",
    )
    follow(page.get_by_role("button", name="Aanvraag versturen"))
    req = RespiteRequest.objects.get(caregiver__email="echtgenote@example.org")
    anna = staff_signs_in(browser, site, ANNA)
    follow(anna.get_by_role("link", name=req.reference))
    follow(anna.get_by_role("button", name="Ik pak deze op"))
    follow(anna.get_by_role("link", name="Doorverwijzen naar een aanbieder"))
    # Matched: the house where a couple can stay together is offered first.
    first = anna.locator("input[name=verwijs-offers]").first
    assert first.get_attribute("value") == str(Offer.objects.get(name="Logeerhuis De Linde").pk)
    first.check()
    anna.fill("#id_verwijs-first_name", "Hendrik")
    follow(anna.get_by_role("button", name="Aanmelden"))
    assert Referral.objects.get(respite_request=req).offer.name == "Logeerhuis De Linde"
    page.goto(site + req.get_absolute_url())
    assert "Aangemeld bij Logeerhuis De Linde" in page.content()
    checks.check(page, "6 referred")
    # The house says yes for its first free night, and that the partner stays too; the
    # couple reads it on their page (a walk: 'heeft plek voor uw naaste' said nothing of it).
    house = Offer.objects.get(name="Logeerhuis De Linde")
    night = free_nights(house, timezone.localdate())[0].night
    petra = staff_signs_in(browser, site, PETRA)
    follow(petra.locator("tr", has_text="Hendrik").get_by_role("link"))
    petra.fill("#id_ja-start_date", night.isoformat())
    petra.fill("#id_ja-end_date", (night + timedelta(1)).isoformat())
    petra.check("input[name=ja-together][value=ja]")
    follow(petra.get_by_role("button", name="Accepteren"))
    assert "Uw antwoord is opgeslagen" in petra.content()
    page.goto(site + req.get_absolute_url())
    assert "Ja, de partner logeert mee." in page.content()
    checks.check(page, "6 placed together")
    checks.assert_clean()


def test_journey_7_staff_land_where_they_work_and_a_caregiver_where_they_were(site, browser):
    load_demo_accounts(PASSWORD)
    checks = PageChecks()
    landings = {
        ANNA: "/beheer/werkbak/",
        PETRA: "/aanbieder/aanmeldingen/",
        f"beleid.middendrenthe@{DOMAIN}": "/inzicht/midden-drenthe/vraag-en-aanbod/",
        f"redacteur@{DOMAIN}": "/beheer/",
        f"beheer@{DOMAIN}": "/beheer/",
        f"casemanager@{DOMAIN}": "/verwijzer/",
    }
    for email, landing in landings.items():
        page = staff_signs_in(browser, site, email)
        assert page.url == site + landing, email
        checks.check(page, f"7 {email}")
        page.context.close()
    # A caregiver who signs in from an offer's page comes back to it.
    page = caregiver_phone(browser)
    offer = Offer.objects.get(name="Odensehuis Assen: inloop bij dementie")
    page.goto(site + offer.get_absolute_url())
    follow(page.get_by_role("link", name="Inloggen"))
    follow(page.get_by_role("link", name="Nog geen account? Maak er een met alleen uw e-mailadres"))
    page.fill("#id_email", "buurvrouw@example.org")
    page.click("text=Stuur mij een code")
    page.wait_for_url("**/confirm-email/**")
    page.fill("input[name=code]", last_code("buurvrouw@example.org"))
    follow(page.locator("form button[type=submit]").first)
    assert page.url == site + offer.get_absolute_url()
    checks.assert_clean()
