"""Matching respects who the offer is for: age group and target group (issue 15.6)."""

import pytest

from directory.choices import Kind
from respite.matching import matching_offers
from tests.directory.factories import OfferFactory
from tests.respite.test_werkbak import make_request

ONLY = True  # the editor ticked "alleen voor deze groepen"
ALSO = False  # a list of groups read as people read it: also (especially) for these

# (offer's target groups, only?, minimum_age, maximum_age,
#  age group of the person cared for, situation, offered?)
CASES = [
    # No target groups, no age limits: for everyone.
    ([], ALSO, None, None, "oudere", "dementie", True),
    ([], ONLY, None, None, "kind", "verstandelijk", True),
    # The case from the source reports: "Dementie, Verstandelijke beperking, Kinderen met een
    # zorgvraag" means also children, not only children: a mother of 82 with dementia fits.
    (["dementie", "verstandelijk", "kinderen"], ONLY, None, None, "oudere", "dementie", True),
    (["dementie", "verstandelijk", "kinderen"], ONLY, None, None, "kind", "lichamelijk", True),
    (["dementie", "verstandelijk", "kinderen"], ONLY, None, None, "volwassene", "ggz", False),
    (["dementie", "verstandelijk", "kinderen"], ALSO, None, None, "volwassene", "ggz", True),
    # Only children is said with an age limit, and then holds whatever the condition.
    (["kinderen", "verstandelijk"], ONLY, None, 17, "kind", "verstandelijk", True),
    (["kinderen", "verstandelijk"], ONLY, None, 17, "oudere", "verstandelijk", False),
    (["kinderen", "verstandelijk"], ONLY, None, 17, "volwassene", "verstandelijk", False),
    (["kinderen", "verstandelijk"], ALSO, None, 17, "volwassene", "verstandelijk", False),
    (["kinderen"], ONLY, None, None, "kind", "lichamelijk", True),
    (["kinderen"], ONLY, None, None, "oudere", "dementie", False),
    # Older people: the tag admits 65+, other ages only through another group on the list.
    (["ouderen"], ONLY, None, None, "oudere", "lichamelijk", True),
    (["ouderen"], ONLY, None, None, "volwassene", "lichamelijk", False),
    (["ouderen"], ALSO, None, None, "volwassene", "lichamelijk", True),
    (["ouderen", "dementie"], ONLY, None, None, "oudere", "dementie", True),
    (["ouderen", "dementie"], ONLY, None, None, "volwassene", "dementie", True),  # early onset
    (["ouderen", "dementie"], ONLY, None, None, "volwassene", "ggz", False),
    (["ouderen", "dementie"], ONLY, 18, None, "kind", "dementie", False),
    # Age limits overlap the request's age group (0-17, 18-64, 65+).
    ([], ALSO, 60, None, "volwassene", "lichamelijk", True),
    ([], ALSO, 65, None, "volwassene", "lichamelijk", False),
    ([], ALSO, 18, 64, "oudere", "lichamelijk", False),
    ([], ALSO, 18, 64, "volwassene", "nah", True),
    ([], ALSO, None, 12, "kind", "lichamelijk", True),
    # Condition offers: only that condition when the editor says so, whatever the age.
    (["dementie"], ONLY, None, None, "oudere", "dementie", True),
    (["dementie"], ONLY, None, None, "oudere", "ggz", False),
    (["dementie"], ALSO, None, None, "oudere", "ggz", True),
    (["ggz", "nah"], ONLY, None, None, "volwassene", "nah", True),
    (["ggz", "nah"], ONLY, None, None, "volwassene", "lichamelijk", False),
    # Groups about the caregiver never exclude anyone.
    (["werkende_mantelzorgers"], ONLY, None, None, "oudere", "dementie", True),
    (["jonge_mantelzorgers", "kinderen"], ONLY, None, None, "kind", "ggz", True),
    (["jonge_mantelzorgers", "kinderen"], ONLY, None, None, "oudere", "ggz", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize("groups, only, minimum, maximum, age_group, situation, offered", CASES)
def test_matching_reads_target_groups_as_people_do(
    midden_drenthe, django_user_model, groups, only, minimum, maximum, age_group, situation, offered
):
    caregiver = django_user_model.objects.create_user(username="z@example.org")
    OfferFactory(
        name="Het aanbod",
        municipality=midden_drenthe,
        kind=Kind.LOGEERZORG,
        groups=groups,
        target_groups_only=only,
        minimum_age=minimum,
        maximum_age=maximum,
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
        target_groups_only=True,
        maximum_age=17,
    )
    OfferFactory(name="Logeerhuis", municipality=midden_drenthe, kind=Kind.LOGEERZORG)
    mother = make_request(caregiver, midden_drenthe, age_group="oudere", kinds=["logeerzorg"])
    assert [offer.name for offer, _ in matching_offers(mother)] == ["Logeerhuis"]


@pytest.mark.django_db
def test_an_offer_serving_the_municipality_through_a_region_matches(
    midden_drenthe, django_user_model
):
    from directory.models import Municipality, Region

    caregiver = django_user_model.objects.create_user(username="z@example.org")
    region = Region.objects.create(code="regio-test", name="Assen en Midden-Drenthe", kind="regio")
    region.municipalities.set([midden_drenthe, Municipality.objects.get(code="GM0106")])
    assen_house = OfferFactory(name="Logeerhuis in Assen", kind=Kind.LOGEERZORG)  # owned by Assen
    OfferFactory(name="Alleen voor Assen", kind=Kind.LOGEERZORG)
    assen_house.regions.set([region])
    request = make_request(caregiver, midden_drenthe, kinds=["logeerzorg"])
    assert [offer.name for offer, _ in matching_offers(request)] == ["Logeerhuis in Assen"]


@pytest.mark.parametrize(
    "answers, expected",
    [
        # Journey 1: weekend logeerzorg in Beilen for a mother of 82 with dementia.
        (
            {"age_group": "oudere", "situation": "dementie", "weekend": True},
            ["Logeerhuis De Linde", "Logeerboerderij 't Boshuis"],
        ),
        # Journey 6: an older couple in Hooghalen who want to stay together.
        (
            {"age_group": "oudere", "situation": "dementie", "stay_together": True},
            ["Logeerhuis De Linde", "Logeerboerderij 't Boshuis"],
        ),
        # A child with an intellectual disability: the guest family for children too.
        (
            {"age_group": "kind", "situation": "verstandelijk"},
            ["Logeerboerderij 't Boshuis", "Logeren in een gastgezin (kinderen)"],
        ),
        # An adult with a mental illness: no logeerhuis on the demo list takes them.
        ({"age_group": "volwassene", "situation": "ggz"}, []),
        # A mother who may wander off needs a closed setting: 't Boshuis is open (issue 25.1).
        (
            {"age_group": "oudere", "situation": "dementie", "needs_closed": True},
            ["Logeerhuis De Linde"],
        ),
        # Transport needed: the farm fetches its guests, De Linde links the Regiotaxi.
        (
            {"age_group": "oudere", "situation": "dementie", "needs_transport": True},
            ["Logeerhuis De Linde", "Logeerboerderij 't Boshuis"],
        ),
    ],
)
def test_the_shipped_demo_catalogue_matches_the_journeys(
    demo_catalogue, midden_drenthe, django_user_model, answers, expected
):
    """On the catalogue every new user gets, not on data a test built (issue 22)."""
    caregiver = django_user_model.objects.create_user(username="z@example.org")
    request = make_request(caregiver, midden_drenthe, kinds=["logeerzorg"], **answers)
    names = [offer.name for offer, _ in matching_offers(request)]
    assert sorted(names) == sorted(expected)
    if expected:
        assert names[0] == expected[0]  # the best fit first


def test_a_planned_request_is_not_matched_to_a_crisis_only_bed(
    demo_catalogue, midden_drenthe, django_user_model
):
    caregiver = django_user_model.objects.create_user(username="z@example.org")
    planned = make_request(caregiver, midden_drenthe, kinds=["logeerzorg"], urgency="gepland")
    urgent = make_request(
        caregiver, midden_drenthe, kinds=["logeerzorg"], urgency="spoed", urgent_reason="Opname"
    )
    assert "Crisisbed voor een nacht" not in [o.name for o, _ in matching_offers(planned)]
    assert [o.name for o, _ in matching_offers(urgent)][0] == "Crisisbed voor een nacht"


# (the offer's dementia setting, transport by the house, a linked transport offer,
#  the request's needs: closed, transport) -> offered?, points for the facts
PLACE_CASES = [
    ("", False, False, False, False, True, 0),
    ("gesloten", False, False, True, False, True, 2),
    ("open", False, False, True, False, False, 0),  # open said: not for who may wander off
    ("", False, False, True, False, True, 0),  # not said: asked, not excluded
    ("open", True, False, False, True, True, 1),
    ("", False, True, False, True, True, 1),  # a linked transport offer counts too
    ("gesloten", True, False, True, True, True, 3),
    ("", False, False, False, True, True, 0),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setting, by_house, linked, needs_closed, needs_transport, offered, points", PLACE_CASES
)
def test_matching_reads_the_kind_of_place(
    midden_drenthe,
    django_user_model,
    setting,
    by_house,
    linked,
    needs_closed,
    needs_transport,
    offered,
    points,
):
    from respite.matching import fits, score

    caregiver = django_user_model.objects.create_user(username="z@example.org")
    plain = OfferFactory(name="Zonder feiten", kind=Kind.LOGEERZORG)
    offer = OfferFactory(
        name="Logeerhuis",
        kind=Kind.LOGEERZORG,
        dementia_setting=setting,
        transport_by_house=by_house,
        transport_offer=OfferFactory(kind=Kind.VERVOER) if linked else None,
    )
    request = make_request(
        caregiver,
        midden_drenthe,
        kinds=["logeerzorg"],
        needs_closed=needs_closed,
        needs_transport=needs_transport,
    )
    assert fits(offer, request) is offered
    assert score(offer, request) - score(plain, request) == points
