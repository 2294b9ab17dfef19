"""Fixed taxonomies of the catalogue, with Dutch labels.

The kinds follow the glossary in the MantelzorgNL report (Bijlage 1); each kind maps to one or
more of MantelzorgNL's eight need areas (vraaggebieden).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedArea(models.TextChoices):
    INFORMATIE = "informatie", _("Informatie en advies")
    BEGELEIDING = "begeleiding", _("Persoonlijke begeleiding")
    EDUCATIE = "educatie", _("Educatie")
    EMOTIONEEL = "emotioneel", _("Emotionele steun")
    PRAKTISCH = "praktisch", _("Praktische hulp")
    RESPIJT = "respijt", _("Respijtzorg")
    FINANCIEEL = "financieel", _("Financiële hulp")
    MATERIEEL = "materieel", _("Materiële hulp")


class Kind(models.TextChoices):
    """Kinds of support, in the order they are shown."""

    RESPIJTZORG_THUIS = "respijtzorg_thuis", _("Respijtzorg thuis en blokzorg")
    NACHT_WEEKEND = "nacht_weekend", _("Nacht- en weekendzorg")
    VRIJWILLIG = "vrijwillige_respijtzorg", _("Vrijwillige respijtzorg")
    AANWEZIGHEID = "aanwezigheidszorg", _("Aanwezigheidszorg")
    ZORGOPPAS = "zorgoppas", _("Zorgoppas")
    LOGEERZORG = "logeerzorg", _("Logeerzorg")
    DAGBESTEDING = "dagbesteding", _("Dagbesteding en dagopvang")
    MAKELAAR = "mantelzorgmakelaar", _("Mantelzorgmakelaar")
    CASEMANAGER = "casemanager", _("Casemanager bij dementie of ziekte")
    CONSULENT = "mantelzorgconsulent", _("Mantelzorgconsulent en steunpunt")
    HUISHOUDELIJK = "huishoudelijke_hulp", _("Huishoudelijke hulp")
    LOTGENOTEN = "lotgenotencontact", _("Lotgenotencontact, mantelzorgcafé en Odensehuis")
    CURSUS = "cursus", _("Cursus en training")
    VAKANTIE = "vakantie", _("Vakantie met zorg")
    VERVOER = "vervoer", _("Vervoer")
    FINANCIEEL = "financiele_hulp", _("Financiële en materiële hulp")
    WAARDERING = "mantelzorgwaardering", _("Mantelzorgwaardering")
    RESPIJTREGELING = "respijtregeling", _("Respijtregeling op maat")


KIND_ORDER: dict[str, int] = {value: index for index, value in enumerate(Kind.values)}

KIND_NEED_AREAS: dict[str, tuple[str, ...]] = {
    Kind.RESPIJTZORG_THUIS: (NeedArea.RESPIJT,),
    Kind.NACHT_WEEKEND: (NeedArea.RESPIJT,),
    Kind.VRIJWILLIG: (NeedArea.RESPIJT,),
    Kind.AANWEZIGHEID: (NeedArea.RESPIJT,),
    Kind.ZORGOPPAS: (NeedArea.RESPIJT,),
    Kind.LOGEERZORG: (NeedArea.RESPIJT,),
    Kind.DAGBESTEDING: (NeedArea.RESPIJT,),
    Kind.MAKELAAR: (NeedArea.BEGELEIDING, NeedArea.PRAKTISCH),
    # A casemanager guides the person and their family through an illness (dementia, NAH):
    # information and personal guidance, not the paperwork a mantelzorgmakelaar takes over.
    Kind.CASEMANAGER: (NeedArea.INFORMATIE, NeedArea.BEGELEIDING, NeedArea.EMOTIONEEL),
    Kind.CONSULENT: (NeedArea.INFORMATIE, NeedArea.BEGELEIDING, NeedArea.EMOTIONEEL),
    Kind.HUISHOUDELIJK: (NeedArea.PRAKTISCH,),
    Kind.LOTGENOTEN: (NeedArea.EMOTIONEEL,),
    Kind.CURSUS: (NeedArea.EDUCATIE,),
    Kind.VAKANTIE: (NeedArea.RESPIJT,),
    Kind.VERVOER: (NeedArea.PRAKTISCH,),
    Kind.FINANCIEEL: (NeedArea.FINANCIEEL, NeedArea.MATERIEEL),
    Kind.WAARDERING: (NeedArea.FINANCIEEL,),
    Kind.RESPIJTREGELING: (NeedArea.RESPIJT, NeedArea.PRAKTISCH),
}

# Everyday words people use for each kind. They are indexed with every offer of that kind, so a
# search for "logeren" finds a logeerhuis and "dagopvang" finds dagbesteding.
KIND_KEYWORDS: dict[str, str] = {
    Kind.RESPIJTZORG_THUIS: "respijt respijtzorg thuis blokzorg vervangende zorg oppas adempauze",
    Kind.NACHT_WEEKEND: "nachtzorg weekendzorg nacht weekend nachtoppas respijt",
    Kind.VRIJWILLIG: "vrijwilliger vrijwilligers informele respijtzorg maatje respijt",
    Kind.AANWEZIGHEID: "aanwezigheidszorg gezelschap toezicht oppas respijt",
    Kind.ZORGOPPAS: "zorgoppas oppas oppassen kind kinderen respijt",
    Kind.LOGEERZORG: "logeerzorg logeren logeerhuis logeerbed logeeropvang uitlogeren respijt",
    Kind.DAGBESTEDING: "dagbesteding dagopvang dagbehandeling dagactiviteiten dagbeleving",
    Kind.MAKELAAR: "mantelzorgmakelaar regelwerk papierwerk formulieren aanvragen",
    Kind.CASEMANAGER: "casemanager casemanagement dementie trajectbegeleiding begeleiding diagnose",
    Kind.CONSULENT: "mantelzorgconsulent steunpunt advies informatie loket gesprek",
    Kind.HUISHOUDELIJK: "huishoudelijke hulp huishouden schoonmaken poetsen huishoudhulp",
    Kind.LOTGENOTEN: "lotgenoten mantelzorgcafe alzheimercafe odensehuis ontmoeten praten",
    Kind.CURSUS: "cursus cursussen training workshop leren",
    Kind.VAKANTIE: "vakantie vakantiezorg vakantiehuis reizen",
    Kind.VERVOER: "vervoer taxi rolstoelbus regiotaxi rijden",
    Kind.FINANCIEEL: "geld vergoeding toeslag financiele materiele hulpmiddelen",
    Kind.WAARDERING: "mantelzorgwaardering mantelzorgcompliment waardering compliment",
    Kind.RESPIJTREGELING: "respijtregeling adempauze maatwerk respijt",
}


class TargetGroup(models.TextChoices):
    DEMENTIE = "dementie", _("Dementie en psychogeriatrie")
    NAH = "nah", _("Niet-aangeboren hersenletsel (NAH)")
    GGZ = "ggz", _("Psychische problemen (GGZ)")
    VERSTANDELIJK = "verstandelijk", _("Verstandelijke beperking")
    LICHAMELIJK = "lichamelijk", _("Lichamelijke beperking of chronisch ziek")
    KINDEREN = "kinderen", _("Kinderen met een zorgvraag")
    OUDEREN = "ouderen", _("Ouderen")
    JONGE_MANTELZORGERS = "jonge_mantelzorgers", _("Jonge mantelzorgers")
    WERKENDE_MANTELZORGERS = "werkende_mantelzorgers", _("Werkende mantelzorgers")


# The age groups a request asks for (respite.choices.AgeGroup), as ranges of years, so an
# offer's own age limits (HSDS minimum_age / maximum_age) can be compared with them.
AGE_GROUP_YEARS: dict[str, tuple[int, int]] = {
    "kind": (0, 17),
    "volwassene": (18, 64),
    "oudere": (65, 150),
}
# Target groups that are an age group of the person cared for.
AGE_TARGET_GROUPS: dict[str, str] = {TargetGroup.KINDEREN: "kind", TargetGroup.OUDEREN: "oudere"}
# Target groups about the caregiver, not the person cared for: they never exclude anyone.
CAREGIVER_TARGET_GROUPS = frozenset(
    {TargetGroup.JONGE_MANTELZORGERS, TargetGroup.WERKENDE_MANTELZORGERS}
)


class AccessRoute(models.TextChoices):
    VRIJ = "vrij", _("Vrij toegankelijk")
    WMO = "wmo", _("Met een Wmo-beschikking van de gemeente")
    PGB = "pgb", _("Met een persoonsgebonden budget (pgb)")
    ZVW = "zvw", _("Via de zorgverzekeraar")
    WLZ = "wlz", _("Via de Wet langdurige zorg (Wlz)")
    VERWIJZING = "verwijzing", _("Via de huisarts of een verwijzing")


class DayPart(models.TextChoices):
    OVERDAG = "overdag", _("Overdag")
    AVOND = "avond", _("'s Avonds")
    NACHT = "nacht", _("'s Nachts")
    WEEKEND = "weekend", _("In het weekend")


class Setting(models.TextChoices):
    THUIS = "thuis", _("Bij u thuis")
    BUITENSHUIS = "buitenshuis", _("Buitenshuis")


class CostFilter(models.TextChoices):
    GRATIS = "gratis", _("Gratis")
    KOSTEN = "kosten", _("Met kosten of eigen bijdrage")


class PlaceType(models.TextChoices):
    """What kind of place a stay away from home is (issue 25.1): the reports say caregivers
    and their naasten decide on it ("alleen plek in een verpleeghuis" keeps people away)."""

    LOGEERHUIS = "logeerhuis", _("Logeerhuis")
    ZORGBOERDERIJ = "zorgboerderij", _("Zorgboerderij")
    GASTGEZIN = "gastgezin", _("Gastgezin")
    KLEINSCHALIG = "kleinschalig_wonen", _("Kleinschalig wonen")
    VERPLEEGHUIS = "verpleeghuis", _("Verpleeg- of verzorgingshuis")
    VAKANTIE = "vakantie", _("Vakantieaccommodatie met zorg")


class DementiaSetting(models.TextChoices):
    """Whether people with dementia who may wander off can stay: a closed (PG) setting."""

    CLOSED = "gesloten", _("Gesloten afdeling (PG): de deur is beveiligd")
    OPEN = "open", _("Open: niet geschikt als uw naaste kan weglopen")


class OfferStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


class RegionKind(models.TextChoices):
    PROVINCIE = "provincie", _("Provincie")
    REGIO = "regio", _("Regio")


class Weekday(models.IntegerChoices):
    MAANDAG = 0, _("maandag")
    DINSDAG = 1, _("dinsdag")
    WOENSDAG = 2, _("woensdag")
    DONDERDAG = 3, _("donderdag")
    VRIJDAG = 4, _("vrijdag")
    ZATERDAG = 5, _("zaterdag")
    ZONDAG = 6, _("zondag")


class AvailabilityState(models.TextChoices):
    """Modelled after HSDS 3.1 service_capacity, with the states caregivers ask about."""

    FREE = "plek_vrij", _("Plek vrij")
    WAITLIST = "wachtlijst", _("Wachtlijst")
    FULL = "vol", _("Vol")
    CLOSED = "gesloten", _("Tijdelijk gesloten")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Wacht op de redacteur")
    APPROVED = "goedgekeurd", _("Overgenomen")
    REJECTED = "afgewezen", _("Niet overgenomen")


# Availability nobody confirmed for this long is shown as "onbekend", never as stale truth.
FRESH_DAYS = 14
# Logeerzorg: free places per night are kept for this many weeks ahead.
NIGHT_WEEKS = 12
# Catalogue fields a provider may propose to correct; the editor decides.
CORRECTABLE_FIELDS = (
    "name",
    "summary",
    "description",
    "cost_explanation",
    "notice_explanation",
    "phone",
    "email",
    "website",
)
