"""No silent overwrite (issue 27.3): two people edit the same thing in two sessions; the
second is shown both values and what they typed is kept, never "opgeslagen" over the first.

Each case: both open the form; the first saves a change; the second sends the form they
opened. Nothing of the second is saved; the page names the field with what is saved now and
what they typed; sending the page they got back saves it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from directory.models import Availability, Location, Municipality, NightCapacity, Provider
from directory.services import availability_update
from tests.conftest import make_staff
from tests.directory.factories import LocationFactory, OfferFactory, ProviderFactory
from tests.directory.test_beheer_editing import form_data
from tests.directory.test_beheer_locations import location_data
from tests.providers.conftest import make_provider_staff

pytestmark = pytest.mark.django_db
VERSION = re.compile(r'name="versie" value="([^"]+)"')


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version(page) -> str:
    return VERSION.search(page.content.decode())[1]


def assert_conflict(page, label: str, saved: str, typed: str) -> None:
    content = page.content.decode()
    assert page.status_code == 200
    assert "Iemand anders heeft dit intussen veranderd" in content
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', content, re.S)
    assert row, content[content.find("error-summary") :][:2000]
    assert saved in row[1] and typed in row[1], row[1]


@pytest.fixture
def editors(assen):
    return (
        make_staff("een@assen.example", ("GM0106", "redacteur")),
        make_staff("twee@assen.example", ("GM0106", "redacteur")),
    )


def test_two_editors_on_one_offer(editors):
    """The second cleared the first's phone number and was told it was saved."""
    offer = OfferFactory(name="Dagopvang", phone="")
    first, second = (session(e) for e in editors)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    v1, v2 = version(first.get(url)), version(second.get(url))
    assert first.post(url, form_data(offer, phone="0592 111 222", versie=v1)).status_code == 302
    typed = form_data(
        offer, summary="Nieuwe samenvatting van twee", phone="0592 999 888", versie=v2
    )
    conflict = second.post(url, typed)
    assert_conflict(conflict, "Telefoon", "0592 111 222", "0592 999 888")
    assert "Nieuwe samenvatting van twee" in conflict.content.decode()  # kept
    offer.refresh_from_db()
    assert offer.phone == "0592 111 222" and offer.summary != "Nieuwe samenvatting van twee"
    # Sending it again, now knowing, saves what the second person chose.
    again = {**typed, "phone": "0592 111 222", "versie": version(conflict)}
    assert second.post(url, again).status_code == 302
    offer.refresh_from_db()
    assert offer.summary == "Nieuwe samenvatting van twee" and offer.phone == "0592 111 222"


def test_a_second_editor_who_changes_something_else_keeps_the_first_ones_change(editors):
    """The walk's case: B only changed the description; B's form still held the old phone
    number, and the page called it 'Wat u typte'; saving again put the old number back."""
    offer = OfferFactory(name="Dagopvang", phone="0593 333 444", website="")
    first, second = (session(e) for e in editors)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    v1, v2 = version(first.get(url)), version(second.get(url))
    changed = form_data(offer, phone="0593 555 666", website="https://a.example", versie=v1)
    assert first.post(url, changed).status_code == 302
    shown = {"phone": "0593 333 444", "website": ""}  # as the second one's form shows them
    typed = form_data(offer, description="Een nieuwe beschrijving van twee.", versie=v2, **shown)
    assert second.post(url, typed).status_code == 302  # nothing both changed: no question
    offer.refresh_from_db()
    assert offer.phone == "0593 555 666" and offer.website == "https://a.example"
    assert offer.description == "Een nieuwe beschrijving van twee."

    # When they did both change one field, the fields only the other changed show the
    # saved value on the page they get back, so sending it again puts nothing old back.
    v1, v2 = version(first.get(url)), version(second.get(url))
    changed = form_data(offer, phone="0593 777 888", website="https://b.example", versie=v1)
    assert first.post(url, changed).status_code == 302
    typed = form_data(offer, phone="0593 000 111", website="https://a.example", versie=v2)
    conflict = second.post(url, typed)
    assert_conflict(conflict, "Telefoon", "0593 777 888", "0593 000 111")
    content = conflict.content.decode()
    assert "Website" not in content[: content.find("</table>")]  # not a question
    assert 'value="https://b.example"' in content
    resend = {
        **typed,
        "website": "https://b.example",  # as the page now shows it
        "versie": version(conflict),
    }
    assert second.post(url, resend).status_code == 302
    offer.refresh_from_db()
    assert offer.website == "https://b.example" and offer.phone == "0593 000 111"


