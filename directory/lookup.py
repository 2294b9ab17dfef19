"""Find a municipality from what people type: a postcode, a municipality or a place name."""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import Municipality, PostcodeArea
from portal.text import fold

MAX_INPUT_LENGTH = 100
_POSTCODE = re.compile(r"^(\d{4})\s*([a-z]{2})?$")
_DIGITS = re.compile(r"\d")

# Everyday names (folded) -> CBS code, for municipalities whose official name people don't type.
EVERYDAY_NAMES: dict[str, str] = {
    "den haag": "GM0518",
    "the hague": "GM0518",
    "s gravenhage": "GM0518",
    "gravenhage": "GM0518",
    "den bosch": "GM0796",
    "s hertogenbosch": "GM0796",
    "hertogenbosch": "GM0796",
    "bergen limburg": "GM0893",
    "bergen noord holland": "GM0373",
    "bergen nh": "GM0373",
    "bergen l": "GM0893",
    "nuenen": "GM0820",
    "sudwest friesland": "GM1900",
    "zuidwest friesland": "GM1900",
    "noordoost friesland": "GM1970",
    "hillegom lisse": "GM0534",
}


@dataclass
class LookupResult:
    municipality: Municipality | None = None
    error: str = ""
    candidates: list[Municipality] = field(default_factory=list)


def _strip_prefix(key: str) -> str:
    for prefix in ("gemeente ", "gem "):
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def find_municipality(text: str) -> LookupResult:
    raw = (text or "").strip()
    if not raw:
        return LookupResult(error=_("Vul een postcode of de naam van een gemeente in."))
    if len(raw) > MAX_INPUT_LENGTH:
        return LookupResult(
            error=_("Dit is te lang. Vul alleen een postcode of de naam van een gemeente in.")
        )

    compact = raw.lower()
    postcode = _POSTCODE.match(compact)
    if postcode:
        return _by_postcode(postcode.group(1))
    if _DIGITS.search(compact):
        return LookupResult(
            error=_(
                "Dit is geen goede postcode. Een postcode heeft 4 cijfers en vaak 2 letters, "
                "bijvoorbeeld 9401 AB. U kunt ook de naam van uw gemeente typen."
            )
        )
    return _by_name(_strip_prefix(fold(raw)))


def _by_postcode(pc4: str) -> LookupResult:
    if pc4.startswith("0"):
        return LookupResult(
            error=_("Een postcode begint niet met een 0. Kijk de postcode na of kies uw gemeente.")
        )
    area = PostcodeArea.objects.select_related("municipality").filter(pc4=pc4).first()
    if area is None:
        return LookupResult(
            error=_(
                "We kennen postcode %(pc4)s niet. Misschien is het een nieuwe postcode. "
                "Kies hieronder uw gemeente."
            )
            % {"pc4": pc4}
        )
    return LookupResult(municipality=area.municipality)


def _by_name(key: str) -> LookupResult:
    if not key:
        return LookupResult(error=_("Typ een postcode of de naam van een gemeente, in letters."))

    code = EVERYDAY_NAMES.get(key)
    if code:
        found = Municipality.objects.filter(code=code).first()
        if found:
            return LookupResult(municipality=found)

    exact = Municipality.objects.filter(search_key=key).first()
    if exact:
        return LookupResult(municipality=exact)

    # A place (woonplaats) inside a municipality, such as Beilen in Midden-Drenthe.
    by_place = list(
        Municipality.objects.filter(postcode_areas__place_key=key).distinct().order_by("name")
    )
    if len(by_place) == 1:
        return LookupResult(municipality=by_place[0])

    candidates = by_place or list(
        Municipality.objects.filter(search_key__startswith=key).order_by("name")[:10]
    )
    if len(candidates) == 1 and len(key) >= 4:
        return LookupResult(municipality=candidates[0])
    if not candidates:
        candidates = _close_matches(key)
    if candidates:
        return LookupResult(
            error=_("Bedoelt u een van deze gemeenten? Kies de goede gemeente."),
            candidates=candidates,
        )
    return LookupResult(
        error=_("We vinden geen gemeente of plaats met deze naam. Kies hieronder uw gemeente.")
    )


def _close_matches(key: str) -> list[Municipality]:
    """Suggest names for typing errors, such as 'asen' for Assen."""
    keys = dict(Municipality.objects.values_list("search_key", "pk"))
    names = difflib.get_close_matches(key, list(keys) + list(EVERYDAY_NAMES), n=5, cutoff=0.75)
    codes = [EVERYDAY_NAMES[name] for name in names if name in EVERYDAY_NAMES]
    pks = [keys[name] for name in names if name in keys]
    return list(Municipality.objects.filter(Q(pk__in=pks) | Q(code__in=codes)).order_by("name"))
