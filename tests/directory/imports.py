"""Catalogue imports in tests: the checks and applies a worker would run, run at once.

The test's own transaction keeps on-commit tasks from running (they would only at commit),
so the helpers run the import tasks that are waiting, as the worker does."""

from directory.imports.tasks import apply_catalogue_import, check_catalogue_import
from directory.models import CatalogueImport


def run_imports() -> None:
    for upload in CatalogueImport.objects.filter(state=CatalogueImport.State.CHECKING):
        check_catalogue_import.call(import_id=str(upload.pk))
    for upload in CatalogueImport.objects.filter(state=CatalogueImport.State.APPLYING):
        apply_catalogue_import.call(import_id=str(upload.pk))


def send(client, url: str, data: dict):
    """Post an upload or a confirmation, let the worker do its part, and show the page the
    editor then sees (the import's own page, or the form with its errors)."""
    response = client.post(url, data)
    if response.status_code == 302 and "/import/" in response["Location"]:
        run_imports()
        return client.get(response["Location"])
    return response


def latest_import_url() -> str:
    from django.urls import reverse

    upload = CatalogueImport.objects.select_related("municipality").latest("started_at")
    return reverse("beheer:import_status", args=[upload.municipality.slug, upload.pk])


def confirm_latest(client):
    return send(client, latest_import_url(), {})
