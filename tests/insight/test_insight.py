"""Policy insight (issue 12): coverage, gaps, comparison, demand with small numbers hidden."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from directory.choices import KIND_NEED_AREAS, Kind, NeedArea, OfferStatus
from directory.models import Municipality
from insight.coverage import (
    NATIONAL,
    NONE,
    OWN,
    REGIONAL,
    CatalogueIndex,
    area_cells,
    sub_kind_cells,
)
from insight.demand import HIDDEN
from respite.choices import Decision
from respite.models import RespiteRequest
from tests.conftest import make_staff
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens UTF-8 only with the byte order mark
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_every_kind_maps_to_need_areas_and_every_area_has_a_kind():
    assert set(KIND_NEED_AREAS) == set(Kind.values)
    assert all(KIND_NEED_AREAS[kind] for kind in Kind.values)
    assert {a for areas in KIND_NEED_AREAS.values() for a in areas} == set(NeedArea.values)


def test_sources_own_regional_national_and_none(assen, midden_drenthe):
    OfferFactory(kind=Kind.LOTGENOTEN)  # Assen's own: emotionele steun
    regional = OfferFactory(kind=Kind.CURSUS, municipality=midden_drenthe)  # educatie
    regional.extra_municipalities.add(assen)
    OfferFactory(kind=Kind.VERVOER, municipality=None, nationwide=True)  # praktische hulp
    OfferFactory(kind=Kind.FINANCIEEL, status=OfferStatus.DRAFT)  # not published: not counted
    cells = {c.code: c for c in area_cells(CatalogueIndex.build(timezone.localdate()), assen.pk)}
    assert cells["emotioneel"].source == OWN
    assert cells["educatie"].source == REGIONAL
    assert cells["praktisch"].source == NATIONAL
    assert cells["financieel"].source == NONE
    md = {
        c.code: c for c in area_cells(CatalogueIndex.build(timezone.localdate()), midden_drenthe.pk)
    }
    assert md["educatie"].source == OWN  # the owner's own


def test_the_public_page_names_gaps_in_plain_words(client, assen, midden_drenthe):
    OfferFactory(kind=Kind.LOGEERZORG, name="Logeerhuis Assen")
    night = OfferFactory(
        kind=Kind.NACHT_WEEKEND,
        municipality=midden_drenthe,
        at_home=True,
        night=True,
        name="Nachtzorg Midden-Drenthe",
    )
    night.extra_municipalities.add(assen)
    content = client.get(reverse("insight:municipality", args=["assen"])).content.decode()
    assert "Zo staat de ondersteuning in Assen ervoor" in content
    assert "Geen nachtzorg thuis in Assen; wel in de regio: Nachtzorg Midden-Drenthe." in content
    assert "Geen samen logeren in Assen, ook niet in de regio of landelijk." in content
    assert "Geen aanbod voor financiële hulp in Assen" in content
    assert "Logeerhuis Assen" in content


def test_freshness_counts_offers_checked_in_the_last_six_months(client, assen):
    OfferFactory(verified_on=timezone.localdate() - timedelta(days=30))
    OfferFactory(verified_on=timezone.localdate() - timedelta(days=300))
    content = client.get(reverse("insight:municipality", args=["assen"])).content.decode()
    assert "50% van het eigen en regionale aanbod (1 van 2)" in content


def test_comparison_with_the_province_and_national_median_matches_its_csv_and_svg(
    client, assen, midden_drenthe
):
    for _ in range(3):
        OfferFactory(kind=Kind.LOTGENOTEN)
    OfferFactory(kind=Kind.LOTGENOTEN, municipality=midden_drenthe)
    page = client.get(reverse("insight:municipality", args=["assen"])).content.decode()
    rows = read_csv(client.get(reverse("insight:comparison_csv", args=["assen"])))
    assert rows[0] == ["vraaggebied", "Assen", "mediaan Drenthe", "mediaan Nederland"]
    emotional = next(r for r in rows if r[0] == "Emotionele steun")
    assert emotional == ["Emotionele steun", "3", "0", "0"]  # most of Drenthe has none
    assert "<td>3</td>" in page
    svg = client.get(reverse("insight:comparison_svg", args=["assen"]))
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert "<title>Assen: 3</title>" in body and "Mediaan Drenthe" in body


def test_the_province_overview_lists_every_municipality_and_where_the_floor_is_missing(
    client, assen
):
    OfferFactory(kind=Kind.LOTGENOTEN)
    content = client.get(reverse("insight:province", args=["drenthe"])).content.decode()
    drenthe = Municipality.objects.filter(province="Drenthe")
    assert all(m.name in content for m in drenthe)
    assert f"Emotionele steun: in {drenthe.count() - 1} gemeenten geen aanbod" in content
    rows = read_csv(client.get(reverse("insight:province_csv", args=["drenthe"])))
    assert len(rows) == drenthe.count() + 1
    assert client.get(reverse("insight:province", args=["atlantis"])).status_code == 404


@pytest.mark.parametrize("offers", [1, 50])
def test_the_national_overview_has_a_fixed_query_budget(client, assen, offers):
    for i in range(offers):
        offer = OfferFactory(kind=Kind.values[i % len(Kind.values)])
        if i % 3 == 0:
            offer.extra_municipalities.add(Municipality.objects.get(code="GM1731"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("insight:province", args=["nederland"]))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 342
    assert len(queries) <= 8, [q["sql"][:80] for q in queries]


@pytest.mark.parametrize("offers", [1, 50])
def test_a_municipality_page_has_a_fixed_query_budget(client, assen, offers):
    for i in range(offers):
        OfferFactory(kind=Kind.values[i % len(Kind.values)])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("insight:municipality", args=["assen"])).status_code == 200
    assert len(queries) <= 10, [q["sql"][:80] for q in queries]


def test_a_cell_names_its_first_five_offers_and_counts_the_rest(client, assen, midden_drenthe):
    """Only the offers the page names are read (at 171,000 offers Assen's cells hold 870)."""
    for number in range(7):
        OfferFactory(kind=Kind.LOTGENOTEN, name=f"Mantelzorgcafé {number}")
    regional = OfferFactory(kind=Kind.CURSUS, municipality=midden_drenthe, name="Cursus <b>")
    regional.extra_municipalities.add(assen)
    content = client.get(reverse("insight:municipality", args=["assen"])).content.decode()
    named = [
        f"Mantelzorgcafé {number}" for number in range(7) if f">Mantelzorgcafé {number}<" in content
    ]
    assert named == [f"Mantelzorgcafé {number}" for number in range(5)]
    assert "en nog 2" in content
    assert "Cursus &lt;b&gt;" in content and "Cursus <b>" not in content
    assert f'href="{regional.get_absolute_url()}"' in content


def make_request(municipality, kinds, decision="", days_to_decision=None, when=None):
    req = RespiteRequest.objects.create(
        municipality=municipality,
        relationship="ouder",
        age_group="oudere",
        situation="dementie",
        kinds=kinds,
        urgency="gepland",
        contact_method="email",
        decision=decision,
    )
    created = when or timezone.now() - timedelta(days=20)
    RespiteRequest.objects.filter(pk=req.pk).update(
        created_at=created,
        decided_at=created + timedelta(days=days_to_decision) if days_to_decision else None,
    )
    return req


@pytest.fixture
def policy(assen):
    return make_staff("beleid@assen.example", ("GM0106", "beleidsmedewerker"))


def test_demand_hides_small_numbers_and_shows_shares_and_medians(client, assen, policy):
    for i in range(6):
        make_request(assen, ["logeerzorg"], Decision.GRANTED, days_to_decision=10 + i)
    for _ in range(2):
        make_request(assen, ["logeerzorg", "dagbesteding"], Decision.REFUSED, 4)
    client.force_login(policy)
    content = client.get(reverse("insight:demand", args=["assen"])).content.decode()
    assert "Vraag en aanbod in Assen" in content
    assert HIDDEN.replace("<", "&lt;") in content  # dagbesteding: 2 requests
    assert ">8<" in content  # logeerzorg this quarter, or all requests
    assert "75%" in content  # 6 of 8 logeerzorg decisions granted
    assert "25%" not in content  # 2 refusals: under 5, hidden
    rows = read_csv(client.get(reverse("insight:demand_csv", args=["assen"])))
    assert rows[0][0] == "soort hulp" and len(rows[0]) == 5
    day = next(r for r in rows if r[0] == "Dagbesteding en dagopvang")
    # Before the first request there is no data at all; this quarter, 2 requests: hidden.
    assert day[1] == "geen gegevens" and day[-1] == HIDDEN
    assert set(day[1:]) == {"geen gegevens", HIDDEN}
    svg = client.get(reverse("insight:demand_svg", args=["assen"])).content.decode()
    assert svg.lstrip().startswith("<?xml") and "<title>Aanvragen: 8</title>" in svg


def test_demand_is_for_policy_officers_of_that_municipality_and_superusers(
    client, assen, policy, midden_drenthe
):
    make_request(assen, ["logeerzorg"])
    url = reverse("insight:demand", args=["assen"])
    people = {
        "caregiver": User.objects.create_user(username="z@example.org", email="z@example.org"),
        "editor": make_staff("redacteur@assen.example", ("GM0106", "redacteur")),
        "consultant": make_staff("consulent@assen.example", ("GM0106", "consulent")),
        "policy elsewhere": make_staff("beleid@md.example", ("GM1731", "beleidsmedewerker")),
        "policy": policy,
        "superuser": make_staff("su@portaal.example", superuser=True),
    }
    expected = {
        "anonymous": 302,
        "caregiver": 403,
        "editor": 403,
        "consultant": 403,
        "policy elsewhere": 404,
        "policy": 200,
        "superuser": 200,
    }
    seen = {}
    for role in expected:
        visitor = client.__class__()
        if role != "anonymous":
            visitor.force_login(people[role])
        seen[role] = tuple(
            visitor.get(u).status_code for u in (url, url + "aanvragen.csv", url + "aanvragen.svg")
        )
    assert seen == {role: (code,) * 3 for role, code in expected.items()}
    # The public pages are public for everyone.
    for person in people.values():
        visitor = client.__class__()
        visitor.force_login(person)
        assert visitor.get(reverse("insight:municipality", args=["assen"])).status_code == 200
    assert client.get(reverse("insight:home")).status_code == 200


def test_the_policy_officer_sees_the_way_to_demand_and_others_do_not(client, assen, policy):
    page = reverse("insight:municipality", args=["assen"])
    assert "Vraag en aanbod" not in client.get(page).content.decode()
    client.force_login(policy)
    assert "Vraag en aanbod (alleen voor beleid)" in client.get(page).content.decode()


def test_hostile_parameters_get_a_404_or_the_choice_again(client):
    assert client.get(reverse("insight:home"), {"gemeente": "<script>"}).status_code == 200
    assert (
        "Die gemeente kennen we niet"
        in client.get(reverse("insight:home"), {"gemeente": "x" * 5000}).content.decode()
    )
    assert client.get("/inzicht/bestaat-niet/").status_code == 404
    assert client.get(reverse("insight:home"), {"gemeente": "assen"})["Location"] == (
        "/inzicht/assen/"
    )


def test_a_superuser_invites_a_policy_officer(client, assen, django_capture_on_commit_callbacks):
    client.force_login(make_staff("su@portaal.example", superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:staff_invite"),
            {"email": "beleid@assen.example", "first_name": "Sanne", "policy_for": [assen.pk]},
        )
    assert response.status_code == 302
    invited = User.objects.get(email="beleid@assen.example")
    assert invited.role_kinds == {"beleidsmedewerker"} and invited.is_staff_member


def test_the_cached_overview_follows_every_catalogue_change(client, assen):
    url = reverse("insight:province", args=["drenthe"])
    assert "Eigen aanbod (1)" not in client.get(url).content.decode()
    offer = OfferFactory(kind=Kind.LOTGENOTEN)
    assert "Eigen aanbod (1)" in client.get(url).content.decode()
    offer.status = OfferStatus.ARCHIVED
    offer.save()
    assert "Eigen aanbod (1)" not in client.get(url).content.decode()
    page = client.get(reverse("insight:municipality", args=["assen"])).content.decode()
    assert "Geen aanbod voor emotionele steun in Assen" in page


def test_quarters_before_any_data_say_so_instead_of_less_than_five(client, assen, policy):
    make_request(assen, ["logeerzorg"], Decision.GRANTED, 10, when=timezone.now() - timedelta(190))
    client.force_login(policy)
    rows = read_csv(client.get(reverse("insight:demand_csv", args=["assen"])))
    totals = next(r for r in rows if r[0] == "Alle aanvragen")
    # Four quarters; the request came in two quarters ago, so the one before has no data.
    assert totals[1] == "geen gegevens"
    assert totals[2] == HIDDEN and totals[-1] == HIDDEN


def test_a_casemanager_dementie_is_not_counted_as_a_mantelzorgmakelaar(assen):
    """Issue 22.8: the coverage view counted a casemanager dementie as a makelaar, hiding that
    Assen has none; a casemanager gives information and guidance, not the paperwork."""
    OfferFactory(kind=Kind.CASEMANAGER)
    index = CatalogueIndex.build(timezone.localdate())
    subs = {c.code: c for c in sub_kind_cells(index, assen.pk)}
    assert subs["makelaar"].source == NONE
    areas = {c.code: c for c in area_cells(index, assen.pk)}
    assert areas["informatie"].source == OWN and areas["praktisch"].source == NONE
