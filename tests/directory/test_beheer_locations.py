import pytest
from django.urls import reverse

from directory.models import Location, Provider
from tests.directory.factories import LocationFactory, OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def location_data(**extra) -> dict:
    data = {
        "name": "Huis van de Wijk",
        "street_address": "Kloosterveste 5",
        "postcode": "9411aa",
        "city": "Beilen",
        "accessibility": "Rolstoeltoegankelijk",
        "tijden-TOTAL_FORMS": "2",
        "tijden-INITIAL_FORMS": "0",
        "tijden-0-weekday": "1",
        "tijden-0-opens": "10:00",
        "tijden-0-closes": "12:00",
        "tijden-0-label": "Inloopspreekuur",
        "uitzonderingen-TOTAL_FORMS": "1",
        "uitzonderingen-INITIAL_FORMS": "0",
        "uitzonderingen-0-date": "2026-12-25",
        "uitzonderingen-0-closed": "on",
        "uitzonderingen-0-reason": "Eerste Kerstdag",
    }
    data.update(extra)
    return data


def test_editor_adds_a_provider_and_a_location_with_hours(client, editor, assen):
    client.force_login(editor)
    response = client.post(
        reverse("beheer:provider_create", args=["assen"]), {"name": "Welzijn Assen"}
    )
    provider = Provider.objects.get(name="Welzijn Assen")
    assert provider.municipality == assen
    assert response["Location"] == reverse("beheer:provider_edit", args=[provider.pk])

    response = client.post(reverse("beheer:location_create", args=[provider.pk]), location_data())
    assert response.status_code == 302
    location = Location.objects.get(name="Huis van de Wijk")
    assert location.postcode == "9411 AA"
    assert location.municipality.code == "GM1731"  # from the postcode
    assert location.opening_hours.get().label == "Inloopspreekuur"
    assert location.exceptions.get().reason == "Eerste Kerstdag"


def test_closing_before_opening_is_refused_in_dutch(client, editor, assen):
    provider = ProviderFactory(municipality=assen)
    client.force_login(editor)
    response = client.post(
        reverse("beheer:location_create", args=[provider.pk]),
        location_data(**{"tijden-0-closes": "09:00", "postcode": "94"}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "De eindtijd moet later zijn dan de begintijd." in content
    assert "Vul een postcode in zoals 9401 AB." in content
    assert 'value="Huis van de Wijk"' in content
    assert not Location.objects.filter(name="Huis van de Wijk").exists()


def test_hours_entered_by_an_editor_show_on_the_offer_page(client, editor, assen):
    provider = ProviderFactory(municipality=assen)
    location = LocationFactory(provider=provider)
    offer = OfferFactory(provider=provider)
    offer.locations.add(location)
    client.force_login(editor)
    client.post(
        reverse("beheer:location_edit", args=[location.pk]),
        location_data(name=location.name, postcode="9401 AB", city="Assen"),
    )
    client.logout()
    content = client.get(offer.get_absolute_url()).content.decode()
    assert "Dinsdag" in content and "10:00–12:00 uur" in content


def test_provider_of_another_municipality_is_404(client, editor, midden_drenthe):
    provider = ProviderFactory(municipality=midden_drenthe)
    client.force_login(editor)
    assert client.get(reverse("beheer:provider_edit", args=[provider.pk])).status_code == 404
    url = reverse("beheer:location_create", args=[provider.pk])
    assert client.post(url, location_data()).status_code == 404
