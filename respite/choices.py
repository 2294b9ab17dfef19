from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "ingediend", _("Ingediend")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    DECIDED = "besluit_genomen", _("Besluit genomen")
    CLOSED = "afgerond", _("Afgerond")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


# Which status may follow which. Anything else is refused with a clear message.
TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.IN_PROGRESS, Status.WITHDRAWN},
    Status.IN_PROGRESS: {Status.DECIDED, Status.WITHDRAWN},
    Status.DECIDED: {Status.CLOSED, Status.IN_PROGRESS},
    Status.CLOSED: set(),
    Status.WITHDRAWN: set(),
}
OPEN_STATUSES = {Status.SUBMITTED, Status.IN_PROGRESS, Status.DECIDED}


class Relationship(models.TextChoices):
    PARTNER = "partner", _("Mijn partner")
    PARENT = "ouder", _("Mijn vader of moeder")
    CHILD = "kind", _("Mijn kind")
    OTHER_FAMILY = "familie", _("Iemand anders uit mijn familie")
    FRIEND = "vriend", _("Een vriend, vriendin of buur")


class AgeGroup(models.TextChoices):
    CHILD = "kind", _("Jonger dan 18 jaar")
    ADULT = "volwassene", _("18 tot 65 jaar")
    OLDER = "oudere", _("65 jaar of ouder")


class Urgency(models.TextChoices):
    PLANNED = "gepland", _("Gepland: het kan even wachten")
    URGENT = "spoed", _("Spoed: ik heb nu hulp nodig")


class ContactMethod(models.TextChoices):
    PHONE = "telefoon", _("Bel mij")
    EMAIL = "email", _("Mail mij")
    LETTER = "brief", _("Stuur mij een brief")


class TimelineKind(models.TextChoices):
    STATUS = "status", _("Status veranderd")
    INFO = "informatie", _("Informatie toegevoegd")
    ASSIGNED = "toegewezen", _("Contactpersoon")
    QUESTION = "vraag", _("Vraag van uw contactpersoon")


class Decision(models.TextChoices):
    GRANTED = "toegekend", _("Toegekend")
    PARTLY = "deels_toegekend", _("Deels toegekend")
    REFUSED = "afgewezen", _("Afgewezen")
    REFERRED = "doorverwezen", _("Doorverwezen")


class DecisionReason(models.TextChoices):
    """The municipality's fixed list, so the same request gets the same answer."""

    FITS_NEED = "past_bij_vraag", _("De hulp past bij de vraag en de situatie")
    OVERLOAD = "overbelasting", _("Risico op overbelasting van de mantelzorger")
    OWN_NETWORK = "eigen_netwerk", _("Het eigen netwerk kan dit (deels) oplossen")
    GENERAL_FACILITY = "algemene_voorziening", _("Een vrij toegankelijke voorziening past beter")
    OTHER_LAW = "andere_wet", _("Valt onder een andere wet (Zvw, Wlz, Jeugdwet)")
    NO_CAPACITY = "geen_plek", _("Er is op dit moment geen passend aanbod")


# The reasons that fit each decision: the consultant chooses from these only, so a refusal
# never says "de hulp past bij de vraag".
DECISION_REASONS: dict[str, tuple[str, ...]] = {
    Decision.GRANTED: (DecisionReason.FITS_NEED, DecisionReason.OVERLOAD),
    Decision.PARTLY: (
        DecisionReason.FITS_NEED,
        DecisionReason.OVERLOAD,
        DecisionReason.OWN_NETWORK,
        DecisionReason.GENERAL_FACILITY,
        DecisionReason.NO_CAPACITY,
    ),
    Decision.REFUSED: (
        DecisionReason.OWN_NETWORK,
        DecisionReason.GENERAL_FACILITY,
        DecisionReason.OTHER_LAW,
        DecisionReason.NO_CAPACITY,
    ),
    Decision.REFERRED: (DecisionReason.GENERAL_FACILITY, DecisionReason.OTHER_LAW),
}
# Decisions that give help, from a date the consultant names.
GRANTING = {Decision.GRANTED, Decision.PARTLY}
# Weeks to object to a decision (Awb art. 6:7).
OBJECTION_WEEKS = 6
