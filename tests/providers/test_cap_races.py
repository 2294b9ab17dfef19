"""The yearly cap of logeernachten holds when people act at the same moment (issue 27.7).

Two accepts of 3 nights each against a cap of 4 went to 6 in 4 of 5 rounds. Here two stays of
2 nights meet a cap of 3: each scenario runs five rounds with two threads released together,
and the counted nights never pass the cap.
"""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from directory.models import Municipality
from providers.choices import ReferralStatus
from providers.models import Referral
from providers.services import (
    ProviderError,
    nights_used,
    referral_accept,
    referral_accept_counter,
    referral_counter,
    referral_create,
    referral_withdraw,
)
from respite.models import RespiteRequest
from tests.conftest import make_staff
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
    caregiver = User.objects.create_user(username=f"m{round_}@x.org", email=f"m{round_}@x.org")
    referrals = []
    for offer, _staff in houses:
        request = RespiteRequest.objects.create(
            caregiver=caregiver,
            municipality=md,
            relationship="ouder",
            age_group="oudere",
            situation="dementie",
            urgency="gepland",
            contact_method="email",
            kinds=["logeerzorg"],
        )
        referrals.append(
            referral_create(request=request, consultant=consultant, offer=offer, first_name="A")
        )
    return caregiver, referrals, houses


def stay() -> dict:
    """Friday and Saturday night, in both houses."""
    saturday = next_saturday()
    return {"start_date": saturday - timedelta(1), "end_date": saturday + timedelta(1)}


def race(*actions) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action):
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except ProviderError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def counted(caregiver) -> int:
    request = RespiteRequest.objects.filter(caregiver=caregiver).first()
    years = {next_saturday().year, (next_saturday() - timedelta(1)).year}
    return sum(nights_used(request, year) for year in years)


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


def test_accept_and_withdraw_at_once_never_pass_the_cap(world):
    _md, consultant = world
    for round_ in range(ROUNDS):
        caregiver, (first, second), houses = two_referrals(world, round_)
        referral_accept(referral=first, member=houses[0][1], **stay())
        race(
            lambda first=first: referral_withdraw(referral=first, consultant=consultant),
            lambda second=second, member=houses[1][1]: referral_accept(
                referral=second, member=member, **stay()
            ),
        )
        assert counted(caregiver) <= CAP
        first.refresh_from_db()
        assert first.status == ReferralStatus.WITHDRAWN


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
