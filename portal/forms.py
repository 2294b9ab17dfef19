"""Edit forms that notice when someone else saved in between (issue 27.3).

Two editors open the same offer; the first adds a phone number and saves; the second, whose
form still has the old (empty) number, saved over it and was told "Uw wijzigingen zijn
opgeslagen". With ConcurrentEditMixin a hidden 'versie' holds a fingerprint of each field as
the form was shown. If a field was changed by someone else since, the form is not saved: it
names each such field with what is saved now beside what this person typed, and keeps what
they typed. Sending it again (the fingerprint is now the new one) saves it.
"""

import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal

from django import forms
from django.core import signing
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "versie"
_SALT = "portal.forms.edit-version"


def plain(value):
    """A stored value in a comparable, JSON-able shape (related objects by their key)."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(plain(item) for item in value)
    if isinstance(value, date | datetime | time | Decimal):
        return str(value)
    return value


def _digest(value) -> str:
    text = json.dumps(plain(value), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class ConcurrentEditMixin:
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
        digests = {name: _digest(value) for name, value in self._current().items()}
        return signing.dumps(digests, salt=_SALT, compress=True)

    def get_initial_for_field(self, field, field_name):
        if field_name == VERSION_FIELD:
            return self.version_token()
        return super().get_initial_for_field(field, field_name)

    def clean(self):
        cleaned = super().clean()
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
        changed = [
            name for name, value in self._current().items() if shown.get(name) != _digest(value)
        ]
        if not changed:
            return
        self.conflicts = [
            (
                str(self.fields[name].label),
                self.display(name, self._current()[name]),
                self.display(name, self._posted(name)),
            )
            for name in changed
            if name in self.fields
        ]
        # The next send compares with what is saved now.
        data = self.data.copy()
        data[key] = self.version_token()
        self.data = data
        self.add_error(None, self.conflict_message)

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
