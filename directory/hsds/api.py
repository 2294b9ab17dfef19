"""The public catalogue as an Open Referral HSDS 3.0 API (issue 14), read-only, under /api/hsds/.

Only published offers, their organisations and locations; the mapping is
directory/hsds/serialise.py.
A service's JSON is built once per catalogue version and day ('fragments' cache), like the
offer cards: a page of 100 is two small queries and one cache read when nothing changed.
"""

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import condition
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import Throttled, ValidationError
from ninja.throttling import BaseThrottle
from pydantic import Field

from directory.cache import catalogue_version
from directory.choices import FRESH_DAYS
from directory.hsds import serialise as hsds
from directory.models import Municipality, Offer, Provider
from portal import ratelimit

MAX_PER_PAGE = 100
JSON = "application/json; charset=utf-8"
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"  # no control characters (PostgreSQL refuses NUL)
SERVICE_SECONDS = 24 * 3600
# Cached services outlive a deploy (the catalogue version does not change with the code):
# give the key a new name whenever the JSON of a service changes shape.
SERVICE_KEY = "hsds-v3"  # v3: kept as bytes, not pickled, on Redis
SCHEMA = "schema/{}.json"  # the vendored official schemas, relative to openapi.json


class ClientRateThrottle(BaseThrottle):
    """HSDS_RATE ('300/m') per client in fixed windows, with the site's own limiter (one
    small counter; ninja's own keeps a list of every request's time and rewrites it)."""

    PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

    def __init__(self, rate: str):
        number, period = rate.split("/")
        self.limit, self.seconds = int(number), self.PERIODS[period[0]]

    def allow_request(self, request: HttpRequest) -> bool:
        return ratelimit.allow(request, action="hsds", limit=self.limit, seconds=self.seconds)

    def wait(self) -> float:
        return ratelimit.seconds_left(self.seconds)


api = NinjaAPI(
    title="Mantelzorgportaal: aanbod voor mantelzorgers (Open Referral HSDS 3.0)",
    version=hsds.HSDS_VERSION,
    description=(
        "Het openbare aanbod voor mantelzorgers per gemeente, volgens de Human Services Data "
        "Specification 3.0 van Open Referral. Alleen gepubliceerd aanbod. Schema's: Open "
        "Referral, CC BY-SA 4.0."
    ),
    urls_namespace="hsds",
    openapi_url="/openapi.json",
    docs_url=None,
    throttle=[ClientRateThrottle(settings.HSDS_RATE)],
)

PARAMETER_HELP = {
    "page": "Gebruik een heel getal vanaf 1.",
    "per_page": f"Gebruik een heel getal van 1 tot en met {MAX_PER_PAGE}.",
    "gemeente": "Gebruik een CBS-gemeentecode, bijvoorbeeld GM0106.",
    "taxonomy_term_id": "Gebruik het id van een term uit /taxonomy_terms.",
    "taxonomy_id": "Gebruik het id van een taxonomie uit /taxonomies.",
    "organization_id": "Gebruik het id van een organisatie uit /organizations.",
    "modified_after": "Gebruik een datum en tijd, bijvoorbeeld 2026-12-01T09:00:00Z.",
    "search": "Gebruik hoogstens 200 gewone tekens.",
}


@api.exception_handler(ValidationError)
def bad_parameter(request: HttpRequest, exc: ValidationError):
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    details = [
        f"Parameter '{name}' klopt niet. {PARAMETER_HELP.get(name, '')}".strip() for name in names
    ] or ["Deze vraag klopt niet."]
    return api.create_response(request, {"detail": " ".join(details)}, status=400)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(
        request, {"detail": "Niet gevonden. Kijk of het id klopt (zie /services)."}, status=404
    )


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled):
    response = api.create_response(
        request,
        {"detail": "Te veel vragen achter elkaar. Probeer het over een minuut opnieuw."},
        status=429,
    )
    response["Retry-After"] = str(int(exc.wait or 60))
    return response


def _version(request: HttpRequest) -> int:
    """The catalogue version, read once per request (ETag, Last-Modified and cache keys)."""
    if not hasattr(request, "catalogue_version"):
        request.catalogue_version = catalogue_version()
    return request.catalogue_version


def _version_etag(request: HttpRequest, *args, **kwargs) -> str:
    return f'"hsds-{_version(request)}-{timezone.localdate().isoformat()}"'


