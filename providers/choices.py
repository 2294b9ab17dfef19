from django.db import models
from django.utils.translation import gettext_lazy as _


class AvailabilityState(models.TextChoices):
    """Modelled after HSDS 3.1 service_capacity, with the states caregivers ask about."""

    FREE = "plek_vrij", _("Plek vrij")
    WAITLIST = "wachtlijst", _("Wachtlijst")
    FULL = "vol", _("Vol")
    CLOSED = "gesloten", _("Tijdelijk gesloten")