def test_an_unchanged_field_of_the_other_is_not_a_conflict_when_nothing_changed(editors):
    offer = OfferFactory(name="Dagopvang")
    client = session(editors[0])
    url = reverse("beheer:offer_edit", args=[offer.pk])
    v = version(client.get(url))
    assert client.post(url, form_data(offer, summary="Eén keer", versie=v)).status_code == 302


def test_two_editors_on_one_provider(editors, assen):
    provider = ProviderFactory(municipality=assen, name="Welzijn Assen", phone="")
    first, second = (session(e) for e in editors)
    url = reverse("beheer:provider_edit", args=[provider.pk])
    v1, v2 = version(first.get(url)), version(second.get(url))
    data = {"name": "Welzijn Assen", "description": "", "phone": "", "email": "", "website": ""}
    first.post(url, {**data, "phone": "0592 333 444", "versie": v1})
    typed = {**data, "description": "Ons werk", "phone": "0592 000 999", "versie": v2}
    conflict = second.post(url, typed)
    assert_conflict(conflict, "Telefoon", "0592 333 444", "0592 000 999")
    assert Provider.objects.get(pk=provider.pk).description == ""
    # Only the description: the first one's number stays.
    v1, v2 = version(first.get(url)), version(second.get(url))
    first.post(url, {**data, "phone": "0592 333 555", "versie": v1})
    shown = {**data, "phone": "0592 333 444"}  # the number the second one's form shows
    assert second.post(url, {**shown, "description": "Ons werk", "versie": v2}).status_code == 302
    provider.refresh_from_db()
    assert provider.phone == "0592 333 555" and provider.description == "Ons werk"


def test_two_editors_on_one_location_and_its_hours(editors, assen):
    provider = ProviderFactory(municipality=assen)
    location = LocationFactory(provider=provider, name="Huis van de Wijk")
    first, second = (session(e) for e in editors)
    url = reverse("beheer:location_edit", args=[location.pk])
    v1, v2 = version(first.get(url)), version(second.get(url))
    assert first.post(url, location_data(versie=v1)).status_code == 302  # adds hours
    conflict = second.post(
        url,
        location_data(
            versie=v2,
            accessibility="Met drempel",
            **{"tijden-TOTAL_FORMS": "0", "uitzonderingen-TOTAL_FORMS": "0"},
        ),
    )
    assert_conflict(
        conflict, "Openingstijden en afwijkende dagen", "dinsdag 10:00–12:00", "(zie hieronder)"
    )
    assert "25 december 2026: gesloten (Eerste Kerstdag)" in conflict.content.decode()
    assert Location.objects.get(pk=location.pk).accessibility == "Rolstoeltoegankelijk"


def test_two_editors_on_the_wmo_loket(editors, assen):
    first, second = (session(e) for e in editors)
    url = reverse("beheer:loket_edit", args=["assen"])
    v1, v2 = version(first.get(url)), version(second.get(url))
    first.post(url, {"loket_phone": "14 0592", "loket_hours": "Werkdagen", "versie": v1})
    conflict = second.post(
        url, {"loket_phone": "0592 000 111", "loket_hours": "Werkdagen", "versie": v2}
    )
    assert_conflict(conflict, "Telefoonnummer van het Wmo-loket", "14 0592", "0592 000 111")
    assert Municipality.objects.get(pk=assen.pk).loket_phone == "14 0592"


@pytest.fixture
def house(assen):
    provider = ProviderFactory(municipality=assen, name="Drentse Linde")
    offer = OfferFactory(provider=provider, kind="logeerzorg")
    return offer, [make_provider_staff(f"p{i}@linde.example", provider) for i in (1, 2)]


