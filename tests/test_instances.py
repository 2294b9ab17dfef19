"""Two app instances (gunicorn) on one PostgreSQL and one Redis behave as one site (issue 10).

An edit through instance A shows at once on B's cached public page, a rate limit counts
requests on both, and a session signed in on one works on the other.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PG = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str, script: str | None = None) -> str:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, input=script, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


SETUP = """
from allauth.mfa.models import Authenticator
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Role, User
from directory.models import Municipality, Offer
offer = Offer.objects.get(name="Logeerhuis De Linde")
Offer.objects.filter(pk=offer.pk).update(verified_on="2026-01-05")
user = User.objects.create_user(username="r@assen.example", email="r@assen.example")
Role.objects.create(user=user, municipality=offer.municipality, kind="redacteur")
Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(offer.pk, offer.get_absolute_url(), session.session_key)
"""


@pytest.fixture(scope="module")
def two_instances(redis_url_module, tmp_path_factory):
    name = f"mzp_instances_{os.getpid()}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "REDIS_URL": redis_url_module,
        "DEBUG": "0",
        "SECRET_KEY": "instances-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "0",
        "PUBLIC_PAGE_CACHE_SECONDS": "600",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "GUNICORN_WORKERS": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "collectstatic", "--noinput")
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    manage(env, "load_demo_catalogue")
    offer_pk, offer_url, session_key = manage(env, "shell", script=SETUP).split()[-3:]
    processes, urls = [], []
    logs = tmp_path_factory.mktemp("instances")
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "portal.wsgi"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=(logs / f"gunicorn-{port}.log").open("w"),  # read it when a test fails
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/gezond/", timeout=1)  # noqa: S310 (our own server)
                break
            except OSError:
                time.sleep(0.1)
    yield {
        "a": urls[0],
        "b": urls[1],
        "offer": (offer_pk, offer_url),
        "session": session_key,
        "redis": redis_url_module,
    }
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """Cookies and CSRF tokens, as a browser keeps them (cookies ignore the port)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=10) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, data: dict) -> tuple[int, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        try:
            with self.opener.open(request, timeout=10) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in_with(self, session_key: str) -> None:
        cookie = http.cookiejar.Cookie(
            0,
            "sessionid",
            session_key,
            None,
            False,
            "127.0.0.1",
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
        self.jar.set_cookie(cookie)


def test_an_edit_on_a_shows_at_once_on_bs_cached_page_and_the_session_works_on_both(
    two_instances,
):
    a, b = two_instances["a"], two_instances["b"]
    offer_pk, offer_url = two_instances["offer"]
    visitor = Browser()
    status, before = visitor.get(b + offer_url)
    assert status == 200 and "5 januari 2026" in before
    assert "5 januari 2026" in visitor.get(b + offer_url)[1]  # from B's (shared) page cache

    editor = Browser()
    editor.sign_in_with(two_instances["session"])
    status, page = editor.get(a + f"/beheer/aanbod/{offer_pk}/")
    assert status == 200 and "Logeerhuis De Linde" in page
    status, _ = editor.post(a + f"/beheer/aanbod/{offer_pk}/gecontroleerd/", {})
    assert status == 200  # followed the redirect back to the edit page
    assert editor.get(b + "/beheer/")[0] == 200  # the same session on instance B

    after = visitor.get(b + offer_url)[1]
    assert "5 januari 2026" not in after
    today = date.today()
    assert re.search(rf"Laatst gecontroleerd op {today.day} \w+ {today.year}", after)
    keys = redis_keys(two_instances["redis"])
    assert any(":page:" in key for key in keys)  # pages are cached in the shared Redis
    assert any("catalogue-version" in key for key in keys)


def test_a_rate_limit_counts_requests_on_both_instances(two_instances):
    a, b = two_instances["a"], two_instances["b"]
    offer_pk, _ = two_instances["offer"]
    visitor = Browser()
    answers = []
    for base in (a, b, a, b, a, b):  # the limit is 5 reports per hour per address
        visitor.get(base + f"/aanbod/{offer_pk}/melden/")
        status, page = visitor.post(
            base + f"/aanbod/{offer_pk}/melden/", {"message": "Het nummer klopt niet."}
        )
        answers.append("U heeft al veel meldingen gestuurd" in page)
    assert answers == [False] * 5 + [True]
    assert any("ratelimit:feedback" in key for key in redis_keys(two_instances["redis"]))


def redis_keys(url: str) -> list[str]:
    import redis

    return [key.decode() for key in redis.Redis.from_url(url).keys("*")]
