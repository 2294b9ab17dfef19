"""What kind of place (issue 25.1): the facts of a stay away from home are kept in Beheer,
shown on the offer page, found by search, and round-trip through CSV and HSDS (HSDS has no
field for them: they are terms of our own taxonomies, and the linked transport offer is an
attribute whose value is that offer's id)."""

import csv
import io

import pytest
from django.urls import reverse

from directory.choices import DementiaSetting, Kind, PlaceType
from directory.imports.csv_io import current_values
from directory.models import Offer
from tests.directory.factories import OfferFactory
from tests.directory.test_csv import confirm, export, upload
from tests.directory.test_hsds_import import export as hsds_export
from tests.directory.test_hsds_import import run_import

pytestmark = pytest.mark.django_db

FACTS = (
    "place_type",
    "dementia_setting",
    "stay_together",
    "transport_by_house",
    "public_transport",
    "own_room",
    "own_belongings",
    "pets_allowed",
)


@pytest.fixture
def house(assen):
    taxi = OfferFactory(name="Regiotaxi Assen", kind=Kind.VERVOER, external_id="V-1")
    return OfferFactory(
        name="Logeerboerderij De Hoeve",
        kind=Kind.LOGEERZORG,
        external_id="L-1",
        place_type=PlaceType.ZORGBOERDERIJ,
        dementia_setting=DementiaSetting.CLOSED,
        stay_together=True,
        transport_by_house=False,
        public_transport=True,
        own_room=True,
        own_belongings=True,
        pets_allowed=True,
        transport_offer=taxi,
    )


def test_the_offer_page_says_what_kind_of_place_it_is(client, house):
    page = client.get(house.get_absolute_url()).content.decode()
    assert "Wat voor plek is het?" in page
    for text in (
        "Zorgboerderij",
        "Gesloten afdeling (PG): de deur is beveiligd",
        "een eigen kamer, eigen spullen mee, een huisdier mag mee",
        "Te bereiken met het openbaar vervoer.",
        "een koppelbed, of de partner logeert mee",
    ):
        assert text in page, text
    assert f'href="{house.transport_offer.get_absolute_url()}">Regiotaxi Assen</a>' in page
    plain = OfferFactory(name="Mantelzorgcafé", kind=Kind.LOTGENOTEN)
    assert "Wat voor plek is het?" not in client.get(plain.get_absolute_url()).content.decode()


@pytest.mark.parametrize("words", ["gesloten afdeling", "koppelbed", "zorgboerderij", "huisdier"])
def test_people_find_it_with_their_own_words(client, house, words):
    page = client.get(reverse("directory:search"), {"q": words}).content.decode()
    assert "Logeerboerderij De Hoeve" in page, words


def test_the_facts_and_the_transport_link_round_trip_through_csv(client, editor, house):
    client.force_login(editor)
    content = export(client)
    rows = {
        r["kenmerk"]: r
        for r in csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";")
    }
    assert rows["L-1"]["soort_plek"] == "zorgboerderij"
    assert rows["L-1"]["dementie_afdeling"] == "gesloten"
    assert rows["L-1"]["vervoer_kenmerk"] == "V-1"
    assert rows["L-1"]["eigen_kamer"] == "ja" and rows["L-1"]["vervoer_door_huis"] == "nee"
    # Unchanged: nothing to do.
    page = upload(client, content).content.decode()
    assert "Dit bestand verandert niets" in page
    # Changed in Excel: applied, with history.
    changed = content.replace(";zorgboerderij;gesloten;V-1;", ";logeerhuis;open;;")
    assert changed != content
    upload(client, changed)
    confirm(client)
    house.refresh_from_db()
    assert house.place_type == PlaceType.LOGEERHUIS
    assert house.dementia_setting == DementiaSetting.OPEN
    assert house.transport_offer is None
    assert house.changes.filter(field="soort plek").exists()
    # A wrong code or an unknown transport offer is a Dutch message; nothing is written.
    page = upload(client, content.replace(";zorgboerderij;", ";kasteel;")).content.decode()
    assert "&#x27;kasteel&#x27; kennen we niet" in page and "zorgboerderij" in page
    page = upload(client, content.replace(";V-1;", ";V-999;")).content.decode()
    assert "V-999" in page and "geen vervoersaanbod" in page
    house.refresh_from_db()
    assert house.place_type == PlaceType.LOGEERHUIS


def test_the_facts_and_the_transport_link_round_trip_through_hsds(client, house, groningen):
    feed = hsds_export(client, gemeente="GM0106")
    assert run_import(feed, groningen) == (2, 0, 0)
    copy = Offer.objects.get(municipality=groningen, name="Logeerboerderij De Hoeve")
    for fact in FACTS:
        assert getattr(copy, fact) == getattr(house, fact), fact
    assert copy.transport_offer.municipality == groningen  # the copy of the taxi, not Assen's
    assert copy.transport_offer.name == "Regiotaxi Assen"
    assert current_values(copy, hsds=True)["place_type"] == "zorgboerderij"
    assert run_import(feed, groningen) == (0, 0, 2)  # again: nothing changes


def test_the_api_filters_on_the_kind_of_place(client, house):
    from directory.hsds.serialise import TAXONOMY_BY_CODE

    term = TAXONOMY_BY_CODE["dementie-afdeling"].term_id("gesloten")
    names = [
        s["name"]
        for s in client.get("/api/hsds/services", {"taxonomy_term_id": term}).json()["contents"]
    ]
    assert names == ["Logeerboerderij De Hoeve"]


