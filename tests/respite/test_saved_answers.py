"""The story is told once (issue 24.4): with the caregiver's consent the answers about the
naaste, where they live and how to reach the caregiver are kept; a next request asks only
"Klopt dit nog?"; the consultant sees earlier requests for the same naaste in one line each."""

import json
import re

import pytest
from django.urls import reverse

from accounts.choices import RoleKind
from respite.models import RespiteRequest, SavedAnswers
from respite.services.requests import request_claim
from tests.factories import CaregiverFactory, StaffFactory
from tests.respite.test_requests import answers, check_url, current_draft, fill_in, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def caregiver():
    return CaregiverFactory(email="dochter@example.org")


def send(client, keep: bool, **changes) -> RespiteRequest:
    fill_in(client, answers(**changes))
    client.post(check_url(), {"bewaren": "ja"} if keep else {})
    return RespiteRequest.objects.latest("created_at")


def test_nothing_is_kept_without_the_caregivers_choice(client, caregiver):
    client.force_login(caregiver)
    fill_in(client, answers())
    page = client.get(check_url()).content.decode()
    assert 'name="bewaren"' in page and "checked" not in page  # never pre-ticked
    client.post(check_url())
    assert not SavedAnswers.objects.exists()
    # A next request starts at the first question, as before.
    assert client.get(reverse("respite:request_start"))["Location"].endswith("/stap/naaste/")


def test_a_second_request_asks_only_whether_it_is_still_right(client, caregiver):
    client.force_login(caregiver)
    first = send(client, keep=True, phone="0612345678", contact_method="telefoon")
    (saved,) = SavedAnswers.objects.all()
    assert set(saved.answers) <= {
        "relationship",
        "age_group",
        "situation",
        "where",
        "contact_method",
        "phone",
        "best_times",
    }
    assert "notes" not in saved.answers and "kinds" not in saved.answers  # asked each time

    start = client.get(reverse("respite:request_start"))
    assert "/klopt-dit-nog/" in start["Location"]
    page = client.get(start["Location"]).content.decode()
    assert "Klopt dit nog?" in page and "Midden-Drenthe" in page and "0612345678" in page
    assert "checked" not in page
    unchosen = client.post(start["Location"], {})
    assert "Kies of de antwoorden nog kloppen" in unchosen.content.decode()
    hostile = client.post(start["Location"], {"keuze": "<script>"})
    assert hostile.status_code == 200 and "<script>" not in hostile.content.decode()

    onward = client.post(start["Location"], {"keuze": str(saved.pk)})
    assert onward["Location"] == step_url("hulp")  # straight to what is new this time
    for slug, data in (
        ("hulp", {"kinds": ["logeerzorg"]}),
        ("hoe-snel", {"urgency": "gepland"}),
        ("wanneer", {"weekend": "on"}),
        ("logeren", {}),
        ("toelichting", {"notes": "Nu ook in de kerstvakantie."}),
    ):
        response = client.post(step_url(slug), data)
        assert response.status_code == 302, (slug, response.content.decode()[:500])
    check = client.get(check_url()).content.decode()
    assert "Midden-Drenthe" in check and "0612345678" in check  # kept, and can be changed
    client.post(check_url())
    second = RespiteRequest.objects.latest("created_at")
    assert second.pk != first.pk and second.relationship == first.relationship
    assert second.phone == "0612345678" and second.kinds == ["logeerzorg"]


def test_starting_afresh_and_wiping_the_answers(client, caregiver):
    client.force_login(caregiver)
    send(client, keep=True)
    saved = SavedAnswers.objects.get()
    start = client.get(reverse("respite:request_start"))["Location"]
    assert client.post(start, {"keuze": "opnieuw"})["Location"] == step_url("naaste")
    assert current_draft().answers == {}

    mine = client.get(reverse("respite:my_requests")).content.decode()
    assert "Bewaarde antwoorden" in mine
    data = json.loads(client.get(reverse("respite:my_data")).content)
    assert data["bewaarde_antwoorden"][0]["antwoorden"]["relationship"] == ["ouder"]
    other = CaregiverFactory()
    client.force_login(other)
    client.post(reverse("respite:saved_forget", args=[saved.pk]))  # not theirs
    assert SavedAnswers.objects.filter(pk=saved.pk).exists()
    client.force_login(caregiver)
    client.post(reverse("respite:saved_forget", args=[saved.pk]))
    assert not SavedAnswers.objects.exists()


