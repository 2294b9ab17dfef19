from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    EDITOR = "redacteur", _("Redacteur sociale kaart")
    CONSULTANT = "consulent", _("Wmo-consulent")
    POLICY = "beleidsmedewerker", _("Beleidsmedewerker")
