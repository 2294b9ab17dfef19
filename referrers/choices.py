from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """The professionals caregivers meet first (issue 24.1)."""

    GP = "huisartsenpraktijk", _("Huisartsenpraktijk")
    HOME_CARE = "thuiszorg", _("Thuiszorg of wijkverpleging")
    DEMENTIA = "casemanagement", _("Casemanagement dementie")
    HOSPITAL = "transferbureau", _("Transferbureau van een ziekenhuis")


class ConsentWay(models.TextChoices):
    """How the caregiver says yes before anything reaches the municipality."""

    CODE = "code", _("De mantelzorger krijgt een code per e-mail en geeft die aan u")
    ALOUD = (
        "voorgelezen",
        _("De mantelzorger heeft geen e-mail: ik lees de tekst voor en hij of zij zegt ja"),
    )


class HandoverState(models.TextChoices):
    WAITING = "wacht", _("Wacht op toestemming")
    SENT = "verstuurd", _("Verstuurd naar de gemeente")
    WITHDRAWN = "ingetrokken", _("Toestemming ingetrokken")


# A code mailed to the caregiver works this long, and this many tries.
CODE_MINUTES = 30
CODE_TRIES = 5
# A handover nobody agreed to is wiped after this many days (it holds health details).
WAITING_DAYS = 14
