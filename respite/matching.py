"""Offers from the catalogue that fit a request, best first, so nobody has to phone around."""

from django.utils.translation import gettext_lazy as _

from directory.choices import AGE_TARGET_GROUPS, DementiaSetting
from directory.models import Offer
from respite.choices import Urgency


def fits(offer: Offer, respite_request) -> bool:
    """Whether the offer admits the person cared for (Offer.admits: the age limits always,
    the target groups only where the editor said 'alleen voor deze groepen'), and is there
    for a planned request when the request is planned (a crisis bed is not)."""
    if respite_request.urgency == Urgency.PLANNED and not offer.planned:
        return False
    if respite_request.needs_closed and offer.dementia_setting == DementiaSetting.OPEN:
        return False  # the editor said: not for someone who may wander off
    return offer.admits(age_group=respite_request.age_group, situation=respite_request.situation)


def score(offer: Offer, respite_request) -> int:
    groups = {tag.code for tag in offer.target_groups.all()}
    points = 3 * (offer.kind in respite_request.kinds)
    points += 2 * (respite_request.situation in groups)
    points += any(
        AGE_TARGET_GROUPS[code] == respite_request.age_group
        for code in groups & AGE_TARGET_GROUPS.keys()
    )
    points += sum(
        getattr(respite_request, flag) and getattr(offer, flag)
        for flag in ("evening", "night", "weekend")
    )
    points += (respite_request.at_home and offer.at_home) + (
        respite_request.away_from_home and offer.away_from_home
    )
    points += (respite_request.settling_in and offer.settling_in) + (
        respite_request.stay_together and offer.stay_together
    )
    points += 2 * (respite_request.urgency == Urgency.URGENT and offer.crisis)
    points += 2 * (respite_request.needs_closed and meets(offer, "needs_closed"))
    points += respite_request.needs_transport and meets(offer, "needs_transport")
    return points


# Wishes an offer meets through a fact with another name (else the same field on both).
_MEETS = {
    "needs_closed": lambda offer: offer.dementia_setting == DementiaSetting.CLOSED,
    "needs_transport": lambda offer: offer.transport_by_house or bool(offer.transport_offer_id),
}


def meets(offer: Offer, code: str) -> bool:
    return _MEETS[code](offer) if code in _MEETS else bool(getattr(offer, code))


# What a caregiver may wish for beyond the kind of help, in the words staff read it.
WISHES = (
    ("at_home", _("thuis")),
    ("away_from_home", _("buitenshuis")),
    ("evening", _("'s avonds")),
    ("night", _("'s nachts")),
    ("weekend", _("in het weekend")),
    ("settling_in", _("eerst wennen")),
    ("stay_together", _("samen logeren")),
    ("needs_closed", _("gesloten afdeling")),
    ("needs_transport", _("vervoer")),
)


def wish_codes(respite_request) -> list[str]:
    return [code for code, _label in WISHES if getattr(respite_request, code)]


def wish_labels(codes) -> list[str]:
    labels = dict(WISHES)
    return [str(labels[code]) for code in codes if code in labels]


def wish_fit(offer: Offer, respite_request) -> tuple[list[str], list[str]]:
    """(wishes the offer meets, wishes it does not), in words: so a consultant sees at once
    that 't Boshuis has no room for a couple where De Linde has."""
    met, missed = [], []
    for code, label in WISHES:
        if getattr(respite_request, code):
            (met if meets(offer, code) else missed).append(str(label))
    return met, missed


def matching_offers(respite_request, limit: int = 10) -> list[tuple[Offer, int]]:
    """Published offers of the kinds asked for that serve the municipality (its own, another
    municipality's that also serves it, a region's or a national one) and admit the naaste."""
    candidates = (
        Offer.objects.published()
        .serving(respite_request.municipality)
        .filter(kind__in=respite_request.kinds or [])
        .select_related("provider")
        .prefetch_related("target_groups")[:300]
    )
    ranked = sorted(
        ((o, score(o, respite_request)) for o in candidates if fits(o, respite_request)),
        key=lambda p: (-p[1], p[0].name),
    )
    return ranked[:limit]
