"""A staged settling-in (issue 25.2): the house proposes a kijkmiddag, a meal, a night, a
weekend, each with a date; it says how each went; the house or the caregiver can stop the
path, and the consultant hears."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.models import NightCapacity
from respite.choices import DeclineReason, SettlingKind, SettlingState
from respite.models import SettlingStep
from respite.services.referrals import (
    referral_accept,
    referral_create,
    referral_decline,
    settling_plan,
    settling_stop,
)
from respite.services.requests import RequestError, request_claim
from tests.conftest import make_staff
from tests.factories import CaregiverFactory, RespiteRequestFactory
from tests.providers.test_referrals import logeerhuis, next_saturday

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(midden_drenthe, django_capture_on_commit_callbacks):
    offer, planner = logeerhuis("De Linde", midden_drenthe, "planner@linde.example")
    caregiver = CaregiverFactory(email="dochter@example.org")
    respite_request = RespiteRequestFactory(caregiver=caregiver, municipality=midden_drenthe)
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    referral = referral_create(
        respite_request=respite_request, consultant=consultant, offer=offer, first_name="Aaltje"
    )
    saturday = next_saturday()
    referral_accept(
        referral=referral, member=planner, start_date=saturday, end_date=saturday + timedelta(1)
    )
    referral.refresh_from_db()
    return referral, planner, caregiver, consultant


def test_the_house_plans_a_path_the_caregiver_sees_it_and_it_goes_step_by_step(
    client, accepted, django_capture_on_commit_callbacks
):
    referral, planner, caregiver, _consultant = accepted
    url = reverse("providers:referral", args=[referral.pk])
    client.force_login(planner)
    page = client.get(url).content.decode()
    assert "Eerst wennen" in page and "Kijkmiddag: samen komen kijken" in page
    today = timezone.localdate()
    # The house has a place free on the night it proposes (a night step holds it).
    NightCapacity.objects.get_or_create(
        offer=referral.offer, night=today + timedelta(3), defaults={"places": 1}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for kind, day in (("kijkmiddag", today), ("nacht", today + timedelta(3))):
            client.post(url, {"actie": "wenstap", "wen-kind": kind, "wen-day": day.isoformat()})
    steps = list(referral.settling_steps.all())
    assert [s.kind for s in steps] == ["kijkmiddag", "nacht"]
    planned_mail = [m for m in mail.outbox if m.to == ["dochter@example.org"]][0]
    assert planned_mail.subject == "Eerst wennen bij De Linde"
    assert "dementie" not in planned_mail.body.lower()
    assert "0593 555 123" in planned_mail.body  # whom to call at the house, as in "Er is plek"
    # Bad input: a date in the past, no kind, nonsense: a Dutch message, nothing stored.
    page = client.post(
        url,
        {"actie": "wenstap", "wen-kind": "kijkmiddag", "wen-day": "2001-01-01"},
    ).content.decode()
    assert "Kies een datum vanaf vandaag" in page
    page = client.post(url, {"actie": "wenstap", "wen-day": "morgen"}).content.decode()
    assert "Kies welke stap" in page
    # Settling in comes before the stay: a walk planned one a year after it, another a night
    # inside the stay (then "gaat niet door" on a night the stay still held).
    for later in (referral.end_date + timedelta(days=30), referral.start_date):
        page = client.post(
            url, {"actie": "wenstap", "wen-kind": "nacht", "wen-day": later.isoformat()}
        ).content.decode()
        assert "Wennen gaat vóór het logeren" in page
    assert referral.settling_steps.count() == 2

    # The kijkmiddag went well; the night is not yet.
    client.post(url, {"actie": "ging_goed", "stap": str(steps[0].pk)})
    response = client.post(url, {"actie": "ging_goed", "stap": str(steps[1].pk)}, follow=True)
    assert "nog niet geweest" in response.content.decode()
    assert [s.state for s in referral.settling_steps.all()] == [
        SettlingState.WENT_WELL,
        SettlingState.PLANNED,
    ]

    # The caregiver's page shows the path and lets her stop it.
    client.force_login(caregiver)
    page = client.get(referral.respite_request.get_absolute_url()).content.decode()
    assert "Eerst wennen bij De Linde" in page and "ging goed" in page
    assert "Mijn naaste wil niet verder: stop het wennen" in page


def test_the_caregiver_stops_the_path_and_the_consultant_hears(
    client, accepted, django_capture_on_commit_callbacks
):
    referral, planner, caregiver, consultant = accepted
    today = timezone.localdate()
    for kind, days in (("kijkmiddag", 1), ("nacht", 4), ("weekend", 10)):
        SettlingStep.objects.create(referral=referral, kind=kind, day=today + timedelta(days))
    client.force_login(caregiver)
    stop = reverse("respite:settling_stop", args=[referral.respite_request.reference, referral.pk])
    # First a page that says what stops and who hears (one tap on a phone was too easy).
    page = client.get(stop).content.decode()
    assert "Het wennen bij De Linde stoppen?" in page and "Ja, stop het wennen" in page
    assert [s.state for s in referral.settling_steps.all()] == [SettlingState.PLANNED] * 3
    page = client.post(stop, {"note": "x" * 301}).content.decode()
    assert "ten hoogste 300 tekens" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(stop, {"note": "Ze wil niet meer."})
    assert [s.state for s in referral.settling_steps.all()] == [
        SettlingState.STOPPED,
        SettlingState.CANCELLED,
        SettlingState.CANCELLED,
    ]
    to_consultant = [m for m in mail.outbox if m.to == [consultant.email]][-1]
    assert "het wennen bij De Linde is gestopt" in to_consultant.subject
    # Stopped: the house cannot add a step, and a second stop is said plainly.
    client.force_login(planner)
    url = reverse("providers:referral", args=[referral.pk])
    page = client.post(
        url, {"actie": "wenstap", "wen-kind": "maaltijd", "wen-day": today.isoformat()}
    ).content.decode()
    assert "Het wennen is gestopt" in page
    client.force_login(caregiver)
    response = client.post(stop, follow=True)
    assert "geen geplande stap meer" in response.content.decode()


def test_only_the_house_and_the_caregiver_of_the_request(client, accepted, midden_drenthe):
    referral, _planner, _caregiver, _consultant = accepted
    other_offer, other_planner = logeerhuis("Ander huis", midden_drenthe, "p@ander.example")
    client.force_login(other_planner)
    url = reverse("providers:referral", args=[referral.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"actie": "wenstap"}).status_code == 404
    client.force_login(CaregiverFactory())
    stop = reverse("respite:settling_stop", args=[referral.respite_request.reference, referral.pk])
    assert client.post(stop).status_code == 404
    assert other_offer.pk != referral.offer.pk


def test_no_path_before_the_house_accepted(client, midden_drenthe):
    offer, planner = logeerhuis("De Linde", midden_drenthe, "planner@linde.example")
    respite_request = RespiteRequestFactory(municipality=midden_drenthe)
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    referral = referral_create(
        respite_request=respite_request, consultant=consultant, offer=offer, first_name="A"
    )
    client.force_login(planner)
    url = reverse("providers:referral", args=[referral.pk])
    assert "Stap toevoegen" not in client.get(url).content.decode()
    client.post(
        url,
        {"actie": "wenstap", "wen-kind": "kijkmiddag", "wen-day": timezone.localdate().isoformat()},
    )
    assert not SettlingStep.objects.exists()


def _free(offer, night) -> int:
    return NightCapacity.objects.get(offer=offer, night=night).free


def test_a_night_or_weekend_of_the_path_holds_places_and_stopping_gives_them_back(midden_drenthe):
    """Settling-in nights are held like the stay's own (issue 25.2 and 25.3 together): a
    full night is refused with the house's name, a weekend holds two nights, and stopping
    the path gives back the nights that will not happen."""
    offer, planner = logeerhuis("De Linde", midden_drenthe, "planner@linde.example")
    respite_request = RespiteRequestFactory(municipality=midden_drenthe)
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    saturday = next_saturday()
    night, full, weekend, stay = (saturday + timedelta(days) for days in (7, 8, 12, 21))
    rows = {night: 1, full: 1, weekend: 2, weekend + timedelta(1): 2, stay: 1}
    for day, places in rows.items():
        NightCapacity.objects.get_or_create(offer=offer, night=day, defaults={"places": places})
    NightCapacity.objects.filter(offer=offer, night=full).update(reserved=1)
    referral = referral_create(
        respite_request=respite_request, consultant=consultant, offer=offer, first_name="A"
    )
    referral_accept(
        referral=referral, member=planner, start_date=stay, end_date=stay + timedelta(1)
    )
    settling_plan(referral=referral, member=planner, kind=SettlingKind.NIGHT, day=night)
    assert _free(offer, night) == 0
    assert night in referral.nights and referral.settling_in_night == night
    # A night that is full: refused with the house's name, nothing stored.
    with pytest.raises(RequestError, match="De Linde heeft op .* geen logeerplek meer vrij"):
        settling_plan(referral=referral, member=planner, kind=SettlingKind.NIGHT, day=full)
    assert referral.settling_steps.count() == 1
    # A weekend holds its Friday and Saturday night.
    settling_plan(referral=referral, member=planner, kind=SettlingKind.WEEKEND, day=weekend)
    assert [_free(offer, weekend), _free(offer, weekend + timedelta(1))] == [1, 1]
    # Stopped at the first night: every planned night goes back to the house; the stay's
    # own night stays held.
    settling_stop(referral=referral, by=planner)
    assert [_free(offer, d) for d in (night, weekend, weekend + timedelta(1), stay)] == [
        1,
        2,
        2,
        0,
    ]
    assert referral.settling_in_night is None


def test_settling_nights_count_in_the_yearly_nights(midden_drenthe):
    offer, planner = logeerhuis("De Linde", midden_drenthe, "planner@linde.example", 1)
    respite_request = RespiteRequestFactory(municipality=midden_drenthe)
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    referral = referral_create(
        respite_request=respite_request, consultant=consultant, offer=offer, first_name="A"
    )
    saturday = next_saturday()
    referral_accept(
        referral=referral, member=planner, start_date=saturday, end_date=saturday + timedelta(1)
    )
    with pytest.raises(RequestError, match="Overleg eerst met de Wmo-consulent"):
        settling_plan(
            referral=referral, member=planner, kind=SettlingKind.NIGHT, day=saturday - timedelta(1)
        )
    assert not referral.settling_steps.exists()
    assert _free(offer, saturday - timedelta(1)) == 1


def test_the_consultants_settling_night_is_the_paths_first_step(midden_drenthe):
    """One mechanism: the one night proposed with the referral is a step of the path, which
    the house moves when it answers with another date."""
    offer, planner = logeerhuis("De Linde", midden_drenthe, "planner@linde.example")
    respite_request = RespiteRequestFactory(municipality=midden_drenthe)
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    saturday = next_saturday()
    referral = referral_create(
        respite_request=respite_request,
        consultant=consultant,
        offer=offer,
        first_name="A",
        start_date=saturday + timedelta(7),
        end_date=saturday + timedelta(9),
        settling_in_night=saturday - timedelta(1),
    )
    assert [(s.kind, s.day) for s in referral.settling_steps.all()] == [
        (SettlingKind.NIGHT, saturday - timedelta(1))
    ]
    assert _free(offer, saturday - timedelta(1)) == 0
    referral_accept(
        referral=referral,
        member=planner,
        start_date=saturday + timedelta(7),
        end_date=saturday + timedelta(9),
        settling_in_night=saturday,
    )
    assert [s.day for s in referral.settling_steps.all()] == [saturday]
    assert [_free(offer, saturday - timedelta(1)), _free(offer, saturday)] == [1, 0]


def test_the_house_never_sees_the_caregivers_address_and_a_no_cancels_the_path(
    client, accepted, midden_drenthe
):
    """A walk saw 'dochter@example.org: Het wennen is gestopt.' in the house's Verloop; and a
    declined house still showed a planned step."""
    referral, planner, caregiver, _consultant = accepted
    SettlingStep.objects.create(
        referral=referral, kind="kijkmiddag", day=timezone.localdate() + timedelta(1)
    )
    settling_stop(referral=referral, by=caregiver)
    client.force_login(planner)
    page = client.get(reverse("providers:referral", args=[referral.pk])).content.decode()
    assert "De mantelzorger" in page and caregiver.email not in page

    offer, other_planner = logeerhuis("Boshuis", midden_drenthe, "p@boshuis.example")
    consultant = make_staff("anna2@md.example", ("GM1731", "consulent"))
    respite_request = RespiteRequestFactory(municipality=midden_drenthe)
    request_claim(respite_request=respite_request, consultant=consultant)
    declined = referral_create(
        respite_request=respite_request,
        consultant=consultant,
        offer=offer,
        first_name="B",
        settling_in_night=next_saturday() - timedelta(1),
    )
    referral_decline(referral=declined, member=other_planner, reason=DeclineReason.NO_ROOM)
    assert [s.state for s in declined.settling_steps.all()] == [SettlingState.CANCELLED]
