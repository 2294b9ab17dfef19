from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.models import Municipality
from referrers.choices import ConsentWay, OrganisationKind
from referrers.models import ReferrerOrganisation
from respite import steps
from respite.choices import ContactMethod, Relationship, Urgency
from respite.forms import RespiteRequestForm, answer_in_words
from respite.werkbak.forms import INTAKE_HELP, INTAKE_LABELS

# The caregiver's questions, worded for the professional who asks them with the caregiver.
REFER_LABELS = {
    **INTAKE_LABELS,
    "where": _("Postcode of gemeente waar de naaste woont"),
    "notes": _("Wat vertelde de mantelzorger nog?"),
}


PROFESSIONAL_CHOICES = {
    "relationship": {
        Relationship.PARTNER: _("De partner"),
        Relationship.PARENT: _("Vader of moeder"),
        Relationship.CHILD: _("Een kind"),
        Relationship.OTHER_FAMILY: _("Iemand anders uit de familie"),
        Relationship.FRIEND: _("Een vriend, vriendin of buur"),
    },
    "urgency": {
        Urgency.PLANNED: _("Gepland: het kan even wachten"),
        Urgency.URGENT: _("Spoed: er is nu hulp nodig"),
    },
    "contact_method": {
        ContactMethod.PHONE: _("Bellen"),
        ContactMethod.EMAIL: _("Mailen"),
        ContactMethod.LETTER: _("Een brief sturen"),
    },
}


