from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.filters import MAX_QUERY_LENGTH
from directory.lookup import MAX_INPUT_LENGTH
from directory.models import (
    Feedback,
    Location,
    Municipality,
    Offer,
    OpeningException,
    OpeningHours,
    Provider,
    age_limit_problem,
)
from portal.forms import ConcurrentEditMixin


class FindMunicipalityForm(forms.Form):
    q = forms.CharField(
        label=_("Postcode of gemeente"),
        help_text=_("Bijvoorbeeld 9401 AB of Assen. Vul de plaats in waar uw naaste woont."),
        max_length=MAX_INPUT_LENGTH,
        error_messages={
            "required": _("Vul een postcode of de naam van een gemeente in."),
            "max_length": _(
                "Dit is te lang. Vul alleen een postcode of de naam van een gemeente in."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )


class ChooseMunicipalityForm(forms.Form):
    """A plain list of all municipalities, for when typing did not work."""

    gemeente = forms.ModelChoiceField(
        label=_("Kies uw gemeente uit de lijst"),
        queryset=Municipality.objects.only("slug", "name").order_by("name"),
        to_field_name="slug",
        empty_label=_("Kies een gemeente"),
        error_messages={
            "required": _("Kies een gemeente uit de lijst."),
            "invalid_choice": _("Deze gemeente staat niet in de lijst. Kies een gemeente."),
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Waar zoekt u hulp bij?"),
        help_text=_("Typ een of meer woorden, bijvoorbeeld: logeren, dagopvang of oppas."),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Typ minder woorden. U kunt hoogstens %(limit_value)d tekens typen.")
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    gemeente = forms.ModelChoiceField(
        label=_("In gemeente"),
        queryset=Municipality.objects.only("slug", "name").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Heel Nederland"),
        error_messages={"invalid_choice": _("Deze gemeente kennen we niet. Kies uit de lijst.")},
    )


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for a long list (342 municipalities): a ticked box cannot be lost with one
    click, as in a multi-select, and with JavaScript a box to type in shows only the matches."""


class OfferForm(ConcurrentEditMixin, forms.ModelForm):
    """The editors' form for one offer. The owner is set by the view, never by the form."""

    checked_now = forms.BooleanField(
        label=_("Alles klopt nu"),
        required=False,
        help_text=_(
            "Vink aan als u alles heeft nagekeken. Dan wordt 'laatst gecontroleerd' vandaag."
        ),
    )

    class Meta:
        model = Offer
        fields = [
            "name",
            "summary",
            "description",
            "kind",
            "provider",
            "target_groups",
            "target_groups_only",
            "minimum_age",
            "maximum_age",
            "access_routes",
            "daytime",
            "evening",
            "night",
            "weekend",
            "at_home",
            "away_from_home",
            "planned",
            "crisis",
            "settling_in",
            "stay_together",
            "is_free",
            "cost_amount",
            "cost_explanation",
            "notice_days",
            "notice_explanation",
            "waiting_weeks",
            "nights_per_year",
            "phone",
            "email",
            "website",
            "locations",
            "extra_municipalities",
            "regions",
            "nationwide",
            "verified_on",
            "external_id",
        ]
        localized_fields = ["cost_amount"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "target_groups": forms.CheckboxSelectMultiple,
            "access_routes": forms.CheckboxSelectMultiple,
            "extra_municipalities": FilterableCheckboxes,
            "regions": FilterableCheckboxes,
            "locations": FilterableCheckboxes,
            # Dutch number format: "21,50" is shown and accepted (and "21.50" still works).
            "cost_amount": forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
            "minimum_age": forms.NumberInput(attrs={"class": "input--short", "min": 0, "max": 120}),
            "maximum_age": forms.NumberInput(attrs={"class": "input--short", "min": 0, "max": 120}),
            "verified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "description": _(
                "Gewone tekst. Een lege regel begint een nieuwe alinea. "
                "Links (https://...) worden vanzelf klikbaar."
            ),
            "summary": _("Eén zin die zegt wat het is en voor wie."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            del self.fields["nationwide"]  # national offers are kept by the central team
        if not self.instance.pk:
            del self.fields["checked_now"]  # a new offer is checked today anyway
        # The municipality's own providers and the national ones; their locations. The
        # offer's own provider stays a choice when it is based elsewhere (a provider from the
        # next town that runs a house here): saving must not ask for another.
        providers = Provider.objects.filter(
            Q(municipality=self.instance.municipality_id)
            | Q(municipality__isnull=True)
            | Q(pk=self.instance.provider_id)
        )
        if user.is_superuser:
            providers = Provider.objects.all()
        self.fields["provider"].queryset = providers.order_by("name")
        self.fields["locations"].queryset = Location.objects.filter(
            provider__in=providers
        ).select_related("provider")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("checked_now"):
            cleaned["verified_on"] = timezone.localdate()
        if (
            not cleaned.get("is_free")
            and cleaned.get("cost_amount") is None
            and not cleaned.get("cost_explanation")
        ):
            self.add_error(
                "cost_explanation",
                _("Vul een bedrag of een uitleg over de kosten in, of kies 'gratis'."),
            )
        problem = age_limit_problem(
            [tag.code for tag in cleaned.get("target_groups") or []],
            cleaned.get("minimum_age"),
            cleaned.get("maximum_age"),
        )
        if problem and "maximum_age" not in self.errors:
            self.add_error("maximum_age", problem)
        if not (cleaned.get("phone") or cleaned.get("email") or cleaned.get("website")):
            provider = cleaned.get("provider")
            if provider and not (provider.phone or provider.email or provider.website):
                self.add_error("phone", _("Vul een telefoonnummer, e-mailadres of website in."))
        return cleaned


class FeedbackForm(forms.ModelForm):
    """'Klopt er iets niet?' The 'website' field is a honeypot: people leave it empty."""

    website = forms.CharField(
        required=False,
        label=_("Laat dit veld leeg"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Feedback
        fields = ["message", "contact"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {
            "message": _(
                "Bijvoorbeeld: het telefoonnummer is veranderd. "
                "Schrijf hier geen gegevens over uw gezondheid of die van uw naaste."
            ),
            "contact": _("Alleen als u wilt dat we u iets terugvragen."),
        }
        error_messages = {
            "message": {"required": _("Schrijf wat er niet klopt.")},
        }

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 5:
            raise forms.ValidationError(_("Schrijf iets meer, zodat we weten wat er niet klopt."))
        return message

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class CsvUploadForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024

    bestand = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Gebruik de kolommen van de export. Opslaan in Excel als 'CSV UTF-8'."),
        error_messages={"required": _("Kies een CSV-bestand.")},
    )

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 2 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Kies een bestand dat eindigt op .csv."))
        return upload


class ProviderForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "description", "phone", "email", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


def _day_in_words(day: OpeningException) -> str:
    """'25 december 2026: gesloten (Eerste Kerstdag)'."""
    when = (
        _("gesloten")
        if day.closed or not day.opens
        else f"{day.opens:%H:%M}–{day.closes:%H:%M}"
        if day.closes
        else f"{day.opens:%H:%M}"
    )
    reason = f" ({day.reason})" if day.reason else ""
    return f"{date_format(day.date, 'j F Y')}: {when}{reason}"


class LocationForm(ConcurrentEditMixin, forms.ModelForm):
    """A location's own fields; its hours and days with other hours (the formsets beside it)
    count as one more part of its version, so a change there by someone else is noticed."""

    HOURS = "openingstijden"

    class Meta:
        model = Location
        fields = ["name", "street_address", "postcode", "city", "accessibility"]

    def current_values(self) -> dict[str, object]:
        values = super().current_values()
        values[self.HOURS] = [
            *(str(hours) for hours in self.instance.opening_hours.all()),
            *(_day_in_words(day) for day in self.instance.exceptions.all()),
        ]
        return values

    def _check_version(self) -> None:
        if self.HOURS not in self.fields:
            # A label for the hours in the list of changes (never shown as an input).
            self.fields[self.HOURS] = forms.CharField(
                label=_("Openingstijden en afwijkende dagen"), required=False, disabled=True
            )
            self.fields[self.HOURS].widget = forms.HiddenInput()
        super()._check_version()

    def display(self, name: str, value) -> str:
        if name == self.HOURS:
            return "; ".join(value) if isinstance(value, list) else str(_("(zie hieronder)"))
        return super().display(name, value)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip().upper().replace(" ", "")
        if value and not (len(value) == 6 and value[:4].isdigit() and value[4:].isalpha()):
            raise forms.ValidationError(_("Vul een postcode in zoals 9401 AB."))
        return f"{value[:4]} {value[4:]}" if value else ""


OpeningHoursFormSet = forms.inlineformset_factory(
    Location,
    OpeningHours,
    fields=["weekday", "opens", "closes", "label"],
    extra=2,
    can_delete=True,
    widgets={
        "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    },
)
OpeningExceptionFormSet = forms.inlineformset_factory(
    Location,
    OpeningException,
    fields=["date", "closed", "opens", "closes", "reason"],
    extra=1,
    can_delete=True,
    widgets={
        "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    },
)


class LoketForm(ConcurrentEditMixin, forms.ModelForm):
    """The municipality's Wmo-loket: the number caregivers call before they have a contact."""

    class Meta:
        model = Municipality
        fields = ["loket_phone", "loket_hours"]
        labels = {
            "loket_phone": _("Telefoonnummer van het Wmo-loket"),
            "loket_hours": _("Wanneer is het Wmo-loket bereikbaar?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.fields:
            self.fields[name].required = True
        self.fields["loket_phone"].error_messages["required"] = _(
            "Vul het telefoonnummer van het Wmo-loket in."
        )
        self.fields["loket_hours"].error_messages["required"] = _(
            "Schrijf op wanneer het Wmo-loket bereikbaar is."
        )

    def save(self, commit: bool = True):
        self.instance.loket_is_demo = False  # checked by a person: no longer the demo number
        return super().save(commit=commit)


class HsdsImportForm(forms.Form):
    """An HSDS 3.0 feed as a JSON file, or the address where another catalogue publishes it."""

    MAX_BYTES = 5 * 1024 * 1024

    bestand = forms.FileField(
        label=_("JSON-bestand"),
        required=False,
        help_text=_("Een export in HSDS 3.0, bijvoorbeeld van /api/hsds/services."),
    )
    adres = forms.URLField(
        label=_("Of het adres van de export"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Bijvoorbeeld https://sociale-kaart.example.nl/api/hsds/services?per_page=100"),
    )

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        if upload and upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        if upload and not upload.name.lower().endswith(".json"):
            raise forms.ValidationError(_("Kies een bestand dat eindigt op .json."))
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("bestand") and not data.get("adres"):
            raise forms.ValidationError(_("Kies een bestand of vul een adres in."))
        if data.get("bestand") and data.get("adres"):
            raise forms.ValidationError(_("Kies een bestand óf een adres, niet allebei."))
        return data
