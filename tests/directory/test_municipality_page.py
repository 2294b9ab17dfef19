import re
from unittest.mock import patch

import pytest
from django.urls import reverse

from directory.choices import Kind, OfferStatus, RegionKind
from directory.models import Region
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


def page(client, municipality, **params):
    return client.get(reverse("directory:municipality", args=[municipality.slug]), params)


def names(response) -> set[str]:
    return {offer.name for _, offers in response.context["groups"] for offer in offers}


def test_shows_own_extra_regional_and_national_offers_but_not_others(
    client, assen, midden_drenthe, groningen
):
    region = Region.objects.create(code="regio-test", name="Testregio", kind=RegionKind.REGIO)
    region.municipalities.set([assen, midden_drenthe])
    OfferFactory(name="Eigen aanbod")
    extra = OfferFactory(name="Ook voor Assen", municipality=midden_drenthe)
    extra.extra_municipalities.add(assen)
    regional = OfferFactory(name="Regionaal aanbod", municipality=midden_drenthe)
    regional.regions.add(region)
    OfferFactory(name="Landelijk aanbod", municipality=None, nationwide=True)
    OfferFactory(name="Alleen Groningen", municipality=groningen)
    OfferFactory(name="Concept", status=OfferStatus.DRAFT)
    OfferFactory(name="Gearchiveerd", status=OfferStatus.ARCHIVED)

    response = page(client, assen)

    assert response.status_code == 200
    assert names(response) == {
        "Eigen aanbod",
        "Ook voor Assen",
        "Regionaal aanbod",
        "Landelijk aanbod",
    }
    assert "Concept" not in response.content.decode()


def test_offers_are_grouped_by_kind_with_counts(client, assen):
    OfferFactory.create_batch(2, kind=Kind.LOGEERZORG)
    OfferFactory(kind=Kind.DAGBESTEDING)

    response = page(client, assen)

    assert [kind for kind, _ in response.context["groups"]] == [Kind.LOGEERZORG, Kind.DAGBESTEDING]
    content = response.content.decode()
    assert "3 vormen van hulp gevonden" in content
    assert re.search(r"Logeerzorg</a>\s*<span class=\"count\">\(2\)", content)
    assert re.search(r"Dagbesteding en dagopvang</a>\s*<span class=\"count\">\(1\)", content)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"soort": "logeerzorg"}, {"Logeerhuis"}),
        ({"soort": ["logeerzorg", "dagbesteding"]}, {"Logeerhuis", "Dagopvang"}),
        # None of these says "alleen voor deze groepen": each is for everyone (issue 22.2).
        ({"doelgroep": "dementie"}, {"Logeerhuis", "Oppas", "Dagopvang"}),
        ({"doelgroep": ["kinderen", "nah"]}, {"Logeerhuis", "Oppas", "Dagopvang"}),
        ({"wanneer": "nacht"}, {"Logeerhuis"}),
        ({"wanneer": ["nacht", "avond"]}, {"Logeerhuis", "Oppas"}),
        ({"waar": "thuis"}, {"Oppas"}),
        ({"kosten": "gratis"}, {"Dagopvang"}),
        ({"kosten": "kosten"}, {"Logeerhuis", "Oppas"}),
        ({"toegang": "wmo"}, {"Logeerhuis"}),
        ({"toegang": "vrij", "kosten": "gratis"}, {"Dagopvang"}),
        ({"q": "logeren"}, {"Logeerhuis"}),
    ],
)
def test_filters_narrow_the_list(client, assen, params, expected):
    OfferFactory(
        name="Logeerhuis",
        kind=Kind.LOGEERZORG,
        groups=["dementie"],
        routes=["wmo"],
        night=True,
        away_from_home=True,
    )
    OfferFactory(name="Dagopvang", kind=Kind.DAGBESTEDING, is_free=True, away_from_home=True)
    OfferFactory(
        name="Oppas",
        kind=Kind.ZORGOPPAS,
        groups=["dementie", "kinderen"],
        evening=True,
        at_home=True,
    )

    response = page(client, assen, **params)

    assert response.status_code == 200
    assert names(response) == expected


