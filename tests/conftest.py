import pytest
from django.core.cache import caches
from django.core.management import call_command

from directory.models import Municipality


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real reference data (342 municipalities, PC4 table)."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Views are tested uncached (tests/directory/test_page_cache.py tests the cache)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    yield
    caches["pages"].clear()


@pytest.fixture
def assen(db) -> Municipality:
    return Municipality.objects.get(code="GM0106")


@pytest.fixture
def midden_drenthe(db) -> Municipality:
    return Municipality.objects.get(code="GM1731")


@pytest.fixture
def groningen(db) -> Municipality:
    return Municipality.objects.get(code="GM0014")
