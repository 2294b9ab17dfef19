"""The request form in steps (issue 11): one topic per page, only what applies, nothing lost."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from respite import steps
from respite.models import RespiteRequest
from tests.conftest import make_staff
from tests.respite.test_requests import answers, check_url, fill_in, start, step_url, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, midden_drenthe):
    client.force_login(User.objects.create_user(username="z@example.org", email="z@example.org"))
    client.get(reverse("respite:request_start"))  # a draft to fill in
    return client


def visited_steps(client, data) -> list[str]:
    """The slugs of the pages a caregiver sees for these answers, in order."""
    seen, url = [], start(client)
    while "/stap/" in url:
        slug = url.split("/stap/")[1].split("/")[0]
        seen.append(slug)
        response = client.post(
            url, {k: v for k, v in data.items() if k in steps.BY_SLUG[slug].fields}
        )
        assert response.status_code == 302, response.content.decode()
        url = response["Location"]
    assert url == check_url()
    return seen


def test_the_longest_path_asks_at_most_twelve_questions(signed_in):
    longest = answers(
        urgency="spoed",
        urgent_reason="Ik word opgenomen.",
        kinds=["logeerzorg"],
        contact_method="telefoon",
        phone="0612345678",
    )
    seen = visited_steps(signed_in, longest)
    assert "spoed" in seen and "logeren" in seen
    questions = sum(len(steps.BY_SLUG[slug].questions) for slug in seen)
    assert questions == 12
    assert all(step.questions and len(step.questions) <= 3 for step in steps.STEPS)


def test_questions_that_do_not_apply_are_not_asked(signed_in):
    seen = visited_steps(signed_in, answers())  # planned, help at night/weekend, no logeren
    assert "spoed" not in seen and "logeren" not in seen
    assert signed_in.get(step_url("spoed")).status_code == 404
    assert signed_in.get(step_url("logeren")).status_code == 404
    content = signed_in.get(check_url()).content.decode()
    assert "Waarom is het dringend" not in content and "logeren" not in content.lower()


def test_every_page_says_why_and_offers_a_way_back(signed_in):
    url = start(signed_in)
    first = signed_in.get(url).content.decode()
    assert first.count("Waarom vragen we dit?") == 3
    assert "Terug" not in first  # nothing before the first step
    assert "stap 1 van" in first
    fill_in(signed_in, answers())
    later = signed_in.get(step_url("hulp")).content.decode()
    assert f'href="{step_url("woonplaats")}"' in later
    assert re.search(r'value="nacht_weekend"[^>]* checked', later)  # the answer is kept


def test_no_radio_is_chosen_before_the_caregiver_chooses(signed_in):
    for step in steps.STEPS[:4]:
        content = signed_in.get(step_url(step.slug)).content.decode()
        assert " checked" not in content, step.slug


def test_a_skipped_required_question_gives_a_dutch_error_and_keeps_the_rest(signed_in):
    response = signed_in.post(step_url("naaste"), {"relationship": "ouder"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kies de leeftijd van uw naaste." in content and "Kies wat het best past." in content
    assert re.search(r'value="ouder"[^>]* checked', content)


def test_the_check_page_writes_dates_out_and_shows_labels_not_codes(signed_in):
    start = timezone.localdate() + timedelta(days=40)
    end = start + timedelta(days=2)
    fill_in(
        signed_in,
        answers(
            start_date=start.isoformat(),
            end_date=end.isoformat(),
            kinds=["nacht_weekend", "logeerzorg"],
            settling_in="on",
        ),
    )
    content = signed_in.get(check_url()).content.decode()
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    written = lambda d: f"{d.day} {months[d.month - 1]} {d.year}"  # noqa: E731
    assert f"Van {written(start)} tot en met {written(end)}" in content
    assert start.isoformat() not in content
    assert "Nacht- en weekendzorg" in content and "nacht_weekend" not in content
    assert "Eerst wennen" in content or "eerst wennen" in content.lower()
    assert "Midden-Drenthe" in content


def test_a_change_from_the_check_page_returns_there_via_a_question_that_now_applies(signed_in):
    fill_in(signed_in, answers())
    response = signed_in.post(step_url("hoe-snel") + "?wijzigen=1", {"urgency": "spoed"})
    assert response["Location"] == step_url("spoed") + "?wijzigen=1"
    response = signed_in.post(response["Location"], {"urgent_reason": "Ik ben ziek."})
    assert response["Location"] == check_url()
    # And back to 'gepland': the reason no longer applies and is not kept or sent.
    signed_in.post(step_url("hoe-snel") + "?wijzigen=1", {"urgency": "gepland"})
    assert "Ik ben ziek." not in signed_in.get(check_url()).content.decode()
    signed_in.post(check_url())
    assert RespiteRequest.objects.get().urgent_reason == ""


def test_the_check_page_sends_a_caregiver_to_a_step_that_was_skipped(signed_in):
    signed_in.post(
        step_url("naaste"),
        {"relationship": "ouder", "age_group": "oudere", "situation": "dementie"},
    )
    response = signed_in.get(check_url())
    assert response["Location"] == step_url("woonplaats")
    assert RespiteRequest.objects.count() == 0


def test_hostile_and_oversized_answers_get_a_dutch_message(signed_in):
    for slug, data in [
        ("naaste", {"relationship": "<script>", "age_group": "x" * 5000, "situation": "\x00"}),
        ("woonplaats", {"where": "x" * 500}),
        ("hulp", {"kinds": ["geen_soort"]}),
        ("wanneer", {"start_date": "31-02-2027", "end_date": "9999-99-99"}),
        ("contact", {"contact_method": "telefoon", "phone": ""}),
        ("contact", {"contact_method": "telefoon", "phone": "test"}),  # was taken
        ("contact", {"contact_method": "email", "phone": "<b>bel</b>" * 3}),
    ]:
        response = signed_in.post(step_url(slug), data)
        assert response.status_code == 200, slug
        assert "Er is iets niet goed gegaan" in response.content.decode(), slug
    assert signed_in.get(step_url("bestaat-niet")).status_code == 404


def test_a_full_walk_sends_one_request_with_the_answers(signed_in, midden_drenthe):
    submit(signed_in, start_date=(date.today() + timedelta(days=20)).isoformat())
    req = RespiteRequest.objects.get()
    assert req.municipality == midden_drenthe and req.weekend and req.kinds == ["nacht_weekend"]


def test_the_situation_question_is_about_the_naaste_not_the_carer(signed_in):
    content = signed_in.get(step_url("naaste")).content.decode()
    assert "Dementie" in content
    assert "Jonge mantelzorgers" not in content and "Werkende mantelzorgers" not in content
    response = signed_in.post(
        step_url("naaste"),
        {"relationship": "ouder", "age_group": "oudere", "situation": "jonge_mantelzorgers"},
    )
    assert (
        response.status_code == 200 and "Er is iets niet goed gegaan" in response.content.decode()
    )


def test_the_days_and_how_long_each_time_go_from_the_form_to_the_consultant(signed_in):
    """Journey 2: 'on Tuesday evenings, for 3 to 4 hours' had only the free text to go in."""
    content = signed_in.get(step_url("wanneer")).content.decode()
    assert "Op welke dagen?" in content and "Hoe lang per keer?" in content
    assert " checked" not in content  # no day and no duration chosen for the caregiver
    response = submit(
        signed_in,
        kinds=["respijtzorg_thuis"],
        weekend=None,
        at_home="on",
        evening="on",
        weekdays=["di"],
        duration="3_tot_4_uur",
    )
    req = RespiteRequest.objects.get()
    assert req.weekdays == ["di"] and req.duration == "3_tot_4_uur"
    page = signed_in.get(req.get_absolute_url()).content.decode()
    assert "bij mijn naaste thuis, &#x27;s avonds, dinsdag, 3 tot 4 uur per keer" in page
    consultant = make_staff("anna@middendrenthe.example", ("GM1731", "consulent"))
    signed_in.force_login(consultant)
    page = signed_in.get(reverse("werkbak:request", args=[req.reference])).content.decode()
    assert "dinsdag, 3 tot 4 uur per keer" in page
    assert response.status_code == 200


def test_the_check_page_says_the_days_and_how_long(signed_in):
    fill_in(signed_in, answers(weekdays=["di", "do"], duration="4_tot_8_uur"))
    content = signed_in.get(check_url()).content.decode()
    assert "dinsdag, donderdag" in content and "4 tot 8 uur (een dagdeel of een dag)" in content
    assert "3_tot" not in content and '"di"' not in content.split("<main")[1]


def test_days_and_duration_that_are_not_in_the_list_get_a_dutch_message(signed_in):
    response = signed_in.post(
        step_url("wanneer"), {"weekdays": ["maandagavond", "di"], "duration": "<script>"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kies dagen uit de lijst, of geen." in content
    assert "Kies hoe lang per keer, of niets." in content
    assert "<script>" not in content
    assert re.search(r'value="di"[^>]* checked', content)  # what was right is kept
