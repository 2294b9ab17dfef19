"""The closed loop: a consultant refers, providers answer, everyone sees it (issue 9)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from directory.choices import Kind
from directory.models import NightCapacity
from directory.services import availability_update
from respite.models import AccessLogEntry, NightReservation, Referral, RespiteRequest
from respite.services.referrals import (
    nights_used,
    referral_accept,
    referral_create,
    referral_decline,
    remind_overdue_referrals,
)
from respite.services.requests import RequestError, request_claim
from tests.conftest import make_staff
from tests.directory.factories import OfferFactory, ProviderFactory
from tests.factories import CaregiverFactory, RespiteRequestFactory
from tests.providers.conftest import make_provider_staff

SECRET = "Moeder dwaalt 's nachts en is gevallen"


def next_saturday():
    today = timezone.localdate()
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


@pytest.fixture
def md_consultant(db):
    return make_staff("anna@middendrenthe.example", ("GM1731", "consulent"))


@pytest.fixture
def caregiver(db):
    return CaregiverFactory(email="dochter@example.org")


@pytest.fixture
def req(caregiver, midden_drenthe, md_consultant):
    respite_request = RespiteRequestFactory(
        caregiver=caregiver, municipality=midden_drenthe, notes=SECRET
    )
    request_claim(respite_request=respite_request, consultant=md_consultant)
    return respite_request


def logeerhuis(name, municipality, email, nights_per_year=28):
    provider = ProviderFactory(name=f"Stichting {name}", municipality=municipality)
    offer = OfferFactory(
        name=name,
        provider=provider,
        municipality=municipality,
        kind=Kind.LOGEERZORG,
        nights_per_year=nights_per_year,
    )
    staff = make_provider_staff(email, provider)
    staff.work_phone, staff.reachable_hours = "0593 555 123", "werkdagen 9-17 uur"
    staff.save()
    saturday = next_saturday()
    for night in (
        saturday - timedelta(1),
        saturday,
        saturday + timedelta(7),
        saturday + timedelta(8),
    ):
        NightCapacity.objects.create(offer=offer, night=night, places=1)
    return offer, staff


@pytest.fixture
def boshuis(midden_drenthe):
    return logeerhuis("Logeerboerderij Boshuis", midden_drenthe, "plan@boshuis.example")


@pytest.fixture
def linde_md(midden_drenthe):
    return logeerhuis("Logeerhuis Beilen", midden_drenthe, "plan@beilen.example")


@pytest.mark.django_db
def test_the_whole_loop(
    client, req, md_consultant, caregiver, boshuis, linde_md, django_capture_on_commit_callbacks
):
    (boshuis_offer, boshuis_staff), (beilen_offer, beilen_staff) = boshuis, linde_md
    availability_update(offer=beilen_offer, user=beilen_staff, data={"state": "plek_vrij"})
    saturday = next_saturday()
    friday = saturday - timedelta(1)
    client.force_login(md_consultant)
    page = client.get(reverse("werkbak:refer", args=[req.reference])).content.decode()
    assert "Logeerboerderij Boshuis" in page and "Logeerhuis Beilen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("werkbak:refer", args=[req.reference]),
            {
                "verwijs-offers": [boshuis_offer.pk, beilen_offer.pk],
                "verwijs-first_name": "Aaltje",
                "verwijs-settling_in_night": friday.isoformat(),
                "verwijs-start_date": (saturday + timedelta(7)).isoformat(),
                "verwijs-end_date": (saturday + timedelta(9)).isoformat(),
            },
        )
    assert response.status_code == 302
    referrals = {r.offer: r for r in Referral.objects.filter(respite_request=req)}
    assert {r.status for r in referrals.values()} == {"verstuurd"}
    # The settling-in night and the stay's nights are held at both houses.
    assert NightReservation.objects.count() == 6
    assert NightCapacity.objects.get(offer=beilen_offer, night=friday).free == 0
    provider_mails = [m for m in mail.outbox if m.to == ["plan@boshuis.example"]]
    assert provider_mails and SECRET not in provider_mails[0].body
    assert "dementie" not in provider_mails[0].body.lower()

    # Boshuis declines with a reason: its nights are free again.
    client.force_login(boshuis_staff)
    boshuis_ref = referrals[boshuis_offer]
    page = client.get(reverse("providers:referral", args=[boshuis_ref.pk])).content.decode()
    assert "Aaltje" in page and "Dementie en psychogeriatrie" in page
    # What the caregiver wished is said as hers, apart from the dates the consultant proposed.
    assert "<dt>Wens van de mantelzorger</dt><dd>geen datum genoemd</dd>" in page
    assert SECRET not in page  # notes not shared unless ticked
    assert AccessLogEntry.objects.filter(respite_request=req, user=boshuis_staff).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("providers:referral", args=[boshuis_ref.pk]),
            {"actie": "afwijzen", "nee-reason": "zorg_te_zwaar", "nee-text": "Geen nachtwacht."},
        )
    boshuis_ref.refresh_from_db()
    assert boshuis_ref.status == "afgewezen" and not boshuis_ref.reservations.exists()
    # The provider's own history keeps the explanation it typed, beside the reason.
    page = client.get(reverse("providers:referral", args=[boshuis_ref.pk])).content.decode()
    assert "Geen nachtwacht." in page.split("Verloop")[1]
    assert NightCapacity.objects.get(offer=boshuis_offer, night=friday).free == 1

    # Before a house accepts, neither the status line nor the list promises a place; the timeline
    # says who was referred (the naaste, not the caregiver), without keeping the name.
    client.force_login(caregiver)
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Er is een plek voor uw naaste" not in page
    mine = client.get(reverse("respite:my_requests")).content.decode()
    assert "er is een plek" not in mine
    # Said as news, not as "Informatie toegevoegd" (a walk read that as something she added).
    assert "Bericht: Uw contactpersoon heeft uw naaste aangemeld bij Logeerhuis Beilen" in page
    assert "Aaltje" not in str(list(req.timeline.values_list("message", flat=True)))

    # Beilen accepts with the proposed dates.
    client.force_login(beilen_staff)
    beilen_ref = referrals[beilen_offer]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("providers:referral", args=[beilen_ref.pk]),
            {
                "actie": "accepteren",
                "ja-start_date": (saturday + timedelta(7)).isoformat(),
                "ja-end_date": (saturday + timedelta(9)).isoformat(),
                "ja-settling_in_night": friday.isoformat(),
            },
        )
    assert response.status_code == 302
    beilen_ref.refresh_from_db()
    assert beilen_ref.status == "geaccepteerd" and beilen_ref.provider_contact == beilen_staff
    assert nights_used(req, (saturday + timedelta(7)).year) >= 1
    # The stay has not begun: no "begonnen" button yet, but the day it can be pressed.
    page = client.get(reverse("providers:referral", args=[beilen_ref.pk])).content.decode()
    assert "Het logeren is begonnen" not in page
    assert f"Het logeren begint op {date_format(friday, 'l j F')}" in page

    # The caregiver sees the place, the dates and whom to call; the contact person stays.
    client.force_login(caregiver)
    page = client.get(req.get_absolute_url()).content.decode()
    # The request is still being handled, and the status line says a place was found; so
    # does the list of requests (a walk saw only "In behandeling" there).
    status = page.split('class="lead"')[1].split("</p>")[0]
    assert "In behandeling" in status and "Er is een plek voor uw naaste." in status
    mine = client.get(reverse("respite:my_requests")).content.decode()
    assert "In behandeling · <strong>er is een plek voor uw naaste</strong>" in mine
    # One line per house, named by the house (not two sentences about organisations).
    assert "Logeerhuis Beilen heeft plek voor uw naaste" in page
    assert (
        "Logeerboerderij Boshuis kan uw naaste niet opnemen: "
        "de zorg is zwaarder dan wij kunnen geven." in page
    )
    houses = page.split('id="plaatsen-titel"')[1].split("</section>")[0]
    assert "Uw contactpersoon zoekt verder" not in houses  # a place was found
    assert 'href="tel:+31593555123"' in page  # the house
    assert 'href="tel:+31592366100"' in page  # the fixed contact
    assert "Uw vaste contactpersoon in Midden-Drenthe" in page and "Anna" in page
    first_night = date_format(saturday + timedelta(7), "l j F Y")
    assert f"Eerste nacht: {first_night}" in page
    caregiver_mail = [m for m in mail.outbox if m.to == ["dochter@example.org"]][-1]
    assert caregiver_mail.subject.startswith("Er is plek voor uw naaste")
    body = caregiver_mail.body
    assert "Logeerhuis Beilen heeft plek voor uw naaste." in body
    assert f"Eerste nacht: {first_night}." in body
    assert f"Eerst wennen: Eén nacht logeren op {date_format(friday, 'l j F Y')}." in body
    assert "Bel Logeerhuis Beilen: 0593 555 123" in body
    assert "Bel uw vaste contactpersoon Anna: 0592 366 100." in body
    assert SECRET not in body and "dementie" not in body.lower()

    # The held nights are gone from the public offer page: only the Saturday is still free.
    client.logout()
    page = client.get(beilen_offer.get_absolute_url()).content.decode()
    free_list = page.split("Eerstvolgende nachten met een vrije logeerplek:")[1].split("</ul>")[0]
    assert free_list.count("<li>") == 1 and f"{date_format(saturday, 'D j b')}: 1 plek" in free_list


@pytest.mark.django_db
def test_provider_of_another_organisation_sees_none_of_it(
    client, req, md_consultant, boshuis, linde_md
):
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=boshuis[0], first_name="Aaltje"
    )
    client.force_login(linde_md[1])
    assert client.get(reverse("providers:referral", args=[referral.pk])).status_code == 404
    post = client.post(
        reverse("providers:referral", args=[referral.pk]),
        {"actie": "afwijzen", "nee-reason": "vol"},
    )
    assert post.status_code == 404
    assert "Aaltje" not in client.get(reverse("providers:referrals")).content.decode()
    assert not AccessLogEntry.objects.filter(user=linde_md[1]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        ({"verwijs-start_date": "2020-01-01", "verwijs-end_date": "2020-01-03"}, "al geweest"),
        ({"verwijs-start_date": "+10", "verwijs-end_date": "+9"}, "na de eerste nacht"),
        ({"verwijs-start_date": "+10"}, "Vul ook de dag van vertrek in."),
        ({"verwijs-start_date": "morgen", "verwijs-end_date": "+3"}, "Vul een datum in"),
        (
            {
                "verwijs-settling_in_night": "+12",
                "verwijs-start_date": "+10",
                "verwijs-end_date": "+11",
            },
            "vóór de eerste nacht",
        ),
        ({"verwijs-offers": []}, "Kies minstens één aanbod."),
        ({"verwijs-start_date": "+30", "verwijs-end_date": "+32"}, "geen logeerplek meer vrij"),
    ],
)
def test_bad_referral_input_gets_a_dutch_message_and_keeps_input(
    client, req, md_consultant, boshuis, data, message
):
    today = timezone.localdate()

    def value(v):
        return (
            (today + timedelta(int(v[1:]))).isoformat()
            if isinstance(v, str) and v.startswith("+")
            else v
        )

    post = {"verwijs-offers": [boshuis[0].pk], "verwijs-first_name": "<b>Aaltje</b>"}
    post.update({k: value(v) for k, v in data.items()})
    client.force_login(md_consultant)
    response = client.post(reverse("werkbak:refer", args=[req.reference]), post)
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert "&lt;b&gt;Aaltje&lt;/b&gt;" in content
    assert not Referral.objects.exists() and not NightReservation.objects.exists()


@pytest.mark.django_db
def test_going_over_the_yearly_cap_needs_a_reason(req, md_consultant, midden_drenthe):
    offer, staff = logeerhuis(
        "Klein Logeerhuis", midden_drenthe, "k@klein.example", nights_per_year=1
    )
    saturday = next_saturday()
    with pytest.raises(RequestError, match="Het maximum is 1"):
        referral_create(
            respite_request=req,
            consultant=md_consultant,
            offer=offer,
            first_name="Aaltje",
            start_date=saturday - timedelta(1),
            end_date=saturday + timedelta(1),
        )
    referral = referral_create(
        respite_request=req,
        consultant=md_consultant,
        offer=offer,
        first_name="Aaltje",
        start_date=saturday - timedelta(1),
        end_date=saturday + timedelta(1),
        over_cap_reason="Mantelzorger is zelf opgenomen in het ziekenhuis.",
    )
    assert referral.reservations.count() == 2
    referral_accept(
        referral=referral,
        member=staff,
        start_date=saturday - timedelta(1),
        end_date=saturday + timedelta(1),
    )
    friday = saturday - timedelta(1)
    years = {friday.year, saturday.year}
    assert sum(nights_used(req, year) for year in years) == 2  # the counter moved


@pytest.mark.django_db
def test_accepting_needs_the_providers_phone_and_declining_twice_is_refused(
    req, md_consultant, boshuis
):
    offer, staff = boshuis
    staff.work_phone = ""
    staff.save()
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=offer, first_name="A"
    )
    saturday = next_saturday()
    with pytest.raises(RequestError, match="telefoonnummer"):
        referral_accept(
            referral=referral, member=staff, start_date=saturday, end_date=saturday + timedelta(1)
        )
    referral_decline(referral=referral, member=staff, reason="geen_plek")
    with pytest.raises(RequestError, match="Dit kan niet meer"):
        referral_decline(referral=referral, member=staff, reason="geen_plek")


@pytest.mark.django_db
def test_unanswered_after_two_working_days_reminds_once_and_shows_in_the_queue(
    client, req, md_consultant, boshuis, django_capture_on_commit_callbacks
):
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=boshuis[0], first_name="A"
    )
    Referral.objects.filter(pk=referral.pk).update(due_on=timezone.localdate() - timedelta(1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue_referrals() == 1
        assert remind_overdue_referrals() == 0  # idempotent
        call_command("remind_overdue_referrals", verbosity=0)
    assert [m.to for m in mail.outbox] == [["anna@middendrenthe.example"]]
    client.force_login(md_consultant)
    assert "Aanbieder antwoordt niet" in client.get(reverse("werkbak:queue")).content.decode()


ROLES = [
    "anonymous",
    "caregiver",
    "md_consultant",
    "consultant",
    "editor",
    "own_provider",
    "other_provider",
]
MATRIX = {
    "refer": (302, 403, 200, 404, 403, 403, 403),
    "withdraw": (302, 403, 302, 404, 403, 403, 403),
    "inbox": (302, 403, 403, 403, 403, 200, 200),
    "referral": (302, 403, 403, 403, 403, 200, 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("view", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_referral_role_matrix(client, request, req, md_consultant, boshuis, linde_md, view, role):
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=boshuis[0], first_name="A"
    )
    users = {"own_provider": boshuis[1], "other_provider": linde_md[1]}
    if role in users:
        client.force_login(users[role])
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    method, path = {
        "refer": ("get", reverse("werkbak:refer", args=[req.reference])),
        "withdraw": (
            "post",
            reverse("werkbak:referral_withdraw", args=[req.reference, referral.pk]),
        ),
        "inbox": ("get", reverse("providers:referrals")),
        "referral": ("get", reverse("providers:referral", args=[referral.pk])),
    }[view]
    assert getattr(client, method)(path).status_code == MATRIX[view][ROLES.index(role)]


@pytest.mark.postgres("row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_consultants_reserving_the_last_free_night_exactly_one_wins():
    call_command("load_reference_data", verbosity=0)
    from directory.models import Municipality

    md = Municipality.objects.get(code="GM1731")
    offer, _staff = logeerhuis("Laatste Plek", md, "l@laatste.example")
    saturday = next_saturday()
    consultants = [make_staff(f"c{i}@md.example", ("GM1731", "consulent")) for i in range(2)]
    requests = RespiteRequestFactory.create_batch(2, municipality=md, weekend=False)
    barrier = threading.Barrier(2)
    outcomes = []

    def refer(consultant, request):
        try:
            barrier.wait()
            referral_create(
                respite_request=request,
                consultant=consultant,
                offer=offer,
                first_name="A",
                start_date=saturday,
                end_date=saturday + timedelta(1),
            )
            outcomes.append("won")
        except RequestError:
            outcomes.append("lost")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=refer, args=pair)
        for pair in zip(consultants, requests, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost", "won"]
    assert NightCapacity.objects.get(offer=offer, night=saturday).reserved == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"actie": "accepteren", "ja-start_date": "2020-01-01", "ja-end_date": "2020-01-02"},
            "al geweest",
        ),
        ({"actie": "accepteren", "ja-start_date": "+5", "ja-end_date": "+5"}, "na de eerste nacht"),
        ({"actie": "accepteren", "ja-start_date": "", "ja-end_date": ""}, "Vul deze datum in."),
        (
            {
                "actie": "voorstellen",
                "anders-start_date": "+9",
                "anders-end_date": "+20",
                "anders-text": "<i>x</i>",
            },
            "geen logeerplek meer vrij",
        ),
        ({"actie": "afwijzen", "nee-reason": "", "nee-text": "<i>x</i>"}, "Kies een reden."),
        ({"actie": "afwijzen", "nee-reason": "onzin"}, "Selecteer een geldige keuze"),
        ({"actie": "iets"}, "Kies wat u wilt doen."),
    ],
)
def test_bad_answers_get_a_dutch_message_and_change_nothing(
    client, req, md_consultant, boshuis, data, message
):
    offer, staff = boshuis
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=offer, first_name="A"
    )
    today = timezone.localdate()
    post = {
        k: (today + timedelta(int(v[1:]))).isoformat() if v.startswith("+") else v
        for k, v in data.items()
    }
    client.force_login(staff)
    response = client.post(reverse("providers:referral", args=[referral.pk]), post, follow=True)
    content = response.content.decode()
    assert response.status_code == 200 and message in content
    assert "<i>x</i>" not in content
    if "<i>x</i>" in data.values():
        assert "&lt;i&gt;x&lt;/i&gt;" in content  # kept as typed, escaped
    referral.refresh_from_db()
    assert referral.status == "verstuurd" and not referral.reservations.exists()


@pytest.mark.django_db
def test_the_nights_counter_shows_the_year_the_nights_fall_in(client, req, caregiver, linde_md):
    """Three nights in January next year showed as 'Logeernachten in <this year>: 0'."""
    from respite.models import NightReservation
    from respite.services.referrals import nights_by_year

    offer, staff = linde_md
    january = timezone.localdate().replace(month=1, day=8) + timedelta(days=366)
    january = january.replace(day=8)
    referral = Referral.objects.create(
        respite_request=req,
        offer=offer,
        provider=offer.provider,
        status="geaccepteerd",
        first_name="Aaltje",
        age_group="oudere",
        situation="dementie",
        due_on=timezone.localdate(),
        start_date=january,
        end_date=january + timedelta(3),
    )
    for n in range(3):
        NightReservation.objects.create(referral=referral, night=january + timedelta(n))
    assert nights_by_year(req) == [(january.year, 3)]
    client.force_login(caregiver)
    page = client.get(req.get_absolute_url()).content.decode()
    assert f"Logeernachten in {january.year}: 3 nachten." in page
    assert f"Logeernachten in {timezone.localdate().year}" not in page


@pytest.mark.django_db
def test_the_providers_list_tells_two_people_with_the_same_first_name_apart(
    client, req, md_consultant, caregiver, midden_drenthe, linde_md
):
    from tests.respite.test_werkbak import make_request

    offer, staff = linde_md
    other = make_request(caregiver, midden_drenthe, age_group="volwassene", kinds=["logeerzorg"])
    request_claim(respite_request=other, consultant=md_consultant)
    for request in (req, other):
        referral_create(
            respite_request=request, consultant=md_consultant, offer=offer, first_name="Jan"
        )
    client.force_login(staff)
    page = client.get(reverse("providers:referrals")).content.decode()
    assert page.count(">Jan</a>") == 2
    assert req.reference in page and other.reference in page
    assert "65 jaar of ouder" in page and "18 tot 65 jaar" in page


@pytest.mark.django_db
def test_a_full_night_names_the_house(req, md_consultant, linde_md):
    offer, _staff = linde_md
    monday = next_saturday() + timedelta(2)  # no capacity that night
    with pytest.raises(RequestError, match="Logeerhuis Beilen heeft op"):
        referral_create(
            respite_request=req,
            consultant=md_consultant,
            offer=offer,
            first_name="Aaltje",
            start_date=monday,
            end_date=monday + timedelta(1),
        )


@pytest.mark.django_db
def test_with_several_locations_the_provider_names_the_house(
    client, req, md_consultant, linde_md, django_capture_on_commit_callbacks
):
    from tests.directory.factories import LocationFactory

    offer, staff = linde_md
    north = LocationFactory(provider=offer.provider, name="Huis Noord", street_address="Noord 1")
    south = LocationFactory(provider=offer.provider, name="Huis Zuid", street_address="Zuid 2")
    offer.locations.set([north, south])
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=offer, first_name="Aaltje"
    )
    assert referral.location is None
    saturday = next_saturday()
    data = {
        "actie": "accepteren",
        "ja-start_date": saturday.isoformat(),
        "ja-end_date": (saturday + timedelta(1)).isoformat(),
    }
    client.force_login(staff)
    url = reverse("providers:referral", args=[referral.pk])
    page = client.post(url, data).content.decode()
    assert "Kies op welke locatie uw naaste komt logeren." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "ja-location": south.pk})
    referral.refresh_from_db()
    assert referral.location == south
    body = [m for m in mail.outbox if m.to == ["dochter@example.org"]][-1].body
    assert "Waar: Huis Zuid, Zuid 2, 9401 HS Assen." in body


@pytest.mark.django_db
def test_a_house_without_a_night_grid_gets_dated_referrals_and_its_nights_count(
    req, md_consultant, midden_drenthe
):
    """A house with a waiting list keeps no nights in the portal: referring to it with dates
    used to fail the whole referral ('geen logeerplek meer vrij')."""
    offer, staff = logeerhuis("Logeerhuis Zonder Rooster", midden_drenthe, "p@z.example", 3)
    NightCapacity.objects.filter(offer=offer).delete()
    saturday = next_saturday()
    referral = referral_create(
        respite_request=req,
        consultant=md_consultant,
        offer=offer,
        first_name="Aaltje",
        start_date=saturday,
        end_date=saturday + timedelta(2),
    )
    assert not referral.reservations.exists()
    referral_accept(
        referral=referral, member=staff, start_date=saturday, end_date=saturday + timedelta(2)
    )
    years = {saturday.year, (saturday + timedelta(1)).year}
    assert sum(nights_used(req, year) for year in years) == 2
    # The yearly cap (3) holds for it too.
    other = logeerhuis("Nog een huis", midden_drenthe, "p@n.example")[0]
    NightCapacity.objects.filter(offer=other).delete()
    other.nights_per_year = 3
    other.save()
    with pytest.raises(RequestError, match="Het maximum is 3"):
        referral_create(
            respite_request=req,
            consultant=md_consultant,
            offer=other,
            first_name="Aaltje",
            start_date=saturday + timedelta(7),
            end_date=saturday + timedelta(9),
        )


@pytest.mark.django_db
def test_the_wishes_go_along_and_the_consultant_sees_which_house_meets_them(
    client, req, md_consultant, midden_drenthe, linde_md, boshuis
):
    """Journey 6: staying together was lost on the way to the house, and the consultant saw
    two houses alike where only one has room for a couple."""
    together, plain = linde_md[0], boshuis[0]
    together.stay_together = together.weekend = plain.weekend = True
    together.save()
    plain.save()
    RespiteRequest.objects.filter(pk=req.pk).update(stay_together=True)
    req.refresh_from_db()
    client.force_login(md_consultant)
    page = client.get(reverse("werkbak:request", args=[req.reference])).content.decode()
    boshuis_item = page.split("Logeerboerderij Boshuis</a>")[1].split("</li>")[0]
    assert "Past niet bij: samen logeren" in boshuis_item
    linde_item = page.split("Logeerhuis Beilen</a>")[1].split("</li>")[0]
    assert "Past bij: in het weekend, samen logeren" in linde_item
    refer = client.get(reverse("werkbak:refer", args=[req.reference])).content.decode()
    assert "Logeerboerderij Boshuis – Stichting Logeerboerderij Boshuis (niet: samen logeren)" in (
        refer.replace("&#x27;", "'")
    )
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=together, first_name="Hendrik"
    )
    assert referral.wishes == ["weekend", "stay_together"]
    client.force_login(linde_md[1])
    detail = client.get(reverse("providers:referral", args=[referral.pk])).content.decode()
    assert "<dt>Wensen</dt><dd>in het weekend, samen logeren</dd>" in detail


def test_a_couple_hears_whether_the_partner_stays_too(
    client, req, md_consultant, linde_md, django_capture_on_commit_callbacks
):
    """Journey 6: the acceptance said only 'heeft plek voor uw naaste'; a couple must know
    before the door whether they stay together. The house is asked, nothing chosen for it."""
    house, planner = linde_md
    RespiteRequest.objects.filter(pk=req.pk).update(stay_together=True)
    req.refresh_from_db()
    referral = referral_create(
        respite_request=req, consultant=md_consultant, offer=house, first_name="Hendrik"
    )
    url = reverse("providers:referral", args=[referral.pk])
    client.force_login(planner)
    page = client.get(url).content.decode()
    assert "Logeert de partner mee?" in page and "checked" not in page.split("Logeert")[1][:600]
    saturday = next_saturday()
    dates = {
        "ja-start_date": saturday.isoformat(),
        "ja-end_date": (saturday + timedelta(1)).isoformat(),
    }
    page = client.post(url, {"actie": "accepteren", **dates}).content.decode()
    assert "Zeg of de partner mee kan logeren" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"actie": "accepteren", **dates, "ja-together": "ja"})
    referral.refresh_from_db()
    assert referral.status == "geaccepteerd" and referral.together is True
    placed = [m for m in mail.outbox if "plek" in m.subject.lower()][-1]
    assert "Samen logeren: ja, de partner logeert mee." in placed.body
    client.force_login(req.caregiver)
    page = client.get(req.get_absolute_url()).content.decode()
    assert "Ja, de partner logeert mee." in page
