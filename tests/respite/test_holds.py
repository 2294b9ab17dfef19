"""Holding a night (issue 25.3): a caregiver asks a house to keep a night free for a few days
while the request is decided; holds end by themselves and never overbook (row locks)."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from directory.choices import Kind
from directory.models import Municipality, NightCapacity
from respite.models import NightHold, NightReservation, RespiteRequest
from respite.services.holds import hold_night, holds_expire
from respite.services.referrals import referral_create
from respite.services.requests import RequestError, request_claim
from tests.conftest import make_staff
from tests.factories import CaregiverFactory, RespiteRequestFactory
from tests.providers.test_referrals import logeerhuis


def first_free(offer):
    return NightCapacity.objects.filter(offer=offer).order_by("night").first()


@pytest.fixture
def setting(db, midden_drenthe):
    offer, _staff = logeerhuis("De Linde", midden_drenthe, "p@linde.example")
    offer.notice_days = 0
    offer.save()
    caregiver = CaregiverFactory(email="dochter@example.org")
    respite_request = RespiteRequestFactory(
        caregiver=caregiver, municipality=midden_drenthe, offer=offer
    )
    return offer, caregiver, respite_request


def test_the_caregiver_holds_a_night_and_gives_it_back(client, setting):
    offer, caregiver, respite_request = setting
    row = first_free(offer)
    client.force_login(caregiver)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    assert "Een nacht laten vasthouden" in page
    value = f"{offer.pk}:{row.night.isoformat()}"
    assert f'value="{value}"' in page
    client.post(reverse("respite:night_hold", args=[respite_request.reference]), {"nacht": value})
    hold = NightHold.objects.get()
    row.refresh_from_db()
    assert row.reserved == 1 and hold.night == row.night
    assert hold.expires_at - timezone.now() > timedelta(days=NightHold.HOLD_DAYS - 1)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    assert "houdt de nacht van" in page and f'value="{value}"' not in page  # no longer free
    assert any("houdt de nacht van" in entry.shown for entry in respite_request.timeline.all())
    # A made-up choice is refused in words.
    for bad in ("onzin", f"{offer.pk}:2099-01-01", "999:2026-01-01", "<script>"):
        response = client.post(
            reverse("respite:night_hold", args=[respite_request.reference]),
            {"nacht": bad},
            follow=True,
        )
        assert "Kies een nacht uit de lijst" in response.content.decode()
    client.post(reverse("respite:night_hold_release", args=[respite_request.reference, hold.pk]))
    row.refresh_from_db()
    hold.refresh_from_db()
    assert row.reserved == 0 and hold.ended_at is not None
    # Another caregiver cannot see or touch it.
    client.force_login(CaregiverFactory())
    assert client.get(respite_request.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("respite:night_hold_release", args=[respite_request.reference, hold.pk])
        ).status_code
        == 404
    )


def test_a_hold_ends_by_itself_and_never_overbooks(setting, midden_drenthe):
    offer, caregiver, respite_request = setting
    row = first_free(offer)  # one place
    hold_night(respite_request=respite_request, offer=offer, night=row.night, by=caregiver)
    other = RespiteRequestFactory(municipality=midden_drenthe, offer=offer)
    with pytest.raises(RequestError, match="geen plek meer vrij"):
        hold_night(respite_request=other, offer=offer, night=row.night, by=other.caregiver)
    # Three days later the place is free again: at the next booking, or by the daily job.
    NightHold.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    hold_night(respite_request=other, offer=offer, night=row.night, by=other.caregiver)
    row.refresh_from_db()
    assert row.reserved == 1
    NightHold.objects.filter(respite_request=other).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert holds_expire() == 1
    row.refresh_from_db()
    assert row.reserved == 0
    assert not NightHold.objects.filter(ended_at__isnull=True).exists()


def test_at_most_two_holds_and_not_inside_the_notice_period(setting):
    offer, caregiver, respite_request = setting
    nights = list(NightCapacity.objects.filter(offer=offer).order_by("night"))
    hold_night(respite_request=respite_request, offer=offer, night=nights[0].night, by=caregiver)
    hold_night(respite_request=respite_request, offer=offer, night=nights[1].night, by=caregiver)
    with pytest.raises(RequestError, match="hoogstens 2"):
        hold_night(
            respite_request=respite_request, offer=offer, night=nights[2].night, by=caregiver
        )
    offer.notice_days = 60
    offer.save()
    with pytest.raises(RequestError, match="wil eerder niet aanmelden"):
        hold_night(
            respite_request=RespiteRequestFactory(offer=offer),
            offer=offer,
            night=nights[3].night,
            by=caregiver,
        )


def test_a_referral_of_the_same_request_takes_the_held_night(setting, midden_drenthe):
    offer, caregiver, respite_request = setting
    row = first_free(offer)
    hold_night(respite_request=respite_request, offer=offer, night=row.night, by=caregiver)
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    referral_create(
        respite_request=respite_request,
        consultant=consultant,
        offer=offer,
        first_name="Aaltje",
        settling_in_night=row.night,
    )
    row.refresh_from_db()
    assert row.reserved == 1  # the hold's place became the referral's: not two
    assert NightReservation.objects.filter(night=row.night).count() == 1
    assert NightHold.objects.get().ended_at is not None


def test_nothing_to_hold_once_a_house_said_yes(client, setting, midden_drenthe):
    from respite.services.referrals import referral_accept

    offer, caregiver, respite_request = setting
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    referral = referral_create(
        respite_request=respite_request, consultant=consultant, offer=offer, first_name="A"
    )
    client.force_login(caregiver)
    assert (
        "Een nacht laten vasthouden"
        in client.get(respite_request.get_absolute_url()).content.decode()
    )
    night = first_free(offer).night
    planner = offer.provider.members.first().user
    planner.work_phone, planner.reachable_hours = "0592 700 190", "werkdagen"
    planner.save()
    referral_accept(
        referral=referral, member=planner, start_date=night, end_date=night + timedelta(1)
    )
    assert (
        "Een nacht laten vasthouden"
        not in client.get(respite_request.get_absolute_url()).content.decode()
    )


def test_withdrawing_the_request_gives_the_nights_back(client, setting):
    offer, caregiver, respite_request = setting
    row = first_free(offer)
    hold_night(respite_request=respite_request, offer=offer, night=row.night, by=caregiver)
    client.force_login(caregiver)
    client.post(reverse("respite:withdraw", args=[respite_request.reference]))
    row.refresh_from_db()
    assert row.reserved == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres("row locks need PostgreSQL")
def test_two_caregivers_holding_the_last_place_at_once_get_one_hold():
    call_command("load_reference_data", verbosity=0)
    md = Municipality.objects.get(code="GM1731")
    for round_ in range(5):
        offer, _staff = logeerhuis(f"Huis {round_}", md, f"p{round_}@h.example")
        offer.notice_days = 0
        offer.save()
        row = first_free(offer)
        requests_ = [RespiteRequestFactory(municipality=md, offer=offer) for _ in range(2)]
        barrier = threading.Barrier(2)
        results = []

        def ask(respite_request, row=row, offer=offer, barrier=barrier, results=results):
            try:
                barrier.wait()
                hold_night(
                    respite_request=RespiteRequest.objects.get(pk=respite_request.pk),
                    offer=offer,
                    night=row.night,
                    by=respite_request.caregiver,
                )
                results.append("ok")
            except RequestError:
                results.append("vol")
            finally:
                connection.close()

        threads = [threading.Thread(target=ask, args=(r,)) for r in requests_]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        row.refresh_from_db()
        assert sorted(results) == ["ok", "vol"], (round_, results)
        assert row.reserved == row.places == 1
        assert offer.kind == Kind.LOGEERZORG


def test_the_nights_offered_to_hold_are_those_in_the_period_asked_for(client, setting):
    """A caregiver who asked for a weekend in three weeks is offered that weekend's nights,
    not next week's; when none is free then, the next free nights are said to be other ones."""
    offer, caregiver, respite_request = setting
    nights = sorted(NightCapacity.objects.filter(offer=offer).values_list("night", flat=True))
    early, late = nights[0], nights[-1]
    respite_request.start_date, respite_request.end_date = late - timedelta(1), late
    respite_request.save(update_fields=["start_date", "end_date"])
    client.force_login(caregiver)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    assert f'value="{offer.pk}:{late.isoformat()}"' in page
    assert f'value="{offer.pk}:{early.isoformat()}"' not in page
    assert "geen nacht vrij in de tijd die u vroeg" not in page
    # Nothing free in the period: the other free nights, said as such.
    NightCapacity.objects.filter(offer=offer, night__gte=late - timedelta(1)).update(reserved=1)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    assert "geen nacht vrij in de tijd die u vroeg" in page
    assert f'value="{offer.pk}:{early.isoformat()}"' in page
