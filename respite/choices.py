from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "ingediend", _("Ingediend")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    DECIDED = "besluit_genomen", _("Besluit genomen")
    CLOSED = "afgerond", _("Afgerond")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class WithdrawReason(models.TextChoices):
    """Why a caregiver withdraws a request: asked, never required (issue 24.6)."""

    NOT_NEEDED = "niet_nodig", _("Het is niet meer nodig")
    NAASTE = "naaste_wilde_niet", _("Mijn naaste wilde het niet")
    TOO_LONG = "te_lang", _("Het duurde te lang")
    OWN = "zelf_geregeld", _("Ik heb zelf iets geregeld")
    NOT_FITTING = "past_niet", _("Het aanbod paste niet")
    OTHER = "anders", _("Een andere reden")


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


class Weekday(models.TextChoices):
    """Days of the week help is wanted on ('dinsdagavond, drie uur': journey 2)."""

    MONDAY = "ma", _("maandag")
    TUESDAY = "di", _("dinsdag")
    WEDNESDAY = "wo", _("woensdag")
    THURSDAY = "do", _("donderdag")
    FRIDAY = "vr", _("vrijdag")
    SATURDAY = "za", _("zaterdag")
    SUNDAY = "zo", _("zondag")


class Duration(models.TextChoices):
    """How long each time: what a house or a volunteer plans with."""

    SHORT = "tot_3_uur", _("korter dan 3 uur")
    HOURS = "3_tot_4_uur", _("3 tot 4 uur")
    DAYPART = "4_tot_8_uur", _("4 tot 8 uur (een dagdeel of een dag)")
    LONGER = "langer", _("langer dan een dag")


class ContactMethod(models.TextChoices):
    PHONE = "telefoon", _("Bel mij")
    EMAIL = "email", _("Mail mij")
    LETTER = "brief", _("Stuur mij een brief")


class TimelineKind(models.TextChoices):
    STATUS = "status", _("Status veranderd")
    INFO = "informatie", _("Bericht")  # news of a referral, a check-in, added information
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


class ReferrerNews(models.TextChoices):
    """What the professional who started a request hears (issue 24.3): a status, never why
    in health terms."""

    TAKEN = "opgepakt", _("Opgepakt door de gemeente")
    DECIDED = "besluit", _("De gemeente heeft een besluit genomen")
    PLACE_FOUND = "plek_gevonden", _("Er is een plek gevonden")
    DONE = "afgerond", _("Afgerond")
    FAILED = "niet_gelukt", _("Niet gelukt")


# ---- The referral: a leg of the request, answered by the provider ----------------------


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


class DeadlineState(models.TextChoices):
    """Where a legal deadline stands (respite.deadlines); also the werkbak's CSS modifier."""

    ON_TIME = "op-tijd", _("Op tijd")
    SOON = "binnenkort", _("Binnenkort")
    LATE = "te-laat", _("Te laat")


class SettlingKind(models.TextChoices):
    """Steps of a staged settling-in (issue 25.2): start small, the same house and faces."""

    VISIT = "kijkmiddag", _("Kijkmiddag: samen komen kijken")
    MEAL = "maaltijd", _("Een maaltijd mee-eten")
    NIGHT = "nacht", _("Eén nacht logeren")
    WEEKEND = "weekend", _("Een weekend logeren")


# Nights a settling-in step holds at the house, from its date: a weekend is the nights of
# the day it starts (the Friday) and the day after.
SETTLING_NIGHTS = {
    SettlingKind.VISIT: 0,
    SettlingKind.MEAL: 0,
    SettlingKind.NIGHT: 1,
    SettlingKind.WEEKEND: 2,
}


class SettlingState(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    WENT_WELL = "ging_goed", _("Ging goed")
    STOPPED = "gestopt", _("Gaat niet door: hier is het wennen gestopt")
    CANCELLED = "vervallen", _("Gaat niet door: het wennen is gestopt")


class DeclineReason(models.TextChoices):
    NO_ROOM = "geen_plek", _("Geen plek op deze data")
    NOT_SUITABLE = "past_niet", _("Onze zorg past niet bij deze situatie")
    TOO_HEAVY = "zorg_te_zwaar", _("De zorg is zwaarder dan wij kunnen geven")
    OUTSIDE_AREA = "buiten_gebied", _("Buiten ons werkgebied")
    OTHER = "anders", _("Een andere reden (zie de uitleg)")


# ---- After a stay: three short questions (issue 24.5) ------------------------------------


class Rest(models.TextChoices):
    YES = "ja", _("Ja, ik had echt even rust")
    A_LITTLE = "een_beetje", _("Een beetje")
    NO = "nee", _("Nee")


class GoAgain(models.TextChoices):
    YES = "ja", _("Ja")
    MAYBE = "misschien", _("Misschien")
    NO = "nee", _("Nee")


class Obstacle(models.TextChoices):
    DID_NOT_WANT = "wilde_niet", _("Mijn naaste wilde niet (lang) weg")
    TRAVEL = "vervoer", _("Het vervoer of de afstand")
    COST = "kosten", _("De kosten")
    FIT = "paste_niet", _("De zorg of de plek paste niet goed bij mijn naaste")
    DATES = "data", _("De data of de tijden")
    WORRY = "zorgen", _("Ik maakte me zorgen en kon niet ontspannen")


# Day care and blokzorg go on for weeks: the questions come after the first four.
CHECK_IN_AFTER_WEEKS = 4
# Then, eight weeks after the questions, an invitation to do the self-check again.
SELF_CHECK_AGAIN_WEEKS = 8
# The link in the mail works this long (and once).
CHECK_IN_LINK_DAYS = 90
