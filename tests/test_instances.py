"""Two app instances (gunicorn) on one PostgreSQL and one Redis behave as one site (issue 10).

An edit through instance A shows at once on B's cached public page, a rate limit counts
requests on both, and a session signed in on one works on the other.
"""

import http.cookiejar
import os
import re
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

from tests.conftest import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PG = "postgres://postgres@127.0.0.1:5432"


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
def signed_in(person):
    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = person.get_session_auth_hash()
    session.create()
    return session.session_key
from respite.models import RespiteRequest
caregiver = User.objects.create_user(username="z@example.org", email="z@example.org")
req = RespiteRequest.objects.create(
    caregiver=caregiver, municipality=offer.municipality, relationship="ouder",
    age_group="oudere", situation="dementie", urgency="gepland", contact_method="email",
    kinds=["logeerzorg"],
)
print(offer.pk, offer.get_absolute_url(), signed_in(user), req.reference, signed_in(caregiver))
"""


@pytest.fixture(scope="module")
def two_instances(redis_server_module, tmp_path_factory):
    redis_url_module = redis_server_module.url
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
        # Its own static files, not the project's staticfiles/ that make run serves.
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "collectstatic", "--noinput")
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    manage(env, "load_demo_catalogue")
    offer_pk, offer_url, session_key, reference, caregiver_session = manage(
        env, "shell", script=SETUP
    ).split()[-5:]
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
        "redis_server": redis_server_module,
        "database": name,
        "request": (reference, caregiver_session),
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


def test_database_backends_killed_under_load_lose_no_post_and_the_site_recovers(
    two_instances, record_property
):
    """1,000 public GETs and 50 POSTs (a caregiver adds information) while every backend of the
    app's database is terminated every 0.2 s. Each POST that was answered as saved is stored
    exactly once; none is stored twice; failed requests get the Dutch 503 page."""
    import threading

    a, b = two_instances["a"], two_instances["b"]
    reference, caregiver_session = two_instances["request"]
    offer_pk, offer_url = two_instances["offer"]
    stop = threading.Event()
    kills = []

    def killer():
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
            while not stop.is_set():
                rows = db.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [two_instances["database"]],
                ).fetchall()
                kills.append(len(rows))
                time.sleep(0.2)

    paths = ["/", "/gemeenten/assen/", offer_url, "/zoeken/?q=logeren", "/gemeenten/"]
    get_results, post_results = [], {}

    def getter(worker: int):
        browser = Browser()
        for i in range(250):
            base = (a, b)[(worker + i) % 2]
            status, page = browser.get(base + paths[i % len(paths)])
            get_results.append((status, "Traceback" in page))

    def poster():
        browser = Browser()
        browser.sign_in_with(caregiver_session)
        no_redirect = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(browser.jar), NoRedirect
        )
        for i in range(50):
            base = (a, b)[i % 2]
            # Open the page with the form first, as a person does; after a 503 they reload.
            for _attempt in range(20):
                if browser.get(base + f"/mijn-aanvragen/{reference}/")[0] == 200:
                    break
            token = next((c.value for c in browser.jar if c.name == "csrftoken"), "")
            text = f"Bericht nummer {i} onder belasting"
            body = urllib.parse.urlencode({"text": text, "csrfmiddlewaretoken": token}).encode()
            url = base + f"/mijn-aanvragen/{reference}/informatie/"
            request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
            try:
                with no_redirect.open(request, timeout=10) as response:
                    post_results[text] = response.status
            except urllib.error.HTTPError as error:
                post_results[text] = error.code
            except OSError:
                post_results[text] = 0

    threads = [threading.Thread(target=getter, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=poster))
    kill_thread = threading.Thread(target=killer)
    kill_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    kill_thread.join()

    stored = stored_texts(two_instances["database"], reference)
    saved = [text for text, status in post_results.items() if status == 302]
    assert all(stored.get(text) == 1 for text in saved), "a POST answered as saved is missing"
    assert all(count == 1 for count in stored.values()), "a POST was stored twice"
    failed_gets = sum(1 for status, _ in get_results if status != 200)
    failed_posts = len(post_results) - len(saved)
    assert len(get_results) == 1000 and len(post_results) == 50
    assert not any(traceback for _, traceback in get_results)
    assert {status for status, _ in get_results} <= {200, 503}
    assert set(post_results.values()) <= {302, 503}  # refused in Dutch, never a 500
    assert sum(kills) > 0  # backends were really terminated
    record_property("failed_gets", failed_gets)
    record_property("failed_posts", failed_posts)
    print(
        f"\nkilled {sum(kills)} backends; failed: {failed_gets}/1000 GETs, "
        f"{failed_posts}/50 POSTs ({len(stored)} stored)"
    )
    # The site recovers by itself: no restart.
    for base in (a, b):
        assert Browser().get(base + "/gemeenten/assen/")[0] == 200
        assert Browser().get(base + "/gezond/klaar/")[0] == 200


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def stored_texts(database: str, reference: str) -> dict[str, int]:
    with psycopg.connect(f"{PG}/{database}") as db:
        rows = db.execute(
            "SELECT t.text, count(*) FROM respite_timelineentry t "
            "JOIN respite_respiterequest r ON r.id = t.respite_request_id "
            "WHERE r.reference = %s AND t.text LIKE 'Bericht nummer %%' GROUP BY t.text",
            [reference],
        ).fetchall()
    return dict(rows)


def test_with_redis_stopped_mid_run_both_instances_keep_serving_and_signing_in(two_instances):
    """Issue 27.6: with Redis stopped, 52 of 60 page loads answered 500 and sign-in failed."""
    import json

    a, b = two_instances["a"], two_instances["b"]
    _, offer_url = two_instances["offer"]
    server = two_instances["redis_server"]
    paths = ["/", "/gemeenten/assen/", offer_url, "/zoeken/?q=logeren", "/gemeenten/"]
    visitor = Browser()
    for base in (a, b):
        assert visitor.get(base + "/gemeenten/assen/")[0] == 200  # cached in Redis
    server.stop(keep_data=True)
    try:
        statuses = [visitor.get((a, b)[i % 2] + paths[i % len(paths)])[0] for i in range(60)]
        assert statuses == [200] * 60
        for base in (a, b):
            ready = Browser().get(base + "/gezond/klaar/")
            assert ready[0] == 200 and json.loads(ready[1])["redis"] == "onbereikbaar"

        caregiver = Browser()
        caregiver.get(a + "/account/login/code/")
        status, _ = caregiver.post(a + "/account/login/code/", {"email": "z@example.org"})
        assert status == 200  # followed to "Vul de code in"
        code = latest_sign_in_code(two_instances["database"])
        status, page = caregiver.post(a + "/account/login/code/confirm/", {"code": code})
        assert status == 200 and "Mijn aanvragen" in page
        assert caregiver.get(b + "/mijn-aanvragen/")[0] == 200  # and on the other instance
    finally:
        server.start()
    time.sleep(6)  # the instances try Redis again after ResilientRedisCache.RETRY_SECONDS
    for base in (a, b):
        assert json.loads(Browser().get(base + "/gezond/klaar/")[1])["redis"] == "ok"
        assert visitor.get(base + "/gemeenten/assen/")[0] == 200


def latest_sign_in_code(database: str) -> str:
    """From the mail task waiting in the queue (no worker runs in this test)."""
    with psycopg.connect(f"{PG}/{database}") as db:
        (args,) = db.execute(
            "SELECT args_kwargs FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'portal.tasks.send_mail_task' ORDER BY enqueued_at DESC LIMIT 1"
        ).fetchone()
    return re.search(r"^\s+(\S+)\s*$", args["kwargs"]["body"], re.MULTILINE).group(1)
