import re

import pytest
from django.urls import reverse

from directory.lookup import find_municipality


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("9401AB", "GM0106"),
        ("9401 ab", "GM0106"),
        (" 9401", "GM0106"),
        ("9401  AB ", "GM0106"),
        ("9411", "GM1731"),
        ("Assen", "GM0106"),
        ("ASSEN", "GM0106"),
        ("gemeente Assen", "GM0106"),
        ("den haag", "GM0518"),
        ("Den Haag", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
        ("den bosch", "GM0796"),
        ("'s-Hertogenbosch", "GM0796"),
        ("sudwest fryslan", "GM1900"),
        ("Súdwest-Fryslân", "GM1900"),
        ("midden drenthe", "GM1731"),
        ("Beilen", "GM1731"),  # a place inside Midden-Drenthe
        ("Bergen (NH.)", "GM0373"),
        ("nuenen", "GM0820"),
    ],
)
def test_typed_postcode_or_name_finds_the_municipality(typed, code):
    result = find_municipality(typed)
    assert result.municipality is not None, result.error
    assert result.municipality.code == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul een postcode"),
        ("1099", "We kennen postcode 1099 niet"),
        ("0123 AB", "begint niet met een 0"),
        ("940", "Dit is geen goede postcode"),
        ("94011", "Dit is geen goede postcode"),
        ("x" * 101, "te lang"),
        ("🙂🙂", "in letters"),
        ("Nergenshuizen", "We vinden geen gemeente"),
    ],
)
def test_unknown_or_malformed_input_gives_a_clear_message(typed, message):
    result = find_municipality(typed)
    assert result.municipality is None
    assert message in result.error


@pytest.mark.django_db
def test_ambiguous_name_offers_candidates():
    result = find_municipality("bergen")
    assert result.municipality is None
    assert {m.code for m in result.candidates} >= {"GM0893", "GM0373"}


@pytest.mark.django_db
def test_typing_error_suggests_close_names():
    result = find_municipality("asen")
    assert "GM0106" in {m.code for m in result.candidates}


@pytest.mark.django_db
def test_find_redirects_to_the_municipality_page(client):
    response = client.get(reverse("directory:find"), {"q": "9401 ab"})
    assert response.status_code == 302
    assert response["Location"] == "/gemeenten/assen/"


@pytest.mark.django_db
def test_unknown_postcode_shows_message_and_a_way_to_choose(client):
    response = client.get(reverse("directory:find"), {"q": "1099"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "We kennen postcode 1099 niet" in content
    assert 'name="gemeente"' in content  # the list of all municipalities
    assert content.count("<option") == 343  # 342 municipalities + "Kies een gemeente"
    assert 'value="1099"' in content  # keeps what was typed


@pytest.mark.django_db
def test_choosing_from_the_list_leads_to_the_municipality(client):
    response = client.get(reverse("directory:choose"), {"gemeente": "midden-drenthe"})
    assert response["Location"] == "/gemeenten/midden-drenthe/"


@pytest.mark.django_db
def test_choosing_an_unknown_value_explains_in_dutch(client):
    response = client.get(reverse("directory:choose"), {"gemeente": "<b>niet</b>"})
    assert response.status_code == 200
    assert "Deze gemeente staat niet in de lijst" in response.content.decode()


@pytest.mark.django_db
def test_municipality_list_shows_all_342(client):
    response = client.get(reverse("directory:municipality_list"))
    assert response.status_code == 200
    assert len(re.findall(r'href="/gemeenten/[a-z0-9-]+/"', response.content.decode())) == 342
