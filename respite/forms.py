from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.choices import CAREGIVER_TARGET_GROUPS, Kind, TargetGroup
from directory.lookup import find_municipality
from portal.validators import validate_phone
from respite import steps
from respite.choices import (
    ContactMethod,
    GoAgain,
    Obstacle,
    Rest,
    Urgency,
    Weekday,
    WithdrawReason,
)
from respite.models import RespiteRequest, SavedAnswers

RESPITE_KINDS = [
    (k.value, k.label)
    for k in (
        Kind.RESPIJTZORG_THUIS,
        Kind.NACHT_WEEKEND,
        Kind.VRIJWILLIG,
        Kind.AANWEZIGHEID,
        Kind.ZORGOPPAS,
        Kind.LOGEERZORG,
        Kind.DAGBESTEDING,
        Kind.HUISHOUDELIJK,
        Kind.VAKANTIE,
        Kind.RESPIJTREGELING,
    )
]


# Answers that are a list of ticked boxes; every other answer is one value.
LIST_ANSWERS = ("kinds", "weekdays")


class RespiteRequestForm(forms.ModelForm):
    """Only what a consultant needs; every question says why we ask it."""

    where = forms.CharField(
        label=_("Postcode of gemeente waar uw naaste woont"),
        max_length=100,
        help_text=_("Bijvoorbeeld 9411 AB of Beilen."),
        error_messages={"required": _("Vul de postcode of gemeente van uw naaste in.")},
    )
    situation = forms.ChoiceField(
        label=_("Wat past het best bij uw naaste?"),
        # About the person cared for: 'Jonge' and 'Werkende mantelzorgers' describe the carer.
        choices=[(v, text) for v, text in TargetGroup.choices if v not in CAREGIVER_TARGET_GROUPS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat het best past.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("Welke hulp zoekt u? U mag meer kiezen."),
        choices=RESPITE_KINDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één soort hulp.")},
    )

    weekdays = forms.MultipleChoiceField(
        label=_("Op welke dagen?"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Kies dagen uit de lijst, of geen.")},
    )

    class Meta:
        model = RespiteRequest
        fields = list(RespiteRequest.ANSWER_FIELDS)
        widgets = {
            "relationship": forms.RadioSelect,
            "age_group": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "contact_method": forms.RadioSelect,
            "duration": forms.RadioSelect,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "urgent_reason": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "relationship": _("Voor wie zorgt u?"),
            "age_group": _("Hoe oud is uw naaste?"),
            "urgency": _("Hoe snel heeft u hulp nodig?"),
            "urgent_reason": _("Vertel kort waarom het dringend is"),
            "start_date": _("Vanaf"),
            "end_date": _("Tot en met"),
            "duration": _("Hoe lang per keer?"),
            "notes": _("Wat wilt u nog vertellen?"),
            "contact_method": _("Hoe wilt u dat we contact opnemen?"),
        }
        help_texts = {
            "notes": _("In uw eigen woorden. Schrijf geen medische gegevens op."),
            "phone": _("Alleen nodig als u 'Bel mij' kiest."),
            "best_times": _("Bijvoorbeeld: 's ochtends, of na 17 uur. Niet verplicht."),
            "end_date": _("Niet verplicht."),
        }
        error_messages = {
            "relationship": {"required": _("Kies voor wie u zorgt.")},
            "age_group": {"required": _("Kies de leeftijd van uw naaste.")},
            "urgency": {"required": _("Kies of het gepland is of spoed.")},
            "contact_method": {"required": _("Kies hoe we contact met u opnemen.")},
            "duration": {"invalid_choice": _("Kies hoe lang per keer, of niets.")},
        }

    field_order = [
        "relationship",
        "age_group",
        "situation",
        "where",
        "kinds",
        "urgency",
        "urgent_reason",
        "start_date",
        "end_date",
    ]

    RADIO_FIELDS = ("relationship", "age_group", "urgency", "contact_method", "duration")

    def __init__(self, *args, only: tuple[str, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if only is not None:  # one step of the form: only its questions are asked and checked
            self.fields = {name: f for name, f in self.fields.items() if name in only}
            if "urgent_reason" in self.fields:
                self.fields["urgent_reason"].required = True
                self.fields["urgent_reason"].error_messages["required"] = _(
                    "Vertel kort waarom het dringend is."
                )
        # Radio buttons without the model's blank choice: nothing is chosen for the user.
        for name in self.RADIO_FIELDS:
            if name not in self.fields:
                continue
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if "contact_method" in self.fields:
            self.fields["contact_method"].choices = [
                c for c in self.fields["contact_method"].choices if c[0] in self.contact_methods
            ]

    contact_methods = (ContactMethod.PHONE, ContactMethod.EMAIL)

    def clean_where(self):
        result = find_municipality(self.cleaned_data["where"])
        if result.municipality is None:
            raise forms.ValidationError(result.error)
        self.municipality = result.municipality
        return self.cleaned_data["where"]

    def add_error(self, field, error):
        # One step holds only some fields; a rule about a field on another step waits for it.
        if field is None or field in self.fields:
            super().add_error(field, error)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone:
            validate_phone(phone)  # 'test' was taken, and a consultant could not call it
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("urgency") == Urgency.URGENT and not cleaned.get("urgent_reason"):
            self.add_error("urgent_reason", _("Vertel kort waarom het dringend is."))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and start < timezone.localdate():
            self.add_error("start_date", _("Kies een datum vanaf vandaag."))
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum moet na de begindatum liggen."))
        if (
            cleaned.get("contact_method") == ContactMethod.PHONE
            and not cleaned.get("phone")
            and "phone" not in self.errors  # a wrong number already says what to do
        ):
            self.add_error("phone", _("Vul een telefoonnummer in, of kies 'Mail mij'."))
        return cleaned


class AddInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Informatie toevoegen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Uw contactpersoon krijgt hier bericht van."),
        error_messages={"required": _("Schrijf wat u wilt toevoegen.")},
    )


class CheckInForm(forms.Form):
    """Three short questions after a stay; nothing is chosen for the caregiver."""

    rested = forms.ChoiceField(
        label=_("Had u even rust?"),
        choices=Rest.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u even rust had.")},
    )
    go_again = forms.ChoiceField(
        label=_("Zou uw naaste nog eens gaan?"),
        choices=GoAgain.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of uw naaste nog eens zou gaan.")},
    )
    obstacles = forms.MultipleChoiceField(
        label=_("Wat zat in de weg? (mag leeg)"),
        choices=Obstacle.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    obstacle_text = forms.CharField(
        label=_("Iets anders? (mag leeg)"),
        max_length=300,
        required=False,
        help_text=_("Eén zin is genoeg. Uw contactpersoon leest het."),
        error_messages={"max_length": _("Schrijf hier ten hoogste 300 tekens.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom trekt u de aanvraag in? (mag leeg)"),
        help_text=_("Zo weet de gemeente wat beter kan."),
        choices=WithdrawReason.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Kies een van de redenen, of geen.")},
    )


def answer_in_words(form: RespiteRequestForm, name: str) -> str:
    """One answer of a valid form as people read it: labels, not codes."""
    value = form.cleaned_data.get(name)
    if name == "where":
        return form.municipality.name
    if name in LIST_ANSWERS:
        labels = dict(form.fields[name].choices)
        return ", ".join(str(labels[v]) for v in value)
    if name == "phone" and form.cleaned_data.get("contact_method") != ContactMethod.PHONE:
        return ""
    choices = getattr(form.fields[name], "choices", None)
    if choices and value:
        return str(dict(choices)[value])
    return str(value or "")


def saved_fields() -> tuple[str, ...]:
    return tuple(name for slug in SavedAnswers.STEPS for name in steps.BY_SLUG[slug].fields)


def saved_in_words(saved: SavedAnswers) -> list[dict]:
    """Kept answers (issue 24.4) as the check page writes them: a label and the answer in
    words; [] when they no longer make sense (a municipality merged away, a choice gone)."""
    data = QueryDict(mutable=True)
    for key, values in saved.answers.items():
        data.setlist(key, values)
    form = RespiteRequestForm(data, only=saved_fields())
    if not form.is_valid():
        return []
    rows = []
    for name in saved_fields():
        value = answer_in_words(form, name)
        if value:
            label = _("Woonplaats van uw naaste") if name == "where" else form.fields[name].label
            rows.append({"label": label, "value": value})
    return rows


def saved_municipality(saved: SavedAnswers):
    """Where the naaste of these kept answers lives, or None."""
    where = (saved.answers.get("where") or [""])[0]
    return find_municipality(where).municipality if where else None


def saved_initial(saved: SavedAnswers) -> dict:
    """Kept answers as a form's initial values (a list only for the boxes of LIST_ANSWERS)."""
    return {
        name: values if name in LIST_ANSWERS else values[0]
        for name, values in saved.answers.items()
        if values and name in saved_fields()
    }


class SettlingStopForm(forms.Form):
    """Stop the settling-in path (issue 25.2): the house or the caregiver, reason optional."""

    note = forms.CharField(
        label=_("Waarom stopt het wennen? (mag leeg)"),
        help_text=_("Het huis en de Wmo-consulent lezen dit."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Schrijf hier ten hoogste 300 tekens.")},
    )
