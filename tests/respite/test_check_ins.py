"""After every stay, a check-in (issue 24.5): three short questions from a signed, single-use
link without signing in; the answer to the fixed contact person; "nee" asks them to call;
eight weeks later an invitation to do the self-check again."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from accounts.choices import RoleKind
from directory.choices import Kind
from portal.schedule import JOBS
from respite.choices import ReferralStatus
from respite.models import CheckIn, ReferralEvent, TimelineEntry
from respite.services.checkins import check_ins_run
from respite.services.privacy import request_anonymise
from respite.services.referrals import referral_progress
from respite.services.requests import request_claim
from tests.directory.factories import OfferFactory
from tests.factories import (
    CaregiverFactory,
    ProviderStaffFactory,
    ReferralFactory,
    RespiteRequestFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

NOTES = "Mijn moeder dwaalt 's nachts."


@pytest.fixture
def consultant(db):
    return StaffFactory(email="anna@md.example", roles=[("GM1731", RoleKind.CONSULTANT)])


@pytest.fixture
def stay(consultant):
    """A stay at a logeerhuis that has begun, for a request the consultant holds."""
    respite_request = RespiteRequestFactory(
        caregiver=CaregiverFactory(email="dochter@example.org"), notes=NOTES
    )
    request_claim(respite_request=respite_request, consultant=consultant)
    referral = ReferralFactory(respite_request=respite_request, status=ReferralStatus.STARTED)
    return referral, ProviderStaffFactory(provider=referral.provider)


def finish(stay, capture):
    referral, member = stay
    mail.outbox.clear()
    with capture(execute=True):
        referral_progress(referral=referral, member=member, to_status=ReferralStatus.COMPLETED)
    return CheckIn.objects.get(referral=referral)


def link_in(message) -> str:
    return re.search(r"https?://\S+/hoe-ging-het/\S+/", message.body).group(0)


def test_the_end_of_a_stay_sends_three_questions_answered_without_signing_in(
    client, stay, consultant, django_capture_on_commit_callbacks
):
    check_in = finish(stay, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["dochter@example.org"]
    assert "Hoe ging het bij" in message.subject
    assert NOTES not in message.body and "dementie" not in message.body.lower()
    url = link_in(message).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + url).content.decode()  # not signed in
    assert "Had u even rust?" in page and "Zou uw naaste nog eens gaan?" in page
    assert "checked" not in page  # nothing chosen for the caregiver

    empty = client.post("/" + url, {"obstacle_text": "Te ver weg"})
    assert empty.status_code == 200
    text = empty.content.decode()
    assert "Kies of u even rust had." in text and "Kies of uw naaste nog eens zou gaan." in text
    assert "Te ver weg" in text  # keeps what was typed

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/" + url,
            {"rested": "een_beetje", "go_again": "nee", "obstacles": ["vervoer", "wilde_niet"]},
        )
    assert "Uw contactpersoon belt u" in done.content.decode()
    check_in.refresh_from_db()
    assert check_in.answered_at and check_in.obstacles == ["vervoer", "wilde_niet"]
    (to_contact,) = mail.outbox
    assert to_contact.to == [consultant.email]
    assert to_contact.subject.startswith("Bel de mantelzorger")
    assert "vervoer" not in to_contact.body.lower() and NOTES not in to_contact.body
    assert any(
        "U vertelde" in entry.shown
        for entry in TimelineEntry.objects.filter(respite_request=check_in.referral.respite_request)
    )

    # Single use: the link now says it was answered, and a second answer changes nothing.
    mail.outbox.clear()
    again = client.post("/" + url, {"rested": "ja", "go_again": "ja"}).content.decode()
    assert "al beantwoord" in again
    check_in.refresh_from_db()
    assert check_in.rested == "een_beetje" and mail.outbox == []


@pytest.mark.parametrize(
    "token",
    [
        "onzin",
        "<script>alert(1)<script>",
        "x" * 500,
        # Signed tokens carry the time they were made, so they get fixed ids: pytest-xdist
        # workers must collect the same test names.
        pytest.param(
            signing.dumps(999999, salt=CheckIn.SALT, compress=True), id="no-such-check-in"
        ),
        pytest.param(signing.dumps(1, salt="another.salt", compress=True), id="signed-for-else"),
    ],
)
def test_a_wrong_link_says_what_to_do_instead(client, stay, token):
    response = client.get(reverse("respite:check_in", args=[token]))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()
    assert "<script>alert" not in response.content.decode()


def test_an_old_link_no_longer_works(client, stay, django_capture_on_commit_callbacks):
    check_in = finish(stay, django_capture_on_commit_callbacks)
    url = check_in.get_absolute_url()
    assert client.get(url).status_code == 200
    later = timezone.now() + timedelta(days=91)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: later.timestamp())
        assert client.get(url).status_code == 404


def test_the_consultant_reads_the_answer_and_the_caregiver_sees_it_was_heard(
    client, stay, consultant, django_capture_on_commit_callbacks
):
    check_in = finish(stay, django_capture_on_commit_callbacks)
    respite_request = check_in.referral.respite_request
    client.force_login(respite_request.caregiver)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    # The page's link names this check-in (its signature carries the time it was made).
    token = re.search(r'href="/hoe-ging-het/([^/"]+)/"', page).group(1)
    assert CheckIn.from_token(token) == check_in and "Drie korte vragen" in page
    client.post(
        check_in.get_absolute_url(),
        {"rested": "ja", "go_again": "nee", "obstacle_text": "Het eten was anders."},
    )
    page = client.get(respite_request.get_absolute_url()).content.decode()
    assert "U vertelde hoe het ging" in page

    client.force_login(consultant)
    werkbak = client.get(reverse("werkbak:request", args=[respite_request.reference]))
    text = werkbak.content.decode()
    assert "Het eten was anders." in text and "Bel de mantelzorger" in text
    elsewhere = StaffFactory(roles=[("GM0106", RoleKind.CONSULTANT)])
    client.force_login(elsewhere)
    other = client.get(reverse("werkbak:request", args=[respite_request.reference]))
    assert other.status_code == 404

    client.force_login(respite_request.caregiver)
    data = json.loads(client.get(reverse("respite:my_data")).content)
    answers = data["aanvragen"][0]["aanmeldingen"][0]["na_het_verblijf"]
    assert answers["nog_eens"] == "Nee" and answers["iets_anders"] == "Het eten was anders."
    request_anonymise(respite_request=respite_request)
    check_in.refresh_from_db()
    assert check_in.obstacle_text == ""


def test_day_care_gets_the_questions_after_four_weeks_and_everyone_the_self_check_after_eight(
    django_capture_on_commit_callbacks,
):
    assert "check-ins" in JOBS
    started = {}
    for weeks in (3, 5):
        referral = ReferralFactory(
            offer=OfferFactory(kind=Kind.DAGBESTEDING), status=ReferralStatus.STARTED
        )
        event = ReferralEvent.objects.create(
            referral=referral, from_status="geaccepteerd", to_status=ReferralStatus.STARTED
        )
        ReferralEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(weeks=weeks))
        started[weeks] = referral
    with django_capture_on_commit_callbacks(execute=True):
        check_ins_run()
        check_ins_run()  # twice: still one check-in, one mail
    assert list(CheckIn.objects.values_list("referral", flat=True)) == [started[5].pk]
    assert len(mail.outbox) == 1

    mail.outbox.clear()
    CheckIn.objects.update(created_at=timezone.now() - timedelta(weeks=8, days=1))
    with django_capture_on_commit_callbacks(execute=True):
        check_ins_run()
        check_ins_run()
    (invitation,) = mail.outbox
    assert invitation.subject == "Hoe gaat het nu met u?" and "/zelftest/" in invitation.body


def test_without_e_mail_the_consultant_asks_by_phone(client, consultant):
    """A phone intake without an account gets no mail: the werkbak says so and opens the
    same three questions for the consultant to fill in during a call."""
    respite_request = RespiteRequestFactory(caregiver=None, intake_name="Mevrouw Jansen")
    respite_request.assigned_to = consultant
    respite_request.save()
    referral = ReferralFactory(respite_request=respite_request, status=ReferralStatus.STARTED)
    mail.outbox.clear()
    referral_progress(
        referral=referral,
        member=ProviderStaffFactory(provider=referral.provider),
        to_status=ReferralStatus.COMPLETED,
    )
    assert mail.outbox == []
    check_in = CheckIn.objects.get(referral=referral)
    client.force_login(consultant)
    page = client.get(reverse("werkbak:request", args=[respite_request.reference]))
    text = page.content.decode()
    assert "krijgt geen e-mail" in text and "de vragen zijn verstuurd" not in text
    token = re.search(r'href="/hoe-ging-het/([^/"]+)/"', text).group(1)
    assert CheckIn.from_token(token) == check_in
    client.post(check_in.get_absolute_url(), {"rested": "ja", "go_again": "ja"})
    check_in.refresh_from_db()
    assert check_in.answered_at is not None
