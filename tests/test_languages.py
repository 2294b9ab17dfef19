"""The portal in five languages (issue 26.5): chosen, remembered, cached apart; timeline and
mails in the reader's language; the translation files complete and compiled."""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import User
from directory.models import Offer
from portal.i18n import later, lowered, shown
from portal.mail import send
from respite.choices import Decision, DecisionReason, Status
from respite.services.requests import request_claim, request_decide
from tests.conftest import make_staff
from tests.factories import RespiteRequestFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "nl"]
SKIP_LINK = {
    "nl": "Direct naar de inhoud",
    "en": "Skip to the content",
}


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_dutch_unless_the_visitor_chose_otherwise(client, db):
    """The browser's language does not switch a Dutch municipality's site."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert html_tag(response) == '<html lang="nl" dir="ltr">'
    assert response["Content-Language"] == "nl"
    assert SKIP_LINK["nl"] in response.content.decode()


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_the_switch_sets_the_language_and_goes_back(client, db, code):
    response = client.get("/", HTTP_REFERER="http://testserver/zoeken/?q=logeren")
    assert f'href="/taal/{code}/" lang="{code}"' in response.content.decode()
    response = client.get(
        reverse("choose_language", args=[code]), HTTP_REFERER="http://testserver/zoeken/?q=logeren"
    )
    assert (
        response.status_code == 302
        and response["Location"] == "http://testserver/zoeken/?q=logeren"
    )
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == code and cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    page = client.get("/zoeken/?q=logeren")
    direction = "rtl" if code in settings.LANGUAGES_BIDI else "ltr"
    assert html_tag(page) == f'<html lang="{code}" dir="{direction}">'
    assert page["Content-Language"] == code and "Cookie" in page["Vary"]
    assert SKIP_LINK["nl"] not in page.content.decode()  # the portal's own text is translated
    assert f'<span lang="{code}" aria-current="true">' in page.content.decode()


@pytest.mark.parametrize(
    "back", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/x" * 2000]
)
def test_the_switch_never_leaves_the_site(client, db, back):
    response = client.get(reverse("choose_language", args=["en"]), {"terug": back})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.get(reverse("choose_language", args=["en"]), HTTP_REFERER=back)
    assert response["Location"] == "/"


@pytest.mark.parametrize("code", ["xx", "EN", "nl-be", "<script>", "a" * 300])
def test_an_unknown_language_is_a_404(client, db, code):
    assert client.get(f"/taal/{code}/").status_code == 404


def test_a_signed_in_choice_follows_the_person_to_another_device(client, db):
    person = User.objects.create_user(username="p@example.org", email="p@example.org")
    client.force_login(person)
    client.get(reverse("choose_language", args=["pl"]))
    person.refresh_from_db()
    assert person.language == "pl"
    other_device = type(client)()
    other_device.force_login(person)
    assert html_tag(other_device.get("/")).startswith('<html lang="pl"')


@pytest.mark.slow
def test_cached_public_pages_are_kept_apart_per_language(client, demo_catalogue, settings):
    """The page cache, the cards and the header fragments: a visitor never gets a page in
    the language of the one before."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    offer = Offer.objects.get(name="Logeerhuis De Linde")
    for path in ["/gemeenten/assen/", offer.get_absolute_url(), "/zoeken/?q=logeren"]:
        for code in ["nl", "en", "tr", "nl", "ar", "en"]:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
            page = client.get(path)
            assert html_tag(page).startswith(f'<html lang="{code}"'), (path, code)
            text = page.content.decode()
            notice = "De teksten over het aanbod zijn alleen in het Nederlands."
            if code == "nl":
                assert SKIP_LINK["nl"] in text and notice not in text
            else:
                assert SKIP_LINK["nl"] not in text
                with translation.override(code):
                    assert translation.gettext(notice) in text  # offer texts stay Dutch
                    assert 'lang="nl"' in text


