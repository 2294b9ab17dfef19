"""The public catalogue, modelled after Open Referral HSDS 3.0.

Provider ~ organization, Offer ~ service, Location ~ location, and the service area is the owning
municipality plus extra municipalities, regions or the whole country.
"""

import contextlib
import secrets
import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.choices import (
    AGE_GROUP_YEARS,
    AGE_TARGET_GROUPS,
    CAREGIVER_TARGET_GROUPS,
    FRESH_DAYS,
    KIND_KEYWORDS,
    KIND_NEED_AREAS,
    AccessRoute,
    AvailabilityState,
    CorrectionStatus,
    DementiaSetting,
    Kind,
    NeedArea,
    OfferStatus,
    PlaceType,
    RegionKind,
    TargetGroup,
    Weekday,
)
from directory.querysets import AvailabilityQuerySet, MunicipalityQuerySet, OfferQuerySet
from portal.holidays import public_holidays
from portal.text import fold
from portal.validators import validate_phone

# Open Referral HSDS ids are UUIDs. Ours are derived (uuid5) in this project's namespace, so
# the same source gives the same id on every installation (directory/hsds/serialise.py).
HSDS_NAMESPACE = uuid.UUID("6d1f3c52-43a9-5b7e-9a51-6d616e74656c")


def hsds_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(HSDS_NAMESPACE, ":".join(str(part) for part in parts))


def _hsds_id_field() -> models.UUIDField:
    return models.UUIDField(
        _("open-data-id (HSDS)"), default=uuid.uuid4, unique=True, editable=False
    )


_EXTERNAL_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_external_id() -> str:
    """A stable 'kenmerk' for offers that have none of their own, so CSV files round-trip."""
    return "MZP-" + "".join(secrets.choice(_EXTERNAL_ID_ALPHABET) for _ in range(8))


def review_due_before() -> date:
    """Offers verified before this date are due for a check by their editors."""
    return timezone.localdate() - timedelta(days=settings.DIRECTORY_REVIEW_AFTER_DAYS)