def test_filters_are_kept_in_the_url_and_the_form(client, assen):
    OfferFactory(kind=Kind.LOGEERZORG)
    content = page(client, assen, soort="logeerzorg", kosten="gratis").content.decode()
    assert re.search(r'value="logeerzorg"[^>]*checked', content)
    assert re.search(r'value="gratis"[^>]*checked', content)
    assert "Alle filters wissen" in content


def test_no_results_explains_what_to_do(client, assen):
    response = page(client, assen, soort="vervoer")
    content = response.content.decode()
    assert "We vonden geen hulp die past bij uw keuzes" in content
    assert "Bel de gemeente" in content


def test_invalid_filter_value_is_ignored_with_a_dutch_message(client, assen):
    OfferFactory(name="Iets")
    response = page(client, assen, soort="bestaat-niet", kosten="<script>")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Een filter of zoekwoord klopt niet" in content
    assert names(response) == {"Iets"}
    assert "<script>" not in content
    assert "&lt;script&gt;" in content


def test_long_lists_are_paginated(client, assen, settings):
    settings.DIRECTORY_PAGE_SIZE = 5
    OfferFactory.create_batch(12)
    first = page(client, assen)
    third = page(client, assen, pagina=3)
    assert len(names(first)) == 5
    assert len(names(third)) == 2
    assert "Pagina 1 van 3" in first.content.decode()
    assert 'href="?pagina=2"' in first.content.decode()


@pytest.mark.parametrize("number", ["99", "0", "-1", "abc", "1e9", "9" * 30])
def test_page_number_out_of_range_shows_a_page_with_a_message(client, assen, settings, number):
    settings.DIRECTORY_PAGE_SIZE = 5
    OfferFactory.create_batch(7)
    response = page(client, assen, pagina=number)
    assert response.status_code == 200
    assert "U ziet" in response.content.decode()


def test_unknown_municipality_is_404(client):
    assert client.get("/gemeenten/bestaat-niet/").status_code == 404


def test_demo_offers_are_labelled(client, assen):
    OfferFactory(is_demo=True)
    content = page(client, assen).content.decode()
    assert "voorbeelddata (demo)" in content
    assert "Voorbeeld" in content


@pytest.mark.parametrize("count", [1, 50])
def test_query_budget_is_fixed(client, assen, settings, django_assert_max_num_queries, count):
    settings.DIRECTORY_PAGE_SIZE = 50
    for number in range(count):
        OfferFactory(kind=list(Kind)[number % len(Kind)], groups=["dementie", "ouderen"])
    # Issue 13: the catalogue version, then the municipality and its listing (once per
    # version), the ids that pass the filters; only cards not in the cache load their offers
    # (+1) with their target groups (+1); on PostgreSQL the stems of words this process has
    # not seen yet (+1, directory/search.py).
    from django.db import connection

    from directory import search

    search._STEMS.clear()
    with django_assert_max_num_queries(7 if connection.vendor == "postgresql" else 6):
        response = page(client, assen, doelgroep="dementie", q="aanbod")
    assert response.context["total"] == count
    with django_assert_max_num_queries(2):  # the version and the filters' ids
        again = page(client, assen, doelgroep="dementie", q="aanbod")
    assert again.content == response.content
    page(client, assen)
    with django_assert_max_num_queries(1):  # without filters: only the version
        assert page(client, assen).context["total"] == count


def test_the_shared_listing_follows_every_change_of_the_catalogue(
    client, assen, midden_drenthe, groningen
):
    """The listing is kept per catalogue version: each kind of change shows at once."""
    own = OfferFactory(name="Eigen aanbod")
    elsewhere = OfferFactory(name="Uit Groningen", municipality=groningen)
    assert names(page(client, assen)) == {"Eigen aanbod"}
    elsewhere.extra_municipalities.add(assen)
    assert names(page(client, assen)) == {"Eigen aanbod", "Uit Groningen"}
    region = Region.objects.create(code="regio-t", name="Testregio", kind=RegionKind.REGIO)
    regional = OfferFactory(name="Regionaal", municipality=midden_drenthe)
    regional.regions.add(region)
    assert "Regionaal" not in names(page(client, assen))
    region.municipalities.add(assen)
    assert "Regionaal" in names(page(client, assen))
    own.status = OfferStatus.ARCHIVED
    own.save()
    assert "Eigen aanbod" not in names(page(client, assen))
    elsewhere.name = "Nieuwe naam"
    elsewhere.save()
    assert "Nieuwe naam" in names(page(client, assen))
    assen.loket_phone = "0592 123 456"
    assen.save()
    assert "0592 123 456" in page(client, assen).content.decode()
    # Filters are applied to the same listing, in its order.
    assert names(page(client, assen, soort=regional.kind)) >= {"Regionaal"}
    assert names(page(client, assen, q="onvindbaarwoord")) == set()


