"""The earliest real date (issue 25.3), against a table of lead times, notice periods, free
nights and yearly caps; on the offer page and the request's check step."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.choices import Kind
from directory.earliest import earliest_start
from directory.models import Municipality, NightCapacity
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 1)  # a Monday


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


# talk, decision, urgent, notice, free nights (days from today, one place each; None: the
# house keeps no grid), cap, used this year -> earliest (days from today; None: no date)
CASES = [
    # The municipality's lead times alone (no grid): 10 + 14 days.
    (10, 14, False, 0, None, None, 0, 24),
    # Spoed: the urgent lead time only, and no notice period.
    (10, 14, True, 42, None, None, 0, 1),
    # The house's notice period (counted from today) is longer than the lead times.
    (10, 14, False, 42, None, None, 0, 42),
    # The first free night after that.
    (10, 14, False, 42, [30, 41, 45, 50], None, 0, 45),
    # A notice period shorter than the lead times: the decision decides.
    (10, 14, False, 7, None, None, 0, 24),
    (10, 14, False, 0, [20, 24, 30], None, 0, 24),
    # No free night in the weeks the house keeps: no date, and it says so.
    (10, 14, False, 42, [3, 10], None, 0, None),
    # Nights left this year: unchanged; none left: the first of January.
    (10, 14, False, 0, [30], 28, 27, 30),
    (10, 14, False, 0, [30], 28, 28, "next year"),
]


@pytest.mark.parametrize("talk, decision, urgent, notice, free, cap, used, expected", CASES)
def test_the_earliest_date_from_every_step(
    assen, talk, decision, urgent, notice, free, cap, used, expected
):
    assen.days_to_talk, assen.days_to_decision, assen.urgent_days = talk, decision, 1
    house = OfferFactory(kind=Kind.LOGEERZORG, notice_days=notice, nights_per_year=cap)
    for offset in free or []:
        NightCapacity.objects.create(offer=house, night=day(offset), places=1)
    if free:  # a full night before each free one: the grid is kept, that night is taken
        for offset in free:
            NightCapacity.objects.get_or_create(
                offer=house, night=day(offset - 1), defaults={"places": 1, "reserved": 1}
            )
    result = earliest_start(
        today=TODAY,
        municipality=assen,
        offer=house,
        urgent=urgent,
        nights_used={TODAY.year: used} if cap else None,
    )
    if expected is None:
        assert result.day is None
        assert "geen nacht vrij" in result.steps[-1].text
        assert "geen datum" in result.sentence
    elif expected == "next year":
        assert result.day == date(2028, 1, 1)
        assert "al 28 logeernachten gehad" in result.steps[-1].text
    else:
        assert result.day == day(expected)
        assert result.sentence.startswith("Als u vandaag aanvraagt, kan het op zijn vroegst")
    assert all(step.text for step in result.steps)


def test_without_a_house_only_the_municipality_counts(assen):
    result = earliest_start(today=TODAY, municipality=assen)
    # 14 days: Monday 15 March; 14 more: Monday 29 March is Easter Monday, so Tuesday.
    assert result.day == day(assen.days_to_talk + assen.days_to_decision + 1)
    assert [step.day for step in result.steps] == [day(14), day(29)]


def test_a_talk_or_decision_never_falls_on_a_weekend_or_holiday(assen):
    """A walk saw a talk and a decision 'rond zondag …'."""
    assen.days_to_talk, assen.days_to_decision = 5, 21  # Saturday 6 March, then Easter Monday
    result = earliest_start(today=TODAY, municipality=assen)
    assert [step.day for step in result.steps] == [date(2027, 3, 8), date(2027, 3, 30)]
    assert "maandag 8 maart 2027" in result.steps[0].text


def test_the_notice_period_says_it_counts_from_today(assen):
    house = OfferFactory(kind=Kind.LOGEERZORG, notice_days=7)
    result = earliest_start(today=TODAY, municipality=assen, offer=house)
    assert "telt vanaf vandaag" in result.steps[2].text
    assert "vóór het besluit, dus het besluit telt" in result.steps[2].text


def test_the_offer_page_gives_the_sentence_and_how_it_was_computed(client, demo_catalogue):
    from django.utils.formats import date_format

    from directory.models import Offer

    linde = Offer.objects.get(name="Logeerhuis De Linde")
    md = Municipality.objects.get(code="GM1731")
    md.days_to_talk = 5  # Midden-Drenthe talks sooner than Assen, the house's owner
    md.save()
    page = client.get(linde.get_absolute_url()).content.decode()
    assert "Als u vandaag aanvraagt, kan het op zijn vroegst vanaf" in page
    assert "minstens 6 weken van tevoren" in page
    # One sentence per municipality the house serves, each with its own lead times.
    for municipality in (linde.municipality, md):
        anchor = f"vroegst-uitleg-{municipality.pk}"
        assert f'<a href="#{anchor}">Zo rekenen we dat uit</a>' in page
        assert f'id="{anchor}"' in page
        assert f"Woont uw naaste in {municipality.name}?" in page
        expected = earliest_start(
            today=timezone.localdate(), municipality=municipality, offer=linde
        )
        assert date_format(expected.day, "l j F Y") in page
    assert "De gemeente Midden-Drenthe heeft meestal binnen 5 dagen" in page
    cafe = Offer.objects.filter(kind=Kind.LOTGENOTEN).first()
    assert "op zijn vroegst" not in client.get(cafe.get_absolute_url()).content.decode()


def test_the_check_step_gives_it_with_or_without_an_offer(client, demo_catalogue):
    from tests.factories import CaregiverFactory
    from tests.respite.test_requests import answers, check_url, fill_in

    client.force_login(CaregiverFactory())
    fill_in(client, answers(kinds=["logeerzorg"]))
    page = client.get(check_url()).content.decode()
    md = Municipality.objects.get(code="GM1731")
    assert "Als u vandaag aanvraagt, kan het op zijn vroegst vanaf" in page
    assert f"De gemeente Midden-Drenthe heeft meestal binnen {md.days_to_talk} dagen" in page


def test_the_editor_sets_the_lead_times(client, midden_drenthe):
    from django.urls import reverse

    from accounts.choices import RoleKind
    from tests.factories import StaffFactory

    client.force_login(StaffFactory(roles=[("GM1731", RoleKind.EDITOR)]))
    url = reverse("beheer:loket_edit", args=["midden-drenthe"])
    base = {"loket_phone": "0593 539 222", "loket_hours": "Werkdagen 9 tot 17 uur"}
    page = client.post(url, {**base, "days_to_decision": "30"}).content.decode()
    assert "Zorg ervoor dat deze waarde hoogstens 14 is" in page
    page = client.post(url, {**base, "days_to_talk": "veel"}).content.decode()
    assert "Voer een geheel getal in" in page
    client.post(url, {**base, "days_to_talk": "7", "days_to_decision": "10", "urgent_days": "0"})
    midden_drenthe.refresh_from_db()
    assert (midden_drenthe.days_to_talk, midden_drenthe.days_to_decision) == (7, 10)
    assert midden_drenthe.urgent_days == 0
    assert earliest_start(today=TODAY, municipality=midden_drenthe).day == day(17)


def test_the_check_step_gives_it_when_started_from_an_offer_with_dates(client, demo_catalogue):
    """A walk found the sentence empty when the request came from an offer and had dates."""
    from directory.models import Offer
    from tests.factories import CaregiverFactory
    from tests.respite.test_requests import answers, check_url, fill_in

    client.force_login(CaregiverFactory())
    linde = Offer.objects.get(name="Logeerhuis De Linde")
    client.get(reverse("respite:request_start"), {"aanbod": linde.pk})
    start = timezone.localdate() + timedelta(days=5)  # inside the notice period
    fill_in(client, answers(kinds=["logeerzorg"], start_date=start.isoformat()))
    page = client.get(check_url()).content.decode()
    assert "Let op: voor Logeerhuis De Linde meldt u zich" in page
    assert "Als u vandaag aanvraagt, kan het op zijn vroegst vanaf" in page
    assert "Logeerhuis De Linde wil minstens 6 weken van tevoren" in page


def test_a_crisis_place_asked_with_spoed_can_be_today(assen):
    bed = OfferFactory(kind=Kind.LOGEERZORG, crisis=True, planned=False, notice_days=0)
    result = earliest_start(today=TODAY, municipality=assen, offer=bed, urgent=True)
    assert result.day == TODAY
    assert result.sentence == "Als u vandaag aanvraagt, kan het vandaag nog."
    planned = earliest_start(today=TODAY, municipality=assen, offer=bed, urgent=False)
    assert planned.day > TODAY


def test_spoed_without_a_house_points_to_a_crisis_place_the_same_day(demo_catalogue):
    """A walk: an urgent request's check step said 'vanaf maandag' while the crisis bed can
    take someone tonight."""
    from directory.models import Municipality

    md = Municipality.objects.get(slug="midden-drenthe")
    result = earliest_start(today=TODAY, municipality=md, urgent=True)
    assert "Bel dan een crisisplek: die is er dezelfde dag" in result.steps[-1].text


def test_the_notice_period_of_help_at_home_speaks_of_the_provider_not_a_house(assen):
    """A walk: 'u mag het huis al bellen' for blokzorg at home, where there is no house."""
    home = OfferFactory(kind=Kind.RESPIJTZORG_THUIS, notice_days=7)
    words = earliest_start(today=TODAY, municipality=assen, offer=home).steps[2].text
    assert "u mag de aanbieder al bellen" in words and "het huis" not in words