PLEK = re.compile(r'name="plek-versie" value="([^"]+)"')
GRID = re.compile(r'name="nacht-versie" value="([^"]+)"')


def test_two_planners_on_availability(house):
    offer, staff = house
    availability_update(offer=offer, user=staff[0], data={"state": "plek_vrij"})
    first, second = (session(s) for s in staff)
    url = reverse("providers:availability", args=[offer.pk])
    page1, page2 = first.get(url).content.decode(), second.get(url).content.decode()
    sent = first.post(
        url,
        {
            "plek-state": "vol",
            "plek-versie": PLEK.search(page1)[1],
            "nacht-versie": GRID.search(page1)[1],
        },
    )
    assert sent.status_code == 302
    conflict = second.post(
        url,
        {
            "plek-state": "plek_vrij",
            "plek-available": "2",
            "plek-versie": PLEK.search(page2)[1],
            "nacht-versie": GRID.search(page2)[1],
        },
    )
    # A state and its numbers belong together: asked, not merged; the state the second
    # planner left alone shows what is saved now, so sending again does not undo 'Vol'.
    assert_conflict(conflict, "Hoe staat het ervoor", "Vol", "(u veranderde dit niet)")
    content = conflict.content.decode()
    assert 'name="plek-available" value="2"' in content  # kept
    assert re.search(r'<input[^>]*name="plek-state"[^>]*value="vol"[^>]*checked', content)
    assert Availability.objects.get(offer=offer).state == "vol"


def test_two_planners_on_the_night_grid(house):
    offer, staff = house
    availability_update(offer=offer, user=staff[0], data={"state": "plek_vrij"})
    night = timezone.localdate()
    key = f"nacht-n{night:%Y%m%d}"
    first, second = (session(s) for s in staff)
    url = reverse("providers:availability", args=[offer.pk])
    page1, page2 = first.get(url).content.decode(), second.get(url).content.decode()

    def sent(page, places):
        return {
            "plek-state": "plek_vrij",
            "plek-versie": PLEK.search(page)[1],
            key: places,
            "nacht-versie": GRID.search(page)[1],
        }

    assert first.post(url, sent(page1, "3")).status_code == 302
    conflict = second.post(url, sent(page2, "1"))
    assert_conflict(conflict, date_format(night, "l j F").capitalize(), "3", "1")
    assert NightCapacity.objects.get(offer=offer, night=night).places == 3
    # Different nights: both are kept.
    page1, page2 = first.get(url).content.decode(), second.get(url).content.decode()
    tomorrow = night + timedelta(days=1)
    assert first.post(url, sent(page1, "2")).status_code == 302
    other = {**sent(page2, "3"), key: "3", f"nacht-n{tomorrow:%Y%m%d}": "4"}
    assert second.post(url, other).status_code == 302
    places = dict(NightCapacity.objects.filter(offer=offer).values_list("night", "places"))
    assert places[night] == 2 and places[tomorrow] == 4


def test_a_decision_from_a_second_tab_says_what_was_decided_and_keeps_the_text(
    midden_drenthe, django_user_model
):
    from respite.services.requests import request_claim
    from tests.respite.test_werkbak import make_request

    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    caregiver = django_user_model.objects.create_user(username="d@x.org", email="d@x.org")
    req = make_request(caregiver, midden_drenthe)
    request_claim(respite_request=req, consultant=consultant)
    first, second = session(consultant), session(consultant)
    url = reverse("werkbak:decide", args=[req.reference])
    decide = {"besluit-reason": "overbelasting", "besluit-valid_from": "2027-01-04"}
    first.post(url, {**decide, "besluit-decision": "toegekend", "besluit-text": "Eerste."})
    page = second.post(
        url, {**decide, "besluit-decision": "deels_toegekend", "besluit-text": "Mijn tweede tekst."}
    )
    content = page.content.decode()
    assert page.status_code == 200
    assert "Er is intussen al een besluit vastgelegd: toegekend" in content
    assert "Mijn tweede tekst." in content
    req.refresh_from_db()
    assert req.decision == "toegekend" and req.decision_text == "Eerste."
