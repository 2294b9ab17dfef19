"""Staff lists have a fixed query budget: the same number of queries at 1 and at 50 rows
(issue 23.5's factories make the rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import RoleKind
from tests.directory.factories import OfferFactory, ProviderFactory
from tests.factories import (
    ProviderStaffFactory,
    ReferralFactory,
    RespiteRequestFactory,
    StaffFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_providers_referral_list_costs_the_same_at_1_and_50(client):
    offer = OfferFactory(provider=ProviderFactory(municipality=municipality("GM0106")))
    ReferralFactory(offer=offer)
    client.force_login(ProviderStaffFactory(provider=offer.provider))
    url = reverse("providers:referrals")
    one = queries(client, url)
    ReferralFactory.create_batch(49, offer=offer)
    fifty = queries(client, url)
    assert "Wilhelmina" in client.get(url).content.decode()
    assert (one, fifty) == (one, one) and one <= 10, (one, fifty)


def test_the_work_queue_costs_the_same_at_1_and_50(client):
    md = municipality("GM1731")
    RespiteRequestFactory(municipality=md)
    client.force_login(StaffFactory(roles=[("GM1731", RoleKind.CONSULTANT)]))
    url = reverse("werkbak:queue")
    one = queries(client, url)
    RespiteRequestFactory.create_batch(49, municipality=md)
    fifty = queries(client, url)
    assert (one, fifty) == (one, one) and one <= 10, (one, fifty)
