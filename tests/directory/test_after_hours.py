"""Help when the loket is closed (issue 25.4): each municipality keeps an out-of-hours number
with when it applies; every page that gives the loket number gives it too; the spoed step
says whom to call now; the crisis bed's page says how to get it at night."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.choices import RoleKind
from directory.models import Municipality, Offer
from tests.factories import CaregiverFactory, StaffFactory
from tests.respite.test_requests import answers, fill_in, step_url

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    "moment, is_open",
    [
        ("2026-12-07 10:00", True),  # a Monday
        ("2026-12-07 08:59", False),
        ("2026-12-07 09:00", True),
        ("2026-12-07 16:59", True),
        ("2026-12-07 17:00", False),  # closes at five
        ("2026-12-05 11:00", False),  # Saturday
        ("2026-12-06 11:00", False),  # Sunday
        ("2026-04-27 11:00", False),  # Koningsdag, a Monday
        ("2026-04-06 11:00", False),  # Tweede paasdag
        ("2026-05-14 11:00", False),  # Hemelvaartsdag
        ("2026-12-25 11:00", False),  # Eerste kerstdag
        ("2026-12-24 11:00", True),  # Christmas Eve is a working day
    ],
)
def test_whether_the_loket_is_open(moment, is_open):
    municipality = Municipality(loket_opens=time(9), loket_closes=time(17))
    assert municipality.loket_is_open(at(moment)) is is_open


def test_every_page_with_the_loket_number_gives_the_number_for_when_it_is_closed(
    client, demo_catalogue
):
    page = client.get(reverse("directory:municipality", args=["midden-drenthe"])).content.decode()
    assert "Buiten die tijden, als het niet kan wachten: Spoedlijn zorg Drenthe" in page
    assert '<a href="tel:+31592700900">0592 700 900</a>' in page
    assert "in het weekend en op feestdagen" in page
    # Also at the top, in the panel for help tonight (a walk found it far down at 320 px).
    urgent = page.split('aria-labelledby="spoed-titel"', 1)[1].split("</section>", 1)[0]
    assert "Is het Wmo-loket dicht" in urgent and "tel:+31592700900" in urgent
    printed = client.get(reverse("directory:municipality_print", args=["midden-drenthe"]))
    assert "Spoedlijn zorg Drenthe" in printed.content.decode()


def test_the_crisis_bed_says_how_to_get_it_at_night(client, demo_catalogue):
    bed = Offer.objects.get(name="Crisisbed voor een nacht")
    page = client.get(bed.get_absolute_url()).content.decode()
    assert "<h3>'s Nachts of in het weekend</h3>" in page
    assert "Bel Spoedlijn zorg Drenthe" in page and "tel:+31592700900" in page
    assert 'Is er levensgevaar? Bel <a href="tel:112">112</a>.' in page
    planned = Offer.objects.filter(crisis=False).first()
    assert "Spoedlijn" not in client.get(planned.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "moment, says",
    [
        ("2026-12-05 23:00", "Het Wmo-loket van Midden-Drenthe is nu dicht. Bel Spoedlijn"),
        ("2026-12-07 10:00", "Het Wmo-loket van Midden-Drenthe is nu open"),
    ],
)
def test_the_spoed_step_says_whom_to_call_now(client, demo_catalogue, monkeypatch, moment, says):
    client.force_login(CaregiverFactory())
    data = answers(urgency="spoed", urgent_reason="")
    page = fill_in(client, data)  # stops at the spoed step: its reason is missing
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(moment))
    page = client.get(step_url("spoed")).content.decode()
    assert says in page, page
    assert 'Is er levensgevaar? Bel <a href="tel:112">112</a>.' in page
    # The crisis bed serving the place, with its number, marked as demo like the rest.
    assert "Crisisbed voor een nacht" in page and "badge--demo" in page


def test_the_editor_keeps_the_hours_and_the_number_for_when_the_loket_is_closed(
    client, midden_drenthe
):
    editor = StaffFactory(roles=[("GM1731", RoleKind.EDITOR)])
    client.force_login(editor)
    url = reverse("beheer:loket_edit", args=["midden-drenthe"])
    base = {"loket_phone": "0593 539 222", "loket_hours": "Werkdagen 8.30 tot 12.30 uur"}
    page = client.post(
        url, {**base, "after_hours_phone": "0900 112 0 112", "loket_opens": "12:30"}
    ).content.decode()
    assert "Schrijf wie mensen op dit nummer bellen" in page
    page = client.post(
        url, {**base, "loket_opens": "12:30", "loket_closes": "08:30"}
    ).content.decode()
    assert "later dicht gaan dan het open gaat" in page
    page = client.post(url, {**base, "loket_opens": "half negen"}).content.decode()
    assert "Vul een tijd in, zoals 09:00" in page and "Werkdagen 8.30 tot 12.30 uur" in page
    response = client.post(
        url,
        {
            **base,
            "loket_opens": "08:30",
            "loket_closes": "12:30",
            "after_hours_name": "Huisartsenpost Drenthe",
            "after_hours_phone": "0900 112 0 112",
            "after_hours_when": "'s avonds, 's nachts en in het weekend",
        },
    )
    assert response.status_code == 302
    midden_drenthe.refresh_from_db()
    assert midden_drenthe.loket_opens == time(8, 30) and midden_drenthe.loket_closes == time(12, 30)
    assert midden_drenthe.after_hours_name == "Huisartsenpost Drenthe"
    assert not midden_drenthe.loket_is_open(at("2026-12-07 13:00"))


def test_a_sent_urgent_request_keeps_whom_to_call_now(client, demo_catalogue):
    """A walk: once the urgent request was sent, its page no longer named the crisis bed."""
    from respite.choices import Urgency
    from tests.factories import RespiteRequestFactory

    caregiver = CaregiverFactory()
    md = Municipality.objects.get(slug="midden-drenthe")
    urgent = RespiteRequestFactory(caregiver=caregiver, municipality=md, urgency=Urgency.URGENT)
    planned = RespiteRequestFactory(caregiver=caregiver, municipality=md)
    client.force_login(caregiver)
    page = client.get(urgent.get_absolute_url()).content.decode()
    assert "Moet er nu iemand komen? Bel dan meteen" in page and "Crisisbed voor een nacht" in page
    page = client.get(planned.get_absolute_url()).content.decode()
    assert "Moet er nu iemand komen?" not in page
