from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import RoleKind
from accounts.models import User
from respite.choices import (
    DECISION_REASONS,
    GRANTING,
    ContactMethod,
    Decision,
    DecisionReason,
    Status,
)
from respite.forms import RESPITE_KINDS, RespiteRequestForm


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle open"))] + Status.choices
    )
    soort = forms.ChoiceField(
        label=_("Soort hulp"), required=False, choices=[("", _("Alle"))] + RESPITE_KINDS
    )
    wie = forms.ChoiceField(
        label=_("Van wie"),
        required=False,
        choices=[("", _("Alle")), ("mijn", _("Mijn aanvragen")), ("open", _("Nog niemand"))],
    )
    spoed = forms.BooleanField(label=_("Alleen spoed"), required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Interne notitie (de mantelzorger ziet dit niet)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Vraag aan de mantelzorger"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "De mantelzorger krijgt een e-mail dat er een vraag is, en leest de vraag na inloggen."
        ),
    )


def _reason_choices() -> list:
    """A blank first choice, then the reasons grouped under the decision they fit (a reason
    may fit more than one). With JavaScript only the chosen decision's group is shown."""
    labels = dict(DecisionReason.choices)
    return [("", _("Kies eerst het besluit, dan de reden"))] + [
        (
            _("Bij '%(decision)s'") % {"decision": Decision(decision).label.lower()},
            [(reason, labels[reason]) for reason in reasons],
        )
        for decision, reasons in DECISION_REASONS.items()
    ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=Decision.choices,
        widget=forms.RadioSelect(attrs={"data-decision": ""}),
        error_messages={"required": _("Kies een besluit.")},
    )
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=_reason_choices,
        widget=forms.Select(attrs={"data-decision-reason": ""}),
        help_text=_("Alleen de redenen die bij het gekozen besluit passen."),
        error_messages={"required": _("Kies een reden.")},
    )
    valid_from = forms.DateField(
        label=_("Vanaf wanneer krijgt de mantelzorger de hulp?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Alleen bij toegekend of deels toegekend."),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 15-01-2027.")},
    )
    text = forms.CharField(
        label=_("Uitleg voor de mantelzorger, in gewone woorden"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De mantelzorger leest dit. Geen medische gegevens."),
        error_messages={"required": _("Schrijf in gewone woorden wat u besluit en waarom.")},
    )

    def clean(self):
        cleaned = super().clean()
        decision, reason = cleaned.get("decision"), cleaned.get("reason")
        if decision and reason and reason not in DECISION_REASONS[decision]:
            self.add_error(
                "reason",
                _("Deze reden past niet bij '%(decision)s'. Kies een reden die past.")
                % {"decision": Decision(decision).label.lower()},
            )
        missing = decision in GRANTING and not cleaned.get("valid_from")
        if missing and "valid_from" not in self.errors:
            self.add_error("valid_from", _("Vul in vanaf wanneer de hulp er is."))
        if decision not in GRANTING:
            cleaned["valid_from"] = None
        return cleaned


class TakeOverForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom neemt u deze aanvraag over?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Uw collega leest dit. Bijvoorbeeld: ziek, met verlof, de mantelzorger belde."),
        error_messages={"required": _("Schrijf kort waarom u de aanvraag overneemt.")},
    )


class HandOverForm(forms.Form):
    colleague = forms.ModelChoiceField(label=_("Aan collega"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Waarom"), max_length=500)
    whole_relation = forms.BooleanField(
        label=_("Ook het vaste contact met deze mantelzorger overdragen"), required=False
    )

    def __init__(self, *args, request_obj, me, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = (
            User.objects.filter(
                roles__kind=RoleKind.CONSULTANT,
                roles__municipality=request_obj.municipality,
                is_active=True,
            )
            .exclude(pk=me.pk)
            .distinct()
        )


# The caregiver's form speaks to the caregiver ('Voor wie zorgt u?'); on the phone the
# consultant fills it in about the caregiver.
INTAKE_LABELS = {
    "relationship": _("Voor wie zorgt de mantelzorger?"),
    "age_group": _("Hoe oud is de naaste?"),
    "situation": _("Wat past het best bij de naaste?"),
    "kinds": _("Welke hulp zoekt de mantelzorger? Meer keuzes mogelijk."),
    "urgency": _("Hoe snel is hulp nodig?"),
    "urgent_reason": _("Waarom is het dringend?"),
    "start_date": _("Vanaf wanneer?"),
    "end_date": _("Tot en met wanneer?"),
    "at_home": _("Hulp bij de naaste thuis"),
    "notes": _("Wat vertelde de mantelzorger nog?"),
    "contact_method": _("Hoe wil de mantelzorger contact?"),
    "phone": _("Telefoonnummer van de mantelzorger"),
    "best_times": _("Wanneer is de mantelzorger bereikbaar?"),
}
INTAKE_HELP = {
    "relationship": "",
    "age_group": "",
    "situation": _("Geen diagnose nodig."),
    "kinds": "",
    "urgency": "",
    "start_date": "",
    "notes": _("Schrijf geen medische gegevens op. De mantelzorger kan dit later lezen."),
    "phone": "",
    "best_times": _("Bijvoorbeeld: 's ochtends, of na 17 uur."),
}


class IntakeForm(RespiteRequestForm):
    """A request taken by phone. The municipality is the consultant's; no account needed."""

    contact_methods = tuple(ContactMethod.values)  # letters too, for caregivers without e-mail

    intake_name = forms.CharField(label=_("Naam van de mantelzorger"), max_length=200)
    intake_email = forms.EmailField(
        label=_("E-mail van de mantelzorger (mag leeg)"),
        required=False,
        help_text=_("Dan kunt u de mantelzorger later uitnodigen om de aanvraag te volgen."),
    )
    postal_address = forms.CharField(
        label=_("Adres voor brieven (mag leeg)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Straat en huisnummer, postcode en plaats. Nodig als de mantelzorger brieven wil."
        ),
    )

    field_order = [
        "intake_name",
        "phone",
        "intake_email",
        "postal_address",
        *RespiteRequestForm.field_order,
    ]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["where"]
        self.municipality = municipality
        self.fields["phone"].required = True
        self.fields["phone"].error_messages["required"] = _(
            "Vul het telefoonnummer van de mantelzorger in."
        )
        for name, label in INTAKE_LABELS.items():
            self.fields[name].label = label
        for name, text in INTAKE_HELP.items():
            self.fields[name].help_text = text
        self.fields["relationship"].error_messages["required"] = _(
            "Kies voor wie de mantelzorger zorgt."
        )
        self.fields["age_group"].error_messages["required"] = _("Kies de leeftijd van de naaste.")
        self.fields["contact_method"].error_messages["required"] = _(
            "Kies hoe de mantelzorger contact wil."
        )

    def clean(self):
        cleaned = super().clean()
        wants_letters = cleaned.get("contact_method") == ContactMethod.LETTER
        if wants_letters and not cleaned.get("postal_address", "").strip():
            self.add_error("postal_address", _("Vul het adres in, of kies een andere manier."))
        if cleaned.get("contact_method") == ContactMethod.EMAIL and not cleaned.get("intake_email"):
            self.add_error("intake_email", _("Vul het e-mailadres in, of kies een andere manier."))
        return cleaned


class InviteCaregiverForm(forms.Form):
    email = forms.EmailField(label=_("E-mail van de mantelzorger"))
