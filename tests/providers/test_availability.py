"""Providers keep availability current; the public sees it with its date (issue 9)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from directory.models import Availability, AvailabilityChange, NightCapacity, Offer
from directory.services import CatalogueError, availability_update
from providers.forms import NightGridForm
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


def url(offer) -> str:
    return reverse("providers:availability", args=[offer.pk])


def night_key(night) -> str:
    return "nacht-" + NightGridForm.name_for(night)


def test_provider_sets_a_waiting_list_and_the_public_sees_it_dated(client, logeerhuis, linde_staff):
    client.force_login(linde_staff)
    response = client.post(
        url(logeerhuis), {"plek-state": "wachtlijst", "plek-expected_weeks": "6"}
    )
    assert response.status_code == 302
    availability = Availability.objects.get(offer=logeerhuis)
    assert availability.state == "wachtlijst" and availability.confirmed_by == linde_staff
    change = AvailabilityChange.objects.get(offer=logeerhuis)
    assert change.user == linde_staff and "Wachtlijst" in change.what

    client.logout()
    page = client.get(logeerhuis.get_absolute_url()).content.decode()
    assert "Wachtlijst: ongeveer 6 weken" in page and "bijgewerkt vandaag" in page
    assert "Hoogstens 28 nachten per jaar." in page
    listing = client.get("/gemeenten/assen/").content.decode()
    assert "Wachtlijst: ongeveer 6 weken" in listing


def test_free_from_a_date_reads_plek_vrij_vanaf(client, logeerhuis, linde_staff):
    later = timezone.localdate() + timedelta(days=20)
    availability_update(
        offer=logeerhuis, user=linde_staff, data={"state": "plek_vrij", "free_from": later}
    )
    page = client.get(logeerhuis.get_absolute_url()).content.decode()
    assert f"Plek vrij vanaf {later.day} " in page


def test_availability_older_than_14_days_is_shown_as_unknown(client, logeerhuis, linde_staff):
    availability_update(offer=logeerhuis, user=linde_staff, data={"state": "plek_vrij"})
    Availability.objects.filter(offer=logeerhuis).update(
        confirmed_at=timezone.now() - timedelta(days=15)
    )
    page = client.get(logeerhuis.get_absolute_url()).content.decode()
    assert "Nu plek vrij" not in page
    assert "Of er nu plek is, weten we niet." in page
    # Never set at all: the same honest answer.
    other = OfferFactory()
    assert (
        "Of er nu plek is, weten we niet." in client.get(other.get_absolute_url()).content.decode()
    )


def test_nights_grid_saves_places_and_the_offer_page_lists_free_nights(
    client, logeerhuis, linde_staff
):
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    client.force_login(linde_staff)
    page = client.get(url(logeerhuis)).content.decode()
    assert "Vrije plaatsen per nacht" in page and page.count('class="input--night"') >= 78
    response = client.post(
        url(logeerhuis),
        {
            "plek-state": "plek_vrij",
            night_key(saturday): "2",
            night_key(saturday + timedelta(1)): "1",
        },
    )
    assert response.status_code == 302
    assert {n.night: n.places for n in NightCapacity.objects.filter(offer=logeerhuis)} == {
        saturday: 2,
        saturday + timedelta(1): 1,
    }
    client.logout()
    page = client.get(logeerhuis.get_absolute_url()).content.decode()
    assert "Eerstvolgende nachten met een vrije logeerplek" in page


def test_a_night_cannot_go_below_what_is_reserved(client, logeerhuis, linde_staff):
    night = timezone.localdate() + timedelta(days=3)
    NightCapacity.objects.create(offer=logeerhuis, night=night, places=2, reserved=2)
    client.force_login(linde_staff)
    # The grid says how many places are taken that night (a helper's walk saw only "2").
    grid = client.get(url(logeerhuis)).content.decode()
    hint = f'id="bezet-{night_key(night)}"'
    assert f'aria-describedby="bezet-{night_key(night)}"' in grid and hint in grid
    assert "2 bezet" in grid.split(hint)[1][:40]
    response = client.post(url(logeerhuis), {"plek-state": "vol", night_key(night): "1"})
    assert response.status_code == 200
    assert "Er zijn al 2 plaatsen gereserveerd." in response.content.decode()
    assert NightCapacity.objects.get(offer=logeerhuis, night=night).places == 2
    with pytest.raises(CatalogueError):
        availability_update(
            offer=logeerhuis, user=linde_staff, data={"state": "vol"}, nights={night: 1}
        )
    assert not Availability.objects.filter(offer=logeerhuis).exists()  # all or nothing


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "plek-state", "Kies hoe het ervoor staat."),
        ({"plek-state": "wachtlijst"}, "plek-expected_weeks", "Vul in hoeveel weken"),
        (
            {"plek-state": "plek_vrij", "plek-free_from": "2020-01-01"},
            "plek-free_from",
            "Deze datum is al geweest.",
        ),
        (
            {"plek-state": "plek_vrij", "plek-available": "5", "plek-maximum": "3"},
            "plek-available",
            "niet meer plaatsen vrij zijn dan er zijn",
        ),
        ({"plek-state": "plek_vrij", "plek-free_from": "morgen"}, "plek-free_from", "datum"),
        ({"plek-state": "onzin"}, "plek-state", "Selecteer een geldige keuze"),
        ({"plek-state": "vol", "plek-maximum": "9" * 30}, "plek-maximum", ""),
        ({"plek-state": "vol", "nacht-n20991231": "3"}, None, ""),  # not a night of the grid
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(
    client, logeerhuis, linde_staff, data, field, message
):
    client.force_login(linde_staff)
    data = {**data, "plek-note": "<script>alert(1)</script>"}
    response = client.post(url(logeerhuis), data)
    content = response.content.decode()
    if field is None:
        assert response.status_code == 302  # unknown fields are ignored
        return
    assert response.status_code == 200
    assert message in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script>alert" not in content
    assert not Availability.objects.filter(offer=logeerhuis).exists()


def test_filter_free_within_weeks(client, assen, linde_staff, logeerhuis):
    today = timezone.localdate()
    free_now = OfferFactory(name="Nu vrij")
    waiting = OfferFactory(name="Drie weken wachten")
    stale = OfferFactory(name="Oud nieuws")
    OfferFactory(name="Niets bekend")
    availability_update(offer=free_now, user=linde_staff, data={"state": "plek_vrij"})
    availability_update(
        offer=waiting, user=linde_staff, data={"state": "wachtlijst", "expected_weeks": 3}
    )
    availability_update(offer=stale, user=linde_staff, data={"state": "plek_vrij"})
    Availability.objects.filter(offer=stale).update(confirmed_at=timezone.now() - timedelta(20))
    availability_update(
        offer=logeerhuis,
        user=linde_staff,
        data={"state": "vol"},
        nights={today + timedelta(days=10): 1},
    )

    def names(weeks: str) -> set[str]:
        response = client.get("/gemeenten/assen/", {"plek": weeks})
        return {o.name for o in response.context["page"].object_list}

    assert names("0") == {"Nu vrij"}
    assert names("2") == {"Nu vrij", "Logeerhuis De Linde"}
    assert names("4") == {"Nu vrij", "Drie weken wachten", "Logeerhuis De Linde"}
    assert set(Offer.objects.free_within(8).values_list("name", flat=True)) == names("8")
    assert client.get("/gemeenten/assen/", {"plek": "99"}).status_code == 200  # bad value: message


@pytest.mark.parametrize(
    "notice_days, closed_offset, shown_offsets",
    [
        (None, None, [3, 10, 17]),
        (7, None, [10, 17]),  # nothing inside the notice period: nobody can book it
        (None, 10, [3, 17]),  # not on a day the house is closed
        (7, 17, [10]),
    ],
)
def test_free_nights_are_never_in_the_notice_period_or_on_a_closed_day(
    client, logeerhuis, linde_staff, notice_days, closed_offset, shown_offsets
):
    from directory.models import OpeningException
    from directory.nights import free_nights
    from tests.directory.factories import LocationFactory

    today = timezone.localdate()
    logeerhuis.notice_days = notice_days
    logeerhuis.save()
    house = LocationFactory(provider=logeerhuis.provider, name="Het huis")
    logeerhuis.locations.add(house)
    availability_update(
        offer=logeerhuis,
        user=linde_staff,
        data={"state": "plek_vrij"},
        nights={today + timedelta(days=n): 1 for n in (3, 10, 17)},
    )
    if closed_offset is not None:
        OpeningException.objects.create(
            location=house, date=today + timedelta(days=closed_offset), reason="Kerst"
        )
    nights = [row.night for row in free_nights(logeerhuis, today)]
    assert nights == [today + timedelta(days=n) for n in shown_offsets]
    page = client.get(logeerhuis.get_absolute_url()).content.decode()
    for n in (3, 10, 17):
        shown = date_format(today + timedelta(days=n), "D j b")
        assert (f"<li>{shown}: 1 plek</li>" in page) is (n in shown_offsets)


def test_filling_every_night_of_the_grid_is_saved_with_a_history_line_that_fits(
    client, logeerhuis, linde_staff
):
    """80 nights at once answered 500 on PostgreSQL: the history line was over 500 chars."""
    client.force_login(linde_staff)
    from providers.forms import night_weeks

    today = timezone.localdate()
    # Every night the grid shows from today: 78 to 84 of them, by the day of the week (the
    # test used 80 from today, which ran past the grid's end on Saturdays and Sundays).
    shown = [night for week in night_weeks(today) for night in week if night >= today]
    assert len(shown) >= 78
    nights = {night: 1 + n % 3 for n, night in enumerate(shown)}
    data = {"plek-state": "plek_vrij", **{night_key(n): str(p) for n, p in nights.items()}}
    response = client.post(url(logeerhuis), data)
    assert response.status_code == 302
    assert NightCapacity.objects.filter(offer=logeerhuis).count() == len(shown)
    line = AvailabilityChange.objects.filter(offer=logeerhuis).order_by("-at", "-pk")[0].what
    assert len(line) <= AvailabilityChange._meta.get_field("what").max_length
    assert f"{len(shown)} nachten" in line