class Municipality(models.Model):
    """A Dutch municipality (gemeente), keyed by its CBS code."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    province = models.CharField(_("provincie"), max_length=50)
    population = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)
    search_key = models.CharField(max_length=100, db_index=True, editable=False)

    # The Wmo-loket: who a caregiver calls before a consultant has picked up their request.
    loket_phone = models.CharField(
        _("telefoon Wmo-loket"), max_length=30, blank=True, validators=[validate_phone]
    )
    loket_hours = models.CharField(
        _("bereikbaar"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: maandag tot en met vrijdag van 9 tot 17 uur."),
    )
    loket_is_demo = models.BooleanField(
        _("voorbeeldnummer"),
        default=False,
        help_text=_("Gezet door de demo-gegevens; wordt op de site als voorbeeld getoond."),
    )
    # When the loket answers, on working days (not on public holidays): so a page can say
    # whom to call now (issue 25.4).
    loket_opens = models.TimeField(_("open vanaf"), default=time(9, 0))
    loket_closes = models.TimeField(_("open tot"), default=time(17, 0))
    # The municipality's own lead times (issue 25.3): what "the earliest real date" of a stay
    # is computed from. The law's maxima (6 weeks to investigate, 2 to decide) are the limit;
    # these are what the municipality really manages.
    days_to_talk = models.PositiveSmallIntegerField(
        _("dagen tot een gesprek"),
        default=14,
        validators=[MaxValueValidator(42)],
        help_text=_("Hoeveel dagen na een aanvraag het gesprek met de consulent meestal is."),
    )
    days_to_decision = models.PositiveSmallIntegerField(
        _("dagen van gesprek tot besluit"),
        default=14,
        validators=[MaxValueValidator(14)],
        help_text=_("Hoeveel dagen na het gesprek het besluit meestal komt (hoogstens 14)."),
    )
    urgent_days = models.PositiveSmallIntegerField(
        _("dagen tot hulp bij spoed"),
        default=1,
        validators=[MaxValueValidator(7)],
        help_text=_("Bij spoed: hoeveel dagen tot er hulp is, zonder gesprek en besluit vooraf."),
    )
    # Whom to call when the loket is closed: the huisartsenpost, a crisis service.
    after_hours_name = models.CharField(
        _("naam"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Huisartsenpost Drenthe, of de crisisdienst van de regio."),
    )
    after_hours_phone = models.CharField(
        _("telefoon"), max_length=30, blank=True, validators=[validate_phone]
    )
    after_hours_when = models.CharField(
        _("wanneer"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: 's avonds, 's nachts, in het weekend en op feestdagen."),
    )

    # The one-page folder for the huisarts, the pharmacy, the library (issue 26.2): when an
    # editor last checked it; the folder prints "gecontroleerd op" this date.
    folder_checked_on = models.DateField(_("folder gecontroleerd op"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:municipality", kwargs={"slug": self.slug})

    def loket_is_open(self, moment: datetime | None = None) -> bool:
        """Whether the Wmo-loket answers now: a working day that is no public holiday, within
        its hours."""
        local = timezone.localtime(moment or timezone.now())
        if local.weekday() >= 5 or local.date() in public_holidays(local.year):
            return False
        return self.loket_opens <= local.time() < self.loket_closes


class PostcodeArea(models.Model):
    """A four-digit postcode (PC4) and the municipality it lies in."""

    pc4 = models.CharField(_("postcode (4 cijfers)"), max_length=4, primary_key=True)
    place = models.CharField(_("plaats"), max_length=100)
    place_key = models.CharField(max_length=100, db_index=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postcode_areas"
    )

    class Meta:
        ordering = ["pc4"]
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")

    def __str__(self) -> str:
        return f"{self.pc4} {self.place}"


class Region(models.Model):
    """A named group of municipalities, such as a province or a care region."""

    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=20, choices=RegionKind.choices)
    municipalities = models.ManyToManyField(Municipality, related_name="regions", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self) -> str:
        return self.name


class ProviderQuerySet(models.QuerySet):
    def editable_by(self, user) -> "ProviderQuerySet":
        if user.is_superuser:
            return self  # including national organisations, which have no owner
        return self.filter(municipality__in=Municipality.objects.editable_by(user))


class Provider(models.Model):
    """An organisation that offers support."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("beheerd door gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="providers",
        help_text=_("Leeg voor landelijke organisaties, beheerd door het centrale team."),
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hsds_id = _hsds_id_field()

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A place where an offer is given or where people can walk in."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("aanbieder"), on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("naam"), max_length=200)
    street_address = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="locations"
    )
    accessibility = models.CharField(
        _("toegankelijkheid"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: rolstoeltoegankelijk, invalidentoilet, parkeren voor de deur."),
    )
    hsds_id = _hsds_id_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class OpeningHours(models.Model):
    """Regular weekly hours of a location (opening hours or a walk-in consultation)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens = models.TimeField(_("van"))
    closes = models.TimeField(_("tot"))
    label = models.CharField(
        _("soort"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: inloopspreekuur.")
    )

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="opening_hours_closes_after",
                violation_error_message=_("De eindtijd moet later zijn dan de begintijd."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A day with other hours than usual, such as a public holiday."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("datum"))
    closed = models.BooleanField(_("gesloten"), default=True)
    opens = models.TimeField(_("van"), null=True, blank=True)
    closes = models.TimeField(_("tot"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("afwijkende openingstijd")
        verbose_name_plural = _("afwijkende openingstijden")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "date"],
                name="one_exception_per_day",
                violation_error_message=_("Voor deze dag staat al een afwijkende tijd."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"


class TargetGroupTag(models.Model):
    """One of the fixed target groups; rows are created by a migration."""

    code = models.CharField(max_length=30, choices=TargetGroup.choices, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_code_display()


class AccessRouteTag(models.Model):
    """One of the fixed access routes; rows are created by a migration."""

    code = models.CharField(max_length=30, choices=AccessRoute.choices, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_code_display()


def age_limit_problem(groups, minimum_age: int | None, maximum_age: int | None) -> str:
    """Why these age limits cannot go with these target groups ('' when they can): an offer
    for children must admit someone under 18, one for older people someone of 65 or more.
    The editors' form and the CSV and HSDS imports say the same."""
    if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
        return str(_("De leeftijd 'tot en met' moet hoger zijn dan 'vanaf'."))
    groups = set(groups)
    if TargetGroup.KINDEREN in groups and minimum_age is not None and minimum_age >= 18:
        return str(_("Voor 'kinderen met een zorgvraag' moet de leeftijd onder de 18 kunnen zijn."))
    if TargetGroup.OUDEREN in groups and maximum_age is not None and maximum_age < 65:
        return str(_("Voor 'ouderen' moet de leeftijd 65 of meer kunnen zijn."))
    return ""


class Offer(models.Model):
    """A support offer (HSDS service) as caregivers see it."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("aanbieder"), on_delete=models.PROTECT, related_name="offers"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("eigenaar (gemeente)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_offers",
        help_text=_("De gemeente die dit aanbod beheert. Leeg voor landelijk aanbod."),
    )
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    summary = models.CharField(_("korte samenvatting"), max_length=250)
    description = models.TextField(_("beschrijving"))
    kind = models.CharField(_("soort hulp"), max_length=30, choices=Kind.choices)

    # Service area: the owner, plus extra municipalities and regions, or the whole country.
    nationwide = models.BooleanField(_("heel Nederland"), default=False)
    extra_municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("ook voor gemeenten"), blank=True, related_name="+"
    )
    regions = models.ManyToManyField(Region, verbose_name=_("voor regio's"), blank=True)

    target_groups = models.ManyToManyField(TargetGroupTag, verbose_name=_("voor wie"), blank=True)
    # How the list of target groups is meant: "also/especially for" (people read a list so)
    # unless the editor says "only". Age limits are HSDS's minimum_age and maximum_age.
    target_groups_only = models.BooleanField(
        _("alleen voor deze groepen"),
        default=False,
        help_text=_(
            "Aangevinkt: alleen wie bij een van de groepen hoort, kan hier terecht. "
            "Niet aangevinkt: het is vooral voor deze groepen, maar anderen zijn ook welkom."
        ),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("leeftijd van de naaste vanaf"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("In jaren. Leeg: geen ondergrens."),
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("leeftijd van de naaste tot en met"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_(
            "In jaren. Bijvoorbeeld 17 voor aanbod alleen voor kinderen. Leeg: geen grens."
        ),
    )
    access_routes = models.ManyToManyField(AccessRouteTag, verbose_name=_("hoe kom ik eraan"))

    daytime = models.BooleanField(_("overdag"), default=False)
    evening = models.BooleanField(_("'s avonds"), default=False)
    night = models.BooleanField(_("'s nachts"), default=False)
    weekend = models.BooleanField(_("in het weekend"), default=False)
    at_home = models.BooleanField(_("bij u thuis"), default=False)
    away_from_home = models.BooleanField(_("buitenshuis"), default=False)
    planned = models.BooleanField(_("gepland"), default=True)
    crisis = models.BooleanField(_("bij spoed of crisis"), default=False)
    settling_in = models.BooleanField(_("gewenningsperiode mogelijk"), default=False)
    stay_together = models.BooleanField(
        _("samen logeren mogelijk"),
        default=False,
        help_text=_("Een koppelbed, of de partner logeert mee."),
    )
    # What kind of place a stay away from home is (issue 25.1).
    place_type = models.CharField(
        _("soort plek"), max_length=20, choices=PlaceType.choices, blank=True
    )
    dementia_setting = models.CharField(
        _("afdeling bij dementie"), max_length=10, choices=DementiaSetting.choices, blank=True
    )
    transport_by_house = models.BooleanField(_("vervoer geregeld door het huis"), default=False)
    public_transport = models.BooleanField(_("te bereiken met het openbaar vervoer"), default=False)
    transport_offer = models.ForeignKey(
        "self",
        verbose_name=_("vervoer uit dit overzicht"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Kind.VERVOER},
    )
    own_room = models.BooleanField(_("eigen kamer"), default=False)
    own_belongings = models.BooleanField(_("eigen spullen mee"), default=False)
    pets_allowed = models.BooleanField(_("huisdier mag mee"), default=False)

    is_free = models.BooleanField(_("gratis"), default=False)
    cost_amount = models.DecimalField(
        _("bedrag in euro"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cost_explanation = models.CharField(_("uitleg over de kosten"), max_length=300, blank=True)
    notice_days = models.PositiveSmallIntegerField(
        _("aanmelden hoeveel dagen van tevoren"), null=True, blank=True
    )
    notice_explanation = models.CharField(_("uitleg over aanmelden"), max_length=300, blank=True)
    nights_per_year = models.PositiveSmallIntegerField(
        _("logeernachten per jaar (hoogstens)"),
        null=True,
        blank=True,
        help_text=_(
            "Logeerzorg: hoeveel nachten per jaar iemand hoogstens kan komen. Vaak 18 of 28."
        ),
    )
    waiting_weeks = models.PositiveSmallIntegerField(
        _("wachttijd in weken"),
        null=True,
        blank=True,
        help_text=_("Hoe lang wacht iemand nu ongeveer? 0 is geen wachttijd. Leeg is onbekend."),
    )

    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    locations = models.ManyToManyField(Location, verbose_name=_("locaties"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    external_id = models.CharField(
        _("eigen kenmerk"),
        max_length=64,
        blank=True,
        help_text=_(
            "Een vast kenmerk, bijvoorbeeld uit uw eigen systeem. Leeg laten mag: dan maken wij "
            "er een. Een CSV-import werkt hiermee bij."
        ),
    )
    verified_on = models.DateField(_("laatst gecontroleerd op"), default=date.today)
    is_demo = models.BooleanField(
        _("voorbeeldgegevens"),
        default=False,
        help_text=_("Demo-aanbod: wordt op de site als voorbeeld getoond."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    hsds_id = _hsds_id_field()

    # Accent-folded text for search; search_vector is kept up to date by a PostgreSQL trigger.
    search_name = models.TextField(editable=False, blank=True)
    search_document = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_external_id_per_owner",
            )
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="offer_status_kind"),
            models.Index(fields=["status", "nationwide"], name="offer_status_nationwide"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "aanbod"
        if not self.external_id:
            self.external_id = new_external_id()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:offer", kwargs={"pk": self.pk, "slug": self.slug})

    @classmethod
    def field_label(cls, attr: str) -> str:
        """A field's name in words, for the history and the import preview."""
        labels = {
            "provider": _("Aanbieder"),
            "target_groups": _("Voor wie"),
            "access_routes": _("Hoe kom ik eraan"),
        }
        return str(labels.get(attr) or cls._meta.get_field(attr).verbose_name)

    def clean(self) -> None:
        problem = age_limit_problem((), self.minimum_age, self.maximum_age)
        if problem:
            raise ValidationError({"maximum_age": problem})

    def admits_age_group(self, age_group: str) -> bool:
        """Whether someone of this age group (a request's: kind, volwassene, oudere) can be
        within the offer's age limits."""
        years = AGE_GROUP_YEARS.get(age_group)
        if years is None:
            return True
        low, high = years
        return (self.minimum_age is None or high >= self.minimum_age) and (
            self.maximum_age is None or low <= self.maximum_age
        )

    def admits(self, *, age_group: str, situation: str) -> bool:
        """Who the offer is for, read as people read it: the age limits always hold; a list
        of target groups means 'also for' each of them, and excludes others only when the
        editor ticked 'alleen voor deze groepen'. Needs target_groups loaded.

        The one rule behind matching (respite/matching.py) and the offer page's wording."""
        if not self.admits_age_group(age_group):
            return False
        if not self.target_groups_only:
            return True
        groups = {tag.code for tag in self.target_groups.all()} - CAREGIVER_TARGET_GROUPS
        if not groups:
            return True
        return situation in groups or any(
            AGE_TARGET_GROUPS[code] == age_group for code in groups & AGE_TARGET_GROUPS.keys()
        )

    @property
    def is_for_naaste_groups(self) -> bool:
        """Whether a target group is about the person cared for (not only about the caregiver,
        such as young carers): then "Hoort uw naaste er niet bij?" makes sense."""
        return any(tag.code not in CAREGIVER_TARGET_GROUPS for tag in self.target_groups.all())

    def served_municipalities(self, most: int = 4) -> list["Municipality"] | None:
        """The municipalities the offer is for, the owner first, when they are a few (its own
        and those of small regions); None for national offers and wide areas. A page reached
        from Beilen then says "Alle hulp in Assen of Midden-Drenthe", not only Assen."""
        if self.nationwide:
            return None
        found = [self.municipality] if self.municipality_id else []
        found += [m for m in self.extra_municipalities.all() if m not in found]
        for region in self.regions.all():
            found += [m for m in region.municipalities.all() if m not in found]
            if len(found) > most:
                return None
        return found if 0 < len(found) <= most else None

    def after_hours(self) -> list["Municipality"]:
        """For a crisis offer: the municipalities it serves that name whom to call when the
        loket is closed, one per number (issue 25.4)."""
        if not self.crisis:
            return []
        seen, found = set(), []
        for municipality in self.served_municipalities() or (
            [self.municipality] if self.municipality_id else []
        ):
            if municipality.after_hours_phone and municipality.after_hours_phone not in seen:
                seen.add(municipality.after_hours_phone)
                found.append(municipality)
        return found

    @property
    def age_display(self) -> str:
        """The age limits in words: 'tot en met 17 jaar', 'vanaf 65 jaar', or ''."""
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None:
            return _("van %(low)d tot en met %(high)d jaar") % {"low": low, "high": high}
        if high is not None:
            return _("tot en met %(high)d jaar") % {"high": high}
        if low is not None:
            return _("vanaf %(low)d jaar") % {"low": low}
        return ""

    @property
    def need_areas(self) -> list[str]:
        return [NeedArea(area).label for area in KIND_NEED_AREAS.get(self.kind, ())]

    @property
    def is_stale(self) -> bool:
        limit = timezone.localdate() - timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)
        return self.verified_on < limit

    @property
    def day_parts(self) -> list[str]:
        parts = [
            (self.daytime, _("overdag")),
            (self.evening, _("'s avonds")),
            (self.night, _("'s nachts")),
            (self.weekend, _("in het weekend")),
        ]
        return [label for flag, label in parts if flag]

    @property
    def settings_display(self) -> list[str]:
        parts = [(self.at_home, _("bij u thuis")), (self.away_from_home, _("buitenshuis"))]
        return [label for flag, label in parts if flag]

    @property
    def cost_display(self) -> str:
        """The cost in one line, as lists and the printed folder show it."""
        if self.is_free:
            return str(_("Gratis"))
        if self.cost_amount is not None:
            amount = "€ " + number_format(self.cost_amount, decimal_pos=2, force_grouping=True)
            return f"{amount} – {self.cost_explanation}" if self.cost_explanation else amount
        return self.cost_explanation or str(_("Vraag naar de kosten"))

    @property
    def cost_lead(self) -> str:
        """'Gratis.' or the amount before the explanation on the offer page, left out when the
        explanation already starts with it ('Gratis. U betaalt alleen …' said 'Gratis.' twice)."""
        if self.is_free:
            lead = str(_("Gratis"))
        elif self.cost_amount is not None:
            lead = "€ " + number_format(self.cost_amount, decimal_pos=2, force_grouping=True)
        else:
            return ""
        explanation = fold(self.cost_explanation)
        if explanation.startswith(fold(lead)) or (
            self.is_free and explanation.startswith("gratis")
        ):
            return ""
        return lead + "."

    @property
    def notice_display(self) -> str:
        """How far ahead to sign up, in the unit people plan in: '6 weken', not '42 dagen'."""
        days = self.notice_days
        if not days:
            return ""
        if days >= 60 and days % 30 == 0:
            months = days // 30
            return ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months}
        if days >= 14 and days % 7 == 0:
            weeks = days // 7
            return ngettext("%(n)d week", "%(n)d weken", weeks) % {"n": weeks}
        return ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days}

    @property
    def waiting_display(self) -> str:
        if self.waiting_weeks is None:
            return ""
        if self.waiting_weeks == 0:
            return str(_("Geen wachttijd"))
        weeks = self.waiting_weeks
        return ngettext("Ongeveer %(n)d week", "Ongeveer %(n)d weken", weeks) % {"n": weeks}

    @property
    def availability_or_none(self):
        """What the provider last said about places (providers app), or None."""
        try:
            return self.availability
        except ObjectDoesNotExist:
            return None

    @property
    def is_the_municipalitys_own(self) -> bool:
        """The municipality itself offers it (its Wmo-loket): 'U meldt zich aan bij Gemeente
        Midden-Drenthe, niet bij de gemeente' made no sense (a walk)."""
        return self.municipality_id is not None and self.provider.name.casefold() == (
            f"gemeente {self.municipality.name}".casefold()
        )

    @property
    def takes_places(self) -> bool:
        """Whether 'Is er plek?' and 'Gepland of bij spoed' mean anything: respite and
        holidays with care, a crisis offer, or an offer whose provider keeps its places. Not
        a loket or a course ('Of er nu plek is, weten we niet' on the Wmo-loket, a walk)."""
        return (
            NeedArea.RESPIJT in KIND_NEED_AREAS.get(self.kind, ())
            or self.kind == Kind.VAKANTIE
            or self.crisis
            or self.current_availability is not None
        )

    @property
    def current_availability(self):
        """Availability confirmed in the last 14 days; older is 'onbekend', never stale truth."""
        availability = self.availability_or_none
        return availability if availability and availability.is_current else None

    @property
    def contact_phone(self) -> str:
        return self.phone or self.provider.phone

    @property
    def contact_email(self) -> str:
        return self.email or self.provider.email

    @property
    def contact_website(self) -> str:
        return self.website or self.provider.website

    def build_search_text(self) -> tuple[str, str]:
        """Return (name, rest) as folded text; needs provider, tags and locations loaded."""
        parts = [
            self.summary,
            self.description,
            self.provider.name,
            self.get_kind_display(),
            KIND_KEYWORDS.get(self.kind, ""),
            " ".join(str(tag) for tag in self.target_groups.all()),
            " ".join(str(tag) for tag in self.access_routes.all()),
            " ".join(f"{loc.name} {loc.city}" for loc in self.locations.all()),
            *self.place_keywords(),
        ]
        return fold(self.name), fold(" ".join(parts))

    @property
    def kenmerk(self) -> str:
        """How exports name this offer for a link (a transport offer): its kenmerk, else its
        HSDS id."""
        return self.external_id or str(self.hsds_id)

    @property
    def transport_link(self):
        """The linked transport offer, when people can open its page."""
        transport = self.transport_offer
        return transport if transport and transport.status == OfferStatus.PUBLISHED else None

    @property
    def has_place_facts(self) -> bool:
        return bool(
            self.place_type
            or self.dementia_setting
            or self.own_room
            or self.own_belongings
            or self.pets_allowed
            or self.transport_by_house
            or self.transport_offer_id
            or self.public_transport
        )

    def place_keywords(self) -> list[str]:
        """Words people search the kind of place with: "gesloten afdeling", "koppelbed"."""
        words = [self.get_place_type_display()] if self.place_type else []
        words += PLACE_KEYWORDS.get(self.dementia_setting, [])
        words += [
            keywords
            for field, keywords in PLACE_FLAG_KEYWORDS.items()
            if getattr(self, field) or (field == "transport_by_house" and self.transport_offer_id)
        ]
        return words

    def refresh_search_text(self) -> None:
        """Store the folded search text after the offer or its relations changed."""
        self.search_name, self.search_document = self.build_search_text()
        Offer.objects.filter(pk=self.pk).update(
            search_name=self.search_name, search_document=self.search_document
        )


