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
    OpeningException.objects.create(
        location=location, date=timezone.localdate() + timedelta(days=3), reason="Feestdag"
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
        "Dementie en psychogeriatrie",
        "Met een Wmo-beschikking van de gemeente",
        "Met een persoonsgebonden budget (pgb)",
        "Meld u minstens 42 dagen van tevoren aan.",
        "€ 21,00",
        "Eigen bijdrage via het CAK.",
        'href="tel:+31592700123"',
        'href="mailto:linde@example.org"',
        "Uw naaste kan eerst komen wennen.",
        "U kunt samen met uw naaste logeren.",
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
    assert "meer dan een jaar geleden" not in content


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
    with django_assert_max_num_queries(8):
        response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
