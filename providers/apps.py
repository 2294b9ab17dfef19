from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Aanbieders: plaatsen en beschikbaarheid"

    def ready(self) -> None:
        # Availability shows on public pages: a change makes cached pages stale (no rules here).
        from directory.cache import catalogue_changed
        from providers import models

        for model in (models.Availability, models.NightCapacity):
            post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"cc-save-{model}")
            post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"cc-del-{model}")
