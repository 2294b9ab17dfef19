"""'Lees voor' sits on the pages the issue names (26.6): offer pages, the self-check, the
request steps and check page, and the caregiver's request page (the browser test drives it)."""

import pytest
from django.urls import reverse

from tests.directory.factories import OfferFactory
from tests.factories import CaregiverFactory, RespiteRequestFactory

pytestmark = pytest.mark.django_db


def test_every_page_the_issue_names_carries_the_button(client, assen):
    offer = OfferFactory()
    caregiver = CaregiverFactory()
    respite_request = RespiteRequestFactory(caregiver=caregiver, municipality=assen)
    pages = [offer.get_absolute_url(), "/zelftest/"]
    client.force_login(caregiver)
    step = client.get(reverse("respite:request_start"), follow=True)
    pages += [step.request["PATH_INFO"], respite_request.get_absolute_url()]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"data-read-aloud" in response.content, path
