from django import forms
from django.utils.translation import gettext_lazy as _

from directory.lookup import find_municipality
from portal.forms import email_field
from selfcheck.statements import PARTS, STATEMENTS

ANSWERS = [("1", _("Ja")), ("0", _("Nee"))]


class SelfCheckForm(forms.Form):
    """15 statements, each 'ja' or 'nee', nothing chosen beforehand; the place is optional."""

    where = forms.CharField(
        label=_("Postcode of gemeente van uw naaste (niet verplicht)"),
        help_text=_("Dan laten we hulp in de buurt zien. Bijvoorbeeld 9401 of Assen."),
        max_length=100,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = None
        for number, statement in enumerate(STATEMENTS, 1):
            self.fields[f"u{number}"] = forms.ChoiceField(
                label=statement,
                choices=ANSWERS,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies ja of nee bij uitspraak %(n)s.") % {"n": number},
                    "invalid_choice": _("Kies ja of nee bij uitspraak %(n)s.") % {"n": number},
                },
            )

    def clean_where(self) -> str:
        where = self.cleaned_data["where"].strip()
        if where:
            result = find_municipality(where)
            if result.municipality is None:
                raise forms.ValidationError(result.error)
            self.municipality = result.municipality
        return where

    def parts(self) -> list[tuple[str, list]]:
        """The statements grouped in the scale's three parts, numbered on through."""
        grouped, number = [], 1
        for title, statements in PARTS:
            numbers = range(number, number + len(statements))
            grouped.append((title, [self[f"u{n}"] for n in numbers]))
            number += len(statements)
        return grouped

    def answers(self) -> list[int]:
        return [int(self.cleaned_data[f"u{n}"]) for n in range(1, len(STATEMENTS) + 1)]


class SendListForm(forms.Form):
    """Send the bewaarlijst to an address (issue 26.4): no account, nothing kept."""

    email = email_field(
        _("E-mailadres"),
        _(
            "Bijvoorbeeld van uzelf, een zus of broer, of de huisarts. "
            "We bewaren het adres niet: het is alleen voor deze ene mail."
        ),
        required=_("Vul het e-mailadres in waar de lijst naartoe moet."),
    )