def test_filters_on_the_kind_of_place_and_what_must_be_possible(client, house):
    other = OfferFactory(name="Logeerhuis Het Anker", kind=Kind.LOGEERZORG, stay_together=True)
    url = reverse("directory:municipality", args=["assen"])

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {offer.name for offer in response.context["page"].object_list}

    assert names(logeren="gesloten") == {"Logeerboerderij De Hoeve"}
    assert names(logeren="samen") == {"Logeerboerderij De Hoeve", "Logeerhuis Het Anker"}
    assert names(logeren=["samen", "vervoer"]) == {"Logeerboerderij De Hoeve"}  # both
    assert names(soort_plek="zorgboerderij") == {"Logeerboerderij De Hoeve"}
    assert other.name not in names(logeren="huisdier")
    page = client.get(url, {"logeren": "<script>", "soort_plek": "kasteel"}).content.decode()
    assert "Selecteer een geldige keuze" in page and "<script>" not in page


def test_the_logeer_step_asks_what_decides_and_the_consultant_sees_what_fits(
    client, midden_drenthe, demo_catalogue
):
    from accounts.choices import RoleKind
    from respite.models import RespiteRequest
    from tests.factories import CaregiverFactory, StaffFactory
    from tests.respite.test_requests import answers, check_url, fill_in, step_url

    client.force_login(CaregiverFactory())
    fill_in(client, answers(kinds=["logeerzorg"], needs_closed="on", needs_transport="on"))
    page = client.get(step_url("logeren")).content.decode()
    assert "Een gesloten afdeling: mijn naaste kan weglopen" in page
    assert "Vervoer: ik kan mijn naaste er niet zelf heen brengen" in page
    check = client.get(check_url()).content.decode()
    assert "Een gesloten afdeling: mijn naaste kan weglopen" in check
    client.post(check_url())
    sent = RespiteRequest.objects.get()
    assert sent.needs_closed and sent.needs_transport
    client.force_login(StaffFactory(roles=[("GM1731", RoleKind.CONSULTANT)]))
    page = client.get(reverse("werkbak:request", args=[sent.reference])).content.decode()
    matches = page.split("Aanbod voor deze aanvraag", 1)[1].split("</ol>", 1)[0]
    assert "Logeerhuis De Linde" in matches and "Logeerboerderij" not in matches
    assert "gesloten afdeling" in matches


def test_mijn_naaste_wil_niet_weg_is_linked_from_the_logeer_step_and_the_offer_page(client, house):
    url = reverse("directory:not_wanting_to_go")
    page = client.get(url).content.decode()
    assert "<h1>Mijn naaste wil niet weg</h1>" in page
    for text in ("Ga eerst samen kijken", "Dan een nacht", "dezelfde gezichten"):
        assert text in page
    # The offer page is the same for every visitor (cached), so it names no municipality:
    # a visitor from Midden-Drenthe was sent to help at home in Assen, the owner (a walk).
    offer_page = client.get(house.get_absolute_url()).content.decode()
    assert f'href="{url}?terug=' in offer_page
    cafe = OfferFactory(name="Mantelzorgcafé", kind=Kind.LOTGENOTEN)
    assert f'href="{url}' not in client.get(cafe.get_absolute_url()).content.decode()
    # From the offer: help at home in that municipality, and the way back to the offer (a
    # walk landed on a search over the whole country and on a new request).
    page = client.get(
        url, {"gemeente": house.municipality.slug, "terug": house.get_absolute_url()}
    ).content.decode()
    assert f'href="{house.municipality.get_absolute_url()}?waar=thuis"' in page
    assert f'href="{house.get_absolute_url()}">Terug naar waar u was' in page
    for bad in ({"terug": "https://evil.example/"}, {"gemeente": "x" * 500}):
        page = client.get(url, bad).content.decode()
        assert "evil.example" not in page and "Logeren aanvragen" in page

    from tests.factories import CaregiverFactory
    from tests.respite.test_requests import answers, fill_in, step_url

    client.force_login(CaregiverFactory())
    fill_in(client, answers(kinds=["logeerzorg"]))
    # The request knows where the naaste lives: help at home there.
    step = client.get(step_url("logeren")).content.decode()
    assert f'href="{url}?gemeente=' in step and "&amp;terug=" in step


def test_the_cards_say_a_couple_can_stay_together(client, house):
    """Journey 6: a walk found 'samen logeren' only on the offer page, not on the cards that
    lead to it."""
    alone = OfferFactory(name="Logeerhuis Alleen", kind=Kind.LOGEERZORG, stay_together=False)
    page = client.get(reverse("directory:municipality", args=["assen"])).content.decode()
    cards = {card.split("</a>")[0].split(">")[-1]: card for card in page.split('<li class="card">')}
    assert "U kunt samen logeren" in cards[house.name]
    assert "samen logeren" not in cards[alone.name].lower()
    page = client.get(reverse("directory:search"), {"q": "logeer"}).content.decode()
    cards = {card.split("</a>")[0].split(">")[-1]: card for card in page.split('<li class="card">')}
    assert "samen logeren kan" in cards[house.name]
    assert "samen logeren" not in cards[alone.name].lower()
