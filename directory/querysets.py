from datetime import timedelta
from functools import cache

from django.db import connection, models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from directory.choices import (
    AGE_GROUP_YEARS,
    AGE_TARGET_GROUPS,
    CAREGIVER_TARGET_GROUPS,
    FRESH_DAYS,
    KIND_ORDER,
    AvailabilityState,
    OfferStatus,
    TargetGroup,
)
from directory.search import fallback_filter, postgres_query, search_terms


class MunicipalityQuerySet(models.QuerySet):
    def with_role(self, user, kind: str) -> "MunicipalityQuerySet":
        """Municipalities where the user has this staff role; superusers have every role."""
        if user.is_superuser:
            return self
        return self.filter(pk__in=user.roles.filter(kind=kind).values("municipality_id"))

    def editable_by(self, user) -> "MunicipalityQuerySet":
        """Municipalities whose catalogue the user may edit."""
        from accounts.choices import RoleKind

        return self.with_role(user, RoleKind.EDITOR)


def _related(offers: models.QuerySet, field: str) -> models.Manager:
    """The manager of a model related to the offer ('municipality' -> Municipality,
    'nights' -> NightCapacity), reached through the relation: directory.models imports this
    module, so this module does not import it back."""
    return offers.model._meta.get_field(field).related_model.objects


