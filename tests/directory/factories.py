import factory

from directory.choices import Kind, OfferStatus
from directory.models import (
    AccessRouteTag,
    Location,
    Municipality,
    Offer,
    OpeningHours,
    Provider,
    TargetGroupTag,
)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Zorgaanbieder {n}")
    phone = "0592 123 456"
    email = "info@aanbieder.example.org"
    website = "https://aanbieder.example.org/"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    street_address = "Brink 1"
    postcode = "9401 HS"
    city = "Assen"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    location = factory.SubFactory(LocationFactory)
    weekday = 0
    opens = "09:00"
    closes = "12:00"


class OfferFactory(factory.django.DjangoModelFactory):
    """A published offer owned by Assen; pass groups=[...] and routes=[...] as codes."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="GM0106"))
    name = factory.Sequence(lambda n: f"Aanbod {n}")
    summary = "Een korte samenvatting."
    description = "Een beschrijving in gewone woorden."
    kind = Kind.RESPIJTZORG_THUIS
    status = OfferStatus.PUBLISHED
    daytime = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(TargetGroupTag.objects.filter(code__in=extracted))

    @factory.post_generation
    def routes(self, create, extracted, **kwargs):
        if create:
            self.access_routes.set(AccessRouteTag.objects.filter(code__in=extracted or ["vrij"]))

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        """Runs last (declaration order): store the search text like every write path does."""
        if create:
            self.refresh_search_text()