def offers_by_kenmerk(kenmerken):
    """Offers named by kenmerk or HSDS id (as exports name a linked offer)."""
    kenmerken = {k for k in kenmerken if k}
    ids = []
    for value in kenmerken:
        with contextlib.suppress(ValueError):
            ids.append(uuid.UUID(value))
    return Offer.objects.filter(models.Q(external_id__in=kenmerken) | models.Q(hsds_id__in=ids))


# Search words for the facts of a place (issue 25.1), beside the labels.
PLACE_KEYWORDS = {
    DementiaSetting.CLOSED: ["gesloten afdeling", "PG", "psychogeriatrie", "beveiligde deur"],
    DementiaSetting.OPEN: ["open afdeling"],
}
PLACE_FLAG_KEYWORDS = {
    "stay_together": "samen logeren koppelbed partner echtpaar",
    "transport_by_house": "vervoer halen brengen",
    "public_transport": "openbaar vervoer bus",
    "own_room": "eigen kamer",
    "pets_allowed": "huisdier hond kat",
}


class OfferChange(models.Model):
    """One line of an offer's history: who changed what, from what to what, and when."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(_("actie"), max_length=40)
    field = models.CharField(_("veld"), max_length=100, blank=True)
    old_value = models.TextField(_("was"), blank=True)
    new_value = models.TextField(_("wordt"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")

    def __str__(self) -> str:
        return f"{self.offer}: {self.action} {self.field}".strip()


class Feedback(models.Model):
    """A report from the public that something on an offer's page is wrong."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="feedback")
    message = models.TextField(_("wat klopt er niet?"), max_length=2000)
    contact = models.CharField(_("uw e-mail of telefoon (mag leeg)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return f"{self.offer}: {self.message[:40]}"


class ReviewReminder(models.Model):
    """A review reminder mailed to an editor for one week: running the command twice, or two
    at the same time, mails each editor once per week (the row and its mail are written in
    one transaction; the unique constraint lets only one of two runs in)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_reminders"
    )
    period = models.CharField(max_length=10)  # ISO week, '2026-W49'
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_review_reminder_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period}"


class CatalogueImport(models.Model):
    """One uploaded file (CSV or an HSDS feed) on its way into a catalogue, by its own id.

    It is checked and applied in the background with its progress on the page, so a file of
    2,000 rows never holds a request (the editor stays signed in), and the confirm button
    names this upload: confirming in one tab never imports another tab's file."""

    class State(models.TextChoices):
        CHECKING = "controleren", _("Wordt gecontroleerd")
        CHECKED = "gecontroleerd", _("Gecontroleerd")
        APPLYING = "inlezen", _("Wordt ingelezen")
        DONE = "klaar", _("Ingelezen")
        FAILED = "mislukt", _("Mislukt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="catalogue_imports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=10)  # "CSV" or "HSDS"
    file_name = models.CharField(max_length=300, blank=True)  # or the feed's address
    text = models.TextField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.CHECKING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    preview = models.JSONField(default=list)  # rows that change: line, kenmerk, naam, what
    rows_checked = models.PositiveIntegerField(default=0)
    to_write = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.municipality} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def busy(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.APPLYING)

    @property
    def can_apply(self) -> bool:
        return self.state == self.State.CHECKED and not self.errors and self.to_write > 0

    @property
    def outcome(self) -> str:
        """How it ended, in a few words, for the list of earlier imports."""
        if self.state == self.State.CHECKED:
            if self.errors:
                return str(_("fouten gevonden, niets ingelezen"))
            if not self.to_write:
                return str(_("gecontroleerd: het bestand verandert niets"))
            return str(_("gecontroleerd, nog niet ingelezen"))
        if self.state == self.State.DONE:
            return str(
                _("ingelezen: %(new)s nieuw, %(updated)s bijgewerkt")
                % {"new": self.created, "updated": self.updated}
            )
        return self.get_state_display().lower()


# ---- What providers keep current about an offer (a second writer of catalogue facts) ----


class Availability(models.Model):
    """Is there a place? One row per offer, kept by the provider (HSDS service_capacity)."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="availability")
    state = models.CharField(_("hoe staat het ervoor"), max_length=20, choices=AvailabilityState)
    free_from = models.DateField(
        _("plek vrij vanaf"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als er nu plek is."),
    )
    expected_weeks = models.PositiveSmallIntegerField(
        _("verwachte wachttijd in weken"), null=True, blank=True
    )
    available = models.PositiveSmallIntegerField(_("vrije plaatsen nu"), null=True, blank=True)
    maximum = models.PositiveSmallIntegerField(_("plaatsen in totaal"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("bijgewerkt op"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        db_table = "providers_availability"  # moved from providers; data stays put
        verbose_name = _("beschikbaarheid")
        verbose_name_plural = _("beschikbaarheid")

    def __str__(self) -> str:
        return f"{self.offer}: {self.get_state_display()}"

    @property
    def is_current(self) -> bool:
        return self.confirmed_at >= timezone.now() - timedelta(days=FRESH_DAYS)

    @property
    def free_later(self) -> bool:
        """A place is free, but only from a date after today."""
        return bool(self.free_from and self.free_from > timezone.localdate())


class NightCapacity(models.Model):
    """Logeerzorg: how many places are free on one night, and how many are reserved."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="nights")
    night = models.DateField(_("nacht van"))
    places = models.PositiveSmallIntegerField(_("plaatsen"))
    reserved = models.PositiveSmallIntegerField(_("gereserveerd"), default=0)

    class Meta:
        db_table = "providers_nightcapacity"  # moved from providers; data stays put
        ordering = ["night"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "night"], name="one_row_per_offer_night"),
            models.CheckConstraint(
                condition=models.Q(reserved__lte=models.F("places")), name="reserved_within_places"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.night}: {self.free} vrij"

    @property
    def free(self) -> int:
        return self.places - self.reserved