class ReferrerRequestForm(RespiteRequestForm):
    """The caregiver's request, filled in by a referrer *with* the caregiver, plus who the
    caregiver is, why the referrer refers, and how the caregiver will say yes. Grouped as the
    caregiver's steps are (GROUPS)."""

    contact_methods = tuple(ContactMethod.values)

    intake_name = forms.CharField(label=_("Naam van de mantelzorger"), max_length=200)
    referral_reason = forms.CharField(
        label=_("Waarom verwijst u de mantelzorger?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Wat ziet u, wat vraagt de mantelzorger? De consulent en de mantelzorger lezen "
            "dit. Schrijf alleen wat de mantelzorger goed vindt, zonder diagnose."
        ),
        error_messages={"required": _("Schrijf kort waarom u verwijst.")},
    )
    consent_way = forms.ChoiceField(
        label=_("Hoe geeft de mantelzorger toestemming?"),
        choices=ConsentWay.choices,
        widget=forms.RadioSelect,
        help_text=_("Er gaat niets naar de gemeente voordat de mantelzorger ja zegt."),
        error_messages={"required": _("Kies hoe de mantelzorger toestemming geeft.")},
    )
    intake_email = forms.EmailField(
        label=_("E-mailadres van de mantelzorger"),
        required=False,
        help_text=_("Hier komt de code naartoe. Zo krijgt de mantelzorger ook een account."),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )
    postal_address = forms.CharField(
        label=_("Adres van de mantelzorger"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Straat en huisnummer, postcode en plaats. Nodig zonder e-mail: de mantelzorger "
            "krijgt een brief met wat er is verstuurd."
        ),
    )

    # (title, fields): the caregiver's steps, in the same order, and then the consent.
    GROUPS = (
        (_("De mantelzorger"), ("intake_name",)),
        (_("Over de naaste"), ("relationship", "age_group", "situation", "where")),
        (_("Welke hulp"), ("kinds", "urgency", "urgent_reason")),
        (_("Wanneer"), steps.BY_SLUG["wanneer"].fields),
        (_("Logeren"), steps.BY_SLUG["logeren"].fields),
        (_("Waarom u verwijst"), ("referral_reason", "notes")),
        (_("Contact met de mantelzorger"), ("contact_method", "phone", "best_times")),
        (_("Toestemming"), ("consent_way", "intake_email", "postal_address")),
    )

    field_order = [name for _title, names in GROUPS for name in names]

    def __init__(self, *args, organisation: ReferrerOrganisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for name, label in REFER_LABELS.items():
            self.fields[name].label = label
        for name, text in INTAKE_HELP.items():
            self.fields[name].help_text = text
        self.fields["where"].help_text = _("Bijvoorbeeld 9411 AB of Beilen.")
        # The choices as a professional says them (the caregiver's form says "Mijn partner").
        for name, labels in PROFESSIONAL_CHOICES.items():
            self.fields[name].choices = [
                (value, labels.get(value, label)) for value, label in self.fields[name].choices
            ]
        self.fields["where"].error_messages["required"] = _(
            "Vul de postcode of gemeente van de naaste in."
        )
        self.fields["intake_name"].error_messages["required"] = _(
            "Vul de naam van de mantelzorger in."
        )
        self.fields["relationship"].error_messages["required"] = _(
            "Kies voor wie de mantelzorger zorgt."
        )
        self.fields["age_group"].error_messages["required"] = _("Kies de leeftijd van de naaste.")
        self.fields["contact_method"].error_messages["required"] = _(
            "Kies hoe de mantelzorger contact wil."
        )

    def groups(self):
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def summary_rows(self) -> list[dict]:
        """What will be sent, in words (a valid form): the consent page reads it out."""
        rows = []
        for _title, names in self.GROUPS:
            for name in names:
                if name == "consent_way":
                    continue
                value = self.cleaned_data.get(name)
                if value in (None, "", [], False):
                    continue
                if isinstance(value, bool):
                    shown = str(_("ja"))
                elif isinstance(value, date):
                    shown = date_format(value, "l j F Y")
                elif name in RespiteRequestForm.base_fields or name == "where":
                    shown = answer_in_words(self, name)
                else:
                    shown = str(value)
                if shown:
                    rows.append({"label": self.fields[name].label, "value": shown})
        return rows

    def clean_where(self):
        where = super().clean_where()
        if not self.organisation.municipalities.filter(pk=self.municipality.pk).exists():
            raise forms.ValidationError(
                _(
                    "%(org)s werkt niet in %(name)s. Vraag de mantelzorger om zelf aan te "
                    "vragen, of bel het Wmo-loket van %(name)s."
                )
                % {"org": self.organisation.name, "name": self.municipality.name}
            )
        return where

    def clean(self):
        cleaned = super().clean()
        way = cleaned.get("consent_way")
        email_missing = not cleaned.get("intake_email") and "intake_email" not in self.errors
        if way == ConsentWay.CODE and email_missing:
            self.add_error(
                "intake_email",
                _("Vul het e-mailadres van de mantelzorger in, of kies voorlezen."),
            )
        wants_letters = cleaned.get("contact_method") == ContactMethod.LETTER
        if (way == ConsentWay.ALOUD or wants_letters) and not cleaned.get(
            "postal_address", ""
        ).strip():
            self.add_error(
                "postal_address",
                _("Vul het adres in: de mantelzorger krijgt een brief met wat er is verstuurd."),
            )
        wants_mail = cleaned.get("contact_method") == ContactMethod.EMAIL
        if wants_mail and email_missing and way != ConsentWay.CODE:
            self.add_error("intake_email", _("Vul het e-mailadres in, of kies een andere manier."))
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de e-mail van de mantelzorger"),
        max_length=20,
        help_text=_("Zes cijfers. De mantelzorger leest ze voor of typt ze hier."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Vul de code in.")},
    )


class AloudForm(forms.Form):
    read_aloud = forms.BooleanField(
        label=_("Ik heb de tekst hierboven voorgelezen en de mantelzorger zei ja."),
        error_messages={
            "required": _("Lees de tekst voor. Zegt de mantelzorger ja? Vink dat dan aan.")
        },
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = ReferrerOrganisation
        fields = ["name", "kind", "phone"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"name": _("Naam van de organisatie"), "phone": _("Telefoonnummer (mag leeg)")}
        error_messages = {
            "name": {"required": _("Vul de naam van de organisatie in.")},
            "kind": {"required": _("Kies wat voor organisatie het is.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OrganisationKind.choices  # no blank: nothing pre-chosen


class AddOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie die ook in deze gemeente werkt"),
        queryset=ReferrerOrganisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = ReferrerOrganisation.objects.exclude(
            municipalities=municipality
        )


class ReferrerInviteForm(forms.Form):
    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=150,
        error_messages={"required": _("Vul de voornaam in.")},
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=150,
        error_messages={"required": _("Vul de achternaam in.")},
    )
    job_title = forms.CharField(
        label=_("Functie"),
        max_length=100,
        help_text=_("Bijvoorbeeld: huisarts, praktijkondersteuner, casemanager dementie."),
        error_messages={"required": _("Vul de functie in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres op het werk"),
        error_messages={
            "required": _("Vul het e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        },
    )
