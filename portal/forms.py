"""Edit forms that notice when someone else saved in between (issue 27.3).

Two editors open the same offer; the first adds a phone number and saves; the second, whose
form still has the old (empty) number, saved over it and was told "Uw wijzigingen zijn
opgeslagen". With ConcurrentEditMixin a hidden 'versie' holds a fingerprint of each field as
the form was shown. If a field was changed by someone else since, the form is not saved: it
names each such field with what is saved now beside what this person typed, and keeps what
they typed. Sending it again (the fingerprint is now the new one) saves it.
"""

import contextlib
import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal

from django import forms
from django.core import signing
from django.db.models import Model, QuerySet
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "versie"
_SALT = "portal.forms.edit-version"


def plain(value):
    """A stored value in a comparable, JSON-able shape (related objects by their key)."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | set | QuerySet):
        return sorted(plain(item) for item in value)
    if isinstance(value, Decimal):
        return str(value.normalize())  # 12.50 as stored, 12.5 as typed: the same amount
    if isinstance(value, date | datetime | time):
        return str(value)
    return value


def _digest(value) -> str:
    text = json.dumps(plain(value), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def plain_newlines(cleaned: dict) -> dict:
    """Browsers send a textarea's line ends as CR LF (the HTML standard says so); we keep LF,
    so text nobody touched compares equal and is never recorded as a change."""
    for name, value in cleaned.items():
        if isinstance(value, str) and "\r" in value:
            cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    return cleaned


class PlainNewlinesMixin:
    """For a form with free text: line ends as we store them (plain_newlines)."""

    def clean(self):
        return plain_newlines(super().clean())


class ConcurrentEditMixin(PlainNewlinesMixin):
    merge_untouched = True
    conflict_message = _(
        "Iemand anders heeft dit intussen veranderd. Hieronder staat wat nu is opgeslagen en "
        "wat u typte. Er is nog niets opgeslagen: pas aan wat nodig is en sla opnieuw op."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts: list[tuple[str, str, str]] = []
        if self.is_versioned:
            self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)

    @property
    def is_versioned(self) -> bool:
        instance = getattr(self, "instance", None)
        return instance is not None and instance.pk is not None

    def versioned_names(self) -> list[str]:
        """The fields whose stored value the form shows (not the version, not a tick box
        such as 'Alles klopt nu' that stores nothing of its own)."""
        model_fields = set(getattr(getattr(self, "_meta", None), "fields", None) or self.fields)
        return [name for name in self.fields if name != VERSION_FIELD and name in model_fields]

    def current_values(self) -> dict[str, object]:
        """Each field's stored value, as loaded at the start of this request."""
        names = self.versioned_names()
        stored = model_to_dict(self.instance, fields=names)
        return {name: stored.get(name) for name in names}

    def _current(self) -> dict[str, object]:
        if not hasattr(self, "_current_cache"):
            self._current_cache = self.current_values()
        return self._current_cache

    def version_token(self) -> str:
        digests = {name: self._digest_of(name, value) for name, value in self._current().items()}
        return signing.dumps(digests, salt=_SALT, compress=True)

    def _digest_of(self, name: str, value) -> str:
        """A stored or a cleaned value, as the field would clean it, so the two compare."""
        field = self.fields.get(name)
        if field is not None and not field.disabled:
            with contextlib.suppress(forms.ValidationError, TypeError, ValueError):
                value = field.to_python(field.prepare_value(value))
        return _digest(value)

    def _mine(self, name: str) -> str | None:
        """This person's value for a field, or None where it cannot be told."""
        if name not in self.cleaned_data or self.fields[name].disabled:
            return None
        return self._digest_of(name, self.cleaned_data[name])

    def get_initial_for_field(self, field, field_name):
        if field_name == VERSION_FIELD:
            return self.version_token()
        return super().get_initial_for_field(field, field_name)

    def clean(self):
        cleaned = super().clean()  # line ends as stored (PlainNewlinesMixin)
        if self.is_versioned:
            self._check_version()
        return cleaned

    def _check_version(self) -> None:
        key = self.add_prefix(VERSION_FIELD)
        posted = self.data.get(key)
        if not posted:
            return  # a form without a version (sent by a script): nothing to compare
        try:
            shown = signing.loads(posted, salt=_SALT)
        except signing.BadSignature:
            shown = {}
        current = self._current()
        theirs, both = [], []  # changed by someone else only; by both, differently
        for name, value in current.items():
            now = self._digest_of(name, value)
            if name not in self.fields or shown.get(name) == now:
                continue  # nobody else changed it
            mine = self._mine(name)
            if mine == now:
                continue  # the same change
            if mine is not None and mine == shown.get(name):
                theirs.append(name)
            else:
                both.append(name)
        for name in theirs:  # keep the colleague's value, here and on the page
            self._take_saved(name, current[name])
        stopped = both if self.merge_untouched else both + theirs
        if not stopped:
            return
        untouched = str(_("(u veranderde dit niet)"))
        self.conflicts = [
            (
                str(self.fields[name].label),
                self.display(name, current[name]),
                untouched if name in theirs else self.display(name, self._posted(name)),
            )
            for name in self.fields
            if name in stopped
        ]
        # The next send compares with what is saved now.
        data = self.data.copy()
        data[key] = self.version_token()
        self.data = data
        self.add_error(None, self.conflict_message)

    def _take_saved(self, name: str, value) -> None:
        field = self.fields[name]
        try:
            self.cleaned_data[name] = field.clean(field.prepare_value(value))
        except forms.ValidationError:
            self.cleaned_data[name] = value
        data = self.data.copy()
        key = self.add_prefix(name)
        shown = field.prepare_value(value)
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif isinstance(shown, list | tuple):
            items = [str(item) for item in shown]
            if hasattr(data, "setlist"):
                data.setlist(key, items)
            else:
                data[key] = items
        else:
            data[key] = "" if shown is None else shown
        self.data = data

    def _posted(self, name: str):
        field = self.fields[name]
        return field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))

    def display(self, name: str, value) -> str:
        """A value as people read it: names for choices and related objects, ja/nee."""
        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return str(_("ja") if value not in (False, None, "", "off", "false") else _("nee"))
        if isinstance(field, forms.ModelMultipleChoiceField):
            keys = [plain(v) for v in (value or [])]
            names = [str(obj) for obj in field.queryset.filter(pk__in=keys)]
            return ", ".join(sorted(names)) or str(_("(niets)"))
        if isinstance(field, forms.ModelChoiceField):
            obj = (
                field.queryset.filter(pk=plain(value)).first() if value not in (None, "") else None
            )
            return str(obj) if obj else str(_("(leeg)"))
        if isinstance(field, forms.ChoiceField):
            labels = {str(key): label for key, label in field.choices}
            if isinstance(value, list | tuple):
                return ", ".join(str(labels.get(str(v), v)) for v in value) or str(_("(niets)"))
            return str(labels.get(str(value), value or _("(leeg)")))
        text = "" if value is None else str(plain(value))
        return text or str(_("(leeg)"))


def email_field(label, help_text, required: str) -> forms.EmailField:
    """An e-mail address someone types for a mail without an account (the bewaarlijst sent
    on, news followed): the Dutch messages, the length limit and the autocomplete hint."""
    return forms.EmailField(
        label=label,
        help_text=help_text,
        max_length=254,
        error_messages={
            "required": required,
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
            "max_length": _("Dit e-mailadres is te lang."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def check_csv_upload(upload, max_bytes: int):
    """An uploaded list: not too large, and a .csv (or .txt) file; else a Dutch message."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("Het bestand is groter dan %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}
        )
    if not upload.name.lower().endswith((".csv", ".txt")):
        raise forms.ValidationError(_("Kies een bestand dat eindigt op .csv."))
    return upload
