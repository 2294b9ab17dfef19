from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from providers.choices import AvailabilityState
from providers.models import NIGHT_WEEKS, Availability, NightCapacity

MAX_PLACES = 99


class AvailabilityForm(forms.ModelForm):
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


class NightGridForm(forms.Form):
    """Free places per night for the coming weeks: one number box per night, no JavaScript."""

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.weeks = night_weeks(self.today)
        nights = [night for week in self.weeks for night in week if night >= self.today]
        self.rows = {
            row.night: row for row in NightCapacity.objects.filter(offer=offer, night__in=nights)
        }
        for night in nights:
            row = self.rows.get(night)
            self.fields[self.name_for(night)] = forms.IntegerField(
                label=date_format(night, "l j F"),
                min_value=row.reserved if row else 0,
                max_value=MAX_PLACES,
                required=False,
                initial=row.places if row else None,
                widget=forms.NumberInput(attrs={"class": "input--night", "max": MAX_PLACES}),
                error_messages={
                    "min_value": _("Er zijn al %(limit_value)s plaatsen gereserveerd."),
                    "max_value": _("Hoogstens %(limit_value)s."),
                    "invalid": _("Vul een heel getal in."),
                },
            )

    @staticmethod
    def name_for(night: date) -> str:
        return f"n{night:%Y%m%d}"

    def grid(self):
        """Weeks of (night, bound field or None for a night that is over) for the template."""
        for week in self.weeks:
            yield (
                week[0],
                [
                    (night, self[self.name_for(night)] if night >= self.today else None)
                    for night in week
                ],
            )

    def nights(self) -> dict[date, int]:
        """The cleaned values; an empty box means no places that night."""
        result = {}
        for name, value in self.cleaned_data.items():
            night = date(int(name[1:5]), int(name[5:7]), int(name[7:9]))
            result[night] = value or 0
        return result


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres op het werk"),
        error_messages={"required": _("Vul het e-mailadres in.")},
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
