"""Matching respects who the offer is for: age group and target group (issue 15.6)."""

import pytest

from directory.choices import Kind
from respite.matching import matching_offers
from tests.directory.factories import OfferFactory
from tests.respite.test_werkbak import make_request

# (offer's target groups, age group of the person cared for, situation, offered?)
CASES = [
    # No target groups: for everyone.
    ([], "oudere", "dementie", True),
    ([], "kind", "verstandelijk", True),
    # Children's offers only for children, also when the condition matches.
    (["kinderen", "verstandelijk"], "kind", "verstandelijk", True),
    (["kinderen", "verstandelijk"], "oudere", "verstandelijk", False),
    (["kinderen", "verstandelijk"], "volwassene", "verstandelijk", False),
    (["kinderen"], "kind", "lichamelijk", True),
    (["kinderen"], "oudere", "dementie", False),
    # Older people's offers: for 65+; a younger adult only where the condition matches.
    (["ouderen"], "oudere", "lichamelijk", True),
    (["ouderen"], "volwassene", "lichamelijk", False),
    (["ouderen"], "kind", "lichamelijk", False),
    (["ouderen", "dementie"], "oudere", "dementie", True),
    (["ouderen", "dementie"], "volwassene", "dementie", True),  # early-onset dementia
    (["ouderen", "dementie"], "volwassene", "ggz", False),
    (["ouderen", "dementie"], "kind", "dementie", False),
    # Condition offers only for that condition, whatever the age.
    (["dementie"], "oudere", "dementie", True),
    (["dementie"], "oudere", "ggz", False),
    (["ggz", "nah"], "volwassene", "nah", True),
    (["ggz", "nah"], "volwassene", "lichamelijk", False),
    # Groups about the caregiver never exclude anyone.
    (["werkende_mantelzorgers"], "oudere", "dementie", True),
    (["jonge_mantelzorgers", "kinderen"], "kind", "ggz", True),
    (["jonge_mantelzorgers", "kinderen"], "oudere", "ggz", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize("groups, age_group, situation, offered", CASES)
def test_matching_respects_age_and_target_group(
    midden_drenthe, django_user_model, groups, age_group, situation, offered
):
    caregiver = django_user_model.objects.create_user(username="z@example.org")
    OfferFactory(
        name="Het aanbod", municipality=midden_drenthe, kind=Kind.LOGEERZORG, groups=groups
    )
    request = make_request(
        caregiver, midden_drenthe, age_group=age_group, situation=situation, kinds=["logeerzorg"]
    )
    names = [offer.name for offer, _ in matching_offers(request)]
    assert (names == ["Het aanbod"]) is offered


@pytest.mark.django_db
def test_a_mother_of_65_is_not_offered_the_childrens_guest_family(
    midden_drenthe, django_user_model
):
    """The case that was found: the demo offer for children came up for a mother aged 65+."""
    caregiver = django_user_model.objects.create_user(username="z@example.org")
    OfferFactory(
        name="Logeren in een gastgezin (kinderen)",
        municipality=midden_drenthe,
        kind=Kind.LOGEERZORG,
        groups=["kinderen", "verstandelijk"],
    )
    OfferFactory(name="Logeerhuis", municipality=midden_drenthe, kind=Kind.LOGEERZORG)
    mother = make_request(caregiver, midden_drenthe, age_group="oudere", kinds=["logeerzorg"])
    assert [offer.name for offer, _ in matching_offers(mother)] == ["Logeerhuis"]
