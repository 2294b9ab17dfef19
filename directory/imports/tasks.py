"""Catalogue imports in the background (directory.models.CatalogueImport): a check that
reports how far it is, and the all-or-nothing apply after the editor confirms."""

import logging

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 500  # rows that change, listed on the page; the counts cover every row


def _parse(upload, progress=None):
    from directory.imports.csv_io import parse_csv
    from directory.imports.hsds import parse_feed

    parse = parse_feed if upload.source == "HSDS" else parse_csv
    return parse(upload.text, upload.municipality, progress=progress)


@task()
def check_catalogue_import(*, import_id: str) -> str:
    """Check every row; store the errors, or what would change, for the page."""
    from directory.models import CatalogueImport

    upload = CatalogueImport.objects.select_related("municipality").get(pk=import_id)
    if upload.state != CatalogueImport.State.CHECKING:
        return "already checked"  # a second run of the same task changes nothing

    def progress(done: int, total: int) -> None:
        CatalogueImport.objects.filter(pk=upload.pk).update(rows_done=done, rows_total=total)

    plan = _parse(upload, progress)
    CatalogueImport.objects.filter(pk=upload.pk).update(
        state=CatalogueImport.State.CHECKED,
        errors=plan.errors[:1000],
        rows_checked=len(plan.rows),
        rows_done=len(plan.rows),
        to_write=len(plan.to_write),
        preview=[
            {
                "line": row.line,
                "kenmerk": str(row.data.get("kenmerk", "")),
                "naam": str(row.data.get("naam", "")),
                "what": str(row.action) + (f": {row.changed_fields}" if row.changes else ""),
            }
            for row in plan.to_write[:PREVIEW_ROWS]
        ],
    )
    return f"{len(plan.rows)} rows, {len(plan.errors)} errors"


@task()
def apply_catalogue_import(*, import_id: str) -> str:
    """Import a confirmed upload all at once, checked again against today's catalogue."""
    from directory.imports.apply import catalogue_import
    from directory.models import CatalogueImport
    from directory.services import CatalogueError

    with transaction.atomic():
        upload = (
            CatalogueImport.objects.select_for_update(of=("self",))
            .select_related("municipality", "user")
            .get(pk=import_id)
        )
        if upload.state != CatalogueImport.State.APPLYING:
            return "not waiting to be applied"  # applied already: never twice
        plan = _parse(upload)
        try:
            created, updated, unchanged = catalogue_import(
                municipality=upload.municipality,
                plan=plan,
                user=upload.user,
                source=upload.source,
            )
        except CatalogueError as error:
            upload.state = CatalogueImport.State.FAILED
            upload.failure = str(error)[:500]
            upload.errors = plan.errors[:1000]
        else:
            upload.state = CatalogueImport.State.DONE
            upload.created, upload.updated, upload.unchanged = created, updated, unchanged
            upload.rows_done = upload.rows_total = len(plan.rows)
        upload.save()
    if upload.state == CatalogueImport.State.FAILED:
        logger.info("Import %s stopped: %s", import_id, upload.failure)
    return _("%(c)s nieuw, %(u)s bijgewerkt") % {"c": upload.created, "u": upload.updated}
