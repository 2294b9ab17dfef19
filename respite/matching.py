"""Offers from the catalogue that fit a request, best first, so nobody has to phone around."""

from directory.choices import TargetGroup
from directory.models import Offer

# Target groups that say how old the person cared for is, and the age groups they are for.
AGE_TAGS = {TargetGroup.KINDEREN: {"kind"}, TargetGroup.OUDEREN: {"oudere"}}
# Target groups about the caregiver, not the person cared for: they never exclude an offer.
CAREGIVER_TAGS = {TargetGroup.JONGE_MANTELZORGERS, TargetGroup.WERKENDE_MANTELZORGERS}


def fits(offer: Offer, request) -> bool:
    """Whether an offer's target groups admit the person cared for.

    An offer for children is not for a mother of 65+, and an offer for dementia is not for
    someone with a mental illness. Offers without target groups are for everyone. One exception:
    an older people's offer for a condition (say dementia) also takes a younger adult with that
    condition, as day care for dementia does for early-onset dementia.
    """
    tags = {tag.code for tag in offer.target_groups.all()} - CAREGIVER_TAGS
    ages = tags & AGE_TAGS.keys()
    conditions = tags - ages
    if conditions and request.situation not in conditions:
        return False
    if not ages or any(request.age_group in AGE_TAGS[tag] for tag in ages):
        return True
    return TargetGroup.OUDEREN in ages and bool(conditions) and request.age_group == "volwassene"


def score(offer: Offer, request) -> int:
    points = 3 * (offer.kind in request.kinds)
    points += 2 * any(tag.code == request.situation for tag in offer.target_groups.all())
    points += sum(
        getattr(request, flag) and getattr(offer, flag) for flag in ("evening", "night", "weekend")
    )
    points += (request.at_home and offer.at_home) + (
        request.away_from_home and offer.away_from_home
    )
    points += (request.settling_in and offer.settling_in) + (
        request.stay_together and offer.stay_together
    )
    points += 2 * (request.urgency == "spoed" and offer.crisis)
    return points


def matching_offers(request, limit: int = 10) -> list[tuple[Offer, int]]:
    candidates = (
        Offer.objects.published()
        .serving(request.municipality)
        .filter(kind__in=request.kinds or [])
        .select_related("provider")
        .prefetch_related("target_groups")[:300]
    )
    ranked = sorted(
        ((o, score(o, request)) for o in candidates if fits(o, request)),
        key=lambda p: (-p[1], p[0].name),
    )
    return ranked[:limit]
