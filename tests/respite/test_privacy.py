import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from respite.choices import Status
from respite.models import RespiteRequest, TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def caregiver(db):
    return User.objects.create_user(username="m@example.org", email="m@example.org")


def make_request(caregiver, municipality, **extra):
    data = dict(
        caregiver=caregiver,
        municipality=municipality,
        relationship="ouder",
        age_group="oudere",
        situation="dementie",
        urgency="gepland",
        contact_method="telefoon",
        phone="0612345678",
        notes="Mijn moeder vergeet veel.",
        kinds=["logeerzorg"],
    )
    data.update(extra)
    return RespiteRequest.objects.create(**data)


def test_download_contains_all_my_data_and_nobody_elses(client, caregiver, assen):
    mine = make_request(caregiver, assen)
    other = User.objects.create_user(username="o@example.org", email="o@example.org")
    make_request(other, assen, notes="Niet van u")
    client.force_login(caregiver)
    response = client.get(reverse("respite:my_data"))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert [r["referentie"] for r in data["aanvragen"]] == [mine.reference]
    given = data["aanvragen"][0]["gegevens"]
    assert given["notes"] == "Mijn moeder vergeet veel."
    assert given["kinds"] == list(mine.kinds)  # a list, not "['logeerzorg']"
    assert all(type(given[f]) is bool for f in ("at_home", "stay_together"))  # not "True"
    assert "Niet van u" not in response.content.decode()


def test_deleting_the_account_anonymises_requests(client, caregiver, assen):
    from tests.factories import ReferralFactory

    req = make_request(caregiver, assen)
    TimelineEntry.objects.create(respite_request=req, kind="informatie", text="Ze valt vaak.")
    referral = ReferralFactory(
        respite_request=req, first_name="Aaltje", shared_notes="Ze slaapt slecht."
    )
    client.force_login(caregiver)
    response = client.post(reverse("respite:delete_account"), {"bevestig": "ja"})
    assert response["Location"] == reverse("directory:home")
    assert not User.objects.filter(pk=caregiver.pk).exists()
    req.refresh_from_db()
    assert req.caregiver is None and req.anonymised_at is not None
    assert req.notes == "" and req.phone == "" and req.situation == ""
    assert req.status == Status.WITHDRAWN
    # What the house was given about the naaste goes too.
    referral.refresh_from_db()
    assert referral.first_name == "" and referral.shared_notes == ""
    assert (
        not TimelineEntry.objects.filter(respite_request=req)
        .exclude(text="")
        .filter(kind="informatie")
        .exists()
    )


def test_purge_anonymises_only_requests_closed_longer_than_the_retention(
    caregiver, assen, settings
):
    settings.RESPITE_RETENTION_DAYS = 730
    old = make_request(
        caregiver, assen, status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=731)
    )
    recent = make_request(
        caregiver, assen, status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=10)
    )
    open_ = make_request(caregiver, assen)
    call_command("purge_expired_requests", verbosity=0)
    for req in (old, recent, open_):
        req.refresh_from_db()
    assert old.anonymised_at and old.notes == ""
    assert recent.anonymised_at is None and recent.notes
    assert open_.anonymised_at is None


def test_the_download_holds_each_referral_and_what_the_provider_was_given(client, caregiver):
    """The house, the dates and what was shared with the provider are the caregiver's data
    too (a helper's walk found them only in the timeline's text)."""
    from tests.factories import ReferralFactory, RespiteRequestFactory

    referral = ReferralFactory(respite_request=RespiteRequestFactory(caregiver=caregiver))
    client.force_login(caregiver)
    data = json.loads(client.get(reverse("respite:my_data")).content)
    (given,) = data["aanvragen"][0]["aanmeldingen"]
    assert given["bij"] == referral.offer.name
    assert given["gedeeld_met_de_aanbieder"]["voornaam"] == "Wilhelmina"
    assert given["status"] == "Verstuurd, wacht op antwoord"
