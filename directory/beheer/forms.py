"""The editors' forms: offers, providers, locations, the loket, imports."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.choices import DementiaSetting, Kind, PlaceType
from directory.models import (
    Location,
    Municipality,
    Offer,
    OpeningException,
    OpeningHours,
    Provider,
    age_limit_problem,
)
from portal.forms import ConcurrentEditMixin, check_csv_upload
from portal.validators import validate_phone


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
            "place_type",
            "dementia_setting",
            "transport_by_house",
            "transport_offer",
            "public_transport",
            "own_room",
            "own_belongings",
            "pets_allowed",
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
        # The kind of place (issue 25.1): only for stays away from home; never pre-chosen.
        self.fields["place_type"].choices = [
            ("", _("Geen of weet ik niet")),
            *PlaceType.choices,
        ]
        self.fields["dementia_setting"].choices = [
            ("", _("Niet van toepassing of weet ik niet")),
            *DementiaSetting.choices,
        ]
        transport = Offer.objects.filter(kind=Kind.VERVOER).exclude(pk=self.instance.pk)
        if not user.is_superuser and self.instance.municipality_id:
            serving = Offer.objects.serving(self.instance.municipality).filter(kind=Kind.VERVOER)
            ids = {*serving.values_list("pk", flat=True), self.instance.transport_offer_id}
            transport = transport.filter(pk__in=ids - {None})
        self.fields["transport_offer"].queryset = transport.order_by("name")
        self.fields["transport_offer"].empty_label = _("Geen")
        self.fields["transport_offer"].help_text = _(
            "Een vervoersaanbod uit dit overzicht waarmee mensen hier komen."
        )

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


class CsvUploadForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024

    bestand = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Gebruik de kolommen van de export. Opslaan in Excel als 'CSV UTF-8'."),
        error_messages={"required": _("Kies een CSV-bestand.")},
    )

    def clean_bestand(self):
        return check_csv_upload(self.cleaned_data["bestand"], self.MAX_BYTES)


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
        fields = [
            "loket_phone",
            "loket_hours",
            "loket_opens",
            "loket_closes",
            "after_hours_name",
            "after_hours_phone",
            "after_hours_when",
            "days_to_talk",
            "days_to_decision",
            "urgent_days",
        ]
        labels = {
            "loket_phone": _("Telefoonnummer van het Wmo-loket"),
            "loket_hours": _("Wanneer is het Wmo-loket bereikbaar? (zoals mensen het lezen)"),
            "loket_opens": _("Op werkdagen open vanaf"),
            "loket_closes": _("Op werkdagen open tot"),
            "after_hours_name": _("Buiten die tijden: wie kunnen mensen bellen? (mag leeg)"),
            "after_hours_phone": _("Telefoonnummer buiten die tijden (mag leeg)"),
            "after_hours_when": _("Wanneer geldt dat nummer? (mag leeg)"),
            "days_to_talk": _("Dagen van aanvraag tot gesprek (meestal)"),
            "days_to_decision": _("Dagen van gesprek tot besluit (meestal)"),
            "urgent_days": _("Dagen tot hulp bij spoed (meestal)"),
        }
        help_texts = {
            "loket_opens": _("Bijvoorbeeld 09:00. Op feestdagen is het loket dicht."),
            "loket_closes": _("Bijvoorbeeld 17:00."),
        }
        widgets = {
            "days_to_talk": forms.NumberInput(attrs={"class": "input--short", "min": 0}),
            "days_to_decision": forms.NumberInput(attrs={"class": "input--short", "min": 0}),
            "urgent_days": forms.NumberInput(attrs={"class": "input--short", "min": 0}),
            "loket_opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "loket_closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    REQUIRED = ("loket_phone", "loket_hours")
    LEAD_TIMES = ("days_to_talk", "days_to_decision", "urgent_days")  # issue 25.3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            self.fields[name].required = True
        for name in ("loket_opens", "loket_closes", *self.LEAD_TIMES):
            self.fields[name].required = False  # left empty: stays as it was
        for name in ("loket_opens", "loket_closes"):
            self.fields[name].error_messages["invalid"] = _("Vul een tijd in, zoals 09:00.")
        self.fields["loket_phone"].error_messages["required"] = _(
            "Vul het telefoonnummer van het Wmo-loket in."
        )
        self.fields["loket_hours"].error_messages["required"] = _(
            "Schrijf op wanneer het Wmo-loket bereikbaar is."
        )

    def clean(self):
        cleaned = super().clean()
        for name in ("loket_opens", "loket_closes", *self.LEAD_TIMES):
            if name not in self.errors and cleaned.get(name) in (None, ""):
                cleaned[name] = getattr(self.instance, name)
        opens, closes = cleaned.get("loket_opens"), cleaned.get("loket_closes")
        if opens and closes and closes <= opens:
            self.add_error("loket_closes", _("Het loket moet later dicht gaan dan het open gaat."))
        name, phone = cleaned.get("after_hours_name"), cleaned.get("after_hours_phone")
        if phone and not name:
            self.add_error("after_hours_name", _("Schrijf wie mensen op dit nummer bellen."))
        if name and not phone:
            self.add_error("after_hours_phone", _("Vul het telefoonnummer in, of laat beide leeg."))
        return cleaned

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


class LetterBatchForm(forms.Form):
    """Letters by post (issue 26.1): the list of registered carers and whom they may call."""

    MAX_BYTES = 2 * 1024 * 1024

    bestand = forms.FileField(
        label=_("Lijst van mantelzorgers (CSV)"),
        help_text=_(
            "Kolommen: naam; adres; postcode; woonplaats; postcode_naaste (mag leeg); situatie "
            "(mag leeg, bijvoorbeeld dementie). Opslaan in Excel als 'CSV UTF-8'. Hoogstens "
            "500 mensen per keer. We bewaren de lijst niet."
        ),
        error_messages={"required": _("Kies de lijst (een CSV-bestand).")},
    )
    contact_name = forms.CharField(
        label=_("Naam van de contactpersoon in de brief"),
        help_text=_("Iemand die mantelzorgers kunnen bellen, bijvoorbeeld de mantelzorgconsulent."),
        max_length=100,
        error_messages={"required": _("Vul de naam van de contactpersoon in.")},
    )
    contact_phone = forms.CharField(
        label=_("Telefoon van de contactpersoon"),
        max_length=30,
        validators=[validate_phone],
        error_messages={"required": _("Vul het telefoonnummer in.")},
    )
    contact_hours = forms.CharField(
        label=_("Wanneer is die bereikbaar?"),
        max_length=100,
        error_messages={"required": _("Vul in wanneer de contactpersoon bereikbaar is.")},
    )

    def clean_bestand(self):
        return check_csv_upload(self.cleaned_data["bestand"], self.MAX_BYTES)
