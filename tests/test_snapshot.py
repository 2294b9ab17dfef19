"""tests/snapshot.py puts back exactly what the loader wrote, and the database goes on."""

import pytest
from django.db import transaction

from directory.models import Offer
from tests import snapshot
from tests.directory.factories import OfferFactory


@pytest.mark.django_db
def test_the_copy_is_what_the_loader_wrote_and_new_rows_follow_it(monkeypatch):
    monkeypatch.setattr(snapshot, "_copies", {})
    with transaction.atomic():
        snapshot.load("load_demo_catalogue")  # the loader itself
        loaded = snapshot._contents()
        transaction.set_rollback(True)
    assert snapshot._contents() != loaded
    assert len(snapshot._copies) == 1

    snapshot.load("load_demo_catalogue")  # the copy
    assert snapshot._contents() == loaded
    assert Offer.objects.filter(is_demo=True).count() == 44
    OfferFactory()  # a new row gets an id after the copied ones


@pytest.mark.django_db
def test_another_state_runs_the_loader(monkeypatch):
    monkeypatch.setattr(snapshot, "_copies", {})
    snapshot.load("load_demo_catalogue")
    snapshot.load("load_demo_catalogue")  # a second time: the state after the first
    assert len(snapshot._copies) == 2
    assert Offer.objects.filter(is_demo=True).count() == 44
