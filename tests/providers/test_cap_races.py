"""The yearly cap of logeernachten holds when people act at the same moment (issue 27.7).

Two accepts of 3 nights each against a cap of 4 went to 6 in 4 of 5 rounds. Here two stays of
2 nights meet a cap of 3: each scenario runs five rounds with two threads released together,
and the counted nights never pass the cap. A withdrawal racing an accept leaves the referral,
the request and the house's places in a state that adds up, whichever came first.
"""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from directory.models import Municipality, NightCapacity
from respite.choices import HOLDING, ReferralStatus, Status
from respite.models import NightHold, NightReservation, Referral, RespiteRequest
from respite.services.referrals import (
    nights_used,
    referral_accept,
    referral_accept_counter,
    referral_counter,
    referral_create,
    referral_withdraw,
)
from respite.services.requests import RequestError
from respite.services.withdrawal import request_withdraw
from tests.conftest import make_staff
from tests.factories import CaregiverFactory, RespiteRequestFactory
from tests.providers.test_referrals import logeerhuis, next_saturday

CAP = 3
ROUNDS = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres("row locks need PostgreSQL"),
]


@pytest.fixture
def world():
    call_command("load_reference_data", verbosity=0)
    md = Municipality.objects.get(code="GM1731")
    consultant = make_staff("c@md.example", ("GM1731", "consulent"))
    return md, consultant


def two_referrals(world, round_: int):
    """One caregiver, two requests, each referred to one of two new houses (each with a
    place on the nights of the stay), with a cap of CAP nights a year."""
    md, consultant = world
    houses = [logeerhuis(f"Huis {round_}-{i}", md, f"p{round_}{i}@h.example", CAP) for i in (0, 1)]
    caregiver = CaregiverFactory()
    referrals = []
    for offer, _staff in houses:
        respite_request = RespiteRequestFactory(caregiver=caregiver, municipality=md, weekend=False)
        referrals.append(
            referral_create(
                respite_request=respite_request, consultant=consultant, offer=offer, first_name="A"
            )
        )
    return caregiver, referrals, houses


def stay() -> dict:
    """Friday and Saturday night, in both houses."""
    saturday = next_saturday()
    return {"start_date": saturday - timedelta(1), "end_date": saturday + timedelta(1)}


def race(*actions) -> list[str]:
    """Run the actions in threads released together; 'done' or 'refused' for each, in order."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = ["not run"] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            action()
            outcomes[i] = "done"
        except RequestError:
            outcomes[i] = "refused"
        except Exception as error:  # noqa: BLE001 - shown in the assertion, not lost in a thread
            outcomes[i] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def counted(caregiver) -> int:
    request = RespiteRequest.objects.filter(caregiver=caregiver).first()
    years = {next_saturday().year, (next_saturday() - timedelta(1)).year}
    return sum(nights_used(request, year) for year in years)


def assert_places_add_up(offer) -> None:
    """Every place the house counts as taken is a night a referral holds or an active hold,
    and only referrals that hold nights have reservations."""
    now = timezone.now()
    for row in NightCapacity.objects.filter(offer=offer):
        reservations = NightReservation.objects.filter(referral__offer=offer, night=row.night)
        holds = NightHold.objects.filter(
            offer=offer, night=row.night, ended_at__isnull=True, expires_at__gt=now
        )
        assert row.reserved == reservations.count() + holds.count(), row.night
    stray = NightReservation.objects.filter(referral__offer=offer).exclude(
        referral__status__in=HOLDING
    )
    assert not stray.exists(), list(stray.values_list("referral__status", "night"))


def test_accept_and_accept_at_once_never_pass_the_cap(world):
    for round_ in range(ROUNDS):
        caregiver, referrals, houses = two_referrals(world, round_)
        outcomes = race(
            *(
                lambda r=r, h=h: referral_accept(referral=r, member=h[1], **stay())
                for r, h in zip(referrals, houses, strict=True)
            )
        )
        assert sorted(outcomes) == ["done", "refused"], outcomes
        assert counted(caregiver) == 2


def test_withdraw_and_accept_of_one_referral_at_once_leave_no_nights_behind(world):
    """The consultant withdraws a referral while the house accepts it. Either order is allowed
    (accepted, then withdrawn; or withdrawn, then the accept refused), but it always ends
    withdrawn: no nights held at the house, none counted for the caregiver."""
    _md, consultant = world
    for round_ in range(ROUNDS):
        caregiver, (referral, _other), houses = two_referrals(world, round_)
        offer, member = houses[0]
        withdrawn, _accepted = race(
            lambda referral=referral: referral_withdraw(referral=referral, consultant=consultant),
            lambda referral=referral, member=member: referral_accept(
                referral=referral, member=member, **stay()
            ),
        )
        assert withdrawn == "done"
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.WITHDRAWN
        assert counted(caregiver) == 0
        assert_places_add_up(offer)


def test_a_house_never_accepts_after_the_caregiver_withdrew_the_request(world):
    """The caregiver withdraws the request while the house accepts its referral. A yes that
    comes after the withdrawal is refused (it was accepted anyway and mailed 'Er is plek');
    a yes from before is ended by the withdrawal, with its nights given back."""
    for round_ in range(ROUNDS):
        caregiver, (referral, _other), houses = two_referrals(world, round_)
        offer, member = houses[0]
        respite_request = referral.respite_request
        withdrawn, accepted = race(
            lambda r=respite_request, c=caregiver: request_withdraw(respite_request=r, caregiver=c),
            lambda referral=referral, member=member: referral_accept(
                referral=referral, member=member, **stay()
            ),
        )
        assert withdrawn == "done"
        referral.refresh_from_db()
        respite_request.refresh_from_db()
        assert respite_request.status == Status.WITHDRAWN
        if accepted == "done":  # a yes can only have come before the withdrawal
            assert referral.answered_at < respite_request.closed_at, round_
        # Either way the withdrawal ended the referral and gave its nights back.
        assert referral.status == ReferralStatus.WITHDRAWN, round_
        assert not referral.reservations.exists(), round_
        assert_places_add_up(offer)


def test_counter_proposal_agreed_and_accept_at_once_never_pass_the_cap(world):
    _md, consultant = world
    for round_ in range(ROUNDS):
        caregiver, (first, second), houses = two_referrals(world, round_)
        referral_counter(referral=first, member=houses[0][1], **stay())
        outcomes = race(
            lambda first=first: referral_accept_counter(referral=first, consultant=consultant),
            lambda second=second, member=houses[1][1]: referral_accept(
                referral=second, member=member, **stay()
            ),
        )
        assert sorted(outcomes) == ["done", "refused"], outcomes
        assert counted(caregiver) == 2
        statuses = set(
            Referral.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
        )
        assert ReferralStatus.ACCEPTED in statuses
