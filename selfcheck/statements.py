"""'Hoe zwaar is het zorgen?': 15 statements in our own B1 words.

They follow the structure of the EDIZ-plus scale (Ervaren Druk door Informele Zorg, De Boer,
Oudijk, Timmermans & Pot, 2012, Tijdschrift voor Gezondheidswetenschappen 90: 29-37): first
feeling responsible, then combining care with work and family, then crossing limits and one's
own health. Each 'ja' scores 1, each 'nee' 0, as in the scale's 0/1 scoring; the bands are the
scale's: 0 geen, 1-3 licht, 4-8 matig, 9-15 zwaar (9 or more: overbelast).

This is a self-check based on that scale, not the validated questionnaire and not a diagnosis;
the page says so.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory.choices import Kind

SOURCE = _(
    "Gebaseerd op de opbouw van de EDIZ-plus: De Boer, Oudijk, Timmermans en Pot (2012), "
    "Tijdschrift voor Gezondheidswetenschappen."
)

PARTS: tuple[tuple[Promise, tuple[Promise, ...]], ...] = (
    (
        _("Verantwoordelijk zijn"),
        (
            _("Ik voel me verantwoordelijk voor alles wat mijn naaste nodig heeft."),
            _("Ik moet er altijd zijn voor mijn naaste, ook als ik dat niet wil."),
            _("Ik kan mijn naaste moeilijk alleen laten."),
            _("Ik heb het gevoel dat niemand de zorg van mij kan overnemen."),
            _("Het zorgen kost mij meer tijd dan ik wil."),
        ),
    ),
    (
        _("Zorg, werk en gezin"),
        (
            _("Door het zorgen heb ik te weinig tijd voor mijn werk, school of vrijwilligerswerk."),
            _("Door het zorgen heb ik te weinig tijd voor mijn partner, kinderen of vrienden."),
            _("Door het zorgen moet ik vaak mijn plannen veranderen."),
            _("Ik kom weinig toe aan dingen die ik zelf leuk vind."),
            _("Er is vaak spanning in mijn gezin of familie over de zorg."),
        ),
    ),
    (
        _("Grenzen en uw eigen gezondheid"),
        (
            _("Ik ga vaak over mijn grenzen."),
            _("Ik ben vaak moe of ik slaap slecht door het zorgen."),
            _("Ik maak me vaak zorgen, ook als ik niet bij mijn naaste ben."),
            _("Mijn eigen gezondheid gaat achteruit door het zorgen."),
            _("Ik heb het gevoel dat ik het niet lang meer volhoud."),
        ),
    ),
)
STATEMENTS: tuple[Promise, ...] = tuple(s for _part, items in PARTS for s in items)
assert len(STATEMENTS) == 15


@dataclass(frozen=True)
class Band:
    code: str
    name: Promise
    low: int
    high: int
    message: Promise
    # Which kinds of local help we show, grouped under a plain heading.
    help: tuple[tuple[Promise, tuple[str, ...]], ...]


ADVICE = (_("Advies en een luisterend oor"), (Kind.CONSULENT.value, Kind.MAKELAAR.value))
MEET = (_("Andere mantelzorgers ontmoeten"), (Kind.LOTGENOTEN.value, Kind.CURSUS.value))
BREAK = (
    _("Even vrij: iemand neemt de zorg over"),
    (
        Kind.RESPIJTZORG_THUIS.value,
        Kind.VRIJWILLIG.value,
        Kind.DAGBESTEDING.value,
        Kind.LOGEERZORG.value,
        Kind.NACHT_WEEKEND.value,
    ),
)

PRACTICAL = (
    _("Hulp bij het huishouden en het regelwerk"),
    (Kind.HUISHOUDELIJK.value, Kind.MAKELAAR.value, Kind.RESPIJTREGELING.value),
)

# Which help each part of the statements points to: 'ja' to "Ik kan mijn naaste moeilijk
# alleen laten" points to someone who takes over; to "te weinig tijd voor werk en gezin" to
# practical help; to crossing limits and one's own health to advice and a break.
PART_HELP: tuple[tuple[tuple[Promise, tuple[str, ...]], ...], ...] = (
    (BREAK, ADVICE),
    (PRACTICAL, BREAK, MEET),
    (ADVICE, BREAK, MEET),
)


MODERATE = 4  # the first score of the band 'matig'


def help_for(band: "Band", answers: list[int] | None) -> list[tuple[Promise, tuple[str, ...]]]:
    """The band's kinds of help, led by what the answers point to: each 'ja' gives weight to
    the help its part points to (the first most); the band's own order breaks ties. From
    'matig' on, help the answers point to is added when the band lacks it; a light result
    keeps its own, lighter help (no respite pushed). Without answers, the band's order."""
    groups = list(band.help)
    if not answers:
        return groups
    weight: dict[Promise, float] = {}
    size = len(STATEMENTS) // len(PARTS)
    for index, pointed in enumerate(PART_HELP):
        yes = sum(answers[index * size : (index + 1) * size])
        for rank, group in enumerate(pointed):
            weight[group[0]] = weight.get(group[0], 0) + yes / (rank + 1)
            if yes and group not in groups and band.low >= MODERATE:
                groups.append(group)
    order = {group[0]: i for i, group in enumerate(band.help)}
    return sorted(groups, key=lambda g: (-weight.get(g[0], 0), order.get(g[0], len(order))))


BANDS: tuple[Band, ...] = (
    Band(
        "geen",
        _("geen"),
        0,
        0,
        _(
            "U ervaart nu geen druk van het zorgen. Fijn! Dat kan veranderen. Doe de test gerust "
            "later nog eens, en weet waar u terecht kunt."
        ),
        (ADVICE,),
    ),
    Band(
        "licht",
        _("licht"),
        1,
        3,
        _(
            "Het zorgen is soms zwaar. Dat is heel gewoon. Praat erover met iemand die u "
            "vertrouwt. Hieronder staat hulp in de buurt, voor als het zwaarder wordt."
        ),
        (ADVICE, MEET),
    ),
    Band(
        "matig",
        _("matig"),
        4,
        8,
        _(
            "Het zorgen weegt flink. Dat is begrijpelijk. Wacht niet te lang met hulp vragen, "
            "zodat het niet te veel wordt. Een mantelzorgconsulent denkt gratis met u mee."
        ),
        (ADVICE, BREAK, MEET),
    ),
    Band(
        "zwaar",
        _("zwaar"),
        9,
        15,
        _(
            "Het zorgen is nu te zwaar: u bent overbelast. Dat is niet uw schuld. U heeft hulp "
            "nodig, zodat u op adem kunt komen. Bel een mantelzorgconsulent, of vraag "
            "respijtzorg aan: dan neemt iemand de zorg even over."
        ),
        (BREAK, ADVICE, MEET),
    ),
)


def band_for(score: int) -> Band:
    return next(band for band in BANDS if band.low <= score <= band.high)
