"""Load the demo catalogue (flagged as demo on the site); safe to run again.

The offers are in fixtures/demo-catalogue.hsds.json, an Open Referral HSDS 3.0 feed, read
through the same importer editors use in Beheer (directory/imports/hsds.py): the importer is
used every time the project starts. Names are inspired by the source reports (Assen and
Midden-Drenthe pilot, Hillegom-Lisse, Rijswijk, Aalsmeer, Groningen, Hoogeveen); addresses,
phone numbers and e-mail addresses are made up, websites use example.org, and every service
carries the term 'voorbeeld' (shown as 'Voorbeeld' on the site).
"""

import json
from collections import defaultdict
from datetime import date, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directory.cache import one_catalogue_change
from directory.choices import NIGHT_WEEKS, AvailabilityState, Kind, RegionKind
from directory.hsds.serialise import TAXONOMY_BY_CODE
from directory.imports.apply import catalogue_import
from directory.imports.hsds import owner_code, parse_feed
from directory.models import (
    Availability,
    Municipality,
    NightCapacity,
    Offer,
    OfferChange,
    Region,
    hsds_uuid,
)

FIXTURE = settings.BASE_DIR / "fixtures" / "demo-catalogue.hsds.json"
DEMO_TERM = TAXONOMY_BY_CODE["kenmerk"].term_id("voorbeeld")
# The regions the demo's regional offers serve (matched by the importer on their members).
DEMO_REGIONS = [
    ("regio-assen-midden-drenthe", "Assen en Midden-Drenthe", ["GM0106", "GM1731"]),
    ("regio-hillegom-lisse", "Hillegom en Lisse", ["GM0534", "GM0553"]),
]
# The demo municipalities' Wmo-loket numbers: the number of the municipality's own demo
# organisation where the feed has one (so the offer "Wmo-loket …" and the loket agree).
LOKET_PHONES = {
    "GM0106": "0592 700 109",
    "GM1731": "0593 700 128",
    "GM0534": "0252 700 000",
    "GM0603": "070 700 137",
    "GM0358": "0297 700 000",
    "GM0014": "050 700 000",
    "GM0118": "0528 700 000",
}
# Whom to call when the loket is closed (issue 25.4), made up like the numbers above: for the
# Drenthe municipalities a regional line that also arranges the crisis bed at night.
AFTER_HOURS = {
    "GM0106": ("Spoedlijn zorg Drenthe", "0592 700 900"),
    "GM1731": ("Spoedlijn zorg Drenthe", "0592 700 900"),
    "GM0118": ("Spoedlijn zorg Drenthe", "0592 700 900"),
}
AFTER_HOURS_ELSEWHERE = ("Huisartsenpost in de regio", "0900 700 9000")
AFTER_HOURS_WHEN = "'s avonds, 's nachts, in het weekend en op feestdagen"


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


def as_of_today(services: list[dict], made_on: date, today: date) -> None:
    """The demo stays as fresh as the day the fixture was made: 'last checked' dates move
    along, and every location gets the coming holidays as days it is closed."""
    shift = today - made_on
    for service in services:
        if service.get("assured_date"):
            assured = date.fromisoformat(service["assured_date"]) + shift
            service["assured_date"] = min(assured, today).isoformat()
        for at in service.get("service_at_locations", []):
            at.setdefault("schedules", []).extend(
                {
                    "id": str(hsds_uuid(at["id"], "exception", day.isoformat())),
                    "valid_from": day.isoformat(),
                    "valid_to": day.isoformat(),
                    "description": reason,
                    "notes": "gesloten",
                }
                for day, reason in holidays(today)
            )