def _version_modified(request: HttpRequest, *args, **kwargs) -> datetime:
    return datetime.fromtimestamp(_version(request) / 1e9, tz=UTC)


# ETag and Last-Modified from the catalogue version: an unchanged catalogue answers 304.
conditional = decorate_view(
    condition(etag_func=_version_etag, last_modified_func=_version_modified)
)


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000, description="Paginanummer, vanaf 1.")
    per_page: int = Field(25, ge=1, le=MAX_PER_PAGE, description="Hoeveel per pagina (≤ 100).")


class ServiceFilters(Paging):
    search: str = Field(
        "", max_length=200, pattern=PLAIN_TEXT, description="Zoek in naam en beschrijving."
    )
    gemeente: str = Field(
        "", pattern=r"^(GM\d{4})?$", description="Aanbod voor deze gemeente (CBS-code)."
    )
    taxonomy_term_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = Field(None, description="Gewijzigd op of na dit moment.")


class OrganizationFilters(Paging):
    search: str = Field("", max_length=200, pattern=PLAIN_TEXT, description="Zoek in de naam.")


class TermFilters(OrganizationFilters):
    taxonomy_id: uuid.UUID | None = None


def _page_dict(paginator_page, contents: list) -> dict:
    paginator = paginator_page.paginator
    return {
        "total_items": paginator.count,
        "total_pages": paginator.num_pages,
        "page_number": paginator_page.number,
        "size": len(contents),
        "first_page": paginator_page.number == 1,
        "last_page": paginator_page.number >= paginator.num_pages,
        "empty": paginator.count == 0,
        "contents": contents,
    }


def _count_key(request: HttpRequest, paging: Paging) -> str:
    """Where the total of a list is kept, per catalogue version and set of filters."""
    filters = paging.model_dump(exclude={"page", "per_page"}, mode="json")
    key = f"hsds-count:{_version(request)}:{request.path}:{sorted(filters.items())}"
    return "hsds-count:" + hashlib.sha256(key.encode()).hexdigest()


def _paginate(items, paging: Paging, request: HttpRequest | None = None, *, count=None):
    """A page; with the request, the total is counted once per catalogue version and set of
    filters (counting 17,000 offers was half the time of a page of 100). `count` is that
    total when the caller has already read it from the cache."""
    paginator = Paginator(items, paging.per_page, allow_empty_first_page=True)
    if request is not None:
        key = _count_key(request, paging)
        paginator.count = caches["fragments"].get(key) if count is None else count
        if paginator.count is None:
            del paginator.count  # the cached_property counts
            caches["fragments"].set(key, paginator.count, timeout=SERVICE_SECONDS)
    if paging.page > paginator.num_pages:
        raise Http404  # beyond the last page
    return paginator.page(paging.page)


def _response(ref: str, list_of: bool = True) -> dict:
    schema = {"$ref": SCHEMA.format(ref)}
    if list_of:
        schema = {
            "type": "object",
            "properties": {
                "total_items": {"type": "integer"},
                "total_pages": {"type": "integer"},
                "page_number": {"type": "integer"},
                "size": {"type": "integer"},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": {"type": "array", "items": schema},
            },
        }
    return {
        "responses": {
            200: {"description": "OK", "content": {"application/json": {"schema": schema}}}
        }
    }


def published_services(filters: ServiceFilters):
    offers = Offer.objects.published()
    if filters.gemeente:
        municipality = Municipality.objects.filter(code=filters.gemeente).first()
        if municipality is None:
            raise ValidationError([{"loc": ("query", "gemeente"), "msg": "onbekend"}])
        offers = offers.serving(municipality)
    if filters.taxonomy_term_id:
        offers = _with_term(offers, str(filters.taxonomy_term_id))
    if filters.organization_id:
        offers = offers.filter(provider__hsds_id=filters.organization_id)
    if filters.modified_after:
        offers = offers.filter(updated_at__gte=filters.modified_after)
    if filters.search.strip():
        offers = offers.search(filters.search)
    return offers


