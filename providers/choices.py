from django.db import models
from django.utils.translation import gettext_lazy as _


class AvailabilityState(models.TextChoices):
    """Modelled after HSDS 3.1 service_capacity, with the states caregivers ask about."""

    FREE = "plek_vrij", _("Plek vrij")
    WAITLIST = "wachtlijst", _("Wachtlijst")
    FULL = "vol", _("Vol")
    CLOSED = "gesloten", _("Tijdelijk gesloten")


class ReferralStatus(models.TextChoices):
    SENT = "verstuurd", _("Verstuurd, wacht op antwoord")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    COUNTER = "tegenvoorstel", _("Andere data voorgesteld")
    DECLINED = "afgewezen", _("Afgewezen")
    STARTED = "gestart", _("Gestart")
    COMPLETED = "afgerond", _("Afgerond")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


# Which status may follow which; anything else is refused with a clear message.
REFERRAL_TRANSITIONS: dict[str, set[str]] = {
    ReferralStatus.SENT: {
        ReferralStatus.ACCEPTED,
        ReferralStatus.COUNTER,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    },
    ReferralStatus.COUNTER: {ReferralStatus.ACCEPTED, ReferralStatus.WITHDRAWN},
    ReferralStatus.ACCEPTED: {ReferralStatus.STARTED, ReferralStatus.WITHDRAWN},
    ReferralStatus.STARTED: {ReferralStatus.COMPLETED},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.COMPLETED: set(),
    ReferralStatus.WITHDRAWN: set(),
}
# Referrals that hold nights: reserved capacity is released when they leave these.
HOLDING = {
    ReferralStatus.SENT,
    ReferralStatus.COUNTER,
    ReferralStatus.ACCEPTED,
    ReferralStatus.STARTED,
    ReferralStatus.COMPLETED,
}
# Nights that count against the yearly cap of logeerdagen.
COUNTED = {ReferralStatus.ACCEPTED, ReferralStatus.STARTED, ReferralStatus.COMPLETED}


class DeclineReason(models.TextChoices):
    NO_ROOM = "geen_plek", _("Geen plek op deze data")
    NOT_SUITABLE = "past_niet", _("Onze zorg past niet bij deze situatie")
    TOO_HEAVY = "zorg_te_zwaar", _("De zorg is zwaarder dan wij kunnen geven")
    OUTSIDE_AREA = "buiten_gebied", _("Buiten ons werkgebied")
    OTHER = "anders", _("Een andere reden (zie de uitleg)")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Wacht op de redacteur")
    APPROVED = "goedgekeurd", _("Overgenomen")
    REJECTED = "afgewezen", _("Niet overgenomen")
