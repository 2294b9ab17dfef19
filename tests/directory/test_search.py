import uuid
from unittest.mock import patch

import pytest
from django.db import connection
from django.urls import reverse

from directory import search
from directory.choices import Kind
from directory.models import Offer, new_external_id
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(assen, groningen):
    OfferFactory(name="Logeerhuis De Linde", kind=Kind.LOGEERZORG, summary="Een paar nachten weg.")
    OfferFactory(name="Zorgboerderij Het Erf", kind=Kind.DAGBESTEDING, summary="Samen bezig zijn.")
    OfferFactory(name="Zorgoppas Drenthe", kind=Kind.ZORGOPPAS, summary="Voor uw kind.")
    OfferFactory(
        name="Cursus omgaan met dementie", kind=Kind.CURSUS, summary="Vier avonden over dementie."
    )
    OfferFactory(name="Mantelzorgcafé Noord", kind=Kind.LOTGENOTEN, summary="Koffie en praten.")
    OfferFactory(
        name="Logeren in Groningen", kind=Kind.LOGEERZORG, municipality=groningen, summary="Weg."
    )


def copy(offer: Offer, **changes) -> Offer:
    clone = Offer(**{f.attname: getattr(offer, f.attname) for f in Offer._meta.concrete_fields})
    for name, value in changes.items():
        setattr(clone, name, value)
    return clone


def search_names(client, **params) -> list[str]:
    response = client.get(reverse("directory:search"), params)
    assert response.status_code == 200
    return [offer.name for offer in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("logeren", "Logeerhuis De Linde"),
        ("LOGEREN", "Logeerhuis De Linde"),
        ("logeerhuis", "Logeerhuis De Linde"),
        ("logeerhuizen", "Logeerhuis De Linde"),
        ("dagopvang", "Zorgboerderij Het Erf"),
        ("dagbesteding", "Zorgboerderij Het Erf"),
        ("oppas", "Zorgoppas Drenthe"),
        ("oppassen", "Zorgoppas Drenthe"),
        ("cursussen", "Cursus omgaan met dementie"),
        ("cursus dementie", "Cursus omgaan met dementie"),
        ("mantelzorgcafe", "Mantelzorgcafé Noord"),
        ("Mantelzorgcafé", "Mantelzorgcafé Noord"),
        ("MANTELZORGCAFÉ", "Mantelzorgcafé Noord"),
    ],
)
def test_caregivers_words_find_the_offer(client, catalogue, words, expected):
    assert expected in search_names(client, q=words)


def test_all_words_must_match(client, catalogue):
    assert search_names(client, q="cursus logeren") == []


def test_search_within_a_municipality(client, catalogue):
    found = search_names(client, q="logeren", gemeente="groningen")
    assert found == ["Logeren in Groningen"]


def test_search_form_keeps_the_chosen_municipality(client, catalogue):
    response = client.get(reverse("directory:search"), {"q": "logeren", "gemeente": "groningen"})
    content = response.content.decode()
    assert '<option value="groningen" selected>' in content
    assert 'value="logeren"' in content


@pytest.mark.postgres("ranking needs PostgreSQL full-text search")
def test_search_ranks_name_matches_first(client, catalogue):
    found = search_names(client, q="logeren")
    assert set(found[:2]) == {"Logeerhuis De Linde", "Logeren in Groningen"}


def test_drafts_are_not_found(client, catalogue):
    OfferFactory(name="Geheim logeerhuis", kind=Kind.LOGEERZORG, status="concept")
    assert "Geheim logeerhuis" not in search_names(client, q="logeren")


def test_no_results_gives_tips(client, catalogue):
    response = client.get(reverse("directory:search"), {"q": "zwembad"})
    assert "We vonden niets met deze woorden" in response.content.decode()


def test_empty_search_shows_the_form_only(client):
    response = client.get(reverse("directory:search"))
    assert response.status_code == 200
    assert response.context["searched"] is False


def test_too_long_query_is_refused_in_dutch_and_kept(client, catalogue):
    response = client.get(reverse("directory:search"), {"q": "logeren " * 1250})
    content = response.content.decode()
    assert response.status_code == 200
    assert "U kunt hoogstens 200 tekens typen" in content
    assert "logeren logeren" in content


