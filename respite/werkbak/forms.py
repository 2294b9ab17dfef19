from django import forms
from django.utils import timezone
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
from respite.matching import wish_fit


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


class StayDatesMixin:
    """Dates of a stay: not in the past, departure after the first night, settling in first."""

    def clean_dates(self, cleaned: dict) -> dict:
        today = timezone.localdate()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        settling = cleaned.get("settling_in_night")
        for name in ("start_date", "end_date", "settling_in_night"):
            value = cleaned.get(name)
            if value and value < today:
                self.add_error(name, _("Deze datum is al geweest."))
        if start and not end:
            self.add_error("end_date", _("Vul ook de dag van vertrek in."))
        if end and not start:
            self.add_error("start_date", _("Vul ook de eerste nacht in."))
        if start and end and end <= start:
            self.add_error("end_date", _("De dag van vertrek moet na de eerste nacht liggen."))
        if settling and start and settling >= start:
            self.add_error(
                "settling_in_night", _("Het wenverblijf komt vóór de eerste nacht van het logeren.")
            )
        return cleaned


def date_field(label: str, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Vul een datum in, bijvoorbeeld 12-01-2027."),
            "required": _("Vul deze datum in."),
        },
    )


class ReferForm(StayDatesMixin, forms.Form):
    """'Doorverwijzen': to one or more offers, sharing only what the provider needs."""

    offers = forms.ModelMultipleChoiceField(
        label=_("Bij welk aanbod aanmelden?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één aanbod.")},
    )
    first_name = forms.CharField(
        label=_("Voornaam van de naaste"),
        max_length=100,
        help_text=_(
            "De aanbieder ziet alleen de voornaam, de leeftijdsgroep, de situatie, "
            "de gewenste hulp en data."
        ),
        error_messages={"required": _("Vul de voornaam van de naaste in.")},
    )
    share_notes = forms.BooleanField(
        label=_("Ook meesturen wat de mantelzorger zelf schreef"),
        required=False,
        help_text=_("Alleen als dat nodig is voor de aanbieder. Vraag het de mantelzorger eerst."),
    )
    settling_in_night = date_field(
        _("Eerste korte wenverblijf (één nacht, mag leeg)"),
        help_text=_("Zo kan de naaste eerst wennen. Deze nacht wordt ook vastgehouden."),
    )
    start_date = date_field(_("Eerste nacht logeren (mag leeg)"))
    end_date = date_field(_("Dag van vertrek (mag leeg)"))
    over_cap_reason = forms.CharField(
        label=_("Boven het maximum aantal logeernachten? Schrijf op waarom (mag leeg)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, offers, respite_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].queryset = offers
        self.fields["offers"].label_from_instance = lambda offer: self._label(
            offer, respite_request
        )

    @staticmethod
    def _label(offer, respite_request) -> str:
        """'Logeerboerderij 't Boshuis – Zorggroep Drentse Linde (niet: samen logeren)'."""
        label = f"{offer.name} – {offer.provider.name}"
        missed = wish_fit(offer, respite_request)[1] if respite_request else []
        if missed:
            label += " (" + str(_("niet: %(wishes)s") % {"wishes": ", ".join(missed)}) + ")"
        return label

    def clean(self):
        return self.clean_dates(super().clean())


class SavedLookupForm(forms.Form):
    """The caregiver's e-mail address, to start with the answers they kept (issue 24.4)."""

    email = forms.EmailField(
        label=_("E-mailadres waarmee de mantelzorger eerder aanvroeg"),
        max_length=254,
        help_text=_(
            "Heeft de mantelzorger eerder aangevraagd en de antwoorden bewaard? Dan hoeft "
            "u die niet opnieuw te vragen."
        ),
        error_messages={
            "required": _("Vul het e-mailadres van de mantelzorger in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        },
    )
