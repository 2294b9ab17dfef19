import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.choices import OfferStatus
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def test_second_visit_is_served_from_the_cache(
    client, assen, page_cache, django_assert_max_num_queries
):
    OfferFactory(name="Logeerhuis")
    url = reverse("directory:municipality", args=["assen"])
    first = client.get(url)
    with django_assert_max_num_queries(1):  # only the catalogue version
        second = client.get(url)
    assert second.content == first.content
    assert "Logeerhuis" in second.content.decode()


def test_a_change_to_the_catalogue_shows_at_once(client, assen, page_cache):
    # A name no filter label has ("Logeerhuis" is also a kind of place to filter on).
    offer = OfferFactory(name="Logeerhuis Zonnehoek")
    url = reverse("directory:municipality", args=["assen"])
    assert "Logeerhuis Zonnehoek" in client.get(url).content.decode()

    offer.status = OfferStatus.ARCHIVED
    offer.save()
    assert "Logeerhuis Zonnehoek" not in client.get(url).content.decode()

    OfferFactory(name="Nieuwe dagopvang")
    assert "Nieuwe dagopvang" in client.get(url).content.decode()


def test_a_change_to_related_data_shows_at_once(client, assen, midden_drenthe, page_cache):
    offer = OfferFactory(name="Regionaal", municipality=assen)
    url = reverse("directory:municipality", args=["midden-drenthe"])
    assert "Regionaal" not in client.get(url).content.decode()
    offer.extra_municipalities.add(midden_drenthe)
    assert "Regionaal" in client.get(url).content.decode()


def test_query_strings_are_cached_separately(client, assen, page_cache):
    OfferFactory(name="Logeerhuis", kind="logeerzorg")
    OfferFactory(name="Dagopvang", kind="dagbesteding")
    url = reverse("directory:municipality", args=["assen"])
    assert "Dagopvang" not in client.get(url, {"soort": "logeerzorg"}).content.decode()
    assert "Dagopvang" in client.get(url, {"soort": "dagbesteding"}).content.decode()


def test_not_found_is_not_cached(client, assen, page_cache):
    url = reverse("directory:municipality", args=["bestaat-niet"])
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_signed_in_users_bypass_the_cache(client, assen, page_cache):
    url = reverse("directory:municipality", args=["assen"])
    client.get(url)
    user = get_user_model().objects.create_user("medewerker", password="x" * 12)
    client.force_login(user)
    OfferFactory(name="Zichtbaar")
    assert "Zichtbaar" in client.get(url).content.decode()


def test_the_version_changes_again_when_a_write_commits(assen, django_capture_on_commit_callbacks):
    """A request between a write and its commit reads the old rows under the new version;
    the bump at commit makes whatever it cached unreachable. Once per transaction."""
    from django.db import transaction

    from directory.cache import catalogue_version

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first = OfferFactory(name="Logeerhuis")
        first.name = "Logeerhuis De Linde"
        first.save()
        OfferFactory(name="Dagopvang")
        during = catalogue_version()
    assert len(callbacks) == 1
    assert catalogue_version() != during


def test_many_writes_in_one_change_move_the_version_a_few_times_not_per_row(
    client, assen, page_cache, monkeypatch, django_capture_on_commit_callbacks
):
    """An import's rows are one change (directory.cache.one_catalogue_change): 2,000 offers
    sent 10,000 signals, each a write to the shared cache. The version still moves, and a
    page cached before is not served after."""
    from django.db import transaction

    from directory import cache as catalogue_cache

    assert (
        "Logeerhuis 3"
        not in client.get(reverse("directory:municipality", args=["assen"])).content.decode()
    )
    bumps = []
    original = catalogue_cache._new_version
    monkeypatch.setattr(catalogue_cache, "_new_version", lambda: bumps.append(1) or original())
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        catalogue_cache.one_catalogue_change(),
    ):
        for number in range(20):
            OfferFactory(name=f"Logeerhuis {number}", municipality=assen)
    assert 2 <= len(bumps) <= 3  # before, after, and at the commit
    assert (
        "Logeerhuis 3"
        in client.get(reverse("directory:municipality", args=["assen"])).content.decode()
    )
