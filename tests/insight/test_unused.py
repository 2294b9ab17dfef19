"""Why help stays unused (issue 24.6): withdrawals and why, provider declines by reason,
nights offered and used per house, time to the first night, what caregivers said after a
stay, and how requests came in; counts only, small numbers hidden; CSV and SVG."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import RoleKind
from directory.choices import Kind, OfferStatus
from directory.models import NightCapacity
from insight.demand import HIDDEN
from respite.choices import ReferralStatus, Status
from respite.models import CheckIn, NightReservation
from tests.directory.factories import OfferFactory
from tests.factories import (
    CaregiverFactory,
    ReferralFactory,
    RespiteRequestFactory,
    StaffFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return StaffFactory(roles=[("GM0106", RoleKind.POLICY)])


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_reasons_in_counts_with_small_numbers_hidden(client, policy):
    assen = municipality("GM0106")
    for _i in range(5):
        RespiteRequestFactory(
            municipality=assen, status=Status.WITHDRAWN, withdraw_reason="te_lang"
        )
    RespiteRequestFactory(municipality=assen, status=Status.WITHDRAWN, withdraw_reason="anders")
    house = OfferFactory(
        name="=Logeerhuis Noord", kind=Kind.LOGEERZORG, status=OfferStatus.PUBLISHED
    )
    for _i in range(2):
        ReferralFactory(
            respite_request=RespiteRequestFactory(municipality=assen),
            offer=house,
            status=ReferralStatus.DECLINED,
            decline_reason="geen_plek",
        )
    last_week = timezone.localdate() - timedelta(days=7)
    for day in range(3):
        NightCapacity.objects.create(offer=house, night=last_week + timedelta(day), places=2)
    stayed = ReferralFactory(
        respite_request=RespiteRequestFactory(municipality=assen),
        offer=house,
        status=ReferralStatus.COMPLETED,
        start_date=last_week,
        end_date=last_week + timedelta(2),
    )
    for night in stayed.nights:
        NightReservation.objects.create(referral=stayed, night=night)
    for i in range(6):
        referral = ReferralFactory(
            respite_request=RespiteRequestFactory(municipality=assen, caregiver=CaregiverFactory()),
            status=ReferralStatus.COMPLETED,
        )
        CheckIn.objects.create(
            referral=referral,
            answered_at=timezone.now(),
            rested="ja",
            go_again="nee" if i < 5 else "ja",
            obstacles=["vervoer"] if i < 5 else ["kosten"],
            obstacle_text="Niet tonen op de pagina",
        )

    client.force_login(policy)
    page = client.get(reverse("insight:unused", args=["assen"])).content.decode()
    assert "Waarom hulp blijft liggen in Assen" in page
    assert "Het duurde te lang" in page and ">5<" in page
    hidden = HIDDEN.replace("<", "&lt;")
    assert f'Een andere reden</th><td data-label="Aantal">{hidden}' in page
    assert "Geen plek op deze data" in page  # 2 declines: shown as < 5
    assert "=Logeerhuis Noord" in page and ">6<" in page  # 6 nights offered
    assert "Het vervoer of de afstand" in page and "Niet tonen op de pagina" not in page
    assert "Antwoorden op de drie vragen na een verblijf: 6." in page

    rows = read_csv(client.get(reverse("insight:unused_csv", args=["assen"])))
    assert rows[0] == ["onderdeel", "wat", "aantal"]
    assert ["Ingetrokken aanvragen", "Het duurde te lang", "5"] in rows
    assert ["Aangeboden nachten", "'=Logeerhuis Noord", "6"] in rows  # never a formula
    assert ["Wat zat in de weg", "De kosten", HIDDEN] in rows
    svg = client.get(reverse("insight:unused_svg", args=["assen"])).content.decode()
    assert svg.lstrip().startswith("<?xml") and "Het vervoer of de afstand" in svg


def test_answers_after_a_stay_wait_for_five(client, policy):
    referral = ReferralFactory(
        respite_request=RespiteRequestFactory(municipality=municipality("GM0106"))
    )
    CheckIn.objects.create(referral=referral, answered_at=timezone.now(), rested="nee")
    client.force_login(policy)
    page = client.get(reverse("insight:unused", args=["assen"])).content.decode()
    assert "Nog te weinig antwoorden om te tonen." in page and "Nee</th>" not in page


def test_only_policy_officers_of_the_municipality_and_superusers(client, policy):
    url = reverse("insight:unused", args=["assen"])
    people = {
        "caregiver": CaregiverFactory(),
        "consultant": StaffFactory(roles=[("GM0106", RoleKind.CONSULTANT)]),
        "policy elsewhere": StaffFactory(roles=[("GM1731", RoleKind.POLICY)]),
        "policy": policy,
        "superuser": StaffFactory(is_superuser=True),
    }
    expected = {
        "anonymous": 302,
        "caregiver": 403,
        "consultant": 403,
        "policy elsewhere": 404,
        "policy": 200,
        "superuser": 200,
    }
    seen = {}
    for role in expected:
        visitor = client.__class__()
        if role != "anonymous":
            visitor.force_login(people[role])
        seen[role] = tuple(
            visitor.get(u).status_code for u in (url, url + "cijfers.csv", url + "in-de-weg.svg")
        )
    assert seen == {role: (code,) * 3 for role, code in expected.items()}
    assert client.get(reverse("insight:unused", args=["bestaat-niet"])).status_code in (302, 404)


def test_the_demand_page_leads_there(client, policy):
    client.force_login(policy)
    page = client.get(reverse("insight:demand", args=["assen"])).content.decode()
    assert reverse("insight:unused", args=["assen"]) in page


def test_requests_started_with_a_referrer_are_counted_beside_the_caregivers_own(client, policy):
    """Issue 24.6: requests by referrers against requests by caregivers (and by phone). A
    request whose consent was later withdrawn still came in through a referrer."""
    from referrers.choices import ConsentWay, HandoverState
    from referrers.models import Handover
    from tests.factories import ReferrerFactory

    assen = municipality("GM0106")
    referrer = ReferrerFactory()
    for i in range(6):
        Handover.objects.create(
            referrer=referrer,
            organisation=referrer.referrer_organisation,
            municipality=assen,
            caregiver_name="Els",
            consent_way=ConsentWay.CODE,
            state=HandoverState.SENT if i else HandoverState.WITHDRAWN,
            respite_request=RespiteRequestFactory(municipality=assen),
        )
    for _i in range(5):
        RespiteRequestFactory(municipality=assen)
    RespiteRequestFactory(municipality=assen, caregiver=None, intake_name="Jan")

    client.force_login(policy)
    page = client.get(reverse("insight:unused", args=["assen"])).content.decode()
    assert (
        'Samen met een verwijzer (huisarts, POH, casemanager …)</th><td data-label="Aantal">6<'
        in page
    )
    rows = read_csv(client.get(reverse("insight:unused_csv", args=["assen"])))
    assert ["Hoe de aanvraag binnenkwam", "Door de mantelzorger zelf, online", "5"] in rows
    assert ["Hoe de aanvraag binnenkwam", "Telefonisch, via de consulent", HIDDEN] in rows
    assert [
        "Hoe de aanvraag binnenkwam",
        "Samen met een verwijzer (huisarts, POH, casemanager …)",
        "6",
    ] in rows