class OfferQuerySet(models.QuerySet):
    def published(self) -> "OfferQuerySet":
        return self.filter(status=OfferStatus.PUBLISHED)

    def serving(self, municipality) -> "OfferQuerySet":
        """Offers whose service area covers the municipality: own, extra, regional, national."""
        return self.serving_any([municipality.pk])

    def serving_any(self, municipality_ids) -> "OfferQuerySet":
        """Offers serving at least one of the municipalities.

        A UNION of four indexed look-ups: an OR of the same conditions makes PostgreSQL scan
        every offer (15 ms against 0.5 ms with 17,000 offers).
        """
        model = self.model
        ids = (
            model.objects.filter(municipality__in=municipality_ids)
            .values("pk")
            .union(
                model.objects.filter(nationwide=True).values("pk"),
                model.extra_municipalities.through.objects.filter(
                    municipality__in=municipality_ids
                ).values("offer_id"),
                model.regions.through.objects.filter(
                    region__municipalities__in=municipality_ids
                ).values("offer_id"),
            )
        )
        return self.filter(pk__in=ids)

    def editable_by(self, user) -> "OfferQuerySet":
        """Offers the user may change: owned by a municipality they edit."""
        if user.is_superuser:
            return self  # including national offers, which have no owner
        return self.filter(municipality__in=_related(self, "municipality").editable_by(user))

    def visible_to_editor(self, user) -> "OfferQuerySet":
        """What an editor may open: their own offers in any state, plus published offers of
        others (regional, national) that serve one of their municipalities, read-only."""
        if user.is_superuser:
            return self
        mine = _related(self, "municipality").editable_by(user).values_list("pk", flat=True)
        serving_mine = self.model.objects.published().serving_any(list(mine))
        return self.filter(
            Q(pk__in=self.editable_by(user).values("pk")) | Q(pk__in=serving_mine.values("pk"))
        )

    def with_target_groups(self, codes: list[str]) -> "OfferQuerySet":
        through = self.model.target_groups.through.objects.filter(targetgrouptag__code__in=codes)
        return self.filter(pk__in=through.values("offer_id"))

    def for_target_groups(self, codes: list[str]) -> "OfferQuerySet":
        """Offers someone of one of these groups can go to, read as Offer.admits reads them
        (and so as matching does): an offer that does not say 'alleen voor deze groepen'
        is for everyone within its age limits; an 'only' offer is for its groups, and a
        group of the naaste's condition (dementie) takes every age, a group of an age
        (ouderen) every condition. A group about the caregiver (young or working carers)
        finds only offers that name it: nothing else is about it. The open-data API's filter
        keeps the plain tag reading (with_target_groups)."""
        tags = self.model.target_groups.through.objects.filter(offer_id=OuterRef("pk"))

        def named(*names: str) -> Exists:
            return Exists(tags.filter(targetgrouptag__code__in=names))

        def within_ages(code: str) -> Q:
            low, high = AGE_GROUP_YEARS[AGE_TARGET_GROUPS[code]]
            return (Q(minimum_age__isnull=True) | Q(minimum_age__lte=high)) & (
                Q(maximum_age__isnull=True) | Q(maximum_age__gte=low)
            )

        ages = list(AGE_TARGET_GROUPS)
        conditions = [
            code
            for code in TargetGroup.values
            if code not in AGE_TARGET_GROUPS and code not in CAREGIVER_TARGET_GROUPS
        ]
        for_all = Q(target_groups_only=False) | ~named(*ages, *conditions)
        wanted = Q(pk__in=[])
        for code in codes:
            if code in CAREGIVER_TARGET_GROUPS:
                wanted |= named(code)
            elif code in AGE_TARGET_GROUPS:
                wanted |= within_ages(code) & (for_all | named(code, *conditions))
            elif code in conditions:
                wanted |= for_all | named(code)
                for age in ages:
                    wanted |= named(age) & within_ages(age)
        return self.filter(wanted)

    def with_access_routes(self, codes: list[str]) -> "OfferQuerySet":
        through = self.model.access_routes.through.objects.filter(accessroutetag__code__in=codes)
        return self.filter(pk__in=through.values("offer_id"))

    def search(self, query: str) -> "OfferQuerySet":
        """Filter by typed words; on PostgreSQL also annotate a rank for ordering."""
        terms = search_terms(query)
        if not terms:
            return self.annotate(rank=Value(0.0))
        if connection.vendor == "postgresql":
            tsquery = postgres_query(terms)
            if not tsquery:  # only stop words
                return self.none().annotate(rank=Value(0.0))
            return self._matching(tsquery)
        return self.filter(fallback_filter(terms)).annotate(rank=Value(0.0))

    def _matching(self, tsquery) -> "OfferQuerySet":
        """PostgreSQL: offers matching a tsquery (text for to_tsquery), with their rank."""
        # Our table and a placeholder only: the query text goes as a parameter.
        vector = f'"{self.model._meta.db_table}"."search_vector"'
        query = "to_tsquery('simple'::regconfig, %s)"
        matches = RawSQL(f"{vector} @@ {query}", [tsquery], BooleanField())  # noqa: S611
        rank = RawSQL(f"ts_rank({vector}, {query})", [tsquery], FloatField())  # noqa: S611
        return self.filter(matches).annotate(rank=rank)

    def with_ids(self, ids: list[int]) -> "OfferQuerySet":
        """Offers with these primary keys. On PostgreSQL the ids go as one array parameter:
        1,000 placeholders cost psycopg 11 ms to bind."""
        if connection.vendor != "postgresql":
            return self.filter(pk__in=ids)
        table = self.model._meta.db_table
        return self.filter(
            RawSQL(  # noqa: S611 (our table name; the ids go as a parameter)
                f'"{table}"."id" = ANY(%s)', (list(ids),), output_field=BooleanField()
            )
        )

    def search_page(
        self, query: str, cap: int, offset: int, limit: int, *, whole_catalogue: bool = False
    ) -> tuple[list[tuple], int]:
        """A page of the best matches among at most `cap` of them, as (pk, kind, name,
        is_demo) rows, and how many matches there are (up to cap + 1; 0 past the last page).

        Ranking and counting every match grows with the catalogue (a common word matches
        10,000 offers at 170,000). One query takes at most cap + 1 matches with their rank,
        computed on the rows the index scan reads anyway, orders the first `cap` of them
        (rank, then name, then id) and returns only the page with the count. Ranking them in a
        second query read every row again (5 ms to execute, 2.5 ms to plan at 17,000 offers);
        sorting 1,000 rows in Python cost more than the page.

        `whole_catalogue`: the queryset is every published offer (the site-wide search), so
        on PostgreSQL the matches are taken from an eighth of it first (_eighth_first), with
        SQL made once per process (_catalogue_search_sql). The rows are the same either way
        when there are at most `cap` matches.
        """
        tsquery = postgres_query(search_terms(query)) if connection.vendor == "postgresql" else ""
        if whole_catalogue and tsquery:
            if self.query.where != self.model.objects.published().query.where:
                raise ValueError("whole_catalogue searches every published offer, unfiltered")
            sql, params = _catalogue_search_sql(self.model, cap + 1)
            params = tuple(tsquery if param is _TSQUERY else param for param in params)
        else:
            # The tsquery is made once: search() would make it again from the words.
            matching = (self._matching(tsquery) if tsquery else self.search(query)).order_by()
            matching = matching.values_list(*SEARCH_COLUMNS)
            if whole_catalogue and connection.vendor == "postgresql":
                sql, params = _eighth_first(matching, cap + 1)
            else:
                sql, params = matching[: cap + 1].query.sql_with_params()
        # Django's SQL for our queryset; the rest are placeholders.
        paged = (
            "SELECT pk, kind, name, is_demo, found FROM ("  # noqa: S608
            " SELECT m.*, count(*) OVER () AS found, row_number() OVER () AS n"
            f" FROM ({sql}) AS m"
            ") AS t WHERE n <= %s ORDER BY rank DESC, name, pk LIMIT %s OFFSET %s"
        )
        params = (*params, cap, limit, offset)
        if connection.vendor == "postgresql":
            rows = _through_the_search_index(paged, params)
        else:
            with connection.cursor() as cursor:
                cursor.execute(paged, params)
                rows = cursor.fetchall()
        found = rows[0][4] if rows else 0
        return [(pk, kind, name, bool(demo)) for pk, kind, name, demo, _found in rows], found

    def in_kind_order(self) -> "OfferQuerySet":
        """Order by the taxonomy's order of kinds, then name, for grouped lists."""
        whens = [When(kind=kind, then=Value(index)) for kind, index in KIND_ORDER.items()]
        return self.annotate(
            kind_order=Case(*whens, default=Value(len(KIND_ORDER)), output_field=IntegerField())
        ).order_by("kind_order", "name", "pk")

    def free_within(self, weeks: int) -> "OfferQuerySet":
        """Offers with a place within `weeks` weeks by what the provider confirmed in the last
        14 days: free (now or from a date), a waiting list that short, or a free night."""
        today = timezone.localdate()
        until = today + timedelta(weeks=weeks)
        fresh = Q(availability__confirmed_at__gte=timezone.now() - timedelta(days=FRESH_DAYS))
        free = Q(availability__state=AvailabilityState.FREE) & (
            Q(availability__free_from__isnull=True) | Q(availability__free_from__lte=until)
        )
        waiting = Q(
            availability__state=AvailabilityState.WAITLIST,
            availability__expected_weeks__lte=weeks,
        )
        nights = (
            _related(self, "nights")
            .filter(night__gte=today, night__lte=until, places__gt=F("reserved"))
            .values("offer_id")
        )
        return self.filter(fresh & (free | waiting | Q(pk__in=nights)))

    def for_listing(self) -> "OfferQuerySet":
        """Load what list templates show, in a fixed number of queries."""
        return self.select_related("provider", "availability", "municipality").prefetch_related(
            "target_groups"
        )


