import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_rate_limits_use_a_cache_shared_between_processes():
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert getattr(settings, "ACCOUNT_RATE_LIMITS", None) is not False


def test_repeated_wrong_passwords_are_rate_limited(client, editor):
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    for _ in range(5):
        client.post(reverse("account_login"), {"login": editor.email, "password": "fout"})
    response = client.post(
        reverse("account_login"), {"login": editor.email, "password": "Een-lang-wachtwoord-2026"}
    )
    # Even the right password is refused for a while: the limit protects the account.
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_login_page_is_dutch_with_visible_labels_and_a_code_option(client):
    content = client.get(reverse("account_login")).content.decode()
    assert 'lang="nl"' in content
    assert '<label for="id_password">Wachtwoord</label>' in content
    assert reverse("account_request_login_code") in content


def _login(client, email: str, password: str, address: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=address,
        REMOTE_ADDR="10.0.0.1",  # the proxy: the same for every visitor
    )


@pytest.fixture
def behind_proxy(settings):
    settings.CLIENT_BEHIND_PROXY = True
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(
    client, editor, behind_proxy
):
    """Five wrong passwords locked a staff account even for the right password from another
    address: anyone who knew a staff e-mail could keep them out."""
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    for _ in range(6):
        _login(client, editor.email, "fout", "203.0.113.7")
    refused = _login(client, editor.email, "Een-lang-wachtwoord-2026", "203.0.113.7")
    assert refused.status_code in (200, 429) and "_auth_user_id" not in client.session
    owner = _login(client, editor.email, "Een-lang-wachtwoord-2026", "198.51.100.20")
    assert owner.status_code == 302  # on to the second step: the password was accepted


def test_behind_the_proxy_one_visitors_failures_do_not_block_everyone(
    client, editor, other_editor, behind_proxy
):
    """Behind nginx every visitor had one address: ten failed logins a minute blocked every
    staff login. The proxy's X-Forwarded-For now tells them apart."""
    for user in (editor, other_editor):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for n in range(12):
        _login(client, f"nobody{n}@example.org", "fout", "203.0.113.7")
    blocked = _login(client, editor.email, "Een-lang-wachtwoord-2026", "203.0.113.7")
    assert blocked.status_code == 429 or "_auth_user_id" not in client.session
    other = _login(client, other_editor.email, "Een-lang-wachtwoord-2026", "198.51.100.20")
    assert other.status_code == 302


def test_behind_the_proxy_code_requests_are_counted_per_visitor(behind_proxy):
    """Twenty code requests through the proxy blocked every caregiver's sign-in."""
    from django.test import Client

    def ask(email: str, address: str) -> int:
        response = Client().post(  # a new visitor each time: nothing pending in a session
            reverse("account_request_login_code"),
            {"email": email},
            HTTP_X_FORWARDED_FOR=address,
            REMOTE_ADDR="10.0.0.1",
        )
        return response.status_code

    assert {ask(f"iemand{n}@example.org", "203.0.113.7") for n in range(20)} == {302}
    assert ask("x@example.org", "203.0.113.7") in (200, 429)  # refused, with a message
    assert ask("y@example.org", "198.51.100.20") == 302
