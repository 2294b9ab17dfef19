"""'Hoe zwaar is het zorgen?' (issue 11): the check, its bands, local help, and the rules for
health-related data: nothing stored for anonymous visitors, sharing only by consent, logged."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from directory.choices import Kind
from respite.models import ContactPerson
from respite.services.requests import request_submit
from selfcheck.models import SelfCheck, SelfCheckAccess, Sharing
from selfcheck.statements import BANDS, PARTS, STATEMENTS, band_for
from tests.conftest import make_staff
from tests.directory.factories import OfferFactory, ProviderFactory
from tests.factories import CaregiverFactory, SelfCheckFactory

pytestmark = pytest.mark.django_db
CHECK = "/zelftest/"
MINE = "/zelftest/mijn-uitslagen/"


def all_answers(yes: int, where: str = "9401") -> dict:
    """The first `yes` statements answered 'ja', the rest 'nee'."""
    data = {f"u{n}": "1" if n <= yes else "0" for n in range(1, 16)}
    return {**data, "where": where}


@pytest.fixture
def caregiver(db):
    return CaregiverFactory(email="dochter@example.org")


@pytest.fixture
def local_help(assen):
    provider = ProviderFactory(phone="0592 111 222")
    return {
        "respite": OfferFactory(
            name="Respijt thuis Assen", kind=Kind.RESPIJTZORG_THUIS, provider=provider
        ),
        "consulent": OfferFactory(
            name="Steunpunt Mantelzorg Assen",
            kind=Kind.CONSULENT,
            provider=ProviderFactory(phone="0592 333 444"),
        ),
        "cafe": OfferFactory(name="Alzheimercafé Assen", kind=Kind.LOTGENOTEN),
        "elsewhere": OfferFactory(
            name="Logeerhuis Groningen",
            kind=Kind.LOGEERZORG,
            municipality_id=None,
            nationwide=False,
        ),
    }


def test_fifteen_statements_in_the_three_parts_of_the_scale():
    assert len(STATEMENTS) == 15 and [len(items) for _title, items in PARTS] == [5, 5, 5]
    assert len(set(map(str, STATEMENTS))) == 15


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "geen"),
        (1, "licht"),
        (3, "licht"),
        (4, "matig"),
        (8, "matig"),
        (9, "zwaar"),
        (15, "zwaar"),
    ],
)
def test_bands_follow_the_scale(score, band):
    assert band_for(score).code == band
    assert [b.low for b in BANDS] == [0, 1, 4, 9]


def test_the_form_chooses_nothing_and_names_its_source(client):
    content = client.get(CHECK).content.decode()
    assert content.count('type="radio"') == 30 and " checked" not in content
    assert "De Boer, Oudijk, Timmermans en Pot (2012)" in content
    assert "geen diagnose" in content and "We bewaren uw antwoorden niet." in content


def test_anonymous_heavy_result_shows_local_help_and_stores_nothing(client, local_help):
    response = client.post(CHECK, all_answers(12))
    content = response.content.decode()
    assert response.status_code == 200
    assert "12 van de 15" in content and "zwaar" in content and "overbelast" in content
    assert "Hulp in Assen" in content
    for name in ("Respijt thuis Assen", "Steunpunt Mantelzorg Assen", "Alzheimercafé Assen"):
        assert name in content
    assert "Logeerhuis Groningen" not in content
    assert 'href="tel:+31592111222"' in content and 'href="tel:+31592333444"' in content
    assert "geen diagnose" in content
    assert SelfCheck.objects.count() == 0
    session = client.session
    assert not any("u1" in json.dumps(session.get(key, "")) for key in session.keys())  # noqa: SIM118 (a session is not iterable)
    assert mail.outbox == []


def test_light_result_does_not_push_respite(client, local_help):
    content = client.post(CHECK, all_answers(2)).content.decode()
    assert "2 van de 15" in content and "licht" in content
    assert "Steunpunt Mantelzorg Assen" in content and "Respijt thuis Assen" not in content


def test_without_a_place_national_help_and_a_way_to_find_local_help(client):
    content = client.post(CHECK, all_answers(5, where="")).content.decode()
    assert "Hulp in heel Nederland" in content and "met de postcode" in content


def test_missing_and_hostile_answers_get_dutch_errors_and_are_kept(client):
    data = all_answers(3, where="<script>alert(1)</script>")
    del data["u7"]
    data["u8"] = "2"
    response = client.post(CHECK, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Er is iets niet goed gegaan" in content
    assert (
        "Kies ja of nee bij uitspraak 7." in content
        and "Kies ja of nee bij uitspraak 8." in content
    )
    assert "<script>alert(1)</script>" not in content
    assert re.search(r'name="u1" value="1"[^>]* checked', content)  # what was chosen stays
    too_long = client.post(CHECK, all_answers(3, where="9" * 5000))
    assert (
        too_long.status_code == 200 and "Er is iets niet goed gegaan" in too_long.content.decode()
    )


def test_a_caregiver_keeps_dated_results_and_sees_them_over_time(client, caregiver, local_help):
    client.force_login(caregiver)
    first = client.post(CHECK, all_answers(5))
    saved = SelfCheck.objects.get()
    assert first["Location"] == saved.get_absolute_url()
    assert saved.score == 5 and saved.answers[:6] == [1, 1, 1, 1, 1, 0]
    client.post(CHECK, all_answers(10))
    result = client.get(SelfCheck.objects.last().get_absolute_url()).content.decode()
    assert "10 van de 15" in result and "Respijt thuis Assen" in result
    mine = client.get(MINE).content.decode()
    assert mine.count('class="chart__point"') == 2
    assert "<svg" in mine and 'role="img"' in mine
    assert "<td>5</td>" in mine and "<td>10</td>" in mine


def test_results_are_the_caregivers_own(client, caregiver):
    theirs = SelfCheckFactory(answers=[1] * 15)
    client.force_login(caregiver)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert "15 van de 15" not in client.get(MINE).content.decode()
    anonymous = client.__class__().get(theirs.get_absolute_url())
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]


@pytest.fixture
def contact_setup(caregiver, assen):
    anna = make_staff("anna@assen.example", ("GM0106", "consulent"))
    req = request_submit(
        caregiver=caregiver,
        municipality=assen,
        data={
            "relationship": "ouder",
            "age_group": "oudere",
            "situation": "dementie",
            "kinds": ["logeerzorg"],
            "urgency": "gepland",
            "contact_method": "email",
        },
    )
    ContactPerson.objects.create(caregiver=caregiver, municipality=assen, consultant=anna)
    SelfCheckFactory(caregiver=caregiver)  # 11 of 15
    return anna, req


def test_sharing_with_the_contact_person_is_by_consent_revocable_and_logged(
    client, caregiver, assen, contact_setup
):
    anna, req = contact_setup
    staff_url = reverse("werkbak:self_checks", args=[req.reference])
    as_anna = client.__class__()
    as_anna.force_login(anna)
    assert as_anna.get(staff_url).status_code == 404  # not shared yet
    assert (
        "Zelftests van de mantelzorger"
        not in as_anna.get(reverse("werkbak:request", args=[req.reference])).content.decode()
    )

    client.force_login(caregiver)
    page = client.get(MINE).content.decode()
    assert "kan uw zelftests nu niet zien" in page
    client.post(MINE, {"gemeente": assen.pk, "delen": "ja"})
    assert Sharing.objects.filter(caregiver=caregiver, revoked_at__isnull=True).count() == 1

    shown = as_anna.get(staff_url)
    assert shown.status_code == 200 and "<td>11</td>" in shown.content.decode()
    # Written for the consultant, not to the caregiver (a helper's walk read "Uw uitslagen").
    assert "Uitslagen van de mantelzorger" in shown.content.decode()
    assert "Uw uitslagen" not in shown.content.decode()
    assert SelfCheckAccess.objects.get().viewer == anna
    assert "anna@assen.example" in client.get(MINE).content.decode() or anna.get_full_name() in (
        client.get(MINE).content.decode()
    )

    client.post(MINE, {"gemeente": assen.pk, "delen": "nee"})
    assert as_anna.get(staff_url).status_code == 404
    assert mail.outbox == [] or all("11" not in m.body for m in mail.outbox)


def test_only_the_contact_person_may_see_shared_results(client, caregiver, assen, contact_setup):
    anna, req = contact_setup
    Sharing.objects.create(caregiver=caregiver, municipality=assen)
    url = reverse("werkbak:self_checks", args=[req.reference])
    expected = {
        "anonymous": 302,
        "caregiver": 403,
        "editor": 403,
        "colleague": 404,  # a consultant of Assen, but not this caregiver's contact person
        "elsewhere": 404,
        "superuser": 404,  # consent is for the contact person, not for everyone
        "contact": 200,
    }
    people = {
        "caregiver": caregiver,
        "editor": make_staff("redacteur@assen.example", ("GM0106", "redacteur")),
        "colleague": make_staff("bert@assen.example", ("GM0106", "consulent")),
        "elsewhere": make_staff("cor@md.example", ("GM1731", "consulent")),
        "superuser": make_staff("su@portaal.example", superuser=True),
        "contact": anna,
    }
    seen = {}
    for role in expected:
        visitor = client.__class__()
        if role != "anonymous":
            visitor.force_login(people[role])
        seen[role] = visitor.get(url).status_code
    assert seen == expected
    assert SelfCheckAccess.objects.count() == 1  # only the contact person's view


def test_a_caregiver_cannot_share_with_someone_who_is_not_their_contact(
    client, caregiver, groningen
):
    client.force_login(caregiver)
    client.post(MINE, {"gemeente": groningen.pk, "delen": "ja"})
    client.post(MINE, {"gemeente": "<x>", "delen": "ja"})
    assert Sharing.objects.count() == 0


def test_results_are_in_the_export_and_gone_with_the_account(client, caregiver, contact_setup):
    client.force_login(caregiver)
    data = json.loads(client.get(reverse("respite:my_data")).content)
    assert data["zelftests"][0]["score"] == 11 and len(data["zelftests"][0]["antwoorden"]) == 15
    client.post(reverse("respite:delete_account"), {"bevestig": "ja"})
    assert SelfCheck.objects.count() == 0 and Sharing.objects.count() == 0


def test_staff_do_the_check_without_it_being_stored(client, consultant):
    client.force_login(consultant)
    response = client.post(CHECK, all_answers(4))
    assert response.status_code == 200 and SelfCheck.objects.count() == 0


def test_the_chart_is_valid_svg_with_dots_not_commas(client, caregiver):
    """Dutch number formatting must not reach SVG coordinates ('93,7' is not a length)."""
    SelfCheckFactory(caregiver=caregiver, answers=[1] * 7 + [0] * 8)
    SelfCheckFactory(caregiver=caregiver, answers=[1] * 3 + [0] * 12)
    client.force_login(caregiver)
    content = client.get(MINE).content.decode()
    svg = content[content.index("<svg") : content.index("</svg>")]
    assert not re.search(r' (?:x|y|cx|cy|width|height)="[^"]*\d,\d', svg)
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    assert len(points) == 2 and all(re.fullmatch(r"[\d.]+,[\d.]+", p) for p in points)
    assert re.search(r'cy="\d+(\.\d+)?"', svg)
    assert " dec " in svg or " jan " in svg or re.search(r"\d [a-z]{3} \d{4}", svg)


def answers_in_parts(*yes_per_part: int) -> dict:
    """'ja' to the first n statements of each of the three parts."""
    data = {}
    for part, yes in enumerate(yes_per_part):
        for n in range(5):
            data[f"u{part * 5 + n + 1}"] = "1" if n < yes else "0"
    return {**data, "where": "9401"}


@pytest.mark.parametrize(
    "parts, first",
    [
        ((5, 0, 0), "Even vrij: iemand neemt de zorg over"),
        ((0, 5, 1), "Hulp bij het huishouden en het regelwerk"),
        ((1, 0, 5), "Advies en een luisterend oor"),
    ],
)
def test_the_result_leads_with_the_help_the_answers_point_to(client, demo_catalogue, parts, first):
    content = client.post(CHECK, answers_in_parts(*parts)).content.decode()
    headings = re.findall(r'<section class="help-group">\s*<h3>([^<]+)</h3>', content)
    assert headings[0] == first, headings
    assert f"Uw antwoorden wijzen vooral op: {first.lower()}" in content


def test_no_help_for_a_group_the_caregiver_never_mentioned(client, demo_catalogue):
    """Young carers' club and the NAH group came up for everyone in Assen."""
    content = client.post(CHECK, answers_in_parts(2, 5, 5)).content.decode()
    assert "Mantelzorgcafé Assen" in content  # for everyone
    assert "Lotgenotengroep NAH" not in content
    # The young carers' club is not help the answers point to: it is asked about apart.
    groups = [part.split("</section>")[0] for part in content.split('<section class="help-group">')]
    assert len(groups) > 1 and not any("JMZ-club" in group for group in groups[1:])


def test_a_young_carer_is_asked_apart_and_finds_help_made_for_young_carers(client, demo_catalogue):
    """Journey 4: a 15-year-old in Assen. The statements cannot tell a carer's age, so the
    result asks; a walk saw only help for adults (blokzorg, dagbesteding, the Wmo-loket)."""
    content = client.post(CHECK, answers_in_parts(5, 5, 0)).content.decode()
    young = content.split('aria-labelledby="jonge-mantelzorgers"')[1].split("</section>")[0]
    assert "Ben je jonger dan 25 en zorg je voor iemand?" in young
    # Far down on a phone, after the adults' help: a link at the top leads there.
    top = content.split('<section class="help-group">')[0]
    assert '<a href="#jonge-mantelzorgers">Ben je jonger dan 25?' in top
    assert "JMZ-club" in young
    assert young.count('class="card"') == young.count('name="aanbod"') >= 1  # can be kept
    # Where no help for young carers serves the place, the question is not asked.
    elsewhere = client.post(CHECK, {**answers_in_parts(5, 5, 0), "where": "1011"})
    assert "jonge-mantelzorgers" not in elsewhere.content.decode()
