from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.choices import CORRECTABLE_FIELDS, NIGHT_WEEKS, AvailabilityState
from directory.models import Availability, Location, NightCapacity, Offer
from portal.forms import ConcurrentEditMixin, PlainNewlinesMixin
from respite.choices import DeclineReason, SettlingKind
from respite.werkbak.forms import StayDatesMixin, date_field

MAX_PLACES = 99


class AvailabilityForm(ConcurrentEditMixin, forms.ModelForm):
    merge_untouched = False  # a state and its numbers belong together

    class Meta:
        model = Availability
        fields = ["state", "free_from", "expected_weeks", "available", "maximum", "note"]
        widgets = {
            "state": forms.RadioSelect,
            "free_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.TextInput(attrs={"maxlength": 200}),
        }
        help_texts = {
            "expected_weeks": _("Alleen bij een wachtlijst: hoe lang wacht iemand nu ongeveer?"),
            "note": _("Bijvoorbeeld: alleen nog plek op doordeweekse dagen."),
        }
        error_messages = {"state": {"required": _("Kies hoe het ervoor staat.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = AvailabilityState.choices  # no blank, none pre-chosen
        for name in ("expected_weeks", "available", "maximum"):
            self.fields[name].max_value = 520 if name == "expected_weeks" else 999
            self.fields[name].widget.attrs.update({"class": "input--short", "max": 999})

    def clean_free_from(self):
        value = self.cleaned_data.get("free_from")
        if value and value < timezone.localdate():
            raise forms.ValidationError(
                _("Deze datum is al geweest. Laat het veld leeg als er nu plek is.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        state = cleaned.get("state")
        if state == AvailabilityState.WAITLIST and cleaned.get("expected_weeks") is None:
            self.add_error("expected_weeks", _("Vul in hoeveel weken iemand ongeveer wacht."))
        if state != AvailabilityState.WAITLIST:
            cleaned["expected_weeks"] = None
        if state != AvailabilityState.FREE:
            cleaned["free_from"] = None
        available, maximum = cleaned.get("available"), cleaned.get("maximum")
        if available is not None and maximum is not None and available > maximum:
            self.add_error("available", _("Er kunnen niet meer plaatsen vrij zijn dan er zijn."))
        return cleaned


def night_weeks(today: date | None = None) -> list[list[date]]:
    """The nights the grid shows: NIGHT_WEEKS weeks of seven, from this week's Monday."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return [[monday + timedelta(days=7 * w + d) for d in range(7)] for w in range(NIGHT_WEEKS)]


class NightGridForm(ConcurrentEditMixin, forms.Form):
    """Free places per night for the coming weeks: one number box per night, no JavaScript."""

    is_versioned = True

    def __init__(self, *args, offer, **kwargs):
        self.offer = offer
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.weeks = night_weeks(self.today)
        nights = [night for week in self.weeks for night in week if night >= self.today]
        self.rows = {
            row.night: row for row in NightCapacity.objects.filter(offer=offer, night__in=nights)
        }
        for night in nights:
            row = self.rows.get(night)
            attrs = {"class": "input--night", "max": MAX_PLACES}
            if row and row.reserved:  # the hint under the box says how many are taken
                attrs["aria-describedby"] = f"bezet-{self.add_prefix(self.name_for(night))}"
            self.fields[self.name_for(night)] = forms.IntegerField(
                label=date_format(night, "l j F"),
                min_value=row.reserved if row else 0,
                max_value=MAX_PLACES,
                required=False,
                initial=row.places if row else None,
                widget=forms.NumberInput(attrs=attrs),
                error_messages={
                    "min_value": _("Er zijn al %(limit_value)s plaatsen gereserveerd."),
                    "max_value": _("Hoogstens %(limit_value)s."),
                    "invalid": _("Vul een heel getal in."),
                },
            )

    @staticmethod
    def name_for(night: date) -> str:
        return f"n{night:%Y%m%d}"

    def current_values(self) -> dict[str, object]:
        """The places stored per night, as the grid shows them (an empty box: none)."""
        return {
            name: (row.places if (row := self.rows.get(self._night(name))) else None)
            for name in self.fields
            if name.startswith("n")
        }

    @staticmethod
    def _night(name: str) -> date:
        return date(int(name[1:5]), int(name[5:7]), int(name[7:9]))

    def grid(self):
        """Weeks of (night, bound field or None for a night that is over, places taken) for the
        template."""
        for week in self.weeks:
            yield (
                week[0],
                [
                    (
                        night,
                        self[self.name_for(night)] if night >= self.today else None,
                        row.reserved if (row := self.rows.get(night)) else 0,
                    )
                    for night in week
                ],
            )

    def nights(self) -> dict[date, int]:
        """The cleaned values; an empty box means no places that night."""
        return {
            self._night(name): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("n")
        }


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres op het werk"),
        error_messages={"required": _("Vul het e-mailadres in.")},
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)


class AcceptForm(StayDatesMixin, forms.Form):
    start_date = date_field(_("Eerste nacht"), required=True)
    end_date = date_field(_("Dag van vertrek"), required=True)
    settling_in_night = date_field(_("Wenverblijf (één nacht, mag leeg)"))

    def __init__(self, *args, locations=None, ask_together=False, **kwargs):
        """With several locations the provider says which house; the caregiver is told it.
        With ask_together (the caregiver asked to stay together) the house says whether the
        partner stays too: a couple must not learn it at the door."""
        super().__init__(*args, **kwargs)
        if ask_together:
            self.fields["together"] = forms.TypedChoiceField(
                label=_("De mantelzorger vroeg om samen logeren. Logeert de partner mee?"),
                choices=[
                    ("ja", _("Ja, de partner logeert mee")),
                    ("nee", _("Nee, alleen de naaste")),
                ],
                coerce=lambda value: value == "ja",
                widget=forms.RadioSelect,
                error_messages={"required": _("Zeg of de partner mee kan logeren.")},
            )
        if locations is not None and len(locations) > 1:
            self.fields["location"] = forms.ModelChoiceField(
                label=_("Op welke locatie?"),
                queryset=Location.objects.filter(pk__in=[loc.pk for loc in locations]),
                widget=forms.RadioSelect,
                empty_label=None,
                error_messages={"required": _("Kies op welke locatie uw naaste komt logeren.")},
            )

    def clean(self):
        return self.clean_dates(super().clean())


class CounterForm(AcceptForm):
    text = forms.CharField(
        label=_("Uitleg voor de Wmo-consulent (mag leeg)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom niet?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een reden.")},
    )
    text = forms.CharField(
        label=_("Uitleg (mag leeg)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Schrijf geen gegevens over de gezondheid van de naaste."),
    )


class CorrectionForm(PlainNewlinesMixin, forms.ModelForm):
    """The offer's catalogue text as the provider would write it; the editor decides."""

    explanation = forms.CharField(
        label=_("Toelichting voor de redacteur (mag leeg)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Offer
        fields = list(CORRECTABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}


class SettlingForm(forms.Form):
    """A step of the settling-in the house proposes (issue 25.2): what and when."""

    kind = forms.ChoiceField(
        label=_("Welke stap?"),
        choices=SettlingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies welke stap.")},
    )
    day = date_field(
        _("Datum"),
        required=True,
        help_text=_(
            "Bij een weekend: de eerste dag (meestal de vrijdag). Een nacht of een weekend "
            "houdt een logeerplek voor de naaste vast."
        ),
    )
