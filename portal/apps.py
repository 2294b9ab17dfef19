from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Mantelzorgportaal"

    def ready(self) -> None:
        # Django 6.1 labels the empty choice of every select "- Select an option -" (not yet
        # translated to Dutch) and lets a project set its own here.
        from django.db.models import fields

        from portal import checks  # noqa: F401 (registers the start-up checks)

        fields.BLANK_CHOICE_LABEL = _("Maak een keuze")