def test_unknown_municipality_in_search_is_explained(client, catalogue):
    response = client.get(reverse("directory:search"), {"q": "logeren", "gemeente": "nergens"})
    assert "Deze gemeente kennen we niet" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_search_query_budget(client, assen, django_assert_max_num_queries, count):
    OfferFactory.create_batch(count, kind=Kind.LOGEERZORG)
    # The catalogue version, the chosen municipality, the matches with their rank (on
    # PostgreSQL with the planner setting in the same round trip); the first time also the
    # offers whose cards are not cached (+2), the municipality select (+1) and, on
    # PostgreSQL, the stems of words this process has not seen (+1).
    search._STEMS.clear()
    params = {"q": "logeren", "gemeente": "assen"}
    with django_assert_max_num_queries(7 if connection.vendor == "postgresql" else 6):
        response = client.get(reverse("directory:search"), params)
    assert response.context["page"].paginator.count == count
    with django_assert_max_num_queries(3):
        again = client.get(reverse("directory:search"), params)
    assert again.content == response.content


@pytest.mark.postgres("PostgreSQL only")
def test_postgres_keeps_a_search_vector_with_a_gin_index(assen):
    offer = OfferFactory(name="Logeerhuis")
    offer.refresh_from_db()
    assert offer.search_vector is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_offer_search_vector_gin'"
        )
        (indexdef,) = cursor.fetchone()
    assert "USING gin (search_vector)" in indexdef
    # The trigger follows later edits too.
    Offer.objects.filter(pk=offer.pk).update(search_name="dagbesteding")
    assert Offer.objects.search("dagopvang").filter(pk=offer.pk).exists()


def test_a_common_word_is_capped_not_counted_exactly(client, assen, settings):
    """Issue 13: at most SEARCH_CAP matches are ranked and paged; the page says 'meer dan'."""
    settings.DIRECTORY_PAGE_SIZE = 2
    for number in range(5):
        OfferFactory(name=f"Logeerhuis {number}", kind=Kind.LOGEERZORG)
    with patch("directory.views.SEARCH_CAP", 3):
        content = client.get(reverse("directory:search"), {"q": "logeerhuis"}).content.decode()
        assert "Meer dan 3 resultaten" in content and "typ nog een woord erbij" in content
        last = client.get(reverse("directory:search"), {"q": "logeerhuis", "pagina": 2})
        assert last.content.decode().count("Logeerhuis ") >= 1
        assert last.context["page"].paginator.count == 3  # 3 ranked, not all 5
    exact = client.get(reverse("directory:search"), {"q": "logeerhuis"}).content.decode()
    assert "5 resultaten" in exact and "Meer dan" not in exact


