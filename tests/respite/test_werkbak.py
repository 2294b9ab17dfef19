import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from directory.choices import Kind
from respite.choices import Status
from respite.models import AccessLogEntry, ContactPerson, RespiteRequest
from respite.services.requests import RequestError, request_claim
from tests.conftest import make_staff
from tests.directory.factories import OfferFactory
from tests.factories import CaregiverFactory, RespiteRequestFactory


@pytest.fixture
def md_one(db):
    return make_staff("een@middendrenthe.example", ("GM1731", "consulent"))


@pytest.fixture
def md_two(db):
    return make_staff("twee@middendrenthe.example", ("GM1731", "consulent"))


@pytest.fixture
def caregiver(db):
    return CaregiverFactory(email="dochter@example.org")


def make_request(caregiver, municipality, **extra):
    data = dict(kinds=["nacht_weekend"], at_home=True) | extra
    return RespiteRequestFactory(caregiver=caregiver, municipality=municipality, **data)


@pytest.fixture
def req(caregiver, midden_drenthe):
    return make_request(caregiver, midden_drenthe, urgency="spoed", urgent_reason="Ziek")


ROLES = ["anonymous", "md_one", "consultant", "editor", "superuser"]  # consultant = Assen


def urls(req):
    ref = req.reference
    return {
        "queue": ("get", reverse("werkbak:queue")),
        "request": ("get", reverse("werkbak:request", args=[ref])),
        "claim": ("post", reverse("werkbak:claim", args=[ref])),
        "note": ("post", reverse("werkbak:note", args=[ref])),
        "ask": ("post", reverse("werkbak:ask_information", args=[ref])),
        "link": ("post", reverse("werkbak:link_offer", args=[ref])),
        "decide": ("post", reverse("werkbak:decide", args=[ref])),
        "close": ("post", reverse("werkbak:close", args=[ref])),
        "hand_over": ("post", reverse("werkbak:hand_over", args=[ref])),
        "end_contact": ("post", reverse("werkbak:end_contact", args=[ref])),
        "team": ("get", reverse("werkbak:team", args=["midden-drenthe"])),
        "intake": ("get", reverse("werkbak:intake", args=["midden-drenthe"])),
        "invite": ("post", reverse("werkbak:invite_caregiver", args=[ref])),
    }


# anonymous, Midden-Drenthe consultant, Assen consultant, editor without consultant role, superuser
EXPECTED = {
    "queue": (302, 200, 200, 403, 200),
    "request": (302, 200, 404, 403, 200),
    "claim": (302, 302, 404, 403, 302),
    # Posted empty: the request page again with the form's errors (200), for those who may.
    "note": (302, 200, 404, 403, 200),
    "ask": (302, 200, 404, 403, 200),
    "link": (302, 404, 404, 403, 404),  # no offer given: 404 for those who may see the request
    "decide": (302, 200, 404, 403, 200),
    "close": (302, 302, 404, 403, 302),
    "hand_over": (302, 200, 404, 403, 200),
    "end_contact": (302, 404, 404, 403, 404),  # no active contact yet
    "team": (302, 200, 404, 403, 200),
    "intake": (302, 200, 404, 403, 200),
    "invite": (302, 302, 404, 403, 302),  # posted without an e-mail: a message, not a change
}


