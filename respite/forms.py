from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.choices import Kind, TargetGroup
from directory.lookup import find_municipality
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
        help_text=_("Waarom: de gemeente waar uw naaste woont, behandelt de aanvraag."),
        error_messages={"required": _("Vul de postcode of gemeente van uw naaste in.")},
    )
    situation = forms.ChoiceField(
        label=_("Wat past het best bij uw naaste?"),
        choices=TargetGroup.choices,
        widget=forms.RadioSelect,
        help_text=_("Waarom: zo zoeken we hulp die past. U hoeft geen diagnose te geven."),
        error_messages={"required": _("Kies wat het best past.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("Welke hulp zoekt u? U mag meer kiezen."),
        choices=RESPITE_KINDS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Waarom: dan weet de consulent waar u aan denkt."),
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
        help_texts = {
            "relationship": _("Waarom: zo weten we hoe u bij elkaar hoort."),
            "age_group": _("Waarom: voor kinderen en ouderen is er andere hulp."),
            "urgency": _("Waarom: bij spoed helpt de gemeente meteen, nog voor het onderzoek."),
            "start_date": _("Waarom: veel hulp moet u weken van tevoren aanvragen."),
            "notes": _("In uw eigen woorden. Schrijf geen medische gegevens op."),
            "phone": _("Waarom: alleen om u te bellen over deze aanvraag."),
            "best_times": _("Bijvoorbeeld: 's ochtends, of na 17 uur."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons without the model's blank choice: nothing is chosen for the user.
        for name in self.RADIO_FIELDS:
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
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
