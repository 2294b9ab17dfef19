import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

from tests.directory.factories import OfferFactory

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/zoek-gemeente/?q=1099",
    "/gemeenten/",
    "/gemeenten/assen/",
    "/gemeenten/assen/?soort=logeerzorg&kosten=gratis",
    "/gemeenten/assen/afdrukken/",
    "/zoeken/?q=logeren",
    "/toegankelijkheid/",
    "/bestaat-niet/",
]


@pytest.fixture
def pages_with_offer(assen):
    offer = OfferFactory(name="Logeerhuis", kind="logeerzorg")
    return [*PAGES, offer.get_absolute_url()]


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client, pages_with_offer):
    for url in pages_with_offer:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]:
            assert directive in policy, (url, directive)
        assert "unsafe-inline" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client, pages_with_offer):
    for url in pages_with_offer:
        content = client.get(url).content.decode()
        # Scripts only as static files ('self' in the CSP): a src and nothing inside the tag.
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", content, flags=re.S)
        assert content.count("<script") == len(scripts), url
        for attributes, body in scripts:
            assert ' src="/static/' in attributes and not body.strip(), url
        assert "<style" not in content, url
        assert " style=" not in content, url
        assert " onclick=" not in content and " onload=" not in content, url


def production_env(**extra: str) -> dict[str, str]:
    # A server's environment: none of the test harness's switches (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check rightly refuses).
    harness = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REQUIRE_BROWSER_TESTS"}
    env = {k: v for k, v in os.environ.items() if k not in harness}
    env.update(
        DEBUG="0",
        SECRET_KEY="prod-" + "k3y-" * 15,
        ALLOWED_HOSTS="mantelzorg.example.nl",
        SITE_URL="https://mantelzorg.example.nl",
        DJANGO_SETTINGS_MODULE="portal.settings",
        **extra,
    )
    return env


def example_env() -> dict[str, str]:
    """deploy/env.example, as systemd's EnvironmentFile reads it."""
    values = {}
    for line in (ROOT / "deploy" / "env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


@pytest.mark.slow
@pytest.mark.parametrize("source", ["test", "deploy/env.example"])
def test_deploy_check_passes_with_production_environment(tmp_path, source):
    env = production_env(STATIC_ROOT=str(tmp_path / "static"))
    if source != "test":
        env.update({**example_env(), "STATIC_ROOT": str(tmp_path / "static")})
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [*manage, "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_without_collectstatic_production_refuses_to_start_with_a_clear_message(tmp_path):
    """With DEBUG=0 and no collectstatic every page answered 500."""
    env = production_env(STATIC_ROOT=str(tmp_path / "empty"))
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode != 0 and "portal.E001" in check.stderr
    assert "collectstatic" in check.stderr
    wsgi = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert wsgi.returncode != 0
    assert "De statische bestanden zijn niet verzameld" in wsgi.stderr


@pytest.mark.slow
def test_production_settings_come_from_the_environment_alone():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_NAME, "
        "s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    redirect, hsts, session, csrf, session_secure, csrf_secure = result.stdout.split()
    assert redirect == "True"
    assert int(hsts) >= 365 * 24 * 3600
    assert session.startswith("__Host-") and csrf.startswith("__Host-")
    assert session_secure == csrf_secure == "True"


@pytest.mark.slow
def test_production_refuses_the_development_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_security_txt(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"].startswith("mailto:")
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=365)
    assert fields["Canonical"].endswith("/.well-known/security.txt")


@pytest.mark.django_db
def test_accessibility_statement(client):
    response = client.get("/toegankelijkheid", follow=True)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Toegankelijkheidsverklaring" in content
    assert "WCAG 2.1" in content


@pytest.mark.django_db
def test_404_page_is_dutch_and_says_what_to_do(client):
    response = client.get("/bestaat-niet/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in content
    assert 'href="/gemeenten/"' in content


@pytest.mark.django_db
def test_400_page_for_a_bad_host_header(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "We begrijpen dit verzoek niet" in response.content.decode()


@pytest.mark.django_db
def test_403_and_500_pages_are_dutch():
    request = RequestFactory().get("/")
    forbidden = defaults.permission_denied(request, PermissionDenied())
    assert forbidden.status_code == 403
    assert "U heeft geen toegang" in forbidden.content.decode()
    error = defaults.server_error(request)
    assert error.status_code == 500
    assert "Er ging bij ons iets mis" in error.content.decode()


@pytest.mark.parametrize(
    "site_url, message",
    [(None, "SITE_URL is required"), ("mantelzorg.example.nl", "must start with http")],
)
@pytest.mark.slow
def test_production_refuses_to_start_without_a_site_url(site_url, message):
    """Links in mails must point to where the site is served, never to a development port."""
    env = production_env()
    del env["SITE_URL"]
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.slow
def test_behind_the_tls_proxy_both_rate_limits_read_the_proxys_address():
    """BEHIND_TLS_PROXY=1 sets our own limiter and allauth's to the address nginx saw."""
    code = (
        "from django.conf import settings as s; "
        "print(s.CLIENT_BEHIND_PROXY, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    for value, expected in (("1", "True 1"), ("0", "False 0")):
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=production_env(BEHIND_TLS_PROXY=value),
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == expected