def _with_term(offers, term_id: str):
    found = hsds.terms_by_id().get(term_id)
    if found is None:
        raise ValidationError([{"loc": ("query", "taxonomy_term_id"), "msg": "onbekend"}])
    taxonomy, code = found
    if taxonomy == "soort-hulp":
        return offers.filter(kind=code)
    if taxonomy == "voor-wie":
        return offers.with_target_groups([code])
    if taxonomy == "toegang":
        return offers.with_access_routes([code])
    if taxonomy in hsds.FLAGS:
        return offers.filter(**{hsds.FLAGS[taxonomy][code]: True})
    if taxonomy in hsds.CHOICES:
        return offers.filter(**{hsds.CHOICES[taxonomy]: code})
    if code == "vervoer-aanbod":
        return offers.filter(transport_offer__isnull=False)
    if code == "samenvatting":
        return offers.exclude(summary="")
    field = hsds.VALUES.get(code)
    if field:  # a number that may be left empty
        return offers.filter(**{f"{field}__isnull": False})
    # The provider's availability: written only while current (directory/hsds/serialise.py).
    fresh = timezone.now() - timedelta(days=FRESH_DAYS)
    offers = offers.filter(availability__confirmed_at__gte=fresh)
    part = hsds.CAPACITY_FIELDS[code]
    return offers.filter(**{f"availability__{part}__isnull": False}) if part else offers


def service_json(request: HttpRequest, pks: list[int]) -> list[bytes]:
    """The services' JSON (UTF-8) in this order: from the cache, the rest built in a fixed
    number of queries. Kept encoded, so a page is joined, not decoded and encoded again."""
    return service_json_and(request, pks, "")[0]


def service_json_and(request: HttpRequest, pks: list[int], also: str) -> tuple[list[bytes], object]:
    """service_json(), and the cached value of one more key (or None), read in the same round
    trip."""
    today = timezone.localdate()
    prefix = f"{SERVICE_KEY}:{_version(request)}:{today.isoformat()}:"
    found = _get_bytes([prefix + str(pk) for pk in pks] + ([also] if also else []))
    also_value = found.pop(also, None) if also else None
    missing = [pk for pk in pks if prefix + str(pk) not in found]
    if missing:
        built = {
            prefix + str(offer.pk): json.dumps(
                hsds.service_dict(offer, today), ensure_ascii=False, separators=(",", ":")
            ).encode()
            for offer in hsds.for_services(Offer.objects.filter(pk__in=missing))
        }
        _set_bytes(built)
        found.update(built)
    return [found[prefix + str(pk)] for pk in pks if prefix + str(pk) in found], also_value


def _get_bytes(keys: list[str]) -> dict:
    fragments = caches["fragments"]
    if hasattr(fragments, "get_many_raw"):  # Redis (portal/cache.py): as stored
        values = fragments.get_many_raw(keys)
        return {key: value for key, value in zip(keys, values, strict=True) if value is not None}
    return fragments.get_many(keys)


def _set_bytes(values: dict[str, bytes]) -> None:
    fragments = caches["fragments"]
    if hasattr(fragments, "set_many_raw"):
        fragments.set_many_raw(values, timeout=SERVICE_SECONDS)
    else:
        fragments.set_many(values, timeout=SERVICE_SECONDS)


def service_dicts(request: HttpRequest, pks: list[int]) -> list[dict]:
    return [json.loads(text) for text in service_json(request, pks)]


def _json_page(paginator_page, contents: list[bytes]) -> HttpResponse:
    """An HSDS page around JSON that is already made."""
    fields = _page_dict(paginator_page, contents)
    del fields["contents"]
    head = json.dumps(fields)[:-1].encode()  # without its closing brace
    return HttpResponse(
        b"".join([head, b', "contents": [', b",".join(contents), b"]}"]), content_type=JSON
    )


@api.get("/", summary="Versie", openapi_extra={"tags": ["HSDS"]})
@conditional
def root(request: HttpRequest):
    base = hsds.site_url()
    return {  # no 'profile': we publish HSDS 3.0 itself, no profile of it
        "version": hsds.HSDS_VERSION,
        "openapi_url": f"{base}/api/hsds/openapi.json",
    }


