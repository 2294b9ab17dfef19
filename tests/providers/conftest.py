import pytest
from allauth.mfa.models import Authenticator

from directory.choices import Kind
from providers.models import ProviderMember
from tests.directory.factories import OfferFactory, ProviderFactory


def make_provider_staff(email: str, provider):
    from accounts.models import User

    user = User.objects.create_user(username=email, email=email, password="Een-lang-wachtwoord-1")
    ProviderMember.objects.create(user=user, provider=provider)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


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
