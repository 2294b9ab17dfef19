"""Generate a large synthetic catalogue for benchmarks and load tests (flagged as demo)."""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from directory.cache import catalogue_changed
from directory.choices import KIND_KEYWORDS, AccessRoute, Kind, OfferStatus, TargetGroup
from directory.models import (
    AccessRouteTag,
    Municipality,
    Offer,
    Provider,
    TargetGroupTag,
)
from portal.text import fold

PROVIDER_PREFIX = "Synthetisch: "
WORDS = ("samen", "thuis", "dichtbij", "vertrouwd", "rustig", "gezellig", "vast", "flexibel")


class Command(BaseCommand):
    help = "Generate about N offers per municipality (default 50: over 17,000 in all)."

    def add_arguments(self, parser):
        parser.add_argument("--per-municipality", type=int, default=50)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--municipalities", nargs="*", help="CBS codes (default: all)")

    @transaction.atomic
    def handle(self, *args, per_municipality: int, seed: int, municipalities, **options):
        rng = random.Random(seed)
        today = timezone.localdate()
        qs = Municipality.objects.order_by("code")
        if municipalities:
            qs = qs.filter(code__in=municipalities)
        # Replace an earlier synthetic catalogue instead of adding to it.
        Offer.objects.filter(provider__name__startswith=PROVIDER_PREFIX).delete()
        Provider.objects.filter(name__startswith=PROVIDER_PREFIX).delete()

        group_ids = dict(TargetGroupTag.objects.values_list("code", "pk"))
        route_ids = dict(AccessRouteTag.objects.values_list("code", "pk"))
        kinds = list(Kind)
        offers: list[Offer] = []
        chosen_groups: list[list[str]] = []
        chosen_routes: list[list[str]] = []
        for municipality in qs:
            provider = Provider.objects.create(
                name=f"{PROVIDER_PREFIX}Zorg en Welzijn {municipality.name}",
                phone="0800 000 0000",
                website="https://synthetisch.example.org/",
            )
            for number in range(per_municipality):
                kind = kinds[number % len(kinds)]
                word = rng.choice(WORDS)
                name = f"{kind.label} {word} {municipality.name} {number + 1}"
                groups = rng.sample(TargetGroup.values, k=rng.randint(0, 3))
                routes = rng.sample(AccessRoute.values, k=rng.randint(1, 2))
                summary = f"Synthetisch aanbod voor de benchmark: {kind.label.lower()}, {word}."
                description = f"{summary} Niet echt. {KIND_KEYWORDS[kind]}"
                offer = Offer(
                    provider=provider,
                    municipality=municipality,
                    name=name,
                    slug=f"synthetisch-{number + 1}",
                    summary=summary,
                    description=description,
                    kind=kind,
                    daytime=rng.random() < 0.8,
                    evening=rng.random() < 0.4,
                    night=rng.random() < 0.15,
                    weekend=rng.random() < 0.3,
                    at_home=rng.random() < 0.5,
                    away_from_home=rng.random() < 0.6,
                    crisis=rng.random() < 0.2,
                    is_free=rng.random() < 0.5,
                    status=OfferStatus.PUBLISHED,
                    verified_on=today - timedelta(days=rng.randint(0, 500)),
                    is_demo=True,
                    search_name=fold(name),
                    search_document=fold(
                        " ".join([summary, description, provider.name, str(kind.label), *groups])
                    ),
                )
                offers.append(offer)
                chosen_groups.append(groups)
                chosen_routes.append(routes)

        Offer.objects.bulk_create(offers, batch_size=2000)
        group_through = Offer.target_groups.through
        route_through = Offer.access_routes.through
        group_through.objects.bulk_create(
            [
                group_through(offer_id=offer.pk, targetgrouptag_id=group_ids[code])
                for offer, codes in zip(offers, chosen_groups, strict=True)
                for code in codes
            ],
            batch_size=5000,
        )
        route_through.objects.bulk_create(
            [
                route_through(offer_id=offer.pk, accessroutetag_id=route_ids[code])
                for offer, codes in zip(offers, chosen_routes, strict=True)
                for code in codes
            ],
            batch_size=5000,
        )
        catalogue_changed()
        self.stdout.write(self.style.SUCCESS(f"{len(offers)} synthetische aanbiedingen gemaakt."))
