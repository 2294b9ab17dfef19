"""Offer cards rendered once per catalogue version and day, then reused (issue 13).

A card in a list is the same for every visitor until the catalogue changes (any write bumps
the catalogue version, directory/cache.py) or the day changes (availability says "bijgewerkt
3 dagen geleden"). Rendering 25 cards was two thirds of a municipality page's time; a cached
card is one string from the 'fragments' cache, fetched for the whole page in one get_many.
"""

from django.core.cache import caches
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

from directory.cache import catalogue_version

CARD_TEMPLATE = "directory/_offer_card_body.html"
CARD_SECONDS = 24 * 3600


def attach_card_html(offers) -> None:
    """Set offer.card_html on each offer: from the cache, or rendered and stored."""
    offers = list(offers)
    if not offers:
        return
    prefix = f"card:{catalogue_version()}:{timezone.localdate().isoformat()}:"
    fragments = caches["fragments"]
    found = fragments.get_many([prefix + str(o.pk) for o in offers])
    template = get_template(CARD_TEMPLATE)
    rendered = {}
    for offer in offers:
        key = prefix + str(offer.pk)
        if key not in found:
            rendered[key] = found[key] = template.render({"offer": offer})
        offer.card_html = mark_safe(found[key])  # noqa: S308 (our own template's output)
    if rendered:
        fragments.set_many(rendered, timeout=CARD_SECONDS)