@api.get("/services", summary="Aanbod (services)", openapi_extra=_response("service"))
@conditional
def services(request: HttpRequest, filters: Annotated[ServiceFilters, Query()]):
    # In the order of our ids: the primary key's index pages through 170,000 offers without
    # sorting them (by name, every page sorted all matches first).
    ids = published_services(filters).order_by("pk").values_list("pk", flat=True)
    start = (filters.page - 1) * filters.per_page
    pks = list(ids[start : start + filters.per_page])
    # The page's services and the list's total in one cache read.
    contents, count = service_json_and(request, pks, _count_key(request, filters))
    page = _paginate(ids, filters, request, count=None if count is None else int(count))
    return _json_page(page, contents)


@api.get("/services/{id}", summary="Eén aanbod", openapi_extra=_response("service", False))
@conditional
def service(request: HttpRequest, id: str):
    pk = Offer.objects.published().filter(hsds_id=_uuid(id)).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return HttpResponse(service_json(request, [pk])[0], content_type=JSON)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def _published_providers():
    published = Offer.objects.published().values("provider_id")
    return Provider.objects.filter(pk__in=published)


@api.get("/organizations", summary="Organisaties", openapi_extra=_response("organization"))
@conditional
def organizations(request: HttpRequest, filters: Annotated[OrganizationFilters, Query()]):
    providers = _published_providers().order_by("name", "pk")
    if filters.search.strip():
        providers = providers.filter(name__icontains=filters.search.strip())
    page = _paginate(providers, filters)
    return _page_dict(page, [hsds.organization_dict(p) for p in page.object_list])


@api.get(
    "/organizations/{id}",
    summary="Eén organisatie",
    openapi_extra=_response("organization", False),
)
@conditional
def organization(request: HttpRequest, id: str):
    provider = _published_providers().filter(hsds_id=_uuid(id)).first()
    if provider is None:
        raise Http404
    data = hsds.organization_dict(provider)
    pks = list(
        Offer.objects.published()
        .filter(provider=provider)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )
    data["services"] = service_dicts(request, pks)
    return data


@api.get(
    "/service_at_locations",
    summary="Aanbod op een locatie",
    openapi_extra=_response("service_at_location"),
)
@conditional
def service_at_locations(request: HttpRequest, filters: Annotated[ServiceFilters, Query()]):
    through = Offer.locations.through
    pairs = (
        through.objects.filter(offer__in=published_services(filters).values("pk"))
        .order_by("offer_id", "location_id")
        .values_list("offer_id", "offer__hsds_id", "location__hsds_id")
    )
    page = _paginate(pairs, filters, request)
    wanted = list(page.object_list)
    services = {s["id"]: s for s in service_dicts(request, sorted({pk for pk, _s, _l in wanted}))}
    contents = [
        at
        for _pk, service_id, location_id in wanted
        for at in services.get(str(service_id), {}).get("service_at_locations", [])
        if at["location_id"] == str(location_id)
    ]
    return _page_dict(page, contents)


@api.get("/taxonomies", summary="Taxonomieën", openapi_extra=_response("taxonomy"))
@conditional
def taxonomies(request: HttpRequest, filters: Annotated[Paging, Query()]):
    page = _paginate([hsds.taxonomy_dict(t) for t in hsds.TAXONOMIES], filters)
    return _page_dict(page, list(page.object_list))


@api.get("/taxonomies/{id}", summary="Eén taxonomie", openapi_extra=_response("taxonomy", False))
@conditional
def taxonomy(request: HttpRequest, id: str):
    for item in hsds.TAXONOMIES:
        if item.id == str(_uuid(id)):
            return hsds.taxonomy_dict(item)
    raise Http404


@api.get("/taxonomy_terms", summary="Termen", openapi_extra=_response("taxonomy_term"))
@conditional
def taxonomy_terms(request: HttpRequest, filters: Annotated[TermFilters, Query()]):
    terms = hsds.all_terms()
    if filters.taxonomy_id:
        terms = [t for t in terms if t["taxonomy_id"] == str(filters.taxonomy_id)]
    if filters.search.strip():
        words = filters.search.strip().lower()
        terms = [t for t in terms if words in t["name"].lower() or words in t["code"]]
    page = _paginate(terms, filters)
    return _page_dict(page, list(page.object_list))


@api.get(
    "/taxonomy_terms/{id}", summary="Eén term", openapi_extra=_response("taxonomy_term", False)
)
@conditional
def taxonomy_term(request: HttpRequest, id: str):
    for term in hsds.all_terms():
        if term["id"] == str(_uuid(id)):
            return term
    raise Http404
