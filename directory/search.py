"""Catalogue search in caregivers' own words.

On PostgreSQL the stored search vector (config 'dutch', kept by a trigger) is matched with a
query that, per word, ORs the stemmed word, its prefix and known synonyms; words are ANDed.
Prefixes go through the 'simple' config because 'dutch' would stem 'logeer:*' to 'loger:*',
which misses 'logeerhuis'. SQLite gets a substring fallback on the same folded text.
"""

from functools import reduce

from django.db.models import Q

from directory.text import fold

MAX_TERMS = 8
MAX_TERM_LENGTH = 40

# A caregiver's word -> words the catalogue uses for the same thing (all folded, one token).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "logeren": ("logeer", "logeerzorg"),
    "logeer": ("logeerzorg",),
    "uitlogeren": ("logeer",),
    "dagopvang": ("dagbesteding",),
    "dagbesteding": ("dagopvang", "dagbeleving"),
    "oppas": ("zorgoppas", "aanwezigheidszorg"),
    "oppassen": ("zorgoppas", "oppas"),
    "huishouden": ("huishoudelijke",),
    "huishoudhulp": ("huishoudelijke",),
    "schoonmaak": ("huishoudelijke",),
    "poetshulp": ("huishoudelijke",),
    "makelaar": ("mantelzorgmakelaar",),
    "consulent": ("mantelzorgconsulent",),
    "steunpunt": ("mantelzorgconsulent", "steunpunt"),
    "praatgroep": ("lotgenoten", "mantelzorgcafe"),
    "lotgenoot": ("lotgenoten",),
    "cafe": ("mantelzorgcafe", "alzheimercafe"),
    "alzheimer": ("dementie", "alzheimercafe"),
    "dement": ("dementie",),
    "vrijwilliger": ("vrijwillig",),
    "vrijwilligers": ("vrijwillig",),
    "nachtzorg": ("nacht",),
    "taxi": ("vervoer", "regiotaxi"),
    "compliment": ("mantelzorgcompliment", "mantelzorgwaardering"),
    "adempauze": ("respijt", "adempauzeregeling"),
    "vakantie": ("vakantiezorg",),
    "kind": ("kinderen", "zorgoppas"),
    "kinderen": ("kind",),
}

# Words that carry no meaning in a search; the 'dutch' config drops them too.
STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "in",
        "op",
        "te",
        "van",
        "voor",
        "met",
        "bij",
        "aan",
        "voor",
        "naar",
        "om",
        "is",
        "ik",
        "mijn",
        "mij",
        "u",
        "uw",
        "je",
        "jij",
        "we",
        "wij",
        "die",
        "dat",
        "er",
        "als",
        "ook",
        "niet",
        "wat",
        "wie",
        "hoe",
        "waar",
        "zijn",
        "heeft",
        "hebben",
        "kan",
        "kunnen",
        "wil",
    ]
)


def search_terms(query: str) -> list[str]:
    """Split a typed query into at most MAX_TERMS safe, folded words ([a-z0-9] only)."""
    words = [w[:MAX_TERM_LENGTH] for w in fold(query).split() if w not in STOPWORDS]
    unique: list[str] = []
    for word in words:
        if word not in unique:
            unique.append(word)
    return unique[:MAX_TERMS]


def _variants(term: str) -> list[str]:
    """Prefix variants of a word: the word, a crude singular, and its synonyms."""
    variants = [term]
    if len(term) > 5 and term.endswith("en"):
        stem = term[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2]:  # cursussen -> cursuss -> cursus
            stem = stem[:-1]
        elif stem.endswith("z"):  # logeerhuizen -> logeerhuis
            stem = stem[:-1] + "s"
        elif stem.endswith("v"):  # brieven -> brief
            stem = stem[:-1] + "f"
        variants.append(stem)
    elif len(term) > 4 and term.endswith("s"):
        variants.append(term[:-1])
    variants.extend(SYNONYMS.get(term, ()))
    return list(dict.fromkeys(variants))  # unique, in order


def postgres_query(terms: list[str]) -> tuple[str, list[str]]:
    """The tsquery for these words as SQL with its parameters: per word, the stemmed word,
    its prefix and synonyms ORed; words ANDed. Written out rather than combined from
    Django's SearchQuery objects, whose resolving and compiling was a fifth of a search."""
    parts, params = [], []
    for term in terms:
        alternatives = []
        for variant in _variants(term):
            # Stemmed, so 'dagbesteding' meets the stored lexeme 'dagbested' ...
            alternatives.append("plainto_tsquery('dutch'::regconfig, %s)")
            params.append(variant)
            if len(variant) >= 3:
                # ... and as a prefix, so 'logeer' meets 'logeerhuis'. Safe as raw tsquery
                # text: variants are [a-z0-9]+ by construction.
                alternatives.append("to_tsquery('simple'::regconfig, %s)")
                params.append(f"{variant}:*")
        parts.append("(" + " || ".join(alternatives) + ")")
    return "(" + " && ".join(parts) + ")", params


def fallback_filter(terms: list[str]) -> Q:
    """Substring matching on the folded text, for databases without full-text search."""
    conditions = []
    for term in terms:
        alternatives = Q()
        for variant in _variants(term):
            alternatives |= Q(search_name__contains=variant) | Q(search_document__contains=variant)
        conditions.append(alternatives)
    return reduce(lambda left, right: left & right, conditions)
