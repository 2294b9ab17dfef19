"""Issue 15.1: the caregiver always sees who to call, as a tel: link: the Wmo-loket before
pickup, the fixed contact person after; consultants cannot claim without a phone."""

import pytest
from django.urls import reverse

from accounts.models import User
from directory.models import Municipality
from respite.models import RespiteRequest
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def caregiver(db):
    return User.objects.create_user(username="zoon@example.org", email="zoon@example.org")


@pytest.fixture
def req(caregiver, midden_drenthe):
    return RespiteRequest.objects.create(
        caregiver=caregiver,
        municipality=midden_drenthe,
        relationship="ouder",
        age_group="oudere",
        situation="dementie",
        urgency="gepland",
        contact_method="telefoon",
        phone="06 12345678",
        kinds=["logeerzorg"],
    )


def test_before_pickup_the_wmo_loket_is_callable(client, caregiver, req, midden_drenthe):
    midden_drenthe.loket_phone = "0593 539 222"
    midden_drenthe.loket_hours = "Maandag tot en met vrijdag van 8.30 tot 12.30 uur"
    midden_drenthe.save()
    client.force_login(caregiver)
    content = client.get(req.get_absolute_url()).content.decode()
    assert "Nog niemand van de gemeente Midden-Drenthe heeft uw aanvraag opgepakt" in content
    assert '<a href="tel:+31593539222">0593 539 222</a>' in content
    assert "van 8.30 tot 12.30 uur" in content
    assert "Voorbeeld" not in content  # a number the municipality entered is real


def test_without_a_loket_number_the_caregiver_gets_a_next_step(client, caregiver, req):
    client.force_login(caregiver)
    content = client.get(req.get_absolute_url()).content.decode()
    assert "Bel de gemeente Midden-Drenthe en vraag naar het Wmo-loket" in content
    assert "staat op de website van de gemeente" in content


def test_after_pickup_the_contact_persons_phone_and_hours_show(client, caregiver, req):
    anna = make_staff("anna@middendrenthe.example", ("GM1731", "consulent"), phone="0593 539 301")
    client.force_login(anna)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    client.force_login(caregiver)
    for url in (req.get_absolute_url(), reverse("respite:my_requests")):
        content = client.get(url).content.decode()
        assert "Uw vaste contactpersoon in Midden-Drenthe" in content
        assert '<a href="tel:+31593539301">0593 539 301</a>' in content
        assert "maandag tot en met donderdag van 9 tot 12 uur" in content


def test_a_consultant_without_phone_cannot_claim(client, req):
    anna = make_staff("anna@middendrenthe.example", ("GM1731", "consulent"), phone="")
    client.force_login(anna)
    page = client.get(reverse("werkbak:request", args=[req.reference])).content.decode()
    assert "Ik pak deze op" not in page
    assert "Vul daarom eerst uw telefoonnummer en bereikbaarheid in" in page
    response = client.post(reverse("werkbak:claim", args=[req.reference]), follow=True)
    assert "Vul eerst uw telefoonnummer en bereikbaarheid in" in response.content.decode()
    req.refresh_from_db()
    assert req.assigned_to is None


def test_a_consultant_fills_in_phone_then_claims(client, req):
    anna = make_staff("anna@middendrenthe.example", ("GM1731", "consulent"), phone="")
    client.force_login(anna)
    url = reverse("accounts:my_profile")
    back = reverse("werkbak:request", args=[req.reference])
    bad = client.post(url, {"first_name": "Anna", "work_phone": "bel mij", "next": back})
    content = bad.content.decode()
    assert "Vul een telefoonnummer in met alleen cijfers" in content
    assert "Schrijf op wanneer u bereikbaar bent." in content
    assert 'value="bel mij"' in content  # what was typed stays
    good = client.post(
        url,
        {
            "first_name": "Anna",
            "work_phone": "0593 539 301",
            "reachable_hours": "Ma, di, do 9-12 uur",
            "next": back,
        },
    )
    assert good["Location"] == back
    client.post(reverse("werkbak:claim", args=[req.reference]))
    req.refresh_from_db()
    assert req.assigned_to == anna


def test_profile_refuses_an_outside_next_url(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("accounts:my_profile"),
        {
            "first_name": "C",
            "work_phone": "0592 366 100",
            "reachable_hours": "altijd",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("accounts:my_profile")


@pytest.mark.parametrize(
    "role, status", [("anonymous", 302), ("caregiver", 403), ("editor", 200), ("consultant", 200)]
)
def test_profile_role_matrix(client, request, role, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("accounts:my_profile")).status_code == status


def test_intake_without_phone_keeps_what_was_typed(client, midden_drenthe):
    anna = make_staff("anna@middendrenthe.example", ("GM1731", "consulent"), phone="")
    client.force_login(anna)
    response = client.post(
        reverse("werkbak:intake", args=["midden-drenthe"]),
        {
            "intake_name": "Mevrouw De Vries",
            "phone": "0593 123 456",
            "relationship": "partner",
            "age_group": "oudere",
            "situation": "dementie",
            "kinds": ["logeerzorg"],
            "urgency": "gepland",
            "contact_method": "telefoon",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Vul eerst uw telefoonnummer en bereikbaarheid in" in content
    assert 'value="Mevrouw De Vries"' in content
    assert not RespiteRequest.objects.exists()


def test_editor_keeps_the_loket_number(client, editor, assen):
    Municipality.objects.filter(pk=assen.pk).update(loket_phone="0592 700 000", loket_is_demo=True)
    client.force_login(editor)
    url = reverse("beheer:loket_edit", args=["assen"])
    assert (
        "nog een voorbeeldnummer"
        in client.get(reverse("beheer:dashboard", args=["assen"])).content.decode()
    )
    bad = client.post(url, {"loket_phone": "<script>", "loket_hours": ""})
    assert "Vul een telefoonnummer in met alleen cijfers" in bad.content.decode()
    assert "&lt;script&gt;" in bad.content.decode()
    client.post(url, {"loket_phone": "14 0592", "loket_hours": "Werkdagen 8.30-17.00 uur"})
    assen.refresh_from_db()
    assert (assen.loket_phone, assen.loket_is_demo) == ("14 0592", False)
    page = client.get(assen.get_absolute_url()).content.decode()
    assert 'href="tel:140592"' in page