def test_a_kept_sentence_is_put_together_in_the_reader_language(db):
    with translation.override("en"):  # written while someone reads English
        kept = later(
            gettext_noop("%(house)s heeft plek voor uw naaste, %(stay)s."),
            house="Logeerhuis De Linde",
            stay=later(
                gettext_noop("van %(start)s tot %(end)s"),
                start=date(2027, 3, 5),
                end=date(2027, 3, 7),
                dates="j F",
            ),
        )
    assert kept["m"] == "%(house)s heeft plek voor uw naaste, %(stay)s."  # stored untranslated
    with translation.override("nl"):
        assert (
            shown(kept) == "Logeerhuis De Linde heeft plek voor uw naaste, van 5 maart tot 7 maart."
        )
    with translation.override("en"):
        assert "Logeerhuis De Linde" in shown(kept) and "March" in shown(kept)
        assert "heeft plek" not in shown(kept)
    with translation.override("nl"):
        label = later(Decision.GRANTED.label, lower=True)
        assert shown(label) == str(Decision.GRANTED.label).lower()
        assert str(lowered(Decision.GRANTED.label)) == str(Decision.GRANTED.label).lower()
    assert shown({}) == "" and shown(None) == ""


def test_a_translation_that_lost_a_part_falls_back_to_dutch(db, monkeypatch):
    kept = later(gettext_noop("%(name)s behandelt uw aanvraag."), name="Anna")
    monkeypatch.setattr("portal.i18n.gettext", lambda message: "%(naam)s handles it")
    assert shown(kept) == "Anna behandelt uw aanvraag."


def test_the_timeline_and_the_mails_speak_the_reader_language(
    client, db, django_capture_on_commit_callbacks
):
    """A consultant reading English decides; the Turkish-reading caregiver's timeline and
    mail are Turkish, the Dutch colleague's mail Dutch."""
    caregiver = User.objects.create_user(
        username="c@example.org", email="c@example.org", language="tr"
    )
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    consultant.language = "en"
    consultant.save()
    respite_request = RespiteRequestFactory(caregiver=caregiver, municipality__code="GM1731")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        request_claim(respite_request=respite_request, consultant=consultant)
        request_decide(
            respite_request=respite_request,
            consultant=consultant,
            decision=Decision.GRANTED,
            reason=DecisionReason.OVERLOAD,
            text="Tot en met juni.",
        )
    entry = respite_request.timeline.filter(to_status=Status.DECIDED).get()
    assert entry.text == "Tot en met juni."  # what was typed stays as typed
    with translation.override("tr"):
        turkish = entry.shown
    with translation.override("nl"):
        dutch = entry.shown
    assert dutch.startswith("Besluit: ") and turkish.startswith("Karar: ")
    to_caregiver = [m for m in mail.outbox if m.to == [caregiver.email]]
    assert to_caregiver and all(
        "Karar" in m.body or "karar" in m.body.lower() for m in to_caregiver[-1:]
    )
    client.force_login(caregiver)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    assert "Karar: " in page and "Besluit: " not in page