@pytest.mark.django_db
@pytest.mark.parametrize("view", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, request, req, view, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    method, url = urls(req)[view]
    response = getattr(client, method)(url)
    assert response.status_code == EXPECTED[view][ROLES.index(role)]


@pytest.mark.django_db
def test_queue_shows_own_municipality_urgent_first(
    client, md_one, caregiver, midden_drenthe, assen
):
    planned = make_request(caregiver, midden_drenthe)
    urgent = make_request(caregiver, midden_drenthe, urgency="spoed", urgent_reason="Nu")
    elsewhere = make_request(caregiver, assen)
    client.force_login(md_one)
    rows = list(client.get(reverse("werkbak:queue")).context["page"])
    assert [r.reference for r in rows] == [urgent.reference, planned.reference]
    assert elsewhere.reference not in client.get(reverse("werkbak:queue")).content.decode()
    mine = client.get(reverse("werkbak:queue"), {"wie": "open", "spoed": "on"}).context["page"]
    assert [r.reference for r in mine] == [urgent.reference]


@pytest.mark.django_db
def test_opening_a_request_writes_the_access_log_the_caregiver_sees(client, md_one, req, caregiver):
    client.force_login(md_one)
    client.get(reverse("werkbak:request", args=[req.reference]))
    entry = AccessLogEntry.objects.get(respite_request=req)
    assert entry.user == md_one and entry.shown
    client.force_login(caregiver)
    assert "Aanvraag behandelen" in client.get(req.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_access_log_is_grouped_per_person_per_day_and_the_raw_log_kept(
    client, md_one, md_two, req, caregiver
):
    """Five views by one consultant in a minute are one line; the raw entries stay."""
    client.force_login(md_one)
    for _ in range(5):
        client.get(reverse("werkbak:request", args=[req.reference]))
    client.force_login(md_two)
    client.get(reverse("werkbak:request", args=[req.reference]))
    yesterday = AccessLogEntry.objects.create(
        respite_request=req, user=md_one, reason="Aanvraag behandelen"
    )
    AccessLogEntry.objects.filter(pk=yesterday.pk).update(at=yesterday.at - timedelta(days=1))
    assert AccessLogEntry.objects.filter(respite_request=req).count() == 7

    client.force_login(caregiver)
    response = client.get(req.get_absolute_url())
    visits = response.context["access_visits"]
    assert [(v.user, v.times) for v in visits] == [(md_two, 1), (md_one, 5), (md_one, 1)]
    page = response.content.decode()
    # Within one minute: "om 22:15 uur", never "tussen 22:15 en 22:15 uur".
    assert re.search(r"5 keer, (om \d\d:\d\d|tussen (\d\d:\d\d) en (?!\2)\d\d:\d\d) uur", page)
    assert page.count('<tr><th scope="row">') == 3 + 7  # grouped table + raw table


@pytest.mark.django_db
def test_claim_makes_the_fixed_contact_person_and_a_second_claim_fails(
    client, md_one, md_two, req, caregiver
):
    client.force_login(md_one)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    req.refresh_from_db()
    assert req.assigned_to == md_one and req.status == Status.IN_PROGRESS
    assert (
        ContactPerson.objects.get(caregiver=caregiver, ended_at__isnull=True).consultant == md_one
    )
    client.force_login(md_two)
    response = client.post(reverse("werkbak:claim", args=[req.reference]), follow=True)
    assert "heeft deze aanvraag net opgepakt" in response.content.decode()


@pytest.mark.postgres("row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_claims_exactly_one_wins():
    # Transactional tests start from an empty database (others may have flushed it).
    from django.core.management import call_command

    from directory.models import Municipality

    call_command("load_reference_data", verbosity=0)
    midden_drenthe = Municipality.objects.get(code="GM1731")
    md_one = make_staff("een@middendrenthe.example", ("GM1731", "consulent"))
    md_two = make_staff("twee@middendrenthe.example", ("GM1731", "consulent"))
    caregiver = User.objects.create_user(username="d@example.org", email="d@example.org")
    req = make_request(caregiver, midden_drenthe)
    barrier = threading.Barrier(2)
    outcomes = []

    def claim(user):
        barrier.wait()
        try:
            request_claim(respite_request=req, consultant=user)
            outcomes.append(("won", user.pk))
        except RequestError as error:
            outcomes.append(("lost", str(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(u,)) for u in (md_one, md_two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["lost", "won"]
    assert ContactPerson.objects.filter(caregiver=caregiver).count() == 1


@pytest.mark.django_db
def test_matching_offers_best_first_and_linking_shows_on_the_timeline(
    client, md_one, req, midden_drenthe, caregiver
):
    best = OfferFactory(
        name="Weekendzorg thuis",
        municipality=midden_drenthe,
        kind=Kind.NACHT_WEEKEND,
        weekend=True,
        at_home=True,
        crisis=True,
        groups=["dementie"],
        phone="0593 111 222",
    )
    OfferFactory(name="Nachtzorg ergens", municipality=midden_drenthe, kind=Kind.NACHT_WEEKEND)
    OfferFactory(name="Dagbesteding", municipality=midden_drenthe, kind=Kind.DAGBESTEDING)
    client.force_login(md_one)
    page = client.get(reverse("werkbak:request", args=[req.reference]))
    names = [match[0].name for match in page.context["matches"]]
    assert names == ["Weekendzorg thuis", "Nachtzorg ergens"]
    assert 'href="tel:+31593111222"' in page.content.decode()
    client.post(reverse("werkbak:link_offer", args=[req.reference]), {"offer": best.pk})
    client.force_login(caregiver)
    assert (
        "Passend aanbod gevonden: Weekendzorg thuis"
        in client.get(req.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_decide_with_a_reason_then_hand_over_the_relation(
    client, md_one, md_two, req, caregiver, django_capture_on_commit_callbacks
):
    client.force_login(md_one)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("werkbak:decide", args=[req.reference]),
            {
                "besluit-decision": "toegekend",
                "besluit-reason": "overbelasting",
                "besluit-valid_from": "2027-01-04",
                "besluit-text": "U krijgt elk weekend zes uur hulp thuis.",
            },
        )
    req.refresh_from_db()
    assert req.status == Status.DECIDED and req.decision == "toegekend"
    decision_mail = [m for m in mail.outbox if m.to == [caregiver.email]][-1]
    assert "zes uur" not in decision_mail.body  # no details by mail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("werkbak:hand_over", args=[req.reference]),
            {
                "overdracht-colleague": md_two.pk,
                "overdracht-reason": "Vakantie",
                "overdracht-whole_relation": "on",
            },
        )
    req.refresh_from_db()
    assert req.assigned_to == md_two
    active = ContactPerson.objects.get(caregiver=caregiver, ended_at__isnull=True)
    assert active.consultant == md_two
    client.force_login(caregiver)
    page = client.get(req.get_absolute_url()).content.decode()
    assert "U krijgt elk weekend zes uur hulp thuis." in page
    assert f"Uw nieuwe vaste contactpersoon is {md_two}" in page
    assert "Vakantie" not in page  # the hand-over reason is an internal note


@pytest.mark.django_db
def test_deciding_twice_or_before_claiming_is_refused(client, md_one, req):
    client.force_login(md_one)
    data = {
        "besluit-decision": "afgewezen",
        "besluit-reason": "eigen_netwerk",
        "besluit-text": "Uitleg.",
    }
    response = client.post(reverse("werkbak:decide", args=[req.reference]), data, follow=True)
    assert "alleen als de aanvraag in behandeling is" in response.content.decode()


@pytest.mark.django_db
def test_team_view_counts_and_medians(
    client, md_one, caregiver, midden_drenthe, consultant, editor
):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    make_request(caregiver, midden_drenthe, urgency="spoed", urgent_reason="Nu")
    done = make_request(caregiver, midden_drenthe, status=Status.DECIDED, assigned_to=md_one)
    RespiteRequest.objects.filter(pk=done.pk).update(
        created_at=now - timedelta(days=10),
        first_contact_at=now - timedelta(days=9),
        decided_at=now - timedelta(days=4),
    )
    client.force_login(md_one)
    response = client.get(reverse("werkbak:team", args=["midden-drenthe"]))
    figures = response.context["figures"]
    assert figures["speed"][30]["first_contact"] == 1.0
    assert figures["speed"][30]["decision"] == 6.0
    assert len(figures["urgent"]) == 1
    assert (str(md_one), 1) in figures["per_consultant"]
    page = response.content.decode()
    # Kinds in words, and no dangling colon after a count of nothing (a helper's walk).
    assert "Nacht- en weekendzorg: 2" in page
    assert "nacht_weekend" not in page
    assert "aanvragen over de termijn</li>" in page or "aanvraag over de termijn</li>" in page
    assert ("Nog niemand", 1) in figures["per_consultant"]
    client.force_login(consultant)  # Assen
    assert client.get(reverse("werkbak:team", args=["midden-drenthe"])).status_code == 404
    client.force_login(editor)
    assert client.get(reverse("werkbak:team", args=["midden-drenthe"])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("md_one", 200), ("consultant", 404), ("editor", 403), ("superuser", 200)],
)
def test_intake_role_matrix(client, request, role, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("werkbak:intake", args=["midden-drenthe"])).status_code == status


@pytest.mark.django_db
def test_phone_intake_then_invite_puts_it_on_the_caregivers_pages(
    client, md_one, midden_drenthe, consultant, django_capture_on_commit_callbacks
):
    client.force_login(md_one)
    response = client.post(
        reverse("werkbak:intake", args=["midden-drenthe"]),
        {
            "intake_name": "Mevrouw Jansen",
            "phone": "0593 123 456",
            "intake_email": "",
            "relationship": "partner",
            "age_group": "oudere",
            "situation": "dementie",
            "kinds": ["respijtzorg_thuis"],
            "urgency": "gepland",
            "contact_method": "telefoon",
        },
    )
    req = RespiteRequest.objects.get(intake_name="Mevrouw Jansen")
    assert response["Location"] == reverse("werkbak:request", args=[req.reference])
    assert req.caregiver is None and req.assigned_to == md_one
    assert req.status == Status.IN_PROGRESS

    client.force_login(consultant)  # Assen: not theirs
    url = reverse("werkbak:invite_caregiver", args=[req.reference])
    assert client.post(url, {"email": "jansen@example.org"}).status_code == 404

    client.force_login(md_one)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "Jansen@Example.org"})
    req.refresh_from_db()
    caregiver = User.objects.get(email="jansen@example.org")
    assert req.caregiver == caregiver and not caregiver.is_staff_member
    assert ContactPerson.objects.get(caregiver=caregiver).consultant == md_one
    assert mail.outbox[-1].to == ["jansen@example.org"]
    client.force_login(caregiver)
    page = client.get(reverse("respite:my_requests")).content.decode()
    assert req.reference in page and str(md_one) in page


INTAKE = {
    "intake_name": "Meneer Bakker",
    "phone": "0593 123 456",
    "intake_email": "",
    "relationship": "partner",
    "age_group": "oudere",
    "situation": "dementie",
    "kinds": ["respijtzorg_thuis", "logeerzorg"],
    "urgency": "gepland",
    "contact_method": "brief",
}


@pytest.mark.django_db
def test_intake_form_speaks_to_the_consultant(client, md_one):
    client.force_login(md_one)
    page = client.get(reverse("werkbak:intake", args=["midden-drenthe"])).content.decode()
    assert "Voor wie zorgt de mantelzorger?" in page
    assert "Voor wie zorgt u" not in page
    assert "Adres voor brieven" in page


@pytest.mark.django_db
def test_letters_need_a_postal_address_which_the_request_page_shows(client, md_one):
    client.force_login(md_one)
    url = reverse("werkbak:intake", args=["midden-drenthe"])
    response = client.post(url, INTAKE)
    assert response.status_code == 200  # kept, with the error
    assert "Vul het adres in, of kies een andere manier." in response.content.decode()
    assert "Meneer Bakker" in response.content.decode()
    assert not RespiteRequest.objects.filter(intake_name="Meneer Bakker").exists()

    address = "Dorpsstraat 1\n9411 AA Beilen"
    response = client.post(url, {**INTAKE, "postal_address": address})
    req = RespiteRequest.objects.get(intake_name="Meneer Bakker")
    assert req.postal_address == address and req.contact_method == "brief"
    page = client.get(response["Location"]).content.decode()
    assert "Dorpsstraat 1<br>9411 AA Beilen" in page
    # Kinds and situation in words, not codes.
    assert "Respijtzorg thuis en blokzorg, Logeerzorg" in page
    assert "respijtzorg_thuis" not in page
    assert "Dementie en psychogeriatrie" in page


@pytest.mark.django_db
def test_a_reason_that_does_not_fit_the_decision_is_refused_keeping_what_was_typed(
    client, md_one, req
):
    client.force_login(md_one)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    page = client.get(reverse("werkbak:request", args=[req.reference])).content.decode()
    # The reason starts empty: nothing is chosen for the consultant.
    assert '<option value="" selected>Kies eerst het besluit, dan de reden</option>' in page
    response = client.post(
        reverse("werkbak:decide", args=[req.reference]),
        {
            "besluit-decision": "afgewezen",
            "besluit-reason": "past_bij_vraag",
            "besluit-text": "Mijn uitleg die ik net typte.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deze reden past niet bij &#x27;afgewezen&#x27;" in page
    assert 'href="#id_besluit-reason"' in page  # the summary links to the field
    assert "Mijn uitleg die ik net typte." in page
    req.refresh_from_db()
    assert req.status == Status.IN_PROGRESS and not req.decision


@pytest.mark.django_db
def test_a_grant_needs_the_date_it_starts(client, md_one, req):
    client.force_login(md_one)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    page = client.post(
        reverse("werkbak:decide", args=[req.reference]),
        {"besluit-decision": "toegekend", "besluit-reason": "overbelasting", "besluit-text": "X"},
    ).content.decode()
    assert "Vul in vanaf wanneer de hulp er is." in page
    assert 'href="#id_besluit-valid_from"' in page


@pytest.mark.django_db
def test_the_caregiver_reads_the_decision_first_and_how_to_object(client, md_one, req, caregiver):
    from datetime import timedelta

    client.force_login(md_one)
    client.post(reverse("werkbak:claim", args=[req.reference]))
    client.post(
        reverse("werkbak:decide", args=[req.reference]),
        {
            "besluit-decision": "deels_toegekend",
            "besluit-reason": "eigen_netwerk",
            "besluit-valid_from": "2027-01-04",
            "besluit-text": "U krijgt twee weekenden per maand.",
        },
    )
    req.refresh_from_db()
    client.force_login(caregiver)
    page = client.get(req.get_absolute_url()).content.decode()
    decision = page.index("Het besluit van de gemeente")
    assert decision < page.index("Uw vaste contactpersoon") < page.index("Wat is er gebeurd?")
    assert "Wat kunt u verwachten?" not in page  # the wait is over once decided
    block = page[decision : page.index("</section>", decision)]
    assert "Deels toegekend" in block and "vanaf maandag 4 januari 2027" in block
    assert "Het eigen netwerk kan dit (deels) oplossen" in block
    assert "U krijgt twee weekenden per maand." in block
    deadline = timezone.localtime(req.decided_at).date() + timedelta(weeks=6)
    assert f"uiterlijk op {date_format(deadline, 'l j F Y')}" in block
    assert "college van burgemeester en wethouders van de gemeente Midden-Drenthe" in block
    assert req.reference in block and "handtekening" in block
    assert 'href="tel:+31592366100"' in block  # talk to the fixed contact first


@pytest.mark.django_db
def test_a_colleague_changes_nothing_without_taking_over_first(
    client, md_one, md_two, req, caregiver, django_capture_on_commit_callbacks
):
    """Deciding, referring, withdrawing a referral and ending the contact of a request a
    colleague holds went through without any step between."""
    from respite.models import Referral
    from respite.services.referrals import referral_create
    from tests.providers.test_referrals import logeerhuis

    request_claim(respite_request=req, consultant=md_one)
    offer, _staff = logeerhuis("Logeerhuis Beilen", req.municipality, "p@beilen.example")
    referral = referral_create(
        respite_request=req, consultant=md_one, offer=offer, first_name="Aaltje"
    )
    client.force_login(md_two)
    ref = req.reference
    decide = {
        "besluit-decision": "afgewezen",
        "besluit-reason": "eigen_netwerk",
        "besluit-text": "Uitleg.",
    }
    attempts = [
        (reverse("werkbak:decide", args=[ref]), decide),
        (reverse("werkbak:close", args=[ref]), {}),
        (reverse("werkbak:referral_withdraw", args=[ref, referral.pk]), {}),
        (reverse("werkbak:end_contact", args=[ref]), {}),
        (reverse("werkbak:ask_information", args=[ref]), {"vraag-text": "Hoe gaat het?"}),
    ]
    for url, data in attempts:
        page = client.post(url, data, follow=True).content.decode()
        assert "Kies dan eerst" in page or "Alleen die kan het contact" in page, url
        assert all(typed in page for typed in data.values() if "Hoe" in typed)  # kept
    refer = client.post(
        reverse("werkbak:refer", args=[ref]),
        {"verwijs-offers": [offer.pk], "verwijs-first_name": "Aaltje"},
        follow=True,
    ).content.decode()
    assert "Kies dan eerst" in refer
    req.refresh_from_db()
    referral.refresh_from_db()
    assert req.status == Status.IN_PROGRESS and not req.decision
    assert (
        referral.status == "verstuurd" and Referral.objects.filter(respite_request=req).count() == 1
    )
    assert ContactPerson.objects.get(caregiver=caregiver).ended_at is None

    # Taking over needs a reason, and a phone the caregiver can call: said with the way to
    # fill it in, and the reason kept.
    phone = md_two.work_phone
    type(md_two).objects.filter(pk=md_two.pk).update(work_phone="")
    refused = client.post(
        reverse("werkbak:take_over", args=[ref]), {"overnemen-reason": "Een is ziek"}
    ).content.decode()
    assert "Vul eerst uw telefoonnummer" in refused and "Naar mijn gegevens</a>" in refused
    assert "Een is ziek" in refused
    type(md_two).objects.filter(pk=md_two.pk).update(work_phone=phone)
    page = client.get(reverse("werkbak:request", args=[ref])).content.decode()
    assert "Ik neem deze over" in page and "Besluit vastleggen" not in page
    empty = client.post(reverse("werkbak:take_over", args=[ref]), {}).content.decode()
    assert "Schrijf kort waarom u de aanvraag overneemt." in empty
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("werkbak:take_over", args=[ref]), {"overnemen-reason": "Een is ziek"})
    req.refresh_from_db()
    assert req.assigned_to == md_two
    said = f"{md_two} behandelt nu uw aanvraag. Uw vaste contactpersoon blijft {md_one}."
    assert said in [entry.shown for entry in req.timeline.all()]
    told = [m for m in mail.outbox if m.to == [md_one.email]][-1]
    assert "overgenomen" in told.subject and "Een is ziek" in told.body
    assert any(m.to == [caregiver.email] and said in m.body for m in mail.outbox)
    # The caregiver's page names both, never one that contradicts the mail.
    own = Client()
    own.force_login(caregiver)
    shown = own.get(req.get_absolute_url()).content.decode()
    assert f"Deze aanvraag behandelt nu {md_two}, een collega van uw contactpersoon." in shown
    client.post(reverse("werkbak:decide", args=[ref]), decide)
    req.refresh_from_db()
    assert req.decision == "afgewezen"


def test_a_legal_deadline_on_a_sunday_or_holiday_moves_to_the_next_working_day(assen):
    """Algemene termijnenwet: a term ending on a Saturday, Sunday or public holiday ends on
    the next working day (a walk saw 'Besluit: 31 januari 2027', a Sunday)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from respite.choices import Status
    from respite.deadlines import deadline_for
    from tests.factories import RespiteRequestFactory

    amsterdam = ZoneInfo("Europe/Amsterdam")
    sunday_after_six_weeks = datetime(2026, 12, 6, 10, tzinfo=amsterdam)  # +6 weeks: 17 Jan
    req = RespiteRequestFactory(municipality=assen, status=Status.SUBMITTED)
    type(req).objects.filter(pk=req.pk).update(created_at=sunday_after_six_weeks)
    req.refresh_from_db()
    assert deadline_for(req).due == date(2027, 1, 18)  # Monday
    type(req).objects.filter(pk=req.pk).update(status=Status.IN_PROGRESS)
    req.refresh_from_db()
    assert deadline_for(req).due == date(2027, 2, 1)  # 31 January is a Sunday
    # Christmas: submitted 13 November, six weeks is Friday 25 December: then Monday 28.
    type(req).objects.filter(pk=req.pk).update(
        status=Status.SUBMITTED, created_at=datetime(2026, 11, 13, 10, tzinfo=amsterdam)
    )
    req.refresh_from_db()
    assert deadline_for(req).due == date(2026, 12, 28)
