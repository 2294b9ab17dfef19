from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from directory.choices import Kind
from respite import steps
from respite.choices import Status
from respite.models import ContactPerson, RequestDraft, RespiteRequest, TimelineEntry
from respite.services.requests import RequestError, request_submit, request_transition
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caregiver(db):
    return User.objects.create_user(
        username="mantelzorger@example.org", email="mantelzorger@example.org"
    )


@pytest.fixture
def other_caregiver(db):
    return User.objects.create_user(username="ander@example.org", email="ander@example.org")


def answers(**changes) -> dict:
    data = {
        "relationship": "ouder",
        "age_group": "oudere",
        "situation": "dementie",
        "where": "9411",  # Beilen, Midden-Drenthe
        "kinds": ["nacht_weekend"],
        "urgency": "gepland",
        "start_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "weekend": "on",
        "contact_method": "email",
        "notes": "Mijn moeder woont alleen.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def current_draft() -> RequestDraft:
    """The draft most recently begun (tests have one caregiver filling in at a time)."""
    return RequestDraft.objects.latest("created_at")


def start(client) -> str:
    """The first step's address: a new draft, or the one this caregiver has begun (the start
    page then lists it, as it does for a caregiver with a request not yet sent)."""
    response = client.get(reverse("respite:request_start"))
    if response.status_code == 302:
        return response["Location"]
    return step_url(steps.STEPS[0].slug)


def check_url() -> str:
    return reverse("respite:request_check", args=[current_draft().pk])


def fill_in(client, data: dict):
    """Walk the steps as a caregiver does, answering from data; the first answer that is not
    accepted stops the walk and its page is returned."""
    url = start(client)
    response = None
    while "/stap/" in url:
        step = steps.BY_SLUG[url.split("/stap/")[1].split("/")[0]]
        response = client.post(url, {k: v for k, v in data.items() if k in step.fields})
        if response.status_code != 302:
            return response
        url = response["Location"]
    return response


def submit(client, **changes):
    fill_in(client, answers(**changes))
    return client.post(check_url(), follow=True)


def test_anonymous_visitors_are_told_to_sign_in_first(client, assen):
    offer = OfferFactory()
    response = client.get(reverse("respite:request_start"), {"aanbod": offer.pk})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Voor een aanvraag heeft u wel een account nodig" in content
    assert offer.name in content


def test_sign_in_first_page_gives_the_wmo_loket_number_of_the_offers_municipality(client, assen):
    assen.loket_phone, assen.loket_hours = "14 0592", "Elke werkdag van 8.30 tot 17.00 uur"
    assen.save()
    offer = OfferFactory(municipality=assen)
    content = client.get(reverse("respite:request_start"), {"aanbod": offer.pk}).content.decode()
    assert 'href="tel:140592"' in content and "Elke werkdag van 8.30 tot 17.00 uur" in content
    # Without an offer we do not know the municipality: the page says where to find it.
    other = client.__class__().get(reverse("respite:request_start")).content.decode()
    assert "zoek de gemeente met de postcode" in other


def step_url(slug: str) -> str:
    return reverse("respite:request_step", args=[current_draft().pk, slug])


def test_errors_are_listed_and_answers_kept(client, caregiver, midden_drenthe):
    client.force_login(caregiver)
    data = answers(urgency="spoed", kinds=None, where="1099", notes="<b>mijn tekst</b>")
    wrong_place = fill_in(client, data).content.decode()
    assert "Er is iets niet goed gegaan" in wrong_place
    assert "We kennen postcode 1099 niet" in wrong_place
    assert 'value="1099"' in wrong_place  # what was typed stays
    data["where"] = "9411"
    no_kind = fill_in(client, data).content.decode()
    assert "Kies minstens één soort hulp." in no_kind
    data["kinds"] = ["nacht_weekend"]
    no_reason = fill_in(client, data).content.decode()
    assert "Vertel kort waarom het dringend is." in no_reason
    data["urgent_reason"] = "Ik word zelf opgenomen."
    fill_in(client, data)
    # Back to a step later: the answers are still there, escaped.
    again = client.get(step_url("toelichting")).content.decode()
    assert "&lt;b&gt;mijn tekst&lt;/b&gt;" in again
    assert "<b>mijn tekst" not in again
    check = client.get(check_url()).content.decode()
    assert "&lt;b&gt;mijn tekst&lt;/b&gt;" in check and "Ik word zelf opgenomen." in check


def test_submit_gives_a_reference_and_an_email_without_health_details(
    client, caregiver, midden_drenthe, django_capture_on_commit_callbacks
):
    client.force_login(caregiver)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client)
    req = RespiteRequest.objects.get()
    assert req.municipality == midden_drenthe  # where the mother lives
    assert req.status == Status.SUBMITTED and req.assigned_to is None
    assert req.reference in response.content.decode()
    message = next(m for m in mail.outbox if m.to == [caregiver.email])
    assert req.reference in message.body
    assert "dementie" not in message.body.lower() and "moeder" not in message.body.lower()
    assert TimelineEntry.objects.filter(respite_request=req, to_status=Status.SUBMITTED).exists()


