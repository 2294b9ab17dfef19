"""Load municipalities, provinces (as regions) and PC4 postcodes; safe to run again."""

import csv
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import slugify

from directory.cache import catalogue_changed
from directory.choices import AccessRoute, RegionKind, TargetGroup
from directory.models import (
    AccessRouteTag,
    Municipality,
    PostcodeArea,
    Region,
    TargetGroupTag,
)
from portal.text import fold

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
                try:
                    with transaction.atomic():  # a savepoint: a refused delete changes nothing
                        municipality.delete()
                except (ProtectedError, RestrictedError) as refused:
                    uses = _blocked_by(refused)
                else:
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


# What leaves together with a municipality: its postcodes (moved or removed above) and its place
# in a province (rebuilt above). Every other link to a municipality is a use, by (model, field).
GOES_ALONG = {("directory.PostcodeArea", "municipality"), ("directory.Region", "municipalities")}
USE_WORDS = {
    ("accounts.Role", "municipality"): "rollen van medewerkers",
    ("respite.RespiteRequest", "municipality"): "aanvragen",
    ("respite.ContactPerson", "municipality"): "vaste contacten",
    ("directory.Offer", "municipality"): "eigen aanbod",
    ("directory.Provider", "municipality"): "aanbieders",
    ("directory.Location", "municipality"): "locaties",
    ("directory.Offer", "extra_municipalities"): "aanbod dat ook hier geldt",
    ("directory.CatalogueImport", "municipality"): "ingelezen bestanden met aanbod",
    ("selfcheck.SelfCheck", "municipality"): "zelftests",
    ("selfcheck.Sharing", "municipality"): "toestemmingen om zelftests te delen",
    ("selfcheck.SelfCheckAccess", "municipality"): "keren dat iemand zelftests bekeek",
    ("referrers.ReferrerOrganisation", "municipalities"): "organisaties van verwijzers",
    ("referrers.Handover", "municipality"): "overdrachten van verwijzers",
    ("directory.Subscription", "municipality"): "mensen die het nieuws volgen",
    ("directory.LetterBatch", "municipality"): "keren dat brieven per post zijn gemaakt",
}


def links_to_municipality() -> list[tuple[type, str]]:
    """Every (model, field) that refers to a municipality, found from the models themselves,
    so a model added later is a use too (under its own name until it gets words above)."""
    links = [
        (relation.related_model, relation.field.name)
        for relation in Municipality._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and not relation.related_model._meta.auto_created  # the M2M tables: seen via the M2M
    ]
    rank = {key: i for i, key in enumerate(USE_WORDS)}
    return sorted(links, key=lambda link: rank.get((link[0]._meta.label, link[1]), len(rank)))


def _uses(municipality: Municipality) -> list[str]:
    """What still refers to a municipality, in words and numbers ('2 rollen')."""
    uses = []
    for model, field in links_to_municipality():
        key = (model._meta.label, field)
        if key in GOES_ALONG:
            continue
        if n := model._base_manager.filter(**{field: municipality}).count():
            uses.append(f"{n} {USE_WORDS.get(key, model._meta.verbose_name_plural)}")
    return uses


def _blocked_by(refused: ProtectedError | RestrictedError) -> list[str]:
    """The last line of defence: what the database would not let go, counted per kind."""
    blocking = (
        refused.protected_objects
        if isinstance(refused, ProtectedError)
        else refused.restricted_objects
    )
    counts = Counter(str(obj._meta.verbose_name_plural) for obj in blocking)
    return [f"{n} {what}" for what, n in sorted(counts.items())]
