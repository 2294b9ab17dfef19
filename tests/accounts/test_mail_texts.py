"""The login library's mails speak our language: B1 Dutch with 'u', the portal's name, no host
names, no English (issue 11)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\b(Hello|Thank you|You're|your|Please|email address|sign-in)\b", re.I)


def assert_ours(message) -> None:
    text = message.subject + "\n" + message.body
    assert "Mantelzorgportaal" in text
    assert not ENGLISH.search(text), text
    assert " je " not in text and "Hallo van" not in text
    assert "127.0.0.1" not in message.subject and "testserver" not in message.subject
    assert not message.subject.startswith("[")


def test_sign_up_code_mail(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {"email": "nieuw@example.org"})
    message = mail.outbox[-1]
    assert message.subject == "Uw code voor het Mantelzorgportaal"
    assert "Vul deze code in" in message.body
    assert_ours(message)


def test_login_code_mail(client, django_capture_on_commit_callbacks):
    User.objects.create_user(username="z@example.org", email="z@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=User.objects.get(), email="z@example.org", verified=True, primary=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "z@example.org"})
    message = mail.outbox[-1]
    assert message.subject == "Uw inlogcode voor het Mantelzorgportaal"
    assert_ours(message)


def test_unknown_address_and_existing_account_mails(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "onbekend@example.org"})
    if mail.outbox:  # allauth mails unknown addresses when ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS
        assert_ours(mail.outbox[-1])
    User.objects.create_user(username="er@example.org", email="er@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {"email": "er@example.org"})
    for message in mail.outbox:
        assert_ours(message)


def test_code_page_and_messages_are_ours(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": "nieuw@example.org"}, follow=True
        )
    page = response.content.decode()
    assert "Vul de code uit de e-mail in" in page
    assert "e-emailadres" not in page
    code = re.search(r"^\s+(\S+)$", mail.outbox[-1].body, re.M).group(1)
    response = client.post(response.redirect_chain[-1][0], {"code": code}, follow=True)
    page = response.content.decode()
    assert "Uw e-mailadres is bevestigd." in page and "U bent ingelogd." in page
    assert "Je hebt" not in page and "Je bent" not in page


def test_signing_up_again_at_once_gets_a_dutch_page_with_next_steps(
    client, django_capture_on_commit_callbacks
):
    """allauth limits codes per address; the second try in a few minutes was an English
    '429 Too Many Requests' page."""
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.__class__().post(
                reverse("account_signup"), {"email": "dochter@example.org"}
            )
    page = response.content.decode()
    assert response.status_code == 429
    assert "Even wachten, dan kan het weer" in page and "Too Many" not in page
    assert 'href="/account/login/code/"' in page


def test_sign_in_by_code_logout_and_reauthenticate_pages_are_ours(
    client, django_capture_on_commit_callbacks
):
    """Issue 11: allauth's own pages here said 'je', 'Aanmeldcode' and had a button 'Change'."""
    from accounts.models import User

    User.objects.create_user(username="terug@example.org", email="terug@example.org")
    ask = client.get(reverse("account_request_login_code")).content.decode()
    assert "Inloggen met een code" in ask and "Stuur mij een code" in ask
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_request_login_code"), {"email": "terug@example.org"}, follow=True
        )
    page = response.content.decode()
    assert "Vul de code uit de e-mail in" in page and "We hebben een code gestuurd naar" in page
    for text in ("Aanmeldcode", ">Change<", "Change\\n", " je ", "Je "):
        assert text not in page, text
    client.force_login(User.objects.get(email="terug@example.org"))
    logout = client.get(reverse("account_logout")).content.decode()
    assert "Wilt u uitloggen?" in logout and "Weet je zeker" not in logout
    staff = User.objects.create_user(
        username="medewerker@example.org", email="medewerker@example.org", password="geheim-123!"
    )
    client.force_login(staff)
    reauth = client.get(reverse("account_reauthenticate")).content.decode()
    assert "Bevestig dat u het bent" in reauth and "je account" not in reauth


def test_password_pages_are_ours(client):
    """Issue 11: allauth's password pages said 'Vul je e-mailadres in' and 'Herstel mijn
    wachtwoord'."""
    from accounts.models import User

    reset = client.get(reverse("account_reset_password")).content.decode()
    assert "Wachtwoord vergeten" in reset and "Stuur mij de link" in reset
    assert "je e-mailadres" not in reset and "Herstel mijn" not in reset
    client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    done = client.get(reverse("account_reset_password_done")).content.decode()
    assert "Kijk in uw e-mail" in done
    broken = client.get("/account/password/reset/key/1-ongeldig/", follow=True)
    assert "Deze link werkt niet meer" in broken.content.decode()
    staff = User.objects.create_user(
        username="medewerker@example.org", email="medewerker@example.org", password="geheim-123!"
    )
    client.force_login(staff)
    change = client.get(reverse("account_change_password")).content.decode()
    assert "Wachtwoord wijzigen" in change and "Wachtwoord opslaan" in change


def test_two_step_sign_in_management_pages_are_ours(client):
    """Issue 11: allauth's said 'Je staat op het punt …' and 'Weet je dit zeker?'."""
    from tests.conftest import make_staff

    client.force_login(make_staff("redacteur@assen.example", ("GM0106", "redacteur")))
    # allauth asks for the password once more before these pages, as a person would give it.
    client.post(reverse("account_reauthenticate"), {"password": "Een-lang-wachtwoord-2026"})
    deactivate = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "App voor inloggen uitzetten" in deactivate and "Weet u het zeker?" in deactivate
    generate = client.get(reverse("mfa_generate_recovery_codes")).content.decode()
    assert "Nieuwe herstelcodes maken" in generate
    for page in (deactivate, generate):
        assert "Je staat" not in page and "Weet je" not in page


def test_a_too_short_password_is_refused_in_dutch():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password("kort")
    assert "Dit wachtwoord is te kort. Gebruik minstens 8 tekens." in refused.value.messages
    assert not any("password" in message for message in refused.value.messages)
