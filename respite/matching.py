"""Offers from the catalogue that fit a request, best first, so nobody has to phone around."""

from django.utils.translation import gettext_lazy as _

from directory.choices import AGE_TARGET_GROUPS
from directory.models import Offer
from respite.choices import Urgency


def fits(offer: Offer, request) -> bool:
    """Whether the offer admits the person cared for (Offer.admits: the age limits always,
    the target groups only where the editor said 'alleen voor deze groepen'), and is there
    for a planned request when the request is planned (a crisis bed is not)."""
    if request.urgency == Urgency.PLANNED and not offer.planned:
        return False
    return offer.admits(age_group=request.age_group, situation=request.situation)


def score(offer: Offer, request) -> int:
    groups = {tag.code for tag in offer.target_groups.all()}
    points = 3 * (offer.kind in request.kinds)
    points += 2 * (request.situation in groups)
    points += any(
        AGE_TARGET_GROUPS[code] == request.age_group for code in groups & AGE_TARGET_GROUPS.keys()
    )
    points += sum(
        getattr(request, flag) and getattr(offer, flag) for flag in ("evening", "night", "weekend")
    )
    points += (request.at_home and offer.at_home) + (
        request.away_from_home and offer.away_from_home
    )
    points += (request.settling_in and offer.settling_in) + (
        request.stay_together and offer.stay_together
    )
    points += 2 * (request.urgency == Urgency.URGENT and offer.crisis)
    return points


# What a caregiver may wish for beyond the kind of help, in the words staff read it.
WISHES = (
    ("at_home", _("thuis")),
    ("away_from_home", _("buitenshuis")),
    ("evening", _("'s avonds")),
    ("night", _("'s nachts")),
    ("weekend", _("in het weekend")),
    ("settling_in", _("eerst wennen")),
    ("stay_together", _("samen logeren")),
)


def wish_codes(request) -> list[str]:
    return [code for code, _label in WISHES if getattr(request, code)]


def wish_labels(codes) -> list[str]:
    labels = dict(WISHES)
    return [str(labels[code]) for code in codes if code in labels]


def wish_fit(offer: Offer, request) -> tuple[list[str], list[str]]:
    """(wishes the offer meets, wishes it does not), in words: so a consultant sees at once
    that 't Boshuis has no room for a couple where De Linde has."""
    met, missed = [], []
    for code, label in WISHES:
        if getattr(request, code):
            (met if getattr(offer, code) else missed).append(str(label))
    return met, missed


def matching_offers(request, limit: int = 10) -> list[tuple[Offer, int]]:
    """Published offers of the kinds asked for that serve the municipality (its own, another
    municipality's that also serves it, a region's or a national one) and admit the naaste."""
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
