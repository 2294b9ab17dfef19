from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Municipality


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    editor_for = forms.ModelMultipleChoiceField(
        label=_("Redacteur sociale kaart voor"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    consultant_for = forms.ModelMultipleChoiceField(
        label=_("Wmo-consulent voor"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("editor_for") and not cleaned.get("consultant_for"):
            raise forms.ValidationError(_("Kies minstens één rol voor minstens één gemeente."))
        return cleaned
