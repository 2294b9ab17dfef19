"""Begrippenlijst: the words of care and of the Wmo, explained at B1 level.

Based on the glossary of the MantelzorgNL report (Bijlage 1, in ../shared/seeds) and the
public explanations of the laws (Wmo 2015, Zvw, Wlz, CAK), rewritten in short everyday Dutch.
Offer pages link each word where it first appears in a field and explain the words on the page
in a box, so a caregiver never has to look a word up elsewhere.
"""

import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    word: str
    pattern: str  # a regular expression for the word as it appears in text
    explanation: str


TERMS: tuple[Term, ...] = (
    Term(
        "wmo-beschikking",
        _("Wmo-beschikking"),
        r"Wmo-beschikking(?:en)?",
        _(
            "Een brief van de gemeente waarin staat welke hulp u krijgt, hoeveel en hoe lang. "
            "U krijgt hem na een gesprek met een Wmo-consulent van de gemeente."
        ),
    ),
    Term(
        "bezwaar",
        _("Bezwaar maken"),
        r"bezwaar(?:schrift)?",
        _(
            "Bent u het niet eens met een besluit van de gemeente? Dan schrijft u de gemeente "
            "een brief: een bezwaarschrift. Dat moet binnen zes weken na de datum van het "
            "besluit. De gemeente kijkt dan opnieuw naar uw aanvraag. Bezwaar maken is gratis."
        ),
    ),
    Term(
        "wmo-loket",
        _("Wmo-loket"),
        r"Wmo-loket",
        _("De plek bij de gemeente waar u hulp vraagt. U kunt bellen, mailen of langsgaan."),
    ),
    Term(
        "wmo",
        _("Wmo"),
        r"Wmo(?: 2015)?|Wet maatschappelijke ondersteuning",
        _(
            "De Wet maatschappelijke ondersteuning. Door deze wet helpt de gemeente mensen om "
            "thuis te blijven wonen, en helpt zij ook mantelzorgers. Respijtzorg valt vaak onder "
            "de Wmo."
        ),
    ),
    Term(
        "cak",
        _("CAK en eigen bijdrage"),
        r"CAK|eigen bijdrage",
        _(
            "Voor hulp via de Wmo betaalt u vaak een eigen bijdrage: een vast bedrag per maand, "
            "voor iedereen hetzelfde (het abonnementstarief). Het CAK is de organisatie die dit "
            "bedrag int. U krijgt er een brief over."
        ),
    ),
    Term(
        "pgb",
        _("Persoonsgebonden budget (pgb)"),
        r"pgb|persoonsgebonden budget",
        _(
            "Geld van de gemeente, de zorgverzekeraar of het zorgkantoor waarmee u zelf zorg "
            "inkoopt, bij een aanbieder die u kiest. U moet dan zelf een zorgovereenkomst maken "
            "en bijhouden wat u uitgeeft."
        ),
    ),
    Term(
        "wlz",
        _("Wet langdurige zorg (Wlz)"),
        r"Wlz|Wet langdurige zorg",
        _(
            "De wet voor mensen die altijd zorg dichtbij nodig hebben, bijvoorbeeld bij ver "
            "gevorderde dementie. Eerst beslist het CIZ of uw naaste een Wlz-indicatie krijgt. "
            "Daarna regelt het zorgkantoor de zorg."
        ),
    ),
    Term(
        "zvw",
        _("Zorgverzekeringswet (Zvw)"),
        r"Zvw|Zorgverzekeringswet|zorgverzekeraar",
        _(
            "De wet voor de zorg die uw zorgverzekering betaalt, zoals de huisarts en de "
            "wijkverpleging. Soms betaalt de aanvullende verzekering ook wat respijtzorg. "
            "Vraag het uw zorgverzekeraar."
        ),
    ),
    Term(
        "indicatie",
        _("Indicatie"),
        r"indicatie",
        _(
            "Een besluit dat iemand recht heeft op bepaalde zorg. De gemeente, het CIZ of de "
            "wijkverpleegkundige stelt dit vast."
        ),
    ),
    Term(
        "verwijzing",
        _("Verwijzing"),
        r"verwijzing",
        _("Een briefje of bericht van de huisarts dat u naar een bepaalde zorgverlener mag."),
    ),
    Term(
        "psychogeriatrie",
        _("Psychogeriatrie"),
        r"psychogeriatri(?:e|sche)",
        _(
            "Zorg voor ouderen met problemen in het denken en het geheugen, zoals dementie. "
            "Vaak staat er 'pg' of 'psychogeriatrie' bij een afdeling of een dagbesteding."
        ),
    ),
    Term(
        "nah",
        _("Niet-aangeboren hersenletsel (NAH)"),
        r"NAH|niet-aangeboren hersenletsel",
        _(
            "Schade aan de hersenen door bijvoorbeeld een beroerte, een ongeluk of een tumor. "
            "Iemand kan daardoor anders denken, voelen of doen dan vroeger."
        ),
    ),
    Term(
        "ggz",
        _("GGZ"),
        r"GGZ",
        _("Geestelijke gezondheidszorg: hulp bij psychische problemen, zoals depressie."),
    ),
    Term(
        "respijtzorg",
        _("Respijtzorg"),
        r"respijtzorg",
        _(
            "Iemand anders neemt de zorg even van u over, zodat u kunt uitrusten of iets anders "
            "kunt doen. Dat kan een vrijwilliger zijn of een zorgverlener, thuis of ergens anders."
        ),
    ),
    Term(
        "blokzorg",
        _("Blokzorg"),
        r"blokzorg",
        _(
            "Zorg op vaste momenten, bijvoorbeeld elke week een blok van 3 of 4 uur. Zo weet u "
            "van tevoren wanneer u tijd voor uzelf heeft."
        ),
    ),
    Term(
        "logeerzorg",
        _("Logeerzorg"),
        r"logeerzorg|logeerhuis",
        _(
            "Uw naaste logeert een of meer dagen en nachten ergens anders, bijvoorbeeld in een "
            "logeerhuis. Daar is zorg. U heeft dan even rust."
        ),
    ),
    Term(
        "gewenningsperiode",
        _("Wennen (gewenningsperiode)"),
        r"gewenningsperiode|wennen",
        _(
            "Uw naaste komt eerst een paar keer kort, zodat de plek en de mensen vertrouwd "
            "worden. Daarna gaat een langer verblijf meestal beter."
        ),
    ),
    Term(
        "dagbesteding",
        _("Dagbesteding"),
        r"dagbesteding",
        _(
            "Uw naaste gaat overdag naar een plek met activiteiten en begeleiding. U heeft die "
            "uren voor uzelf."
        ),
    ),
    Term(
        "aanwezigheidszorg",
        _("Aanwezigheidszorg"),
        r"aanwezigheidszorg",
        _(
            "Een vrijwilliger of zorgverlener is bij uw naaste, voor gezelschap en veiligheid. "
            "Zij doen geen zorgtaken. U kunt dan even weg."
        ),
    ),
    Term(
        "mantelzorgmakelaar",
        _("Mantelzorgmakelaar"),
        r"mantelzorgmakelaar",
        _(
            "Iemand die u helpt met het regelwerk: formulieren, aanvragen en afspraken met "
            "instanties. De makelaar kan dit ook van u overnemen."
        ),
    ),
    Term(
        "mantelzorgconsulent",
        _("Mantelzorgconsulent"),
        r"mantelzorgconsulent",
        _(
            "Iemand die naar u luistert, u advies geeft en samen met u zoekt naar hulp die past. "
            "Vaak werkt deze persoon bij een steunpunt mantelzorg."
        ),
    ),
    Term(
        "casemanager-dementie",
        _("Casemanager dementie"),
        r"casemanager(?: dementie)?",
        _(
            "Een vaste zorgverlener voor mensen met dementie en hun mantelzorgers. Hij of zij "
            "helpt tijdens de hele ziekte en is uw vaste aanspreekpunt."
        ),
    ),
    Term(
        "clientondersteuner",
        _("Onafhankelijke cliëntondersteuner"),
        r"(?:onafhankelijke )?cli[eë]ntondersteun(?:er|ing)",
        _(
            "Iemand die u gratis helpt om uw vraag helder te krijgen en keuzes te maken, "
            "bijvoorbeeld voor het gesprek met de gemeente. Deze persoon werkt voor u, niet voor "
            "de gemeente."
        ),
    ),
    Term(
        "odensehuis",
        _("Odensehuis"),
        r"Odensehuis",
        _(
            "Een inloophuis voor mensen met (beginnende) dementie en hun mantelzorgers. U kunt "
            "zonder afspraak en zonder indicatie binnenlopen."
        ),
    ),
    Term(
        "mantelzorgcafe",
        _("Mantelzorgcafé"),
        r"mantelzorgcaf[eé]|alzheimercaf[eé]",
        _(
            "Een ontmoetingsplek waar mantelzorgers ervaringen delen, informatie krijgen en "
            "andere mantelzorgers leren kennen."
        ),
    ),
    Term(
        "mantelzorgwaardering",
        _("Mantelzorgwaardering"),
        r"mantelzorgwaardering|mantelzorgcompliment",
        _(
            "Een jaarlijks bedankje van de gemeente voor mantelzorgers, bijvoorbeeld een bon of "
            "een bedrag. Het is geen betaling voor de zorg."
        ),
    ),
    Term(
        "zorgoppas",
        _("Zorgoppas"),
        r"zorgoppas",
        _("Een oppas die ook zorg kan geven, thuis bij uw naaste, terwijl u weg bent."),
    ),
)

