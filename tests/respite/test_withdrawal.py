"""A caregiver withdraws a request with everything that hangs on it (issue 27.7): a referral
not yet begun is withdrawn and its nights go back, the house hears; a stay that began stays."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import NightCapacity
from respite.choices import ReferralStatus
from respite.services.referrals import referral_accept, referral_create
from respite.services.requests import request_claim
from tests.conftest import make_staff
from tests.factories import CaregiverFactory, RespiteRequestFactory
from tests.providers.test_referrals import logeerhuis, next_saturday

pytestmark = pytest.mark.django_db


def test_withdrawing_ends_the_referrals_not_begun_and_frees_their_nights(
    client, midden_drenthe, django_capture_on_commit_callbacks
):
    linde, linde_planner = logeerhuis("De Linde", midden_drenthe, "p@linde.example")
    boshuis, _planner = logeerhuis("Boshuis", midden_drenthe, "p@boshuis.example")
    caregiver = CaregiverFactory(email="dochter@example.org")
    respite_request = RespiteRequestFactory(caregiver=caregiver, municipality=midden_drenthe)
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    request_claim(respite_request=respite_request, consultant=consultant)
    saturday = next_saturday()
    accepted = referral_create(
        respite_request=respite_request, consultant=consultant, offer=linde, first_name="A"
    )
    referral_accept(
        referral=accepted,
        member=linde_planner,
        start_date=saturday,
        end_date=saturday + timedelta(1),
    )
    waiting = referral_create(
        respite_request=respite_request,
        consultant=consultant,
        offer=boshuis,
        first_name="A",
        start_date=saturday + timedelta(7),
        end_date=saturday + timedelta(8),
    )
    taken = NightCapacity.objects.filter(reserved__gt=0).count()
    assert taken == 2
    mail.outbox.clear()
    client.force_login(caregiver)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    assert "dan vervalt ook de plek bij De Linde" in page  # said before it happens
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("respite:withdraw", args=[respite_request.reference]), {"reason": ""})
    for referral in (accepted, waiting):
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.WITHDRAWN
        assert not referral.reservations.exists()
    assert not NightCapacity.objects.filter(reserved__gt=0).exists()
    told = {address: m.body for m in mail.outbox for address in m.to}
    for house in ("p@boshuis.example", "p@linde.example"):
        assert "De mantelzorger heeft de aanvraag ingetrokken" in told[house]