class Command(BaseCommand):
    help = "Load the demo catalogue for Assen, Midden-Drenthe and a few other municipalities."

    def handle(self, *args, **options):
        # One change to the catalogue for the page cache, not one per row written.
        with transaction.atomic(), one_catalogue_change():
            self.load()

    def load(self):
        if not Municipality.objects.filter(code="GM0106").exists():
            raise CommandError("Load the reference data first: manage.py load_reference_data")
        today = timezone.localdate()
        municipalities = {m.code: m for m in Municipality.objects.all()}
        for code, name, members in DEMO_REGIONS:
            region, _ = Region.objects.update_or_create(
                code=code, defaults={"name": name, "kind": RegionKind.REGIO}
            )
            region.municipalities.set([municipalities[m] for m in members])

        # A made-up Wmo-loket number for the demo municipalities, shown as an example; a
        # number an editor entered is never overwritten.
        for code, phone in LOKET_PHONES.items():
            Municipality.objects.filter(
                Q(loket_phone="") | Q(loket_is_demo=True), code=code
            ).update(
                loket_phone=phone,
                loket_hours="Maandag tot en met vrijdag van 9 tot 17 uur",
                loket_opens=time(9, 0),
                loket_closes=time(17, 0),
                after_hours_name=AFTER_HOURS.get(code, AFTER_HOURS_ELSEWHERE)[0],
                after_hours_phone=AFTER_HOURS.get(code, AFTER_HOURS_ELSEWHERE)[1],
                after_hours_when=AFTER_HOURS_WHEN,
                loket_is_demo=True,
            )

        feed = json.loads(FIXTURE.read_text(encoding="utf-8"))
        services = feed["contents"]
        for service in services:
            if DEMO_TERM not in {a.get("taxonomy_term_id") for a in service["attributes"]}:
                raise CommandError(f"Not marked as demo (term 'voorbeeld'): {service['name']}")
        as_of_today(services, date.fromisoformat(feed["made_on"]), today)
        by_owner = defaultdict(list)
        for service in services:
            by_owner[owner_code(service)].append(service)
        loaded = kept = 0
        for code, group in by_owner.items():
            municipality = municipalities[code] if code else None
            self.adopt_earlier_demo(group, municipality)
            edited = self.edited_by_people(group, municipality)
            group = [service for service in group if service["id"] not in edited]
            kept += len(edited)
            if not group:
                continue
            plan = parse_feed(json.dumps(group), municipality)
            if not plan.ok:
                raise CommandError("\n".join(plan.errors))
            catalogue_import(municipality=municipality, plan=plan, user=None, source="HSDS")
            loaded += len(group)

        self.demo_availability(services, today)
        self.stdout.write(self.style.SUCCESS(f"{loaded} demo-aanbiedingen geladen."))
        if kept:
            self.stdout.write(f"{kept} door iemand aangepast: die zijn gebleven zoals ze waren.")

    def edited_by_people(self, services: list[dict], municipality) -> set[str]:
        """The ids of demo offers an editor changed (in Beheer or by an import): running the
        command again (make run does, to keep the dates fresh) must not undo their work."""
        ids = [service["id"] for service in services]
        return set(
            OfferChange.objects.filter(
                offer__municipality=municipality,
                offer__is_demo=True,
                offer__external_id__in=ids,
                user__isnull=False,
            ).values_list("offer__external_id", flat=True)
        )

    def adopt_earlier_demo(self, services: list[dict], municipality) -> None:
        """Databases loaded before the fixture existed hold the same demo offers without its
        ids: give them their id, so the import updates them instead of adding copies."""
        for service in services:
            ours = Offer.objects.filter(municipality=municipality)
            if ours.filter(Q(external_id=service["id"]) | Q(hsds_id=service["id"])).exists():
                continue
            ours.filter(is_demo=True, name=service["name"]).update(external_id=service["id"])

    def demo_availability(self, services: list[dict], today: date) -> None:
        """Demo logeerhuizen get the availability the feed gives them ('plek', and the
        expected weeks of a waiting list), confirmed at load time (the offer pages say it is
        demo data). A house with a free place gets free nights: a crisis bed every night, a
        planned house on Friday and Saturday, for the weeks the provider keeps ahead."""
        term = TAXONOMY_BY_CODE["gegeven"].term_id
        for service in services:
            values = {a["taxonomy_term_id"]: a.get("value") for a in service["attributes"]}
            state = values.get(term("plek"))
            offer = Offer.objects.filter(is_demo=True, external_id=service["id"]).first()
            if state is None or offer is None or offer.kind != Kind.LOGEERZORG:
                continue
            if Availability.objects.filter(offer=offer, confirmed_by__isnull=False).exists():
                continue  # the provider's staff keep it themselves now
            weeks = values.get(term("wachttijd-verwacht-weken"))
            Availability.objects.update_or_create(
                offer=offer,
                defaults={
                    "state": state,
                    "expected_weeks": int(weeks) if weeks else None,
                    "free_from": None,
                    "confirmed_at": timezone.now(),
                    "confirmed_by": None,
                },
            )
            NightCapacity.objects.filter(offer=offer, reserved=0).delete()
            if state != AvailabilityState.FREE:
                continue
            nights = []
            for day in range(NIGHT_WEEKS * 7):
                night = today + timedelta(days=day)
                if offer.crisis and not offer.planned:
                    places = 1  # tonight too: that is what a crisis bed is for
                elif day and night.weekday() in (4, 5):  # Friday and Saturday night
                    places = 1 + (night.isocalendar().week % 2)
                else:
                    continue
                nights.append(NightCapacity(offer=offer, night=night, places=places))
            # A night with a reservation stays as it is (one offer and night is unique).
            NightCapacity.objects.bulk_create(nights, ignore_conflicts=True)
