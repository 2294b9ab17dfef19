"""The public site's forms: find a municipality, search, report a mistake."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.filters import MAX_QUERY_LENGTH
from directory.lookup import MAX_INPUT_LENGTH
from directory.models import (
    Feedback,
    Municipality,
)
from portal.forms import email_field


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


class SubscribeForm(forms.Form):
    """Follow a municipality's news without an account (issue 26.3)."""

    email = email_field(
        _("Uw e-mailadres"),
        _(
            "U krijgt eerst een mail om te bevestigen. Daarna hoogstens één bericht per maand. "
            "We gebruiken het adres nergens anders voor."
        ),
        required=_("Vul uw e-mailadres in."),
    )
