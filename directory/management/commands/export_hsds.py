"""Write the published catalogue as an Open Referral HSDS 3.0 feed (what /api/hsds/services
gives page by page), for a file exchange or a fixture."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory.hsds import serialise as hsds
from directory.models import Municipality, Offer


class Command(BaseCommand):
    help = "Print the published offers as an HSDS 3.0 JSON feed ({'contents': [services]})."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="Only offers serving this CBS code (GM0106).")
        parser.add_argument("--demo", action="store_true", help="Only demo offers.")
        parser.add_argument(
            "--fixture",
            action="store_true",
            help="For fixtures/: terms written out (readable), no links back, no last_modified, "
            "no days with other "
            "hours (load_demo_catalogue adds the coming holidays).",
        )

    def handle(self, *args, **options):
        offers = Offer.objects.published()
        if options["gemeente"]:
            municipality = Municipality.objects.filter(code=options["gemeente"]).first()
            if municipality is None:
                raise CommandError(f"Onbekende gemeentecode: {options['gemeente']}")
            offers = offers.serving(municipality)
        if options["demo"]:
            offers = offers.filter(is_demo=True)
        today = timezone.localdate()
        services = [
            hsds.service_dict(offer, today, embed_terms=options["fixture"])
            for offer in hsds.for_services(offers.order_by("municipality__code", "name", "pk"))
        ]
        if options["fixture"]:
            services = [_short(service) for service in services]
        feed = {"made_on": today.isoformat(), "contents": services}
        self.stdout.write(json.dumps(feed, ensure_ascii=False, indent=1))


BACK_LINKS = {"service_id", "link_id", "location_id", "organization_id", "service_at_location_id"}


def _short(value, top=True):
    """The same feed without what the importer does not read: links back to
    the parent, last_modified and dated schedules."""
    if isinstance(value, list):
        return [
            _short(item, top=False)
            for item in value
            if not (isinstance(item, dict) and item.get("valid_from"))
        ]
    if not isinstance(value, dict):
        return value
    return {
        key: _short(item, top=False)
        for key, item in value.items()
        if key not in {"last_modified", "link_type", "link_entity"}
        and not (key in BACK_LINKS and not top)
    }