def test_a_mail_is_written_once_per_reader_language(db, django_capture_on_commit_callbacks):
    User.objects.create_user(username="a@example.org", email="a@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send(
            "respite/referrer_news",
            ["a@example.org", "b@example.org"],
            {"ref": "MZ-1", "news": gettext_lazy("opgepakt"), "link": "x", "municipality": "Assen"},
            language="pl",
        )
    by_reader = {m.to[0]: m for m in mail.outbox}
    assert set(by_reader) == {"a@example.org", "b@example.org"}
    assert by_reader["a@example.org"].subject != by_reader["b@example.org"].subject
    with translation.override("en"):
        assert "MZ-1" in by_reader["a@example.org"].subject


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_text_is_translated_and_the_compiled_file_is_current(code):
    """Each language's .po has a translation for every text (fuzzy counts as none) with the
    same placeholders (msgfmt --check), and the committed .mo is what it compiles to."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    po = LOCALE / code / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    untranslated = subprocess.run(
        [shutil.which("msgattrib"), "--untranslated", "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "msgid" not in untranslated, untranslated[:2000]
    compiled = subprocess.run(
        [msgfmt, "--check", "-o", "-", str(po)], capture_output=True, check=True
    ).stdout
    assert compiled == (po.parent / "django.mo").read_bytes(), "run: make messages"


@pytest.mark.slow
def test_no_text_in_the_code_is_left_out_of_the_translations(tmp_path, settings, monkeypatch):
    """makemessages on today's code finds no text the .po files lack: a new or changed
    text gets its translations in the same change (make messages lists what is missing).
    Run on a copy: makemessages writes into every locale folder it finds."""
    if shutil.which("xgettext") is None:
        pytest.skip("gettext is not installed")
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "test-artifacts", "tests", "node_modules", "*.sqlite3"
        ),
    )
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=["en"], verbosity=0)
    po = (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    missing = [
        entry
        for entry in re.findall(r'\nmsgid ("[^\n]*"(?:\n"[^\n]*")*)\nmsgstr ""\n(?:\n|$)', po)
        if entry != '""'
    ]
    assert not missing, missing[:20]
    assert "#, fuzzy" not in po


def test_a_language_chosen_before_signing_in_becomes_the_account_s(db, rf):
    """She read the site in Turkish, then signed in by code: the mails about her request
    must come in Turkish too."""
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    person = User.objects.create_user(username="t@example.org", email="t@example.org")
    request = rf.get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "tr"
    request.session = SessionStore()
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    person.refresh_from_db()
    assert person.language == "tr"
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "xx"  # nothing we know: kept as it was
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    person.refresh_from_db()
    assert person.language == "tr"


def test_a_link_in_a_mail_opens_in_the_mail_language_on_a_new_device(
    client, assen, django_capture_on_commit_callbacks
):
    """She asked for the news in Turkish; the confirm link opened in the phone's mail app
    (no cookie there) is Turkish, not Dutch; a choice made on that device still wins."""
    from directory.models import Subscription

    asker = type(client)()
    asker.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    with django_capture_on_commit_callbacks(execute=True):
        asker.post(reverse("directory:subscribe", args=["assen"]), {"email": "t@example.org"})
    subscription = Subscription.objects.get()
    assert subscription.language == "tr"
    confirm = reverse("directory:subscription_confirm", args=[subscription.token])
    page = client.get(confirm)
    assert html_tag(page).startswith('<html lang="tr"') and page["Content-Language"] == "tr"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert html_tag(client.get(confirm)).startswith('<html lang="en"')


def test_who_looked_and_why_is_in_the_reader_language(client, db):
    """'Wie heeft mijn gegevens bekeken': the reason the portal wrote is shown in the
    caregiver's language (a walk found 'Aanvraag behandelen (Wmo-consulent)' on an English
    page); a reason a person typed stays as typed. The consultant sees the caregiver's language."""
    caregiver = User.objects.create_user(
        username="e@example.org", email="e@example.org", language="en"
    )
    consultant = make_staff("anna@md.example", ("GM1731", "consulent"))
    respite_request = RespiteRequestFactory(caregiver=caregiver, municipality__code="GM1731")
    client.force_login(consultant)
    werkbak = client.get(reverse("werkbak:request", args=[respite_request.reference]))
    assert "Taal van de mantelzorger: Engels." in werkbak.content.decode()
    client.force_login(caregiver)
    page = client.get(respite_request.get_absolute_url()).content.decode()
    with translation.override("en"):
        english = translation.gettext("Aanvraag behandelen (Wmo-consulent)")
    assert english != "Aanvraag behandelen (Wmo-consulent)" and english in page
    assert "Aanvraag behandelen (Wmo-consulent)" not in page
