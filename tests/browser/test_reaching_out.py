"""Issue 26's Done-when, in a browser on the demo catalogue: the letters by post as one PDF,
news followed and ended from the mail, and the bewaarlijst sent on with nothing kept."""

import io
from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from directory.models import LetterBatch, Offer, Subscription
from directory.news import news_send
from tests.browser.checks import PageChecks, follow
from tests.browser.test_consultant_flow import browser_as
from tests.conftest import make_staff
from tests.directory.test_letters import LIST, MM, name_position
from tests.selfcheck.test_send_list import _rows_holding


def test_an_editor_makes_three_letters_in_one_pdf(site, browser, tmp_path):
    editor = make_staff("redacteur@middendrenthe.example", ("GM1731", "redacteur"))
    context = browser_as(browser, site, editor)
    page = context.new_page()
    checks = PageChecks(both_widths=True)
    page.goto(site + "/beheer/gemeente/midden-drenthe/brieven/")
    checks.check(page, "letters form")
    listing = tmp_path / "mantelzorgers.csv"
    listing.write_text(LIST, encoding="utf-8")
    page.get_by_label("Lijst van mantelzorgers (CSV)").set_input_files(listing)
    page.get_by_label("Naam van de contactpersoon in de brief").fill(
        "Mantelzorgconsulent Els Kamps"
    )
    page.get_by_label("Telefoon van de contactpersoon").fill("0593 700 127")
    page.get_by_label("Wanneer is die bereikbaar?").fill("Werkdagen van 9 tot 12 uur")
    with page.expect_download() as download:
        page.get_by_role("button", name="Maak de brieven (PDF)").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith("brieven-mantelzorgers-midden-drenthe-")
    reader = PdfReader(io.BytesIO(Path(pdf.path()).read_bytes()))
    assert len(reader.pages) == 3
    for pdf_page, name in zip(
        reader.pages, ["Mevrouw A. de Vries", "Dhr. B. Bakker", "Fam. C. Jansen"], strict=True
    ):
        assert f"Beste {name}," in " ".join(pdf_page.extract_text().split())
        x, y = name_position(pdf_page, name)  # in a Dutch window envelope's window
        assert (
            20 * MM <= x <= 110 * MM and 45 * MM <= float(pdf_page.mediabox.height) - y <= 95 * MM
        )
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    # Only the situation the editor uploaded: no health details of anyone beyond it.
    assert "dementie" in text.lower() and "Logeerboerderij 't Boshuis" in text
    # Nothing of the list is kept; the page says who made how many letters.
    assert _rows_holding("Brink 1") == [] and _rows_holding("de Vries") == []
    assert LetterBatch.objects.get().letters == 3
    page.goto(site + "/beheer/gemeente/midden-drenthe/brieven/")
    assert "3 brieven, door" in page.content()
    checks.assert_clean()
    context.close()


def _link(body: str, part: str) -> str:
    return next(word for word in body.split() if part in word)


def test_news_is_followed_from_the_mail_and_ended_in_one_click(site, page):
    checks = PageChecks()
    page.goto(site + "/gemeenten/midden-drenthe/")
    follow(page.get_by_role("link", name="Blijf op de hoogte: nieuwe hulp per mail"))
    checks.check(page, "subscribe")
    page.get_by_label("E-mailadres").fill("buurvrouw@example.org")
    follow(page.get_by_role("button", name="Stuur mij het nieuws"))
    assert "Kijk in uw mail" in page.content()
    (asked,) = [m for m in mail.outbox if m.to == ["buurvrouw@example.org"]]
    assert Subscription.objects.get().confirmed_at is None  # nothing before the confirmation
    page.goto(_link(asked.body, "/bevestigen/"))
    checks.check(page, "confirm")
    follow(page.get_by_role("button", name="Ja, stuur mij het nieuws"))
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    # A month on, an offer serving Midden-Drenthe changed: the news mail, with the way out.
    month_on = timezone.now() + timedelta(days=30)
    Offer.objects.filter(name="Logeerboerderij 't Boshuis").update(
        updated_at=timezone.now() + timedelta(days=1)
    )
    assert news_send(now=month_on) == 1
    (news,) = [m for m in mail.outbox if m.to == ["buurvrouw@example.org"] and m is not asked]
    assert "Logeerboerderij 't Boshuis" in news.body
    leave = news.extra_headers["List-Unsubscribe"].strip("<>")
    assert leave.startswith(site) and leave in news.body
    page.goto(leave)
    checks.check(page, "leave")
    follow(page.get_by_role("button", name="Stop het nieuws"))
    assert not Subscription.objects.exists()
    assert _rows_holding("buurvrouw@example.org") == []
    checks.assert_clean()


def test_the_list_is_sent_on_and_nothing_remains(site, page):
    checks = PageChecks()
    page.goto(site + "/gemeenten/midden-drenthe/?soort=logeerzorg")
    names = []
    for _ in range(2):
        card = page.locator(".card", has=page.locator("a:has-text('Bewaren')")).first
        names.append(card.locator(".card-title a").inner_text())
        card.locator("a:has-text('Bewaren')").click()
        follow(page.get_by_role("button", name="Ja, bewaren"))
    page.goto(site + "/bewaarlijst/")
    checks.check(page, "saved list")
    page.get_by_label("E-mailadres").fill("zus@example.org")
    follow(page.get_by_role("button", name="Verstuur de lijst"))
    assert "De lijst is verstuurd naar zus@example.org" in page.content()
    checks.check(page, "sent")
    (sent,) = [m for m in mail.outbox if m.to == ["zus@example.org"]]
    assert all(name in sent.body for name in names), (names, sent.body)
    assert _rows_holding("zus@example.org") == []
    checks.assert_clean()
