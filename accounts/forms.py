from allauth.mfa.totp.forms import ActivateTOTPForm as BaseActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

# accounts sits below the catalogue (tests/test_structure.py): the municipalities are reached
# through the role's foreign key, not by importing directory.
Municipality = Role._meta.get_field("municipality").related_model


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

    policy_for = forms.ModelMultipleChoiceField(
        label=_("Beleidsmedewerker voor"),
        help_text=_("Ziet de cijfers over vraag en aanbod van deze gemeenten, nooit personen."),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def clean(self):
        cleaned = super().clean()
        roles = ("editor_for", "consultant_for", "policy_for")
        if not any(cleaned.get(name) for name in roles):
            raise forms.ValidationError(_("Kies minstens één rol voor minstens één gemeente."))
        return cleaned


class StaffProfileForm(forms.ModelForm):
    """A staff member's own name and, for consultants, how caregivers can reach them."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "work_phone", "reachable_hours"]
        labels = {
            "first_name": _("Voornaam"),
            "last_name": _("Achternaam"),
            "work_phone": _("Telefoonnummer op het werk"),
            "reachable_hours": _("Wanneer bent u bereikbaar?"),
        }
        help_texts = {
            "work_phone": _("Mantelzorgers zien dit nummer als u hun vaste contactpersoon bent."),
        }

    def __init__(self, *args, is_consultant: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        if is_consultant:
            self.fields["work_phone"].required = True
            self.fields["reachable_hours"].required = True
            self.fields["work_phone"].error_messages["required"] = _(
                "Vul uw telefoonnummer in. Mantelzorgers moeten u kunnen bellen."
            )
            self.fields["reachable_hours"].error_messages["required"] = _(
                "Schrijf op wanneer u bereikbaar bent."
            )


class ActivateTOTPForm(BaseActivateTOTPForm):
    """allauth's form with a Dutch label (its Dutch translation keeps "Authenticator code")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code uit de app")
        self.fields["code"].widget.attrs.pop("placeholder", None)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
        self.fields["code"].error_messages["required"] = _("Vul de code uit de app in.")