@pytest.mark.postgres("PostgreSQL only")
def test_postgres_search_uses_the_published_index_and_leaves_the_planner_as_it_was(assen):
    OfferFactory(name="Logeerhuis", kind=Kind.LOGEERZORG)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_offer_published_search'"
        )
        (definition,) = cursor.fetchone()
        assert "gin (search_vector)" in definition and "gepubliceerd" in definition
        cursor.execute("SHOW max_parallel_workers_per_gather")
        parallel = cursor.fetchone()
        ranked, found = Offer.objects.published().search_page(
            "logeren", 1000, 0, 25, whole_catalogue=True
        )
        assert [name for _pk, _kind, name, _demo in ranked] == ["Logeerhuis"] and found == 1
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone() == ("on",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == parallel != ("0",)


def test_whole_catalogue_search_finds_the_same_page_as_a_plain_one(assen, groningen):
    """Bucket by bucket or in one go: the same rows, ranks and count up to the cap, and the
    cap holds across buckets."""
    for number in range(20):
        OfferFactory(
            name=f"Logeerhuis {number}",
            kind=Kind.LOGEERZORG,
            municipality=groningen if number % 3 else assen,
            summary="Logeren in het weekend." if number % 2 else "Een paar nachten weg.",
        )
    OfferFactory(name="Zorgboerderij Het Erf", kind=Kind.DAGBESTEDING)
    published = Offer.objects.published()
    for words in ("logeren", "logeerhuis weekend", "zorgboerderij", "niets"):
        plain = published.search_page(words, 1000, 0, 25)
        assert published.search_page(words, 1000, 0, 25, whole_catalogue=True) == plain
    page, found = published.search_page("logeerhuis", 7, 0, 25, whole_catalogue=True)
    assert found == 8 and len(page) == 7  # cap + 1 counted, cap ranked
    assert published.search_page("logeerhuis", 7, 5, 5, whole_catalogue=True)[0] == page[5:]
    if connection.vendor == "postgresql":  # its SQL is made once: for every published offer
        with pytest.raises(ValueError, match="every published offer"):
            published.filter(kind=Kind.LOGEERZORG).search_page(
                "logeren", 1000, 0, 25, whole_catalogue=True
            )
        with pytest.raises(ValueError, match="every published offer"):
            Offer.objects.serving(assen).search_page("logeren", 1000, 0, 25, whole_catalogue=True)


@pytest.mark.postgres("PostgreSQL only")
def test_postgres_whole_catalogue_search_reads_an_eighth_first(assen):
    """Issue 13 at 170,000 offers: the offers with an id divisible by 8 are searched first,
    through their own partial index, and the rest only when those have too few matches."""
    from directory.querysets import _eighth_first, _through_the_search_index

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE indexname LIKE 'directory_offer_search_%%' ORDER BY indexname"
        )
        indexes = dict(cursor.fetchall())
    for name, condition in (("eighth", "= 0"), ("rest", "<> 0")):
        definition = indexes[f"directory_offer_search_{name}"]
        assert "gin (search_vector)" in definition and "gepubliceerd" in definition
        assert f"(id % (8)::bigint) {condition})" in definition, definition
    for number in range(32):
        OfferFactory(name=f"Logeerhuis {number}", kind=Kind.LOGEERZORG)
    # Among 3,000 other published offers the status index no longer looks cheaper.
    other = OfferFactory(name="Dagbesteding", kind=Kind.DAGBESTEDING)
    Offer.objects.bulk_create(
        copy(other, pk=None, hsds_id=uuid.uuid4(), external_id=new_external_id())
        for _ in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_offer")  # as autovacuum does for a real catalogue
    matching = Offer.objects.published().search("logeerhuis").order_by().values_list("pk")
    eighth = sum(1 for (pk,) in matching if pk % 8 == 0)
    assert eighth >= 3

    def plan(enough: int) -> str:
        sql, params = _eighth_first(matching, enough)
        rows = _through_the_search_index(f"EXPLAIN ANALYZE {sql}", params)
        return "\n".join(row[0] for row in rows)

    enough = plan(eighth)
    assert "Bitmap Index Scan on directory_offer_search_eighth" in enough
    assert "Bitmap Index Scan on directory_offer_search_rest" in enough
    assert enough.count("(never executed)") == 2, enough  # the rest: its heap and its index
    assert "Gather" not in enough and "Seq Scan" not in enough
    assert "never executed" not in plan(eighth + 1)


@pytest.mark.postgres("PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgres_planner_setting_ends_with_the_search_in_autocommit():
    """Outside a transaction (as in production) the setting lives in the search's own
    one-statement transaction; the next query on the connection plans as usual."""
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)  # transactional tests start empty
    OfferFactory(name="Logeerhuis", kind=Kind.LOGEERZORG)
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        parallel = cursor.fetchone()
    ranked, found = Offer.objects.published().search_page(
        "logeren", 1000, 0, 25, whole_catalogue=True
    )
    assert found == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone() == ("on",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == parallel != ("0",)


def test_cached_results_and_municipality_list_follow_changes(client, catalogue, assen):
    """Result cards and the select of municipalities are kept per catalogue version."""
    assert "Logeerhuis De Linde" in search_names(client, q="logeren")
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    offer.summary = "Nu ook in het weekend."
    offer.save()
    content = client.get(reverse("directory:search"), {"q": "logeren"}).content.decode()
    assert "Nu ook in het weekend." in content
    assen.name = "Assen (Drenthe)"
    assen.save()
    content = client.get(reverse("directory:search"), {"q": "logeren"}).content.decode()
    assert '<option value="assen">Assen (Drenthe)</option>' in content
    chosen = client.get(reverse("directory:search"), {"q": "logeren", "gemeente": "assen"})
    assert '<option value="assen" selected>Assen (Drenthe)</option>' in chosen.content.decode()
    assert '<option value="" selected>' not in chosen.content.decode()


@pytest.mark.postgres("PostgreSQL only")
def test_postgres_query_leaves_out_what_another_part_finds(assen, monkeypatch):
    """Each word: its stem unless a prefix finds it, and no prefix inside a shorter one;
    the stems come from PostgreSQL once per word and process, in a bounded memory."""
    from directory.search import postgres_query, search_terms

    assert postgres_query(search_terms("logeren")) == "('loger':* | 'logeer':*)"
    assert postgres_query(search_terms("cursussen dementie")) == "('cursus':*) & ('dementie':*)"
    assert postgres_query(search_terms("Dagbesteding!")) == (
        "('dagbested' | 'dagbelev' | 'dagopvang':* | 'dagbeleving':* | 'dagbesteding':*)"
    )
    assert postgres_query(["ab"]) == "('ab')"
    assert "logeren" in search._STEMS
    monkeypatch.setattr(search, "_MAX_STEMS", 3)
    words = search_terms("oppas huishouden vervoer")
    postgres_query(words)
    asked = {variant for word in words for variant in search._variants(word)}
    assert len(asked) > 3
    assert set(search._STEMS) == asked  # full: emptied first, then what this search asked
