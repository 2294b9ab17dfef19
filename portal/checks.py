"""Start-up checks: what would make every page fail is said at start, in words."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


def static_files_problem() -> Error | None:
    """With hashed static files (DEBUG=0) and no collectstatic run, every page answered 500
    ('Missing staticfiles manifest entry'): say so before serving anything."""
    storage_class = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
    manifest_name = getattr(storage_class, "manifest_name", None)
    if manifest_name is None:
        return None
    storage = storage_class()
    if storage.exists(manifest_name):
        return None
    return Error(
        f"De statische bestanden zijn niet verzameld: {storage.location}/{manifest_name} "
        "ontbreekt, dus elke pagina zou een fout geven.",
        hint="Draai eerst: python manage.py collectstatic --noinput",
        id="portal.E001",
    )


@register()
def static_files_collected(app_configs, **kwargs) -> list[Error]:
    problem = static_files_problem()
    return [problem] if problem else []