def test_print_view_lists_everything_without_navigation(client, assen, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    OfferFactory.create_batch(5, phone="0592 700 100")
    response = client.get(reverse("directory:municipality_print", args=["assen"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="entry"') == 5
    assert "site-nav" not in content
    assert "folder.css" in content
    assert "0592 700 100" in content


@pytest.mark.parametrize("count", [1, 50])
def test_print_view_query_budget(client, assen, django_assert_max_num_queries, count):
    OfferFactory.create_batch(count)
    with django_assert_max_num_queries(2):
        client.get(reverse("directory:municipality_print", args=["assen"]))


def test_cards_show_the_cost_in_one_line(client, assen):
    OfferFactory(is_free=True)
    OfferFactory(cost_amount="21.00", cost_explanation="Eigen bijdrage via het CAK.")
    OfferFactory(cost_explanation="Afhankelijk van uw inkomen.")
    OfferFactory()
    content = page(client, assen).content.decode()
    assert "<dd>Gratis</dd>" in content
    assert "<dd>€ 21,00 – Eigen bijdrage via het CAK.</dd>" in content
    assert "<dd>Afhankelijk van uw inkomen.</dd>" in content
    assert "<dd>Vraag naar de kosten</dd>" in content


def test_print_keeps_the_chosen_filters_and_says_which(client, assen):
    OfferFactory(name="Logeerhuis De Linde", kind=Kind.LOGEERZORG)
    OfferFactory(name="Dagbesteding Het Anker", kind=Kind.DAGBESTEDING)
    page = client.get(reverse("directory:municipality", args=["assen"]) + "?soort=logeerzorg")
    print_url = reverse("directory:municipality_print", args=["assen"]) + "?soort=logeerzorg"
    assert f'href="{print_url}"' in page.content.decode()
    assert "Deze keuze afdrukken" in page.content.decode()
    content = client.get(print_url).content.decode()
    assert content.count('class="entry"') == 1
    assert "Logeerhuis De Linde" in content and "Het Anker" not in content
    assert "Soort hulp: Logeerzorg" in content
    assert "Ctrl+P" not in content
    assert "data-print hidden" in content  # the button, shown by site.js


def test_print_with_a_bad_filter_answers_politely(client, assen):
    OfferFactory(name="Logeerhuis De Linde", kind=Kind.LOGEERZORG)
    url = reverse("directory:municipality_print", args=["assen"]) + "?soort=<script>&pagina=x"
    response = client.get(url)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_cards_let_a_caregiver_call_from_the_list(client, assen):
    """Issue 11: on a phone, calling straight from the list, without opening the offer."""
    from tests.directory.factories import OfferFactory

    OfferFactory(name="Dagopvang", phone="0592 123 999")
    page = client.get("/gemeenten/assen/").content.decode()
    assert '<a href="tel:+31592123999">0592 123 999</a>' in page


def test_cards_are_rendered_once_and_never_stale(client, assen):
    """Issue 13: a card comes from the fragment cache until the catalogue changes."""
    offer = OfferFactory(name="Logeerhuis Oud", phone="0592 100 200")
    first = page(client, assen).content.decode()
    assert "Logeerhuis Oud" in first
    with patch("directory.cards.get_template") as loader:
        again = page(client, assen).content.decode()
    loader.return_value.render.assert_not_called()  # every card came from the cache
    assert again.count('class="card"') == first.count('class="card"')
    offer.name = "Logeerhuis Nieuw"
    offer.save()
    changed = page(client, assen).content.decode()
    assert "Logeerhuis Nieuw" in changed and "Logeerhuis Oud" not in changed
    offer.provider.phone = "0592 999 888"
    offer.provider.save()
    offer.phone = ""
    offer.save()
    assert "0592 999 888" in page(client, assen).content.decode()


def test_a_full_page_stays_under_40_kb_of_html(client, assen):
    """Issue 13: page weight of the municipality page ≤ 40 KB of HTML (a full page of cards,
    long realistic texts, every filter group), before compression."""
    for number in range(30):
        OfferFactory(
            name=f"Logeerhuis met een lange naam nummer {number}",
            summary="Een weekend logeren in een huiselijke omgeving, met begeleiding " * 3,
            kind=list(Kind)[number % len(Kind)],
            groups=["dementie", "ouderen", "nah"],
            phone="0592 700 100",
            cost_explanation="Eigen bijdrage via het CAK, afhankelijk van uw inkomen.",
        )
    response = page(client, assen)
    assert len(response.context["page"].object_list) == 25
    assert len(response.content) <= 40 * 1024, len(response.content)


def test_each_kind_has_its_heading_and_every_card_its_save_link(client, assen):
    logeer = OfferFactory(kind=Kind.LOGEERZORG, name="Logeerhuis")
    OfferFactory(kind=Kind.DAGBESTEDING, name="Dagbesteding")
    for _ in range(2):  # first render, then with every card from the cache
        content = page(client, assen).content.decode()
        assert '<h3 id="soort-logeerzorg">Logeerzorg</h3>' in content
        assert '<h3 id="soort-dagbesteding">Dagbesteding en dagopvang</h3>' in content
        assert f"/bewaarlijst/bewaren/{logeer.pk}/" in content
        assert 'Bewaren<span class="visually-hidden">: Logeerhuis</span>' in content


def test_cached_cards_bring_each_visitor_back_to_their_own_page(client, assen):
    """A card is cached without the page's address; each request fills in its own, encoded."""
    offer = OfferFactory(name='Logeerhuis "<terug/>" & co')
    first = page(client, assen).content.decode()
    assert f'/bewaarlijst/bewaren/{offer.pk}/?terug=/gemeenten/assen/"' in first
    hostile = page(client, assen, van='"><script>x</script>')  # kept in the address
    content = hostile.content.decode()
    assert "<script>x" not in content
    assert (
        "?terug=/gemeenten/assen/%3Fvan%3D%2522%253E%253Cscript%253Ex%253C%252Fscript%253E"
        in content
    )
    # The offer's own text with the marker in it stays text, and the card stays whole.
    assert "Logeerhuis &quot;&lt;terug/&gt;&quot; &amp; co" in content
    assert content.count(f"/bewaarlijst/bewaren/{offer.pk}/") == 1
    assert page(client, assen).content.decode() == first


def test_filter_sets_share_nothing_between_requests(assen):
    """OfferFilter makes its form class once and copies its filters only when it filters:
    one visitor's choices, errors and filters never reach another's."""
    from django.http import QueryDict

    from directory.filters import OfferFilter

    first = OfferFilter(QueryDict("soort=logeerzorg&kosten=onzin"))
    second = OfferFilter(QueryDict("soort=dagbesteding"))
    assert first.form.__class__ is second.form.__class__
    assert first.form is not second.form
    assert first.form.fields["soort"] is not second.form.fields["soort"]
    assert first.errors and "kosten" in first.errors
    assert not second.errors
    assert first.form.cleaned_data["soort"] == ["logeerzorg"]
    assert second.form.cleaned_data["soort"] == ["dagbesteding"]
    assert first.filters["soort"] is not second.filters["soort"]
    assert first.filters["soort"].parent is first and second.filters["soort"].parent is second
    empty = OfferFilter(QueryDict(""))
    assert not empty.active
    assert "filters" not in empty.__dict__


def test_a_page_without_filters_makes_no_filter_form(assen):
    """Reached from a postcode (no filter in the address, perhaps a page number): nothing
    chosen, nothing wrong, and the filter form with all its choices is not made at all."""
    from django.http import QueryDict

    from directory.filters import OfferFilter
    from directory.models import Offer

    for address in ("", "pagina=2", "utm_source=folder"):
        untouched = OfferFilter(QueryDict(address))
        assert untouched.untouched
        assert not untouched.active and untouched.chosen == 0 and untouched.errors == {}
        assert untouched.filter_queryset(Offer.objects.all()).query.where == (
            Offer.objects.all().query.where
        )
        assert not hasattr(untouched, "_form")  # django-filter keeps a made form here
    for address in ("q=", "soort=logeerzorg", "kosten=onzin"):
        assert not OfferFilter(QueryDict(address)).untouched
    assert OfferFilter(QueryDict("kosten=onzin")).errors


def test_the_kept_search_field_never_shows_another_visitors_words(client, assen):
    """With no words typed, the search field is kept with the filter groups (issue 13); typed
    words are always this visitor's own, and an empty field stays empty after them."""
    OfferFactory(name="Logeerhuis", kind=Kind.LOGEERZORG)
    field = re.compile(r'<input type="search" name="q"[^>]*>')
    for params in ({}, {"soort": "logeerzorg"}):
        empty = field.search(page(client, assen, **params).content.decode()).group()
        assert "value=" not in empty
        typed = page(client, assen, q="logeren", **params).content.decode()
        assert 'value="logeren"' in field.search(typed).group()
        again = field.search(page(client, assen, q="", **params).content.decode()).group()
        assert again == empty
    tricky = page(client, assen, q='"><script>').content.decode()
    assert "<script>" not in tricky and 'value="&quot;&gt;&lt;script&gt;"' in tricky


def test_a_municipality_page_links_the_self_check_and_its_own_coverage(client, demo_catalogue):
    content = client.get("/gemeenten/midden-drenthe/").content.decode()
    assert 'href="/zelftest/"' in content
    assert 'href="/inzicht/midden-drenthe/"' in content


def test_crisis_help_and_a_number_for_the_night_come_first(client, demo_catalogue):
    """Journey 5: Saturday night in Westerbork, the Wmo-loket is closed."""
    content = client.get("/gemeenten/midden-drenthe/").content.decode()
    block = content.split('id="spoed-titel"')[1].split("</section>")[0]
    assert "Crisisbed voor een nacht" in block
    assert 'href="tel:+31592700199"' in block
    assert content.index('id="spoed-titel"') < content.index("vormen van hulp gevonden")


def test_every_public_page_has_a_description_and_a_favicon(client, demo_catalogue):
    from directory.models import Offer

    offer = Offer.objects.get(name="Logeerhuis De Linde")
    for url in ("/", "/gemeenten/assen/", offer.get_absolute_url(), "/zoeken/", "/zelftest/"):
        content = client.get(url).content.decode()
        assert '<meta name="description" content="' in content, url
        assert 'rel="icon"' in content, url
    head = client.get(offer.get_absolute_url()).content.decode().split("</head>")[0]
    assert f'<meta name="description" content="{offer.summary}">' in head
    assert client.get("/favicon.ico")["Location"].endswith("favicon.ico")


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        # A group about the caregiver never excludes a naaste (as in matching).
        ("ouderen", {"Voor iedereen", "Boshuis", "Jonge mantelzorgers"}),
        ("kinderen", {"Voor iedereen", "Boshuis", "Alleen kinderen", "Jonge mantelzorgers"}),
        ("dementie", {"Voor iedereen", "Boshuis", "Alleen kinderen", "Jonge mantelzorgers"}),
        ("jonge_mantelzorgers", {"Jonge mantelzorgers"}),
    ],
)
def test_voor_wie_reads_also_and_only_as_matching_does(client, assen, groups, expected):
    """'Dementie, Verstandelijke beperking, Kinderen' means also children (the Beilen case):
    a filter on older people keeps it; an offer only for children (with an age limit) drops
    out; a group about the caregiver finds what names it (issue 22.2)."""
    OfferFactory(name="Voor iedereen")
    OfferFactory(name="Boshuis", groups=["dementie", "verstandelijk", "kinderen"])
    OfferFactory(
        name="Alleen kinderen", groups=["kinderen"], target_groups_only=True, maximum_age=17
    )
    OfferFactory(
        name="Jonge mantelzorgers", groups=["jonge_mantelzorgers"], target_groups_only=True
    )
    response = page(client, assen, doelgroep=groups)
    assert names(response) == expected