def test_check_page_warns_when_dates_fall_inside_the_notice_period(client, caregiver, assen):
    offer = OfferFactory(name="Logeerhuis", kind=Kind.LOGEERZORG, notice_days=42)
    client.force_login(caregiver)
    client.get(reverse("respite:request_start"), {"aanbod": offer.pk})
    fill_in(client, answers())
    content = client.get(check_url()).content.decode()
    earliest = timezone.localdate() + timedelta(days=42)
    assert "meldt u zich 42 dagen van tevoren aan" in content
    assert earliest.strftime("%Y") in content
    assert "voor spoed en zeg waarom" in content


def test_request_goes_straight_to_the_fixed_contact_person(
    caregiver, consultant, assen, django_capture_on_commit_callbacks
):
    ContactPerson.objects.create(caregiver=caregiver, municipality=assen, consultant=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        req = request_submit(
            caregiver=caregiver,
            municipality=assen,
            data={
                "relationship": "partner",
                "age_group": "oudere",
                "situation": "dementie",
                "kinds": ["logeerzorg"],
                "urgency": "gepland",
                "contact_method": "email",
            },
        )
    assert req.assigned_to == consultant
    assert any(m.to == [consultant.email] for m in mail.outbox)


def test_illegal_transition_is_refused_and_legal_ones_write_the_timeline(caregiver, assen):
    req = RespiteRequest.objects.create(
        caregiver=caregiver,
        municipality=assen,
        relationship="partner",
        age_group="oudere",
        situation="dementie",
        urgency="gepland",
        contact_method="email",
    )
    with pytest.raises(RequestError, match="Dit kan niet"):
        request_transition(respite_request=req, actor=caregiver, to_status=Status.CLOSED)
    request_transition(respite_request=req, actor=caregiver, to_status=Status.IN_PROGRESS)
    request_transition(respite_request=req, actor=caregiver, to_status=Status.DECIDED)
    request_transition(respite_request=req, actor=caregiver, to_status=Status.CLOSED)
    req.refresh_from_db()
    assert req.status == Status.CLOSED and req.closed_at is not None
    assert list(req.timeline.values_list("to_status", flat=True)) == [
        "in_behandeling",
        "besluit_genomen",
        "afgerond",
    ]


def test_another_caregivers_request_is_404_even_by_guessing(
    client, caregiver, other_caregiver, midden_drenthe
):
    client.force_login(caregiver)
    submit(client)
    req = RespiteRequest.objects.get()
    client.force_login(other_caregiver)
    for url in [
        reverse("respite:request_detail", args=[req.reference]),
    ]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("respite:withdraw", args=[req.reference])).status_code == 404
    assert (
        client.post(reverse("respite:add_info", args=[req.reference]), {"text": "x"}).status_code
        == 404
    )
    assert req.reference not in client.get(reverse("respite:my_requests")).content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_caregiver_withdraws_and_adds_information(client, caregiver, midden_drenthe):
    client.force_login(caregiver)
    submit(client)
    req = RespiteRequest.objects.get()
    client.post(reverse("respite:add_info", args=[req.reference]), {"text": "Ook op zondag."})
    client.post(reverse("respite:withdraw", args=[req.reference]))
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Ook op zondag." in page
    assert "Ingetrokken" in page
    again = client.post(reverse("respite:withdraw", args=[req.reference]), follow=True)
    assert "Dit kan niet: de aanvraag is ingetrokken." in again.content.decode()


def test_withdrawing_asks_why_without_requiring_it(client, caregiver, midden_drenthe):
    client.force_login(caregiver)
    submit(client)
    req = RespiteRequest.objects.get()
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Waarom trekt u de aanvraag in? (mag leeg)" in page and "checked" not in page
    bad = client.post(
        reverse("respite:withdraw", args=[req.reference]), {"reason": "<b>x</b>"}, follow=True
    )
    assert "Kies een van de redenen, of geen." in bad.content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED  # nothing happened
    client.post(reverse("respite:withdraw", args=[req.reference]), {"reason": "zelf_geregeld"})
    req.refresh_from_db()
    assert req.status == Status.WITHDRAWN and req.withdraw_reason == "zelf_geregeld"


def test_detail_shows_contact_person_terms_and_who_looked(client, caregiver, consultant, assen):
    from respite.models import AccessLogEntry

    consultant.work_phone, consultant.reachable_hours = "0592 123 456", "ma-do 9-12 uur"
    consultant.save()
    ContactPerson.objects.create(caregiver=caregiver, municipality=assen, consultant=consultant)
    req = RespiteRequest.objects.create(
        caregiver=caregiver,
        municipality=assen,
        relationship="partner",
        age_group="oudere",
        situation="dementie",
        urgency="gepland",
        contact_method="email",
    )
    AccessLogEntry.objects.create(
        respite_request=req, user=consultant, reason="Aanvraag beoordelen"
    )
    client.force_login(caregiver)
    content = client.get(req.get_absolute_url()).content.decode()
    assert "Uw vaste contactpersoon" in content and 'href="tel:+31592123456"' in content
    assert "ma-do 9-12 uur" in content
    assert "binnen 6 weken" in content and "binnen 2 weken" in content
    assert "Aanvraag beoordelen" in content
