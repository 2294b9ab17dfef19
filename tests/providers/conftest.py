import pytest

from directory.choices import Kind
from tests.directory.factories import OfferFactory, ProviderFactory
from tests.factories import ProviderStaffFactory


def make_provider_staff(email: str, provider):
    return ProviderStaffFactory(email=email, provider=provider)


@pytest.fixture
def linde(db, assen):
    """A provider in Assen with a logeerhuis and a day-care offer."""
    return ProviderFactory(name="Zorggroep De Linde", municipality=assen)


@pytest.fixture
def logeerhuis(linde):
    return OfferFactory(
        name="Logeerhuis De Linde", provider=linde, kind=Kind.LOGEERZORG, nights_per_year=28
    )


@pytest.fixture
def linde_staff(linde):
    return make_provider_staff("planner@delinde.example", linde)


@pytest.fixture
def other_provider_staff(db, assen):
    return make_provider_staff("planner@anders.example", ProviderFactory(name="Anders Zorg"))
