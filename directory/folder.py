"""A dated one-page folder per municipality (issue 26.2), for the places caregivers go who do
not look for help themselves: the huisarts, the pharmacy, the library. The main kinds of help
with a few names and numbers, the Wmo-loket and whom to call when it is closed, a QR code to
the municipality's page, and the date an editor last checked it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from directory.choices import KIND_ORDER, Kind
from directory.models import Municipality, Offer

KINDS_SHOWN = 6  # what fits on one A4 page in large print
NAMES_PER_KIND = 2


@dataclass(frozen=True)
class KindLine:
    label: str
    count: int
    examples: list[Offer]

    @property
    def more(self) -> int:
        return self.count - len(self.examples)


def folder_kinds(municipality: Municipality) -> list[KindLine]:
    """The kinds of help serving the municipality, respite first (the catalogue's order),
    each with how many offers and the first few by name."""
    offers = (
        Offer.objects.published()
        .serving(municipality)
        .select_related("provider")
        .order_by("nationwide", "name")
    )
    by_kind: dict[str, list[Offer]] = {}
    for offer in sorted(offers, key=lambda o: o.crisis and not o.planned):  # planned first
        by_kind.setdefault(offer.kind, []).append(offer)
    kinds = sorted(by_kind, key=lambda kind: KIND_ORDER[kind])[:KINDS_SHOWN]
    labels = dict(Kind.choices)
    return [
        KindLine(str(labels[kind]), len(by_kind[kind]), by_kind[kind][:NAMES_PER_KIND])
        for kind in kinds
    ]


def qr_svg(url: str) -> SafeString:
    """The URL as a QR code in SVG (paths only: no text of ours inside), for WeasyPrint.
    qrcode is the library allauth already uses for the authenticator's QR code."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 (our own SVG, no user text)


def folder_is_due(municipality: Municipality, today: date) -> bool:
    """Never checked, or longer ago than the review period offers have too."""
    if municipality.folder_checked_on is None:
        return True
    return municipality.folder_checked_on < today - timedelta(
        days=settings.DIRECTORY_REVIEW_AFTER_DAYS
    )


def folder_context(municipality: Municipality, today: date) -> dict:
    url = settings.SITE_URL.rstrip("/") + municipality.get_absolute_url()
    return {
        "municipality": municipality,
        "kinds": folder_kinds(municipality),
        "url": url,
        "short_url": url.split("://", 1)[-1],
        "qr": qr_svg(url),
        "today": today,
        "has_demo": Offer.objects.published().serving(municipality).filter(is_demo=True).exists()
        or municipality.loket_is_demo,
    }
