"""Letters by post, in a batch (issue 26.1): an editor uploads the municipality's list of
registered carers and gets one print-ready PDF, a large-print letter per carer with the help
near the naaste's postcode that fits the situation, one named contact, the date and a short
address, the address where a Dutch window envelope shows it.

The list is read, turned into the PDF in the same request and never stored: nothing of it is
kept after the PDF is made. A LetterBatch line records who made how many letters, when.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.choices import KIND_ORDER, TargetGroup
from directory.imports.csv_io import UploadError, decode_upload
from directory.lookup import find_municipality
from directory.models import Municipality, Offer

MAX_LETTERS = 500  # one request makes the PDF; a larger list goes in parts
HELP_PER_LETTER = 5
REQUIRED = ("naam", "adres", "postcode", "woonplaats")
COLUMNS = (*REQUIRED, "postcode_naaste", "situatie")
MAX_CELL = 200
SITUATIONS = {code: code for code in TargetGroup.values} | {
    str(label).casefold(): code for code, label in TargetGroup.choices
}


@dataclass
class Letter:
    name: str
    address: str
    postcode: str
    town: str
    municipality: Municipality | None
    situation: str  # a TargetGroup code, or ""
    offers: list[Offer] = field(default_factory=list)


def read_list(raw: bytes, municipality: Municipality) -> list[Letter]:
    """The rows of the uploaded list, in its order; every mistake in Dutch, with its row."""
    text = decode_upload(raw)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise UploadError(
            _("Deze kolommen ontbreken: %(names)s. De eerste regel moet de kolomnamen hebben.")
            % {"names": ", ".join(missing)}
        )
    reader.fieldnames = header
    letters, problems = [], []
    for number, row in enumerate(reader, start=2):
        if len(letters) >= MAX_LETTERS:
            raise UploadError(
                _("De lijst heeft meer dan %(n)d regels. Maak brieven in delen van %(n)d.")
                % {"n": MAX_LETTERS}
            )
        cells = {name: (row.get(name) or "").strip() for name in COLUMNS}
        if not any(cells.values()):
            continue
        empty = [name for name in REQUIRED if not cells[name]]
        if empty:
            problems.append(
                _("Regel %(row)d: vul %(names)s in.") % {"row": number, "names": ", ".join(empty)}
            )
            continue
        if any(len(value) > MAX_CELL for value in cells.values()):
            problems.append(_("Regel %(row)d: een vakje is te lang.") % {"row": number})
            continue
        situation = SITUATIONS.get(cells["situatie"].casefold(), "")
        if cells["situatie"] and not situation:
            problems.append(
                _(
                    "Regel %(row)d: de situatie '%(value)s' kennen we niet. Laat het leeg of kies "
                    "bijvoorbeeld dementie, ouderen of ggz."
                )
                % {"row": number, "value": cells["situatie"]}
            )
            continue
        where = find_municipality(cells["postcode_naaste"] or cells["postcode"]).municipality
        letters.append(
            Letter(
                name=cells["naam"],
                address=cells["adres"],
                postcode=cells["postcode"].upper(),
                town=cells["woonplaats"],
                municipality=where or municipality,
                situation=situation,
            )
        )
    if problems:
        raise UploadError(" ".join(problems[:10]))
    if not letters:
        raise UploadError(_("Er staat niemand in de lijst."))
    _add_help(letters)
    return letters


def _add_help(letters: list[Letter]) -> None:
    """The help near each naaste that fits the situation: respite first, as the catalogue
    orders it; read once per (municipality, situation)."""
    found: dict[tuple[int, str], list[Offer]] = {}
    for letter in letters:
        key = (letter.municipality.pk, letter.situation)
        if key not in found:
            offers = (
                Offer.objects.published()
                .serving(letter.municipality)
                .exclude(crisis=True, planned=False)  # a letter is about planned help
                .prefetch_related("target_groups")
                .select_related("provider")
            )
            if letter.situation:
                offers = offers.for_target_groups([letter.situation])
            found[key] = _varied(list(offers), letter.situation)
        letter.offers = found[key]


def _varied(offers: list[Offer], situation: str) -> list[Offer]:
    """Help that names the situation first (a dementia carer reads the dementia houses
    first), then one of each kind in the catalogue's order before a second of any."""

    def names(offer: Offer) -> bool:
        return bool(situation) and situation in {t.code for t in offer.target_groups.all()}

    ordered = sorted(offers, key=lambda o: (not names(o), KIND_ORDER[o.kind], o.name))
    chosen, kinds = [], set()
    for offer in ordered:  # first pass: a kind once
        if offer.kind not in kinds and len(chosen) < HELP_PER_LETTER:
            chosen.append(offer)
            kinds.add(offer.kind)
    for offer in ordered:  # then fill up
        if offer not in chosen and len(chosen) < HELP_PER_LETTER:
            chosen.append(offer)
    return sorted(chosen, key=ordered.index)