# The partial indexes of directory/migrations/0009_search_in_two_parts.py: an eighth first.
SEARCH_PARTS = ("%% 8 = 0", "%% 8 <> 0")
SEARCH_COLUMNS = ("rank", "pk", "kind", "name", "is_demo")
# Stands for the words in the SQL of _catalogue_search_sql, until a search puts them in.
_TSQUERY = object()


@cache
def _catalogue_search_sql(model, enough: int) -> tuple[str, tuple]:
    """The site-wide search's SQL (_eighth_first over every published offer), made once per
    process with _TSQUERY for the words. Making it through the ORM for each search, two
    UNION parts with their conditions, was 0.8 ms: a tenth of the search page (issue 13)."""
    matching = model.objects.published()._matching(_TSQUERY).order_by()
    return _eighth_first(matching.values_list(*SEARCH_COLUMNS), enough)


def _eighth_first(matching: QuerySet, enough: int) -> tuple[str, tuple]:
    """SQL for the first `enough` rows of `matching`: the offers with an id divisible by 8,
    then, only if those are too few, the others.

    A bitmap scan of a GIN index collects every match before it returns a row: at 171,000
    offers 10,264 for 'logeren', against 1,030 at 17,000. Each part has its own partial
    index, and the LIMIT over the UNION ALL stops PostgreSQL before the second part once the
    first has enough: a common word in a large catalogue reads an eighth of its matches. The
    conditions are written into the SQL: the planner only uses a partial index for a
    condition it can see is the index's own.
    """
    table = matching.model._meta.db_table
    parts, params = [], []
    for condition in SEARCH_PARTS:
        in_part = RawSQL(  # noqa: S611 (our table name and conditions)
            f'"{table}"."id" {condition}', (), output_field=BooleanField()
        )
        sql, part_params = matching.filter(in_part).query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(part_params)
    union = " UNION ALL ".join(parts)  # Django's SQL for our queryset
    return f"SELECT * FROM ({union}) AS b LIMIT %s", (*params, enough)  # noqa: S608


SEARCH_PLANNER = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "max_parallel_workers_per_gather": "0",
}


def _through_the_search_index(sql: str, params) -> list:
    """Run a full-text query through the GIN index only, in one round trip.

    PostgreSQL estimates a prefix match ('logeer:*') at a quarter to half of the catalogue.
    With a LIMIT it then reads the table (9.5 ms at 17,000 offers) or walks another index
    hoping to meet enough matches early: 2 ms or 134 ms for the same 1,001 matches at
    171,000 offers, depending on where they lie. Through the GIN index (a bitmap scan) it is
    2 ms at 17,000 and 10 to 14 ms at 171,000: it grows with the matches, never jumps (and
    hardly grows for a search of the whole catalogue, which reads an eighth first: see
    _eighth_first). Parallel workers are off too: for that UNION the planner chose two,
    which cost 12 ms to start for a query that takes 1.3 ms without them.

    The statements go as one simple query, which PostgreSQL runs as one transaction: SET
    LOCAL ends with it (BEGIN, SET, query and COMMIT were four round trips). Inside a longer
    transaction the settings are reset in the same string.
    """
    before = "".join(f"SET LOCAL {name} = {value}; " for name, value in SEARCH_PLANNER.items())
    after = "".join(f"; SET LOCAL {name} = DEFAULT" for name in SEARCH_PLANNER)
    with connection.cursor() as cursor:
        cursor.execute(f"{before}{sql}{after if connection.in_atomic_block else ''}", params)
        for _setting in SEARCH_PLANNER:
            cursor.nextset()  # past each SET to the query's rows
        return cursor.fetchall()


class AvailabilityQuerySet(models.QuerySet):
    def current(self) -> "AvailabilityQuerySet":
        """Confirmed in the last FRESH_DAYS days; anything older counts as unknown."""
        return self.filter(confirmed_at__gte=timezone.now() - timedelta(days=FRESH_DAYS))
