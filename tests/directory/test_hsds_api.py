"""The open-data API (issue 14): every answer checked against Open Referral's official HSDS 3.0
JSON Schemas, with format checks (ids are UUIDs)."""

import uuid
from datetime import time, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import AvailabilityState, Kind, OfferStatus, RegionKind
from directory.hsds.serialise import TAXONOMY_BY_CODE, validator
from directory.models import Availability, OpeningException, Region
from tests.directory.factories import LocationFactory, OfferFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db

PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def get(client, path, **params):
    return client.get(f"/api/hsds{path}", params)


def assert_valid(data: dict, schema: str) -> None:
    errors = sorted(validator(schema).iter_errors(data), key=str)
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def assert_page(response, schema: str) -> dict:
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == PAGE_FIELDS
    for item in data["contents"]:
        assert_valid(item, schema)
    return data


@pytest.fixture
def full_offer(assen, midden_drenthe):
    """An offer with everything the mapping writes: location with hours and a holiday, region,
    extra municipality, costs, numbers and current availability."""
    region = Region.objects.create(code="regio-x", name="Regio X", kind=RegionKind.REGIO)
    region.municipalities.set([assen, midden_drenthe])
    location = LocationFactory(municipality=assen, accessibility="Rolstoeltoegankelijk.")
    OpeningHoursFactory(location=location, weekday=4, opens=time(9), closes=time(17))
    OpeningException.objects.create(
        location=location, date=timezone.localdate() + timedelta(days=3), reason="Feestdag"
    )
    offer = OfferFactory(
        name="Logeerhuis De Linde",
        kind=Kind.LOGEERZORG,
        groups=["dementie"],
        target_groups_only=True,
        minimum_age=18,
        routes=["wmo", "pgb"],
        night=True,
        weekend=True,
        away_from_home=True,
        settling_in=True,
        cost_amount="21.50",
        cost_explanation="Eigen bijdrage via het CAK.",
        notice_days=14,
        notice_explanation="Bel twee weken van tevoren.",
        nights_per_year=28,
        phone="0592 700 100",
        website="https://linde.example.org/",
        is_demo=True,
    )
    offer.locations.add(location)
    offer.extra_municipalities.add(midden_drenthe)
    offer.regions.add(region)
    Availability.objects.create(
        offer=offer,
        state=AvailabilityState.FREE,
        available=2,
        maximum=4,
        confirmed_at=timezone.now(),
    )
    return offer


def test_version_info(client):
    response = get(client, "/")
    assert response.json()["version"] == "3.0"
    assert response.json()["openapi_url"].endswith("/api/hsds/openapi.json")


def test_a_full_service_is_valid_hsds_and_says_everything(client, full_offer):
    data = get(client, f"/services/{full_offer.hsds_id}").json()
    assert_valid(data, "service")
    assert data["assured_date"] == full_offer.verified_on.isoformat()
    assert data["phones"][0]["number"] == "0592 700 100"
    assert data["cost_options"][0]["amount"] == 21.5
    assert {a["extent"] for a in data["service_areas"]} == {"GM0106", "GM1731", "GM0106 GM1731"}
    assert data["service_areas"][0]["extent"] == "GM0106"  # the owner first
    (at,) = data["service_at_locations"]
    assert at["location"]["addresses"][0]["postal_code"] == "9401 HS"
    byday = [s.get("byday") for s in at["schedules"]]
    assert "FR" in byday
    holiday = [s for s in at["schedules"] if s.get("valid_from")]
    assert holiday[0]["notes"] == "gesloten" and holiday[0]["description"] == "Feestdag"
    # The terms are by id; their names are at /taxonomy_terms.
    names = {
        t["id"]: (t["taxonomy"], t["code"])
        for t in get(client, "/taxonomy_terms", per_page=100).json()["contents"]
    }
    assert all("taxonomy_term" not in a for a in data["attributes"])
    terms = {(*names[a["taxonomy_term_id"]], a.get("value")) for a in data["attributes"]}
    assert ("Soort hulp", "logeerzorg", None) in terms
    assert ("Gegevens", "logeernachten-per-jaar", "28") in terms
    assert ("Gegevens", "vrije-plaatsen", "2") in terms
    assert ("Kenmerken", "voorbeeld", None) in terms