def test_the_consultant_sees_earlier_requests_for_the_same_naaste(client, caregiver):
    client.force_login(caregiver)
    first = send(client, keep=False)
    other_naaste = send(client, keep=False, relationship="partner")
    latest = send(client, keep=False, kinds=["logeerzorg"])
    consultant = StaffFactory(roles=[("GM1731", RoleKind.CONSULTANT)])
    request_claim(respite_request=latest, consultant=consultant)
    client.force_login(consultant)
    page = client.get(reverse("werkbak:request", args=[latest.reference])).content.decode()
    earlier = page.split("Eerdere aanvragen voor deze naaste")[1].split("</ul>")[0]
    assert first.reference in earlier and other_naaste.reference not in earlier
    assert latest.reference not in earlier and earlier.count("<li>") == 1


def kept(caregiver, where="9411", relationship="ouder") -> SavedAnswers:
    return SavedAnswers.objects.create(
        caregiver=caregiver,
        relationship=relationship,
        answers={
            "relationship": [relationship],
            "age_group": ["oudere"],
            "situation": ["dementie"],
            "where": [where],
            "contact_method": ["telefoon"],
            "phone": ["06 12345678"],
            "best_times": ["na 17 uur"],
        },
    )


def test_a_phone_intake_starts_from_the_kept_answers_after_klopt_dit_nog(client, caregiver):
    """Issue 24.4 for a phone intake: the consultant looks the caregiver up by e-mail, reads
    the kept answers with them, and the form starts filled in."""
    caregiver.first_name, caregiver.last_name = "Els", "Bakker"
    caregiver.save()
    saved = kept(caregiver)
    kept(caregiver, where="9401", relationship="partner")  # a naaste in Assen: not shown here
    consultant = StaffFactory(roles=[("GM1731", RoleKind.CONSULTANT)])
    client.force_login(consultant)
    url = reverse("werkbak:intake", args=["midden-drenthe"])
    assert "Haal de bewaarde antwoorden op" in client.get(url).content.decode()

    page = client.post(url, {"stap": "zoek", "email": "DOCHTER@example.org"}).content.decode()
    assert "Klopt dit nog?" in page and "Mijn vader of moeder" in page and "Beilen" not in page
    assert "Midden-Drenthe" in page and "Mijn partner" not in page
    page = client.post(url, {"stap": "kies", "email": "dochter@example.org"}).content.decode()
    assert "Kies wat past" in page  # nothing chosen: asked again
    page = client.post(
        url, {"stap": "kies", "email": "dochter@example.org", "keuze": str(saved.pk)}
    ).content.decode()
    assert "Ingevuld met wat de mantelzorger vorige keer bewaarde" in page
    assert re.search(r'value="ouder"[^>]*checked', page)
    assert 'value="06 12345678"' in page and 'value="Els Bakker"' in page
    assert 'value="dochter@example.org"' in page

    # Someone else's address, a staff address, nonsense: nothing to choose, a plain message.
    for email in ("niemand@example.org", consultant.email):
        page = client.post(url, {"stap": "zoek", "email": email}).content.decode()
        assert "geen bewaarde antwoorden" in page
    page = client.post(url, {"stap": "zoek", "email": "<script>"}).content.decode()
    assert "Vul een geldig e-mailadres in" in page and "<script>" not in page
    # A consultant of Assen sees only the Assen naaste's answers.
    assen = StaffFactory(roles=[("GM0106", RoleKind.CONSULTANT)])
    client.force_login(assen)
    page = client.post(
        reverse("werkbak:intake", args=["assen"]), {"stap": "zoek", "email": "dochter@example.org"}
    ).content.decode()
    assert "Mijn partner" in page and "Mijn vader of moeder" not in page
    # "Alles opnieuw" gives the empty form with the address kept.
    page = client.post(
        reverse("werkbak:intake", args=["assen"]),
        {"stap": "kies", "email": "dochter@example.org", "keuze": "opnieuw"},
    ).content.decode()
    assert 'value="dochter@example.org"' in page and "Ingevuld met" not in page