BY_SLUG = {term.slug: term for term in TERMS}
# One pass over the text with all words; longer alternatives first so that
# "Wmo-beschikking" wins over "Wmo".
_GROUPS = {f"t{index}": term for index, term in enumerate(TERMS)}
_ANY = re.compile(
    "|".join(f"(?P<{name}>\\b(?:{term.pattern})\\b)" for name, term in _GROUPS.items()),
    re.IGNORECASE,
)


def terms_in(*texts: str) -> list[Term]:
    """The terms that occur in the texts, in the order of the glossary."""
    found = {_GROUPS[m.lastgroup].slug for text in texts if text for m in _ANY.finditer(text)}
    return [term for term in TERMS if term.slug in found]


def link_terms(text: str, url: str = "") -> SafeString:
    """Escapes the text, then links the first occurrence of each term to its explanation: on
    the same page (url "") or on the begrippenlijst."""
    escaped = str(conditional_escape(text or ""))
    done: set[str] = set()

    def link(match: re.Match) -> str:
        term = _GROUPS[match.lastgroup]
        if term.slug in done:
            return match.group(0)
        done.add(term.slug)
        return format_html(
            '<a class="term" href="{}#woord-{}">{}</a>', url, term.slug, match.group(0)
        )

    return mark_safe(_ANY.sub(link, escaped))  # noqa: S308 (escaped above, links built safely)