class AvailabilityChange(models.Model):
    """Who changed or confirmed availability, and what: the history providers and editors see."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="availability_changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=500)

    class Meta:
        db_table = "providers_availabilitychange"  # moved from providers; data stays put
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.offer} {self.at:%Y-%m-%d}: {self.what}"


class OfferCorrection(models.Model):
    """A provider's proposed correction of its offer's catalogue text: old and new per field."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="corrections")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=dict)  # {field: {"old": ..., "new": ...}}
    explanation = models.CharField(_("toelichting"), max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=CorrectionStatus, default=CorrectionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_text = models.CharField(_("uitleg"), max_length=500, blank=True)

    class Meta:
        db_table = "providers_offercorrection"  # moved from providers; data stays put
        ordering = ["-created_at"]
        verbose_name = _("correctievoorstel")
        verbose_name_plural = _("correctievoorstellen")

    def __str__(self) -> str:
        return f"{self.offer}: {', '.join(self.changes)}"

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(label, value at the time of the proposal, proposed, value now) per field."""
        return [
            (
                str(Offer._meta.get_field(name).verbose_name).capitalize(),
                change["old"],
                change["new"],
                str(getattr(self.offer, name) or ""),
            )
            for name, change in self.changes.items()
        ]


class Subscription(models.Model):
    """Someone follows a municipality's news without an account (issue 26.3): new or changed
    offers, at most once a month. Double opt-in (nothing is sent before the link in the
    first mail is followed); one click leaves (the token is the only key). The address is
    used for nothing else, and an unconfirmed one is removed after a week."""

    CONFIRM_DAYS = 7

    email = models.EmailField(_("e-mailadres"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="subscriptions"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # The language the site was read in when they asked: their mails come in it (issue 26.5).
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "municipality"], name="one_subscription_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {'bevestigd' if self.confirmed_at else 'wacht'}"


class LetterBatch(models.Model):
    """Who made letters by post for how many carers, when (issue 26.1). The list itself is
    never stored: it becomes the PDF in the same request."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="letter_batches"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    letters = models.PositiveIntegerField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.letters}"
