from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import RoleKind
from accounts.models import User
from respite.choices import Decision, DecisionReason, Status
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


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label=_("Reden"), choices=DecisionReason.choices)
    text = forms.CharField(
        label=_("Uitleg voor de mantelzorger, in gewone woorden"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De mantelzorger leest dit. Geen medische gegevens."),
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


class IntakeForm(RespiteRequestForm):
    """A request taken by phone. The municipality is the consultant's; no account needed."""

    intake_name = forms.CharField(label=_("Naam van de mantelzorger"), max_length=200)
    intake_email = forms.EmailField(
        label=_("E-mail van de mantelzorger (mag leeg)"),
        required=False,
        help_text=_("Dan kunt u de mantelzorger later uitnodigen om de aanvraag te volgen."),
    )

    field_order = ["intake_name", "phone", "intake_email", *RespiteRequestForm.field_order]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["where"]
        self.municipality = municipality
        self.fields["phone"].required = True
        self.fields["contact_method"].initial = "telefoon"


class InviteCaregiverForm(forms.Form):
    email = forms.EmailField(label=_("E-mail van de mantelzorger"))
