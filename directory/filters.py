import copy
from functools import cache

import django_filters
from django import forms
from django.db.models import Q
from django.http import HttpRequest, QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from directory.choices import (
    AccessRoute,
    CostFilter,
    DayPart,
    DementiaSetting,
    Kind,
    PlaceType,
    Setting,
    TargetGroup,
)
from directory.models import Offer

MAX_QUERY_LENGTH = 200

_DAY_PART_FIELDS = {
    DayPart.OVERDAG: "daytime",
    DayPart.AVOND: "evening",
    DayPart.NACHT: "night",
    DayPart.WEEKEND: "weekend",
}
_SETTING_FIELDS = {Setting.THUIS: "at_home", Setting.BUITENSHUIS: "away_from_home"}


def _any_flag(fields: dict[str, str], values: list[str]) -> Q:
    condition = Q()
    for value in values:
        condition |= Q(**{fields[value]: True})
    return condition


# What a stay must offer (issue 25.1), each one a condition on the offer; all must hold.
STAY_NEEDS = [
    ("gesloten", _("Gesloten afdeling bij dementie")),
    ("samen", _("Samen met de partner (koppelbed)")),
    ("vervoer", _("Vervoer wordt geregeld")),
    ("eigen_kamer", _("Eigen kamer")),
    ("huisdier", _("Huisdier mag mee")),
]
_STAY_NEED_CONDITIONS = {
    "gesloten": Q(dementia_setting=DementiaSetting.CLOSED),
    "samen": Q(stay_together=True),
    "vervoer": Q(transport_by_house=True) | Q(transport_offer__isnull=False),
    "eigen_kamer": Q(own_room=True),
    "huisdier": Q(pets_allowed=True),
}


class OfferFilter(django_filters.FilterSet):
    """Filters of the municipality page; parameter names are Dutch so shared links read well."""

    q = django_filters.CharFilter(
        label=_("Zoek in dit aanbod"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    soort = django_filters.MultipleChoiceFilter(
        label=_("Soort hulp"),
        field_name="kind",
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    doelgroep = django_filters.MultipleChoiceFilter(
        label=_("Voor wie"),
        choices=TargetGroup.choices,
        method="filter_target_groups",
        widget=forms.CheckboxSelectMultiple,
    )
    wanneer = django_filters.MultipleChoiceFilter(
        label=_("Wanneer"),
        choices=DayPart.choices,
        method="filter_day_parts",
        widget=forms.CheckboxSelectMultiple,
    )
    waar = django_filters.MultipleChoiceFilter(
        label=_("Waar"),
        choices=Setting.choices,
        method="filter_settings",
        widget=forms.CheckboxSelectMultiple,
    )
    kosten = django_filters.ChoiceFilter(
        label=_("Kosten"),
        choices=CostFilter.choices,
        method="filter_cost",
        empty_label=_("Alle"),
        widget=forms.RadioSelect,
    )
    plek = django_filters.ChoiceFilter(
        label=_("Plek vrij"),
        choices=[
            ("0", _("Nu")),
            ("2", _("Binnen 2 weken")),
            ("4", _("Binnen 4 weken")),
            ("8", _("Binnen 8 weken")),
        ],
        method="filter_free_within",
        empty_label=_("Maakt niet uit"),
        widget=forms.RadioSelect,
        help_text=_("Zoals de aanbieder het de laatste 14 dagen heeft doorgegeven."),
    )
    soort_plek = django_filters.MultipleChoiceFilter(
        label=_("Soort plek (logeren)"),
        field_name="place_type",
        choices=PlaceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    logeren = django_filters.MultipleChoiceFilter(
        label=_("Wat moet er kunnen bij logeren"),
        choices=STAY_NEEDS,
        method="filter_stay_needs",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen plekken waar alles kan wat u aanvinkt."),
    )
    toegang = django_filters.MultipleChoiceFilter(
        label=_("Hoe kom ik eraan"),
        choices=AccessRoute.choices,
        method="filter_access_routes",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Offer
        fields: list[str] = []

    def __init__(
        self, data=None, queryset=None, *, request: HttpRequest | None = None, prefix=None
    ):
        """As django-filter's, but the filters are copied only when a queryset is filtered:
        copying all ten with their choices was 0.24 ms of a 3 ms municipality page, which
        without filters never uses them (the form class is made once, below)."""
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = Offer.objects.all() if queryset is None else queryset
        self.request = request
        self.form_prefix = prefix

    @cached_property
    def filters(self):
        filters = copy.deepcopy(self.base_filters)
        for filter_ in filters.values():
            filter_.model = self.queryset.model
            filter_.parent = self
        return filters

    @classmethod
    @cache
    def _form_class(cls):
        """The form class, made once: the filters and their fields are the same for every
        request (django-filter makes a class and every field anew for each request; Django
        still copies the fields for each form)."""
        filters = copy.deepcopy(cls.base_filters)  # .field is kept on the filter: not on ours
        fields = {name: filter_.field for name, filter_ in filters.items()}
        return type(f"{cls.__name__}Form", (cls._meta.form,), fields)

    def get_form_class(self):
        return self._form_class()

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_target_groups(self, queryset, name, value):
        return queryset.for_target_groups(value) if value else queryset

    def filter_access_routes(self, queryset, name, value):
        return queryset.with_access_routes(value) if value else queryset

    def filter_day_parts(self, queryset, name, value):
        return queryset.filter(_any_flag(_DAY_PART_FIELDS, value)) if value else queryset

    def filter_settings(self, queryset, name, value):
        return queryset.filter(_any_flag(_SETTING_FIELDS, value)) if value else queryset

    def filter_stay_needs(self, queryset, name, value):
        for need in value:
            queryset = queryset.filter(_STAY_NEED_CONDITIONS[need])
        return queryset

    def filter_free_within(self, queryset, name, value):
        return queryset.free_within(int(value)) if value else queryset

    def filter_cost(self, queryset, name, value):
        if value == CostFilter.GRATIS:
            return queryset.filter(is_free=True)
        if value == CostFilter.KOSTEN:
            return queryset.filter(is_free=False)
        return queryset

    @cached_property
    def untouched(self) -> bool:
        """No filter in the address, as on a municipality page reached from a postcode: then
        nothing is chosen and nothing is wrong, known without making the form (0.6 ms: Django
        copies the eight fields with all their choices for each form)."""
        return not any(name in self.data for name in self.base_filters)

    @property
    def errors(self):
        return {} if self.untouched else self.form.errors

    def filter_queryset(self, queryset):
        return queryset if self.untouched else super().filter_queryset(queryset)

    def _valid_data(self) -> dict:
        """The valid choices; an invalid filter is left out (its error is shown)."""
        if self.untouched:
            return {}
        self.form.is_valid()  # validates once
        return getattr(self.form, "cleaned_data", {})

    @property
    def active(self) -> bool:
        """True when the visitor applied at least one valid filter or search."""
        data = self._valid_data()
        return any(data.get(name) for name in self.base_filters)

    @property
    def chosen(self) -> int:
        """How many filter choices (not the search words) are applied, for 'Filteren (2)'."""
        data = self._valid_data()
        return sum(
            len(value) if isinstance(value, list | tuple) else 1
            for name, value in data.items()
            if name != "q" and value
        )
