from datetime import timedelta

import pytest
from django.utils import timezone

from directory.choices import Kind, OfferStatus
from directory.models import OpeningException
from tests.directory.factories import LocationFactory, OfferFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db


def test_offer_page_shows_what_a_caregiver_needs(client, assen, midden_drenthe):
    offer = OfferFactory(
        name="Logeerhuis De Linde",
        kind=Kind.LOGEERZORG,
        summary="Even op adem komen.",
        description="Eerste alinea.\n\nMeer op https://linde.example.org/info",
        groups=["dementie"],
        routes=["wmo", "pgb"],
        night=True,
        weekend=True,
        away_from_home=True,
        crisis=True,
        settling_in=True,
        stay_together=True,
        cost_amount="21.00",
        cost_explanation="Eigen bijdrage via het CAK.",
        notice_days=42,
        phone="0592 700 123",
        email="linde@example.org",
        website="https://linde.example.org/",
    )
    offer.extra_municipalities.add(midden_drenthe)
    location = LocationFactory(name="Logeerhuis", accessibility="Gelijkvloers")
    OpeningHoursFactory(location=location, weekday=2, opens="10:00", closes="16:00")
    today = timezone.localdate()
    wednesday = today + timedelta(days=(2 - today.weekday()) % 7 or 7)
    OpeningException.objects.create(location=location, date=wednesday, reason="Feestdag")
    # Closed on a day it is closed anyway: not news, not listed.
    OpeningException.objects.create(
        location=location, date=wednesday + timedelta(days=1), reason="Dag na de feestdag"
    )
    offer.locations.add(location)

    response = client.get(offer.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 200
    for text in [
        "Logeerhuis De Linde",
        "Even op adem komen.",
        "<p>Eerste alinea.</p>",
        '<a href="https://linde.example.org/info" rel="nofollow">',
        'Dementie en <a class="term" href="#woord-psychogeriatrie">psychogeriatrie</a>',
        "Via de gemeente: u vraagt het aan bij de gemeente.",
        'Met een <a class="term" href="#woord-pgb">pgb</a>:',
        "Aanvragen bij de gemeente",
        "minstens 6 weken van tevoren",
        "€ 21,00",
        '<a class="term" href="#woord-cak">Eigen bijdrage</a> via het CAK.',
        'href="tel:+31592700123"',
        'href="mailto:linde@example.org"',
        "Uw naaste kan eerst komen wennen.",
        "U kunt samen met uw naaste logeren: een koppelbed, of de partner logeert mee.",
        "Gepland, en ook bij spoed",
        "Woensdag",
        "10:00–16:00 uur",
        "Gelijkvloers",
        "Feestdag",
        "Midden-Drenthe",
        "Laatst gecontroleerd op",
        "Hoe kom ik eraan?",
    ]:
        assert text in content, text
    assert "Dag na de feestdag" not in content
    assert "meer dan een jaar geleden" not in content
    assert "dagen van tevoren" not in content  # the notice period once, in weeks
    assert "Soort hulp:" not in content  # the kind once: above the name
    # The words used on the page are explained on the page.
    assert 'id="woord-wmo-beschikking"' in content and 'id="woord-pgb"' in content
    assert 'id="woord-wlz"' not in content


@pytest.mark.parametrize(
    "routes, says, does_not_say",
    [
        (["vrij"], "niet bij de gemeente", "Aanvragen bij de gemeente"),
        (["wmo"], "Aanvragen bij de gemeente", "zonder aanvraag aan bij"),
        (["vrij", "wmo"], "Of meld u zonder aanvraag aan bij", "niet bij de gemeente"),
        (["zvw"], "vraag het aan uw huisarts", "Aanvragen bij de gemeente"),
        (["wlz"], "Dan regelt het zorgkantoor dit", "Aanvragen bij de gemeente"),
        (["verwijzing"], "vraag uw huisarts om een verwijzing", "Aanvragen bij de gemeente"),
    ],
)
def test_applying_says_to_whom_per_access_route(client, assen, routes, says, does_not_say):
    offer = OfferFactory(routes=routes)
    content = client.get(offer.get_absolute_url()).content.decode()
    assert says in content and does_not_say not in content


def test_contact_and_applying_come_before_the_description(client, assen):
    """At 320 px the page is one column: the phone and the way to apply must be at the top."""
    offer = OfferFactory(routes=["wmo"], phone="0592 700 123", description="Lange uitleg.")
    content = client.get(offer.get_absolute_url()).content.decode()
    assert content.index('href="tel:+31592700123"') < content.index("Lange uitleg.")
    assert content.index("Aanvragen bij de gemeente") < content.index("Lange uitleg.")


@pytest.mark.parametrize(
    "days, shown",
    [(1, "1 dag"), (10, "10 dagen"), (14, "2 weken"), (56, "8 weken"), (90, "3 maanden")],
)
def test_notice_period_in_the_unit_people_plan_in(client, assen, days, shown):
    offer = OfferFactory(notice_days=days)
    assert f"minstens {shown} van tevoren" in client.get(offer.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "weeks, shown", [(0, "Geen wachttijd"), (1, "Ongeveer 1 week"), (6, "Ongeveer 6 weken")]
)
def test_waiting_time_is_shown(client, assen, weeks, shown):
    offer = OfferFactory(waiting_weeks=weeks)
    assert shown in client.get(offer.get_absolute_url()).content.decode()


def test_glossary_page_explains_every_word(client):
    from directory.glossary import TERMS

    content = client.get("/begrippen/").content.decode()
    for term in TERMS:
        assert f'id="woord-{term.slug}"' in content
    assert "Wet langdurige zorg" in content


def test_glossary_links_escape_what_editors_type():
    from directory.glossary import link_terms

    html = link_terms('<script>alert("Wmo")</script> pgb en nog eens pgb')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count('href="#woord-pgb"') == 1  # the first time only
    assert '<a class="term" href="#woord-wmo">Wmo</a>' in html


def test_offer_not_verified_for_over_a_year_says_so(client, assen):
    offer = OfferFactory(verified_on=timezone.localdate() - timedelta(days=400))
    content = client.get(offer.get_absolute_url()).content.decode()
    assert "meer dan een jaar geleden" in content


def test_national_offer_says_whole_country(client):
    offer = OfferFactory(municipality=None, nationwide=True)
    assert "heel Nederland" in client.get(offer.get_absolute_url()).content.decode()


def test_demo_offer_is_labelled(client, assen):
    offer = OfferFactory(is_demo=True)
    assert "Dit is voorbeelddata (demo)" in client.get(offer.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", [OfferStatus.DRAFT, OfferStatus.ARCHIVED])
def test_unpublished_offer_is_404(client, assen, status):
    offer = OfferFactory(status=status)
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_wrong_or_missing_slug_redirects_to_the_real_address(client, assen):
    offer = OfferFactory(name="Dagopvang De Schakel")
    for url in [f"/aanbod/{offer.pk}/", f"/aanbod/{offer.pk}/oude-naam/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == f"/aanbod/{offer.pk}/dagopvang-de-schakel/"


@pytest.mark.parametrize("url", ["/aanbod/999999/", "/aanbod/" + "9" * 40 + "/", "/aanbod/abc/"])
def test_unknown_offer_is_404(client, url):
    assert client.get(url).status_code == 404


def test_text_typed_by_editors_is_escaped(client, assen):
    offer = OfferFactory(
        name="<script>alert(1)</script>", description="<img src=x onerror=alert(1)>"
    )
    content = client.get(offer.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;" in content


@pytest.mark.parametrize("count", [1, 10])
def test_offer_page_query_budget(client, assen, django_assert_max_num_queries, count):
    offer = OfferFactory(groups=["dementie", "ouderen"], routes=["wmo", "pgb"])
    for _ in range(count):
        location = LocationFactory()
        OpeningHoursFactory(location=location)
        offer.locations.add(location)
    # 8 to render the content, plus 1 since issue 13: the catalogue version that keys it.
    with django_assert_max_num_queries(9):
        response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    # The next visitor (signed in, or with the page cache off) gets the rendered content.
    with django_assert_max_num_queries(2):
        again = client.get(offer.get_absolute_url())
    assert again.content == response.content


@pytest.mark.parametrize(
    "only, minimum, maximum, says",
    [
        (
            True,
            None,
            17,
            ["Alleen voor deze groepen.", "Leeftijd van uw naaste: tot en met 17 jaar."],
        ),
        (False, 65, None, ["Vooral voor deze groepen.", "Leeftijd van uw naaste: vanaf 65 jaar."]),
        (False, 18, 64, ["Leeftijd van uw naaste: van 18 tot en met 64 jaar."]),
    ],
)
def test_offer_page_says_whether_the_groups_are_only_or_also_and_the_ages(
    client, assen, only, minimum, maximum, says
):
    offer = OfferFactory(
        groups=["dementie"], target_groups_only=only, minimum_age=minimum, maximum_age=maximum
    )
    content = client.get(offer.get_absolute_url()).content.decode()
    for text in says:
        assert text in content


@pytest.mark.parametrize(
    "free, amount, explanation, shown",
    [
        (True, None, "Gratis. U betaalt alleen uw belkosten.", "<p> Gratis. U betaalt alleen"),
        (True, None, "De gemeente betaalt.", "<p>Gratis. De gemeente betaalt."),
        (False, "21.00", "Per dag.", "<p>€ 21,00. Per dag."),
    ],
)
def test_the_cost_is_said_once(client, assen, free, amount, explanation, shown):
    offer = OfferFactory(is_free=free, cost_amount=amount, cost_explanation=explanation)
    content = client.get(offer.get_absolute_url()).content.decode()
    assert shown in content
    assert "Gratis. Gratis" not in content


def test_a_loket_offer_has_no_places_and_a_crisis_bed_says_call_first(client, demo_catalogue):
    """A walk of journey 5: the Wmo-loket's page said 'Of er nu plek is, weten we niet' and
    'U meldt zich aan bij Gemeente Midden-Drenthe, niet bij de gemeente'; the crisis bed's
    put 'Aanvragen bij de gemeente' first, at night."""
    from directory.models import Offer

    loket = Offer.objects.get(name="Wmo-loket Midden-Drenthe")
    page = client.get(loket.get_absolute_url()).content.decode()
    assert "Is er plek?" not in page and "Alleen gepland" not in page
    assert "niet bij de gemeente" not in page
    assert "Neem contact op met Gemeente Midden-Drenthe" in page
    bed = Offer.objects.get(name="Crisisbed voor een nacht")
    page = client.get(bed.get_absolute_url()).content.decode()
    assert "Bel eerst: u hoeft niet op de gemeente te wachten" in page
    # Its office hours are not the bed's: a closed office at Christmas is not a closed bed.
    assert "Kantoortijden, voor vragen die kunnen wachten. Bij spoed: dag en nacht" in page
    assert "Is er plek?" in page
    house = Offer.objects.get(name="Logeerhuis De Linde")
    assert "Is er plek?" in client.get(house.get_absolute_url()).content.decode()
