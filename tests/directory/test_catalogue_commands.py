import pytest
from django.core.management import call_command

from directory.choices import Kind
from directory.models import Municipality, Offer

pytestmark = pytest.mark.django_db


def test_demo_catalogue_covers_every_kind_in_assen_and_midden_drenthe():
    call_command("load_demo_catalogue", verbosity=0)
    local = Offer.objects.published().filter(municipality__code__in=["GM0106", "GM1731"])
    assert local.count() >= 30
    assert set(local.values_list("kind", flat=True)) == set(Kind.values)
    assert not Offer.objects.filter(is_demo=False).exists()
    for code in ["GM0534", "GM0603", "GM0358", "GM0014", "GM0118"]:
        municipality = Municipality.objects.get(code=code)
        assert Offer.objects.published().serving(municipality).exists(), code
    lisse = Municipality.objects.get(code="GM0553")  # served through the Hillegom-Lisse region
    assert Offer.objects.serving(lisse).filter(name__startswith="Adempauze").exists()


def test_demo_catalogue_loads_again_without_duplicates():
    call_command("load_demo_catalogue", verbosity=0)
    count = Offer.objects.count()
    call_command("load_demo_catalogue", verbosity=0)
    assert Offer.objects.count() == count


def test_running_the_demo_loader_again_keeps_what_people_changed(client):
    """make run loads the demo on every start; it undid an editor's new phone number and
    a provider's own availability without a word."""
    from django.urls import reverse

    from directory.models import Availability
    from directory.services import availability_update
    from tests.conftest import make_staff
    from tests.directory.test_beheer_editing import form_data
    from tests.providers.conftest import make_provider_staff

    call_command("load_demo_catalogue", verbosity=0)
    boshuis = Offer.objects.get(name__startswith="Logeerboerderij")
    editor = make_staff("r@md.example", (boshuis.municipality.code, "redacteur"))
    client.force_login(editor)
    url = reverse("beheer:offer_edit", args=[boshuis.pk])
    sent = client.post(url, form_data(boshuis, phone="0593 123 999", summary="Eigen tekst."))
    assert sent.status_code == 302
    linde = Offer.objects.get(name="Logeerhuis De Linde")
    planner = make_provider_staff("p@linde.example", linde.provider)
    availability_update(offer=linde, user=planner, data={"state": "vol"})
    untouched = Offer.objects.get(name="Logeerhuis De Linde")
    Offer.objects.filter(pk=untouched.pk).update(summary="Oud")  # not a person's edit

    call_command("load_demo_catalogue", verbosity=0)
    boshuis.refresh_from_db()
    assert boshuis.phone == "0593 123 999" and boshuis.summary == "Eigen tekst."
    assert Availability.objects.get(offer=linde).state == "vol"
    assert Offer.objects.get(pk=untouched.pk).summary != "Oud"  # the demo is fresh again


def test_demo_offers_are_findable_by_search():
    call_command("load_demo_catalogue", verbosity=0)
    assert Offer.objects.search("logeren").filter(name="Logeerhuis De Linde").exists()


def test_generator_makes_n_per_municipality_and_replaces_itself():
    call_command("generate_catalogue", per_municipality=3, municipalities=["GM0106", "GM1731"])
    call_command("generate_catalogue", per_municipality=3, municipalities=["GM0106", "GM1731"])
    assert Offer.objects.count() == 6
    assert Offer.objects.filter(is_demo=True).count() == 6
    assert Offer.objects.search("blokzorg").exists()  # first kind: respijtzorg thuis


def test_demo_catalogue_comes_from_the_hsds_fixture_through_the_importer():
    """Issue 14: the demo is an HSDS 3.0 feed in fixtures/, read by the editors' importer."""
    import json
    import uuid

    from directory.hsds.serialise import validator
    from directory.management.commands.load_demo_catalogue import FIXTURE
    from directory.models import OfferChange

    feed = json.loads(FIXTURE.read_text())
    for service in feed["contents"]:
        assert not list(validator("service").iter_errors(service)), service["name"]
    call_command("load_demo_catalogue", verbosity=0)
    assert Offer.objects.count() == len(feed["contents"])
    assert OfferChange.objects.filter(action="aangemaakt via HSDS-import").count() == len(
        feed["contents"]
    )
    # A database loaded before the fixture existed: other ids, same names. No copies.
    for offer in Offer.objects.all():
        Offer.objects.filter(pk=offer.pk).update(
            external_id=f"MZP-{offer.pk}", hsds_id=uuid.uuid4()
        )
    call_command("load_demo_catalogue", verbosity=0)
    assert Offer.objects.count() == len(feed["contents"])


def test_demo_dates_move_along_with_today():
    """'Laatst gecontroleerd' stays as many days ago as when the fixture was made."""
    import json
    from datetime import date

    from django.utils import timezone

    from directory.management.commands.load_demo_catalogue import FIXTURE

    feed = json.loads(FIXTURE.read_text())
    made_on = date.fromisoformat(feed["made_on"])
    first = feed["contents"][0]
    age = made_on - date.fromisoformat(first["assured_date"])
    call_command("load_demo_catalogue", verbosity=0)
    offer = Offer.objects.get(external_id=first["id"])
    assert offer.verified_on == timezone.localdate() - age