@pytest.fixture
def shared_cache_in_memory(settings):
    """The shared cache as in production (Redis: no database queries), so query counts show
    the API's own work; the tests' database cache would add the rate limit's queries."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.mark.parametrize("count", [1, 100])
def test_every_list_validates_at_1_and_100_results(
    client, assen, count, django_assert_max_num_queries, shared_cache_in_memory
):
    location = LocationFactory(municipality=assen)
    OpeningHoursFactory(location=location)
    for _ in range(count):
        OfferFactory(groups=["ouderen"], phone="0592 700 100").locations.add(location)
    # 2 for the page (count, ids) and 8 to build the services.
    with django_assert_max_num_queries(10):
        services = assert_page(get(client, "/services", per_page=100), "service")
    assert services["total_items"] == services["size"] == count
    organizations = assert_page(get(client, "/organizations", per_page=100), "organization")
    assert organizations["total_items"] == count
    at = assert_page(get(client, "/service_at_locations", per_page=100), "service_at_location")
    assert at["total_items"] == count
    taxonomies = assert_page(get(client, "/taxonomies"), "taxonomy")
    assert taxonomies["total_items"] == len(TAXONOMY_BY_CODE)
    assert_page(get(client, "/taxonomy_terms", per_page=100), "taxonomy_term")
    assert_valid(
        get(client, f"/organizations/{organizations['contents'][0]['id']}").json(), "organization"
    )
    assert_valid(get(client, f"/services/{services['contents'][-1]['id']}").json(), "service")
    terms = get(client, "/taxonomy_terms").json()["contents"]
    assert_valid(get(client, f"/taxonomy_terms/{terms[0]['id']}").json(), "taxonomy_term")
    taxonomy = taxonomies["contents"][0]["id"]
    assert_valid(get(client, f"/taxonomies/{taxonomy}").json(), "taxonomy")


def test_query_budget_is_the_same_at_1_and_100_when_nothing_is_cached(
    client, assen, shared_cache_in_memory
):
    counts = []
    for batch in (1, 99):
        location = LocationFactory(municipality=assen)
        OpeningHoursFactory(location=location)
        for offer in OfferFactory.create_batch(batch, groups=["ouderen"]):
            offer.locations.add(location)
        caches["fragments"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert get(client, "/services", per_page=100).json()["size"] == len(counts) * 99 + 1
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_only_published_offers_and_nothing_private(client, assen, full_offer):
    draft = OfferFactory(name="Concept", status=OfferStatus.DRAFT)
    archived = OfferFactory(name="Oud", status=OfferStatus.ARCHIVED)
    data = get(client, "/services", per_page=100).json()
    assert [s["name"] for s in data["contents"]] == ["Logeerhuis De Linde"]
    for hidden in (draft, archived):
        assert get(client, f"/services/{hidden.hsds_id}").status_code == 404
        assert get(client, f"/organizations/{hidden.provider.hsds_id}").status_code == 404
    text = str(data)
    for private in ("Concept", "Oud", "concept", "gearchiveerd", "OfferChange", "feedback"):
        assert private not in text


def test_filters_gemeente_term_modified_after_and_search(client, assen, groningen):
    own = OfferFactory(name="Mantelzorgcafé Assen", kind=Kind.LOTGENOTEN)
    OfferFactory(name="Logeren in Groningen", municipality=groningen, kind=Kind.LOGEERZORG)
    national = OfferFactory(name="Landelijke lijn", municipality=None, nationwide=True)
    assen_names = {
        s["name"] for s in get(client, "/services", gemeente="GM0106").json()["contents"]
    }
    assert assen_names == {own.name, national.name}
    term = TAXONOMY_BY_CODE["soort-hulp"].term_id("logeerzorg")
    names = [s["name"] for s in get(client, "/services", taxonomy_term_id=term).json()["contents"]]
    assert names == ["Logeren in Groningen"]
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert get(client, "/services", modified_after=future).json()["empty"] is True
    found = get(client, "/services", search="mantelzorgcafe").json()["contents"]
    assert [s["name"] for s in found] == [own.name]


def test_modified_after_finds_offers_whose_location_hours_provider_or_places_changed(client, assen):
    """A service record shows its provider, locations, hours and free places: a change to
    any of them is a change of the service for readers who ask what changed since."""
    location = LocationFactory(name="De Linde")
    at_linde = OfferFactory(name="Logeerhuis De Linde")
    at_linde.locations.add(location)
    elsewhere = OfferFactory(name="Dagbesteding Het Erf")
    long_ago = timezone.now() - timedelta(days=2)

    def changed_since_an_hour_ago() -> set[str]:
        since = (timezone.now() - timedelta(hours=1)).isoformat()
        found = get(client, "/services", modified_after=since).json()["contents"]
        for service in found:
            assert service["last_modified"] >= since[:19]
        return {service["name"] for service in found}

    def nothing_changed_lately() -> None:
        type(at_linde).objects.update(updated_at=long_ago)
        assert changed_since_an_hour_ago() == set()

    nothing_changed_lately()
    hours = OpeningHoursFactory(location=location)
    assert changed_since_an_hour_ago() == {at_linde.name}
    nothing_changed_lately()
    hours.delete()
    assert changed_since_an_hour_ago() == {at_linde.name}
    nothing_changed_lately()
    OpeningException.objects.create(location=location, date=timezone.localdate(), reason="Kerst")
    assert changed_since_an_hour_ago() == {at_linde.name}
    nothing_changed_lately()
    location.street_address = "Lindelaan 2"
    location.save()
    assert changed_since_an_hour_ago() == {at_linde.name}
    nothing_changed_lately()
    elsewhere.provider.phone = "0592 999 999"
    elsewhere.provider.save()
    assert changed_since_an_hour_ago() == {elsewhere.name}
    nothing_changed_lately()
    Availability.objects.create(
        offer=elsewhere, state=AvailabilityState.FREE, confirmed_at=timezone.now()
    )
    assert changed_since_an_hour_ago() == {elsewhere.name}
    nothing_changed_lately()
    location.delete()
    assert changed_since_an_hour_ago() == {at_linde.name}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "abc"},
        {"per_page": "101"},
        {"per_page": "-1"},
        {"gemeente": "Assen"},
        {"gemeente": "GM9999"},
        {"taxonomy_term_id": "niet-een-id"},
        {"taxonomy_term_id": str(uuid.uuid4())},
        {"modified_after": "gisteren"},
        {"search": "x" * 201},
        {"search": "\x00"},
    ],
)
def test_bad_parameters_get_a_dutch_400(client, assen, params):
    response = get(client, "/services", **params)
    assert response.status_code == 400, response.content
    assert "klopt niet" in response.json()["detail"]


def test_unknown_ids_and_pages_are_404_in_dutch(client, assen):
    OfferFactory()
    for path in ("/services/123", f"/services/{uuid.uuid4()}", "/organizations/x", "/taxonomies/y"):
        response = get(client, path)
        assert response.status_code == 404
        assert "Niet gevonden" in response.json()["detail"]
    assert get(client, "/services", page="2").status_code == 404


def test_paging_fields(client, assen):
    OfferFactory.create_batch(3)
    data = get(client, "/services", per_page=2, page=2).json()
    assert {k: data[k] for k in PAGE_FIELDS - {"contents"}} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }


def test_etag_and_last_modified_answer_304_until_the_catalogue_changes(client, assen):
    offer = OfferFactory()
    first = get(client, "/services")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/hsds/services", headers={"if-none-match": etag}).status_code == 304
    assert (
        client.get("/api/hsds/services", headers={"if-modified-since": modified}).status_code == 304
    )
    offer.name = "Nieuwe naam"
    offer.save()
    again = client.get("/api/hsds/services", headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again.json()["contents"][0]["name"] == "Nieuwe naam"


def test_cors_allows_get_from_anywhere_and_nothing_else(client, assen):
    response = client.get("/api/hsds/services", headers={"origin": "https://kaart.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/hsds/services",
        headers={
            "origin": "https://kaart.example.org",
            "access-control-request-method": "GET",
        },
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post("/api/hsds/services").status_code == 405
    # The rest of the site is not opened up.
    page = client.get("/", headers={"origin": "https://kaart.example.org"})
    assert "Access-Control-Allow-Origin" not in page


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings):
    """The embedded default (database cache) and production's Redis, which counts in one
    round trip (portal/cache.py)."""
    if request.param == "database":
        yield
        return
    url = request.getfixturevalue("redis_url")
    original = settings.CACHES
    settings.CACHES = {
        **original,
        "default": {"BACKEND": "portal.cache.ReusingRedisCache", "LOCATION": url},
    }
    yield
    settings.CACHES = original  # before this test's Redis stops


def test_rate_limit_per_client_in_dutch(client, assen, settings, shared_cache):
    from directory.hsds import api

    throttle = api.api.throttle[0]
    old = throttle.limit
    throttle.limit = 3
    try:
        statuses = [get(client, "/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        last = get(client, "/")
        assert "Te veel vragen" in last.json()["detail"]
        assert 0 < int(last["Retry-After"]) <= 60
        other = client.get("/api/hsds/", REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200  # another client has its own count
        # A made-up X-Forwarded-For does not make a new client.
        spoofed = client.get("/api/hsds/", headers={"x-forwarded-for": "203.0.113.7"})
        assert spoofed.status_code == 429
        # Behind our TLS proxy, the address the proxy saw is the client.
        settings.CLIENT_BEHIND_PROXY = True
        proxied = client.get("/api/hsds/", headers={"x-forwarded-for": "1.2.3.4, 203.0.113.8"})
        assert proxied.status_code == 200
    finally:
        throttle.limit = old


def test_openapi_document_and_schemas_are_served(client):
    document = client.get("/api/hsds/openapi.json").json()
    assert "/api/hsds/services" in document["paths"]
    ref = document["paths"]["/api/hsds/services/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    assert ref == "schema/service.json"
    schema = client.get("/api/hsds/schema/service.json")
    assert schema.status_code == 200 and schema.json()["name"] == "service"
    assert client.get("/api/hsds/schema/bestaat-niet.json").status_code == 404


def test_ids_are_stable(client, assen):
    offer = OfferFactory()
    first = get(client, f"/services/{offer.hsds_id}").json()
    offer.refresh_from_db()
    offer.save()
    caches["fragments"].clear()
    assert get(client, f"/services/{offer.hsds_id}").json()["id"] == first["id"]


API_PARAMETERS = [
    ("/services", name)
    for name in (
        "search",
        "page",
        "per_page",
        "gemeente",
        "taxonomy_term_id",
        "organization_id",
        "modified_after",
    )
] + [
    ("/service_at_locations", "gemeente"),
    ("/organizations", "search"),
    ("/taxonomy_terms", "taxonomy_id"),
]


@pytest.mark.parametrize(("path", "name"), API_PARAMETERS)
def test_hostile_parameters_never_fail(client, assen, path, name):
    from tests.directory.test_bad_input import HOSTILE

    OfferFactory()
    for value in HOSTILE:
        response = get(client, path, **{name: value})
        assert response.status_code in (200, 400, 404), (value, response.status_code)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "<script>" not in response.json().get("detail", "")


@pytest.mark.parametrize(
    "path",
    [
        "/services/%3Cscript%3E",
        "/services/" + "a" * 5000,
        "/organizations/../../etc/passwd",
        "/taxonomy_terms/%00",
        "/bestaat-niet",
    ],
)
def test_hostile_paths_are_404(client, path):
    assert get(client, path).status_code == 404


def test_nothing_private_from_any_model_reaches_the_api(client, assen, full_offer, editor):
    """Every private thing tied to a published offer carries a marker; no answer has it."""
    from directory.models import AvailabilityChange, Feedback, OfferChange
    from respite.models import RespiteRequest
    from tests.insight.test_insight import make_request

    marker = "GEHEIM-7431"
    Feedback.objects.create(offer=full_offer, message=marker, contact=f"{marker}@example.org")
    OfferChange.objects.create(offer=full_offer, user=editor, action="x", old_value=marker)
    AvailabilityChange.objects.create(offer=full_offer, user=editor, what=marker)
    full_offer.availability.note = marker
    full_offer.availability.save()
    request = make_request(assen, ["logeerzorg"])
    RespiteRequest.objects.filter(pk=request.pk).update(urgent_reason=marker)
    editor.first_name = marker
    editor.save()
    draft = OfferFactory(name=marker, status=OfferStatus.DRAFT)
    draft.locations.add(LocationFactory(name=marker))
    org = full_offer.provider
    paths = [
        "/services?per_page=100",
        f"/services/{full_offer.hsds_id}",
        "/organizations?per_page=100",
        f"/organizations/{org.hsds_id}",
        "/service_at_locations?per_page=100",
        "/taxonomies",
        "/taxonomy_terms?per_page=100",
    ]
    for path in paths:
        response = client.get(f"/api/hsds{path}")
        assert response.status_code == 200, path
        assert marker not in response.content.decode(), path
        assert editor.email not in response.content.decode(), path


def test_the_open_data_page_explains_and_links_the_api(client):
    content = client.get("/").content.decode()
    assert 'href="/open-data/"' in content
    page = client.get("/open-data/").content.decode()
    assert 'href="/api/hsds/services?gemeente=GM0106"' in page
    assert "CC BY-SA 4.0" in page


def test_every_term_of_our_taxonomy_filters_services(client, full_offer):  # noqa: F811
    """Each term id works as a filter; the full offer has (at least) the terms it carries."""
    carried = {
        a["taxonomy_term_id"]
        for a in get(client, f"/services/{full_offer.hsds_id}").json()["attributes"]
    }
    for term in get(client, "/taxonomy_terms", per_page=100).json()["contents"]:
        response = get(client, "/services", taxonomy_term_id=term["id"])
        assert response.status_code == 200, term["code"]
        names = [s["name"] for s in response.json()["contents"]]
        assert (full_offer.name in names) == (term["id"] in carried), term["code"]


def test_on_redis_services_are_kept_as_json_bytes_and_read_back_alike(
    client, assen, settings, redis_url, shared_cache_in_memory, django_assert_max_num_queries
):
    """Production keeps each service's JSON in Redis as it is (portal/cache.py, raw): the
    page read back from it is the page that was built, its total included."""
    import redis

    original = settings.CACHES
    settings.CACHES = {
        **original,
        "fragments": {"BACKEND": "portal.cache.ReusingRedisCache", "LOCATION": redis_url},
    }
    OfferFactory.create_batch(3, groups=["ouderen"])
    first = get(client, "/services", per_page=100)
    with django_assert_max_num_queries(1):  # the page's ids; services and total from Redis
        second = get(client, "/services", per_page=100)
    assert second.content == first.content
    assert assert_page(second, "service")["total_items"] == 3
    stored = redis.Redis.from_url(redis_url)
    from directory.hsds.api import SERVICE_KEY

    values = [stored.get(key) for key in stored.keys(f"*{SERVICE_KEY}:*")]
    assert len(values) == 3 and all(value.startswith(b'{"id":"') for value in values)
    one = first.json()["contents"][0]
    assert get(client, f"/services/{one['id']}").json() == one
    settings.CACHES = original  # before this test's Redis stops
