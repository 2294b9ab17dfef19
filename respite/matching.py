"""Offers from the catalogue that fit a request, best first, so nobody has to phone around."""

from directory.models import Offer


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
    ranked = sorted(((o, score(o, request)) for o in candidates), key=lambda p: (-p[1], p[0].name))
    return ranked[:limit]
