"""Offer cards rendered once per catalogue version and day, then reused (issue 13).

A card in a list is the same for every visitor until the catalogue changes (any write bumps
the catalogue version, directory/cache.py) or the day changes (availability says "bijgewerkt
3 dagen geleden"). Rendering 25 cards was two thirds of a municipality page's time; a cached
card is one string from the 'fragments' cache, fetched for the whole page in one get_many.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import django
from django.core.cache import caches
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from directory.cache import catalogue_version
from directory.choices import AvailabilityState, Kind

CARD_TEMPLATE = "directory/_offer_card.html"
# Where the page's own address goes in a cached card ("Bewaren" brings the visitor back).
# It cannot come from an offer's text: that is escaped, and this has a literal "<".
TERUG = mark_safe("<terug/>")  # noqa: S308 (a constant)
SEARCH_CARD_TEMPLATE = "directory/_search_card.html"
CARD_SECONDS = 24 * 3600
# Template indentation and blank lines, kept as one newline: a full page of 25 cards is
# 1.4 KB lighter (the page stays under the 40 KB of issue 13) and words never run together.
BLANK_RUNS = re.compile(r"\s*\n\s*")


def _render(template, context: dict) -> str:
    # Rendered without a request, so without the context processors: the choices the card
    # templates compare with (as portal/context_processors.py gives every page) are added here.
    return BLANK_RUNS.sub(
        "\n", template.render({"AvailabilityState": AvailabilityState, "Kind": Kind, **context})
    )


@dataclass
class Card:
    """What a list needs of an offer when its card is cached: no model instance to build
    (making 25 offers with their provider, availability and groups was a third of the
    municipality page's time)."""

    pk: int
    kind: str
    name: str
    is_demo: bool
    card_html: str = ""

    def get_kind_display(self) -> str:
        from directory.choices import Kind

        return Kind(self.kind).label


def cards(
    rows,
    back: str = "",
    version: int | None = None,
    *,
    template: str = CARD_TEMPLATE,
    key: str = "card-li",
) -> list[Card]:
    """Cards for (pk, kind, name, is_demo) rows: from the cache, the rest rendered from full
    offers loaded in a fixed number of queries, and stored. `back` is the page's address,
    for the "Bewaren" links; `version` the catalogue version when the caller has read it;
    `template` renders one card (`key` names its cache entries).

    A cached card is the whole list item in two parts, around the address: one template
    include, link and translation per card were a fifth of the municipality page."""
    result = [Card(*row) for row in rows]
    if not result:
        return result
    version = catalogue_version() if version is None else version
    # Cached cards outlive a deploy: give the key a new name when their shape changes.
    prefix = f"{key}:{version}:{timezone.localdate().isoformat()}:{translation.get_language()}:"
    fragments = caches["fragments"]
    found = fragments.get_many([prefix + str(card.pk) for card in result])
    missing = [card.pk for card in result if prefix + str(card.pk) not in found]
    if missing:
        from directory.models import Offer

        compiled = get_template(template)
        rendered = {
            prefix + str(offer.pk): tuple(
                _render(compiled, {"offer": offer, "terug": TERUG}).rsplit(TERUG, 1)
            )
            for offer in Offer.objects.filter(pk__in=missing).for_listing()
        }
        fragments.set_many(rendered, timeout=CARD_SECONDS)
        found.update(rendered)
    back = quote(back, safe="/")  # as the urlencode filter: no character that needs escaping
    for card in result:
        parts = found.get(prefix + str(card.pk))
        if parts:  # one part when the card has no link back
            card.card_html = mark_safe(back.join(parts))  # noqa: S308 (ours)
    return [card for card in result if card.card_html]  # gone since the list was read


@cache
def _shape(model) -> str:
    """Names a pickled model's shape: its fields and Django's version. The catalogue version
    outlives a deploy; a release that changes the model then reads none of the old ones."""
    fields = ",".join(field.attname for field in model._meta.concrete_fields)
    return hashlib.sha256(f"{django.get_version()}:{fields}".encode()).hexdigest()[:12]


def municipality_listing(slug: str, version: int):
    """(municipality, rows, crisis) for a municipality page: the municipality, every
    published offer serving it as (pk, kind, name, is_demo) in kind order, and the offers
    for a crisis as (name, url, phone, is_demo), read once per catalogue version and shared by every
    visitor, filter and page (issue 13: the two UNION queries that counted and listed them
    were a third of the page). Raises Http404."""
    from directory.models import Municipality, Offer

    if len(slug) > Municipality._meta.get_field("slug").max_length:
        raise Http404  # no such municipality, and no such cache key
    # Rename 'listing' when the rows change shape (the model's shape is in the key).
    key = f"listing-crisis-demo:{version}:{_shape(Municipality)}:{slug}"
    fragments = caches["fragments"]
    cached = fragments.get(key)
    if cached is None:
        municipality = get_object_or_404(Municipality, slug=slug)
        found = (
            Offer.objects.published()
            .serving(municipality)
            .in_kind_order()
            .values_list(
                "pk",
                "kind",
                "name",
                "is_demo",
                "slug",
                "crisis",
                "planned",
                "phone",
                "provider__phone",
            )
        )
        rows, crisis, also_planned = [], [], []
        for pk, kind, name, demo, offer_slug, is_crisis, planned, phone, provider_phone in found:
            rows.append((pk, kind, name, demo))
            if is_crisis:
                url = reverse("directory:offer", kwargs={"pk": pk, "slug": offer_slug})
                (also_planned if planned else crisis).append(
                    (name, url, phone or provider_phone, demo)
                )
        # Offers there only for a crisis (a crisis bed, a crisis line) first and alone: an
        # offer that also takes planned stays answers its phone in office hours.
        cached = (municipality, rows, sorted(crisis) or sorted(also_planned))
        fragments.set(key, cached, timeout=CARD_SECONDS)
    return cached


OFFER_PAGE_TEMPLATE = "directory/_offer_detail_body.html"


def offer_page(pk: int, load) -> tuple[str, str, str, str]:
    """(slug, name, summary, content html) of a published offer's page, from the cache when it holds
    this catalogue version's; else load(pk) gives the template context (or raises Http404).

    Any change to the catalogue, also unpublishing, gives a new version: a cached page is
    never shown for an offer that is no longer published.
    """
    today, language = timezone.localdate().isoformat(), translation.get_language()
    key = f"offer-page:{catalogue_version()}:{today}:{language}:{pk}"
    fragments = caches["fragments"]
    cached = fragments.get(key)
    if cached is None:
        context = load(pk)
        offer = context["offer"]
        html = _render(get_template(OFFER_PAGE_TEMPLATE), context)
        cached = (offer.slug, offer.name, offer.summary, html)
        fragments.set(key, cached, timeout=CARD_SECONDS)
    slug, name, summary, html = cached
    return slug, name, summary, mark_safe(html)  # noqa: S308 (our own template's output)
