"""CSV export and import of a municipality's catalogue, made for Dutch Excel.

Export: UTF-8 with BOM, ';' separated. Import: the same columns; every row is checked first
and the whole file is refused while any row has an error. Rows are matched on 'kenmerk'
(Offer.external_id), so importing a corrected file again updates instead of duplicating.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import (
    AccessRoute,
    DementiaSetting,
    Kind,
    OfferStatus,
    PlaceType,
    TargetGroup,
)
from directory.models import Offer, age_limit_problem, offers_by_kenmerk
from portal.spreadsheet import cell as _cell
from portal.spreadsheet import uncell as _uncell

MAX_ROWS = 2000
BOOLEAN_COLUMNS = {
    "overdag": "daytime",
    "avond": "evening",
    "nacht": "night",
    "weekend": "weekend",
    "thuis": "at_home",
    "buitenshuis": "away_from_home",
    "gepland": "planned",
    "spoed": "crisis",
    "gewenning": "settling_in",
    "samen_logeren": "stay_together",
    "gratis": "is_free",
    "alleen_doelgroepen": "target_groups_only",
    # What kind of place (issue 25.1).
    "vervoer_door_huis": "transport_by_house",
    "openbaar_vervoer": "public_transport",
    "eigen_kamer": "own_room",
    "eigen_spullen": "own_belongings",
    "huisdieren": "pets_allowed",
}
COLUMNS = [
    "kenmerk",
    "naam",
    "samenvatting",
    "beschrijving",
    "soort",
    "doelgroepen",
    "leeftijd_vanaf",
    "leeftijd_tot_en_met",
    "toegang",
    *BOOLEAN_COLUMNS,
    "soort_plek",
    "dementie_afdeling",
    "vervoer_kenmerk",
    "bedrag",
    "kosten_uitleg",
    "aanmelden_dagen",
    "aanmelden_uitleg",
    "wachttijd_weken",
    "telefoon",
    "email",
    "website",
    "aanbieder",
    "status",
    "laatst_gecontroleerd",
]
REQUIRED_COLUMNS = {
    "kenmerk",
    "naam",
    "samenvatting",
    "beschrijving",
    "soort",
    "toegang",
    "aanbieder",
}


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def export_csv(offers) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for offer in offers.select_related("provider", "transport_offer").prefetch_related(
        "target_groups", "access_routes"
    ):
        writer.writerow(
            _cell(value)
            for value in [
                offer.external_id,
                offer.name,
                offer.summary,
                offer.description,
                offer.kind,
                ",".join(t.code for t in offer.target_groups.all()),
                "" if offer.minimum_age is None else offer.minimum_age,
                "" if offer.maximum_age is None else offer.maximum_age,
                ",".join(r.code for r in offer.access_routes.all()),
                *[_yes_no(getattr(offer, attr)) for attr in BOOLEAN_COLUMNS.values()],
                offer.place_type,
                offer.dementia_setting,
                offer.transport_offer.kenmerk if offer.transport_offer_id else "",
                "" if offer.cost_amount is None else str(offer.cost_amount).replace(".", ","),
                offer.cost_explanation,
                "" if offer.notice_days is None else offer.notice_days,
                offer.notice_explanation,
                "" if offer.waiting_weeks is None else offer.waiting_weeks,
                # Where the offer has no contact of its own, its provider's is what the site
                # shows; the import keeps such a value on the provider (see planned_values).
                offer.contact_phone,
                offer.contact_email,
                offer.contact_website,
                offer.provider.name,
                offer.status,
                offer.verified_on.isoformat(),
            ]
        )
    return out.getvalue()


class RowForm(forms.Form):
    """One CSV row; Django's Dutch messages say what is wrong with each cell."""

    kenmerk = forms.CharField(max_length=64)
    naam = forms.CharField(max_length=200)
    samenvatting = forms.CharField(max_length=250)
    beschrijving = forms.CharField()
    soort = forms.ChoiceField(choices=Kind.choices)
    doelgroepen = forms.MultipleChoiceField(choices=TargetGroup.choices, required=False)
    leeftijd_vanaf = forms.IntegerField(min_value=0, max_value=120, required=False)
    leeftijd_tot_en_met = forms.IntegerField(min_value=0, max_value=120, required=False)
    toegang = forms.MultipleChoiceField(choices=AccessRoute.choices)
    soort_plek = forms.ChoiceField(choices=[("", ""), *PlaceType.choices], required=False)
    dementie_afdeling = forms.ChoiceField(
        choices=[("", ""), *DementiaSetting.choices], required=False
    )
    vervoer_kenmerk = forms.CharField(max_length=64, required=False)
    bedrag = forms.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    kosten_uitleg = forms.CharField(max_length=300, required=False)
    aanmelden_dagen = forms.IntegerField(min_value=0, max_value=365, required=False)
    aanmelden_uitleg = forms.CharField(max_length=300, required=False)
    wachttijd_weken = forms.IntegerField(min_value=0, max_value=520, required=False)
    telefoon = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    aanbieder = forms.CharField(max_length=200)
    status = forms.ChoiceField(choices=OfferStatus.choices, required=False)
    laatst_gecontroleerd = forms.DateField(
        required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's "Selecteer een geldige keuze. onzin is geen beschikbare keuze." names no
        # way out: say which codes the column takes (as the export writes them).
        for choice_field in self.fields.values():
            if isinstance(choice_field, forms.ChoiceField):
                codes = ", ".join(str(value) for value, _label in choice_field.choices if value)
                choice_field.error_messages["invalid_choice"] = _(
                    "'%(value)s' kennen we niet. Gebruik een van deze codes: {codes}."
                ).replace("{codes}", codes)

    def clean(self):
        cleaned = super().clean()
        problem = age_limit_problem(
            cleaned.get("doelgroepen") or [],
            cleaned.get("leeftijd_vanaf"),
            cleaned.get("leeftijd_tot_en_met"),
        )
        if problem:
            self.add_error("leeftijd_tot_en_met", problem)
        return cleaned


# Columns that map one-to-one on an offer field.
SCALAR_COLUMNS = {
    "naam": "name",
    "samenvatting": "summary",
    "beschrijving": "description",
    "soort": "kind",
    "leeftijd_vanaf": "minimum_age",
    "leeftijd_tot_en_met": "maximum_age",
    "bedrag": "cost_amount",
    "kosten_uitleg": "cost_explanation",
    "aanmelden_dagen": "notice_days",
    "aanmelden_uitleg": "notice_explanation",
    "wachttijd_weken": "waiting_weeks",
    "soort_plek": "place_type",
    "dementie_afdeling": "dementia_setting",
    "telefoon": "phone",
    "email": "email",
    "website": "website",
}
CONTACT_FIELDS = ("phone", "email", "website")
# What an HSDS feed carries beyond the CSV columns (directory/imports/hsds.py).
HSDS_FIELDS = (
    "nationwide",
    "extra_municipalities",
    "regions",
    "nights_per_year",
    "is_demo",
    "locations",
)
NULLABLE_FIELDS = ("cost_amount", "notice_days", "waiting_weeks", "minimum_age", "maximum_age")


def planned_values(data: dict, existing: Offer | None) -> dict:
    """The offer's field values after importing this row (relations as sorted code lists).

    A contact value equal to the provider's, on an offer without its own, stays on the
    provider: the export wrote it from there, so an unchanged export changes nothing.
    """
    values = {}
    for column, attr in SCALAR_COLUMNS.items():
        value = data.get(column)
        values[attr] = value if value is not None or attr in NULLABLE_FIELDS else ""
    for attr in BOOLEAN_COLUMNS.values():
        values[attr] = data[attr]
    if existing is not None:
        for attr in CONTACT_FIELDS:
            if not getattr(existing, attr) and values[attr] == getattr(existing.provider, attr):
                values[attr] = ""
    if data.get("status"):
        values["status"] = data["status"]
    if data.get("laatst_gecontroleerd"):
        values["verified_on"] = data["laatst_gecontroleerd"]
    values["provider"] = data["aanbieder"]
    values["transport_offer"] = data.get("vervoer_kenmerk") or ""  # a kenmerk; apply links it
    values["target_groups"] = sorted(data["doelgroepen"])
    values["access_routes"] = sorted(data["toegang"])
    values.update({attr: data[attr] for attr in HSDS_FIELDS if attr in data})
    return values


def location_values(offer: Offer) -> list[tuple]:
    """An offer's locations in the shape the HSDS importer plans them: comparable, so an
    unchanged feed changes nothing (only days from today on: the feed has no past ones)."""
    from django.utils import timezone

    today = timezone.localdate()
    result = []
    for location in offer.locations.all():
        hours = {(h.weekday, h.opens, h.closes, h.label) for h in location.opening_hours.all()}
        exceptions = {
            (
                e.date,
                e.closed or not e.opens,
                None if e.closed or not e.opens else e.opens,
                None if e.closed or not e.opens else e.closes,
                e.reason,
            )
            for e in location.exceptions.all()
            if e.date >= today
        }
        result.append(
            (
                location.name,
                location.street_address,
                location.postcode,
                location.city,
                location.accessibility,
                tuple(sorted(hours)),
                tuple(sorted(exceptions)),
            )
        )
    return sorted(result)


class OfferNames(frozenset):
    """A linked offer as a file names it: by its kenmerk (CSV) or its HSDS id (a feed, whose
    copy elsewhere knows it by that id as kenmerk). Equal to either, so an unchanged file
    changes nothing."""

    def __new__(cls, offer: Offer):
        return super().__new__(cls, {offer.external_id, str(offer.hsds_id)} - {""})

    def __eq__(self, other) -> bool:
        return other in self if isinstance(other, str) else frozenset.__eq__(self, other)

    def __ne__(self, other) -> bool:
        return not self == other

    __hash__ = frozenset.__hash__


def current_values(offer: Offer, hsds: bool = False) -> dict:
    values = {attr: getattr(offer, attr) for attr in SCALAR_COLUMNS.values()}
    values.update({attr: getattr(offer, attr) for attr in BOOLEAN_COLUMNS.values()})
    values.update(status=offer.status, verified_on=offer.verified_on)
    values["provider"] = offer.provider.name
    transport = offer.transport_offer
    values["transport_offer"] = OfferNames(transport) if transport is not None else ""
    values["target_groups"] = sorted(t.code for t in offer.target_groups.all())
    values["access_routes"] = sorted(r.code for r in offer.access_routes.all())
    if hsds:
        values.update(
            nationwide=offer.nationwide,
            extra_municipalities=sorted(m.code for m in offer.extra_municipalities.all()),
            regions=sorted(r.code for r in offer.regions.all()),
            nights_per_year=offer.nights_per_year,
            is_demo=offer.is_demo,
            locations=location_values(offer),
        )
    return values


@dataclass
class RowPlan:
    line: int
    data: dict
    existing: Offer | None
    changes: list[tuple[str, object, object]] = field(default_factory=list)

    @property
    def action(self) -> str:
        if not self.existing:
            return _("nieuw")
        return _("bijwerken") if self.changes else _("ongewijzigd")

    @property
    def changed_fields(self) -> str:
        return ", ".join(Offer.field_label(attr) for attr, _old, _new in self.changes)


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def to_write(self) -> list[RowPlan]:
        return [row for row in self.rows if row.existing is None or row.changes]


def _split(value: str) -> list[str]:
    return [part.strip().lower() for part in value.replace("|", ",").split(",") if part.strip()]


def _boolean(value: str) -> bool | None:
    value = value.strip().lower()
    if value in {"ja", "j", "1", "waar", "x"}:
        return True
    if value in {"nee", "n", "0", "onwaar", ""}:
        return False
    return None


def parse_csv(text: str, municipality, progress=None) -> ImportPlan:
    """Check every row; `progress(done, total)` is told how far, now and then."""
    plan = ImportPlan()
    text = text.lstrip("\ufeff")
    # Lines may end in CR LF (Excel), LF or CR alone (old Macs); inside a quoted cell they
    # are kept as they are, so an unchanged export imports unchanged.
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        records = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        plan.errors.append(_csv_problem(error))
        return plan
    reader = csv.DictReader(io.StringIO(first_line), delimiter=delimiter)
    headers = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = REQUIRED_COLUMNS - headers
    if missing:
        plan.errors.append(
            _("Deze kolommen ontbreken: %(cols)s. Gebruik de kolommen van de export.")
            % {"cols": ", ".join(sorted(missing))}
        )
        return plan
    existing = {
        o.external_id: o
        for o in Offer.objects.filter(municipality=municipality)
        .exclude(external_id="")
        .select_related("provider", "transport_offer")
        .prefetch_related("target_groups", "access_routes")
    }
    if len(records) > MAX_ROWS:
        plan.errors.append(_("Het bestand heeft meer dan %(n)s rijen.") % {"n": MAX_ROWS})
        return plan
    seen: dict[str, int] = {}
    for number, raw in enumerate(records, start=2):
        if progress and number % 100 == 0:
            progress(number - 1, len(records))
        row = {(k or "").strip().lower(): _uncell((v or "").strip()) for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        data = {key: row.get(key, "") for key in COLUMNS}
        data["soort"] = data["soort"].lower()
        data["doelgroepen"] = _split(data["doelgroepen"])
        data["toegang"] = _split(data["toegang"])
        if "," in data["bedrag"]:  # Dutch: 1.234,50
            data["bedrag"] = data["bedrag"].replace(".", "").replace(",", ".")
        form = RowForm(data)
        problems = []
        for column in BOOLEAN_COLUMNS:
            if _boolean(row.get(column, "")) is None:
                problems.append(_("kolom %(col)s: vul ja of nee in") % {"col": column})
        if not form.is_valid():
            for column, errors in form.errors.items():
                problems += [f"{_('kolom')} {column}: {error}" for error in errors]
        kenmerk = data["kenmerk"]
        if kenmerk in seen:
            problems.append(
                _("kenmerk %(k)s staat ook op regel %(line)s")
                % {"k": kenmerk, "line": seen[kenmerk]}
            )
        seen[kenmerk] = number
        if problems:
            plan.errors += [
                _("Regel %(line)s, %(problem)s") % {"line": number, "problem": p} for p in problems
            ]
            continue
        cleaned = form.cleaned_data
        cleaned.update({attr: _boolean(row.get(col, "")) for col, attr in BOOLEAN_COLUMNS.items()})
        offer = existing.get(kenmerk)
        changes = []
        if offer is not None:
            before, after = current_values(offer), planned_values(cleaned, offer)
            changes = [(k, before[k], v) for k, v in after.items() if before[k] != v]
        plan.rows.append(RowPlan(line=number, data=cleaned, existing=offer, changes=changes))
    if not plan.rows and not plan.errors:
        plan.errors.append(_("Het bestand heeft geen rijen met aanbod."))
    plan.errors += transport_problems(plan.rows, municipality)
    return plan


def transport_problems(rows: list, municipality) -> list[str]:
    """A 'vervoer_kenmerk' must name a transport offer: one in the file, or one already in
    the catalogue (checked before anything is written)."""
    in_file = {row.data["kenmerk"] for row in rows if row.data.get("soort") == Kind.VERVOER}
    wanted = {row.data.get("vervoer_kenmerk") for row in rows} - {"", None} - in_file
    known = {
        name
        for offer in offers_by_kenmerk(wanted).filter(kind=Kind.VERVOER)
        for name in (offer.external_id, str(offer.hsds_id))
    }
    return [
        _(
            "Regel %(line)s, kolom vervoer_kenmerk: '%(k)s' is geen vervoersaanbod in het bestand "
            "of in het overzicht."
        )
        % {"line": row.line, "k": row.data["vervoer_kenmerk"]}
        for row in rows
        if row.data.get("vervoer_kenmerk") and row.data["vervoer_kenmerk"] not in in_file | known
    ]


class UploadError(ValueError):
    """The file is no text we can read; the message says what to do, in Dutch."""


def decode_upload(raw: bytes) -> str:
    """The text of an upload: UTF-8 (with or without BOM) as Excel saves it, UTF-16 (Excel's
    'Unicode-tekst'), else Windows-1252 for older Excel. Anything that is not text (a
    spreadsheet file, a picture) is refused with a Dutch message instead of a 500."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UploadError(str(NOT_TEXT)) from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            if raw.startswith(codecs.BOM_UTF8) or _has_utf8(raw):
                # UTF-8 with a stray byte from elsewhere (a pasted Windows text): reading the
                # whole file as Windows-1252 would turn every 'é' into 'Ã©' without a word.
                raise UploadError(_unreadable_row(raw)) from None
            text = raw.decode("cp1252", errors="replace")
    if (
        "\x00" in text
        or sum(ch in "\ufffd\x01\x02\x03\x04\x05\x06\x07\x08" for ch in text[:4096]) > 8
    ):
        raise UploadError(str(NOT_TEXT))
    return text


def _unreadable_row(raw: bytes) -> str:
    """Where the unreadable character is, as the row checks and Excel count rows (a cell
    over several lines is one row), with the offer's name when it can be read."""
    text = raw.decode("utf-8-sig", errors="replace")
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    number, name = 1, ""
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [cell.strip().lower() for cell in next(rows, [])]
        for row_number, cells in enumerate(rows, start=2):
            if any("\ufffd" in cell for cell in cells):
                values = dict(zip(header, cells, strict=False))
                name = (values.get("naam") or values.get("kenmerk") or "").replace("\ufffd", "?")
                number = row_number
                break
    except csv.Error:
        pass
    where = (
        _("Regel %(line)s (%(name)s)") % {"line": number, "name": name[:80]}
        if name
        else _("Regel %(line)s") % {"line": number}
    )
    return _(
        "%(where)s heeft een teken dat we niet kunnen lezen (de rest van het bestand is UTF-8). "
        "Typ dat teken opnieuw, of sla het bestand op als 'CSV UTF-8 (door "
        "lijstscheidingstekens gescheiden)' en kies het opnieuw."
    ) % {"where": where}


def _has_utf8(raw: bytes) -> bool:
    """Whether the bytes hold at least one well-formed UTF-8 sequence beyond ASCII."""
    return any(ord(ch) > 127 and ch != "\ufffd" for ch in raw.decode("utf-8", errors="replace"))


NOT_TEXT = gettext_lazy(
    "Dit is geen tekstbestand. Sla het bestand in Excel op als 'CSV UTF-8 (door "
    "lijstscheidingstekens gescheiden)' en kies het opnieuw."
)
MAX_CELL = 100_000
csv.field_size_limit(MAX_CELL)  # a cell longer than this is an error, never a 500


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _(
            "Een cel is langer dan %(n)s tekens. Dat is te lang voor de sociale kaart: maak "
            "de tekst korter."
        ) % {"n": f"{MAX_CELL:,}".replace(",", ".")}
    return _("Het bestand is geen goed CSV-bestand. Gebruik de kolommen van de export.")
