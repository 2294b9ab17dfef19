"""Demo accounts for trying the staff side on the demo catalogue (development only)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from portal.demo import ACCOUNTS, DOMAIN, current_code, load_demo_accounts
from tests.browser.totp import wait_for_a_fresh_period

pytestmark = pytest.mark.django_db


def test_refused_without_debug(settings, demo_catalogue):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo_accounts")
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo_code", f"beheer@{DOMAIN}")
    assert not User.objects.filter(email__endswith=DOMAIN).exists()


def test_every_demo_account_signs_in_with_its_code_and_lands_where_it_works(client, demo_catalogue):
    load_demo_accounts("demo-wachtwoord-1234")
    landed = {}
    for account in ACCOUNTS:
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": account.email, "password": "demo-wachtwoord-1234"}
        )
        assert response["Location"].startswith(reverse("mfa_authenticate")), account.email
        wait_for_a_fresh_period(account.email)  # a code typed as its period ends is refused
        response = client.post(response["Location"], {"code": current_code(account.email)})
        landed[account.email] = response["Location"]
        assert client.get(response["Location"], follow=True).status_code == 200
    assert landed[f"consulent.middendrenthe@{DOMAIN}"] == "/beheer/werkbak/"
    assert landed[f"aanbieder.linde@{DOMAIN}"] == "/aanbieder/aanmeldingen/"
    assert landed[f"beleid.middendrenthe@{DOMAIN}"] == "/inzicht/midden-drenthe/vraag-en-aanbod/"
    assert landed[f"casemanager@{DOMAIN}"] == "/verwijzer/"


def test_running_it_again_resets_without_doubling(demo_catalogue, settings):
    settings.DEBUG = True
    call_command("load_demo_accounts", verbosity=0)
    call_command("load_demo_accounts", verbosity=0)
    assert User.objects.filter(email__endswith=DOMAIN).count() == len(ACCOUNTS)
    consultant = User.objects.get(email=f"consulent.middendrenthe@{DOMAIN}")
    assert consultant.roles.count() == 1 and consultant.is_callable


def test_no_code_for_an_account_that_is_not_a_demo_account(demo_catalogue):
    load_demo_accounts("demo-wachtwoord-1234")
    User.objects.create_user(username="echt@gemeente.nl", email="echt@gemeente.nl")
    assert current_code("echt@gemeente.nl") is None
    assert len(current_code(f"beheer@{DOMAIN}")) == 6
