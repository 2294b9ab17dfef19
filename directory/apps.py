from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Sociale kaart"

    def ready(self) -> None:
        # Signals here only invalidate the page cache, for every write path (admin, editors,
        # shell); they hold no business rules. Bulk loaders call catalogue_changed() themselves.
        from directory import models
        from directory.cache import catalogue_changed

        for model in (
            models.Municipality,
            models.Region,
            models.Provider,
            models.Location,
            models.OpeningHours,
            models.OpeningException,
            models.Offer,
            # What providers keep current shows on public pages too.
            models.Availability,
            models.NightCapacity,
        ):
            post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"cc-save-{model}")
            post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"cc-del-{model}")
        for field in (
            "extra_municipalities",
            "regions",
            "target_groups",
            "access_routes",
            "locations",
        ):
            through = getattr(models.Offer, field).through
            m2m_changed.connect(catalogue_changed, sender=through, dispatch_uid=f"cc-m2m-{field}")
        m2m_changed.connect(
            catalogue_changed, sender=models.Region.municipalities.through, dispatch_uid="cc-rm"
        )
        from directory.cache import cache_came_back
        from portal.cache import cache_recovered

        # Edits made while Redis was down bumped the version only in that process's memory.
        cache_recovered.connect(cache_came_back, dispatch_uid="cc-redis-back")
        from directory import last_modified

        last_modified.connect()  # open data's last_modified (a field, not a cache)
