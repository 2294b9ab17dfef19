from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.choices import CAREGIVER_TARGET_GROUPS, Kind, TargetGroup
from directory.lookup import find_municipality
from directory.validators import validate_phone
from respite.choices import ContactMethod, Urgency
from respite.models import RespiteRequest

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

    class Meta:
        model = RespiteRequest
        fields = list(RespiteRequest.ANSWER_FIELDS)
        widgets = {
            "relationship": forms.RadioSelect,
            "age_group": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "contact_method": forms.RadioSelect,
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

    RADIO_FIELDS = ("relationship", "age_group", "urgency", "contact_method")

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
        if cleaned.get("contact_method") == ContactMethod.PHONE and not cleaned.get("phone"):
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
