"""Load the demo catalogue (flagged as demo on the site); safe to run again."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from directory.cache import catalogue_changed
from directory.choices import Kind, OfferStatus, RegionKind
from directory.demo_catalogue import DEMO_REGIONS, LOCATIONS, OFFERS
from directory.models import (
    AccessRouteTag,
    Location,
    Municipality,
    Offer,
    OpeningException,
    OpeningHours,
    Provider,
    Region,
    TargetGroupTag,
)
from providers.choices import AvailabilityState
from providers.models import NIGHT_WEEKS, Availability, NightCapacity

AREA_CODES = {
    "GM0106": "0592",
    "GM1731": "0593",
    "GM0534": "0252",
    "GM0603": "070",
    "GM0358": "0297",
    "GM0014": "050",
    "GM0118": "0528",
    None: "030",
}


def holidays(today: date) -> list[tuple[date, str]]:
    """Christmas and New Year's Day ahead of today, as examples of holiday exceptions."""
    days = []
    for year in (today.year, today.year + 1):
        days += [
            (date(year, 12, 25), "Eerste Kerstdag"),
            (date(year, 12, 26), "Tweede Kerstdag"),
            (date(year, 1, 1), "Nieuwjaarsdag"),
        ]
    return [(day, reason) for day, reason in days if day >= today]


class Command(BaseCommand):
    help = "Load the demo catalogue for Assen, Midden-Drenthe and a few other municipalities."

    @transaction.atomic
    def handle(self, *args, **options):
        if not Municipality.objects.filter(code="GM0106").exists():
            raise CommandError("Load the reference data first: manage.py load_reference_data")
        today = timezone.localdate()
        municipalities = {m.code: m for m in Municipality.objects.all()}

        for code, name, members in DEMO_REGIONS:
            region, _ = Region.objects.update_or_create(
                code=code, defaults={"name": name, "kind": RegionKind.REGIO}
            )
            region.municipalities.set([municipalities[m] for m in members])
        regions = {r.code: r for r in Region.objects.all()}
        groups = {t.code: t for t in TargetGroupTag.objects.all()}
        routes = {t.code: t for t in AccessRouteTag.objects.all()}

        # A made-up Wmo-loket number for the demo municipalities, shown as an example; a
        # number an editor entered is never overwritten.
        for code, area in AREA_CODES.items():
            if code and Municipality.objects.filter(code=code, loket_phone="").exists():
                Municipality.objects.filter(code=code).update(
                    loket_phone=f"{area} 700 000",
                    loket_hours="Maandag tot en met vrijdag van 9 tot 17 uur",
                    loket_is_demo=True,
                )

        providers: dict[str, Provider] = {}
        for number, spec in enumerate(OFFERS):
            name = spec["provider"]
            if name not in providers:
                area = AREA_CODES[spec["owner"]]
                providers[name], _ = Provider.objects.update_or_create(
                    name=name,
                    defaults={
                        "phone": f"{area} 700 {100 + number:03d}",
                        "email": f"info@{slugify(name)}.example.org",
                        "website": f"https://{slugify(name)}.example.org/",
                        "description": "Voorbeeldorganisatie (demo).",
                        "municipality": municipalities.get(spec["owner"]),
                    },
                )

        locations: dict[str, Location] = {}
        for key, (provider, name, street, postcode, city, access, hours) in LOCATIONS.items():
            pc4 = postcode[:4]
            location, _ = Location.objects.update_or_create(
                provider=providers[provider],
                name=name,
                defaults={
                    "street_address": street,
                    "postcode": postcode,
                    "city": city,
                    "accessibility": access,
                    "municipality": Municipality.objects.filter(postcode_areas__pc4=pc4).first(),
                },
            )
            location.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                OpeningHours(
                    location=location,
                    weekday=day,
                    opens=time.fromisoformat(start),
                    closes=time.fromisoformat(end),
                    label=label,
                )
                for day, start, end, label in hours
            )
            location.exceptions.all().delete()
            OpeningException.objects.bulk_create(
                OpeningException(location=location, date=day, closed=True, reason=reason)
                for day, reason in holidays(today)
            )
            locations[key] = location

        demo_offers = []
        for spec in OFFERS:
            when, where = spec.get("when", ""), spec.get("where", "")
            amount = spec.get("amount")
            offer, _ = Offer.objects.update_or_create(
                provider=providers[spec["provider"]],
                name=spec["name"],
                defaults={
                    "municipality": municipalities.get(spec["owner"]),
                    "slug": slugify(spec["name"]),
                    "summary": spec["summary"],
                    "description": spec["description"],
                    "kind": spec["kind"],
                    "nationwide": spec.get("nationwide", False),
                    "daytime": "d" in when,
                    "evening": "e" in when,
                    "night": "n" in when,
                    "weekend": "w" in when,
                    "at_home": "t" in where,
                    "away_from_home": "b" in where,
                    "planned": spec.get("planned", True),
                    "crisis": spec.get("crisis", False),
                    "settling_in": spec.get("settling_in", False),
                    "stay_together": spec.get("together", False),
                    "is_free": spec.get("free", False),
                    "cost_amount": Decimal(amount) if amount else None,
                    "cost_explanation": spec.get("cost", ""),
                    "notice_days": spec.get("notice"),
                    "notice_explanation": spec.get("notice_text", ""),
                    "nights_per_year": spec.get("nights_per_year"),
                    "status": OfferStatus.PUBLISHED,
                    "verified_on": today - timedelta(days=spec.get("verified_days_ago", 30)),
                    "is_demo": True,
                },
            )
            offer.target_groups.set([groups[g] for g in spec.get("groups", [])])
            offer.access_routes.set([routes[r] for r in spec["routes"]])
            offer.extra_municipalities.set([municipalities[c] for c in spec.get("extra", [])])
            offer.regions.set([regions[c] for c in spec.get("regions", [])])
            offer.locations.set([locations[spec["location"]]] if "location" in spec else [])
            offer.refresh_search_text()
            if offer.kind == Kind.LOGEERZORG:
                demo_offers.append(offer)

        self.demo_availability(demo_offers, today)
        catalogue_changed()
        self.stdout.write(self.style.SUCCESS(f"{len(OFFERS)} demo-aanbiedingen geladen."))

    def demo_availability(self, offers, today) -> None:
        """Demo logeerhuizen get demo availability (the offer pages say it is demo data):
        alternately free weekend nights and a waiting list, confirmed at load time."""
        for index, offer in enumerate(offers):
            waiting = index % 3 == 2
            Availability.objects.update_or_create(
                offer=offer,
                defaults={
                    "state": AvailabilityState.WAITLIST if waiting else AvailabilityState.FREE,
                    "expected_weeks": 6 if waiting else None,
                    "free_from": None,
                    "confirmed_at": timezone.now(),
                    "confirmed_by": None,
                },
            )
            NightCapacity.objects.filter(offer=offer, reserved=0).delete()
            if waiting:
                continue
            for weeks in range(1, NIGHT_WEEKS):
                friday = today + timedelta(days=(4 - today.weekday()) % 7 + 7 * weeks)
                for night in (friday, friday + timedelta(days=1)):
                    NightCapacity.objects.get_or_create(
                        offer=offer, night=night, defaults={"places": 1 + (index + weeks) % 2}
                    )
