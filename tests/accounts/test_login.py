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
