"""Load municipalities, provinces (as regions) and PC4 postcodes; safe to run again."""

import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from directory.cache import catalogue_changed
from directory.choices import AccessRoute, RegionKind, TargetGroup
from directory.models import (
    AccessRouteTag,
    Municipality,
    Offer,
    PostcodeArea,
    Region,
    TargetGroupTag,
)
from directory.text import fold

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _read(path: Path, columns: set[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise CommandError(f"File not found: {path}") from None
    if not rows or not columns <= set(rows[0]):
        raise CommandError(f"{path} must have the columns {sorted(columns)}")
    return rows


class Command(BaseCommand):
    help = "Load or update municipalities and postcodes from fixtures/ (updates by code)."

    def add_arguments(self, parser):
        parser.add_argument("--gemeenten", type=Path, default=FIXTURES / "gemeenten.csv")
        parser.add_argument("--postcodes", type=Path, default=FIXTURES / "postcodes_pc4.csv")
        parser.add_argument(
            "--keep-used",
            action="store_true",
            help="Municipalities that left the file but are still in use (roles, requests, "
            "offers, …) are kept and listed, instead of stopping the whole load.",
        )

    @transaction.atomic
    def handle(self, *args, gemeenten: Path, postcodes: Path, keep_used=False, **options):
        municipality_rows = _read(gemeenten, {"code", "naam", "provincie", "inwoners_2021"})
        postcode_rows = _read(postcodes, {"pc4", "plaats", "gemeente_code"})

        Municipality.objects.bulk_create(
            [
                Municipality(
                    code=row["code"],
                    name=row["naam"],
                    slug=slugify(row["naam"]),
                    province=row["provincie"],
                    population=int(row["inwoners_2021"]) if row["inwoners_2021"] else None,
                    search_key=fold(row["naam"]),
                )
                for row in municipality_rows
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "slug", "province", "population", "search_key"],
        )
        by_code = dict(Municipality.objects.values_list("code", "pk"))

        unknown = {row["gemeente_code"] for row in postcode_rows} - set(by_code)
        if unknown:
            raise CommandError(f"Postcodes refer to unknown municipalities: {sorted(unknown)}")
        PostcodeArea.objects.bulk_create(
            [
                PostcodeArea(
                    pc4=row["pc4"],
                    place=row["plaats"],
                    place_key=fold(row["plaats"]),
                    municipality_id=by_code[row["gemeente_code"]],
                )
                for row in postcode_rows
            ],
            update_conflicts=True,
            unique_fields=["pc4"],
            update_fields=["place", "place_key", "municipality"],
        )
        removed_pc4, _ = PostcodeArea.objects.exclude(
            pc4__in=[row["pc4"] for row in postcode_rows]
        ).delete()

        self._sync_taxonomy()
        self._sync_provinces(municipality_rows)
        self._remove_gone({row["code"] for row in municipality_rows}, keep_used)
        catalogue_changed()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(municipality_rows)} gemeenten en {len(postcode_rows)} postcodes "
                    f"geladen ({removed_pc4} oude postcodes verwijderd)."
                )
            )

    def _sync_taxonomy(self) -> None:
        """The fixed target groups and access routes (also made by migration 0002)."""
        for code in TargetGroup.values:
            TargetGroupTag.objects.get_or_create(code=code)
        for code in AccessRoute.values:
            AccessRouteTag.objects.get_or_create(code=code)

    def _sync_provinces(self, rows: list[dict[str, str]]) -> None:
        for province in sorted({row["provincie"] for row in rows}):
            region, _ = Region.objects.update_or_create(
                code=f"provincie-{slugify(province)}",
                defaults={"name": province, "kind": RegionKind.PROVINCIE},
            )
            region.municipalities.set(Municipality.objects.filter(province=province))

    def _remove_gone(self, codes: set[str], keep_used: bool) -> None:
        """Municipalities that left the file are removed when nothing uses them. One still in
        use (a consultant's role, requests, offers, …) stops the whole load, listed with what
        uses it, unless --keep-used: then it is kept. Nothing is ever removed silently."""
        used = []
        for municipality in Municipality.objects.exclude(code__in=codes).order_by("code"):
            uses = _uses(municipality)
            if not uses:
                municipality.delete()
                self.stdout.write(f"{municipality.code} {municipality.name} verwijderd.")
                continue
            used.append(f"{municipality.code} {municipality.name}: {', '.join(uses)}")
        if not used:
            return
        listing = "\n".join(f"  {line}" for line in used)
        if not keep_used:
            raise CommandError(
                "Deze gemeenten staan niet meer in het bestand, maar zijn nog in gebruik:\n"
                f"{listing}\nVerplaats dat eerst (bijvoorbeeld naar de nieuwe gemeente), of "
                "draai opnieuw met --keep-used om ze te laten staan. Er is niets veranderd."
            )
        self.stderr.write(
            self.style.WARNING(
                f"Niet meer in het bestand, maar in gebruik, dus blijven ze staan:\n{listing}"
            )
        )


def _uses(municipality: Municipality) -> list[str]:
    """What still refers to a municipality, in words and numbers ('2 rollen')."""
    from accounts.models import Role
    from respite.models import ContactPerson, RespiteRequest
    from selfcheck.models import SelfCheck

    counts = [
        (Role.objects.filter(municipality=municipality).count(), "rollen van medewerkers"),
        (RespiteRequest.objects.filter(municipality=municipality).count(), "aanvragen"),
        (ContactPerson.objects.filter(municipality=municipality).count(), "vaste contacten"),
        (municipality.owned_offers.count(), "eigen aanbod"),
        (municipality.providers.count(), "aanbieders"),
        (municipality.locations.count(), "locaties"),
        (
            Offer.extra_municipalities.through.objects.filter(municipality=municipality).count(),
            "aanbod dat ook hier geldt",
        ),
        (SelfCheck.objects.filter(municipality=municipality).count(), "zelftests"),
    ]
    return [f"{n} {what}" for n, what in counts if n]
