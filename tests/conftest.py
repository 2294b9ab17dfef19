import contextlib
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command

from directory.models import Municipality
from tests import snapshot

BROWSER_DIR = "tests/browser/"


def pytest_collection_modifyitems(config, items):
    """Browser tests are marked by where they live (make test runs them apart, once)."""
    for item in items:
        if item.nodeid.startswith(BROWSER_DIR):
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item):
    marker = item.get_closest_marker("postgres")
    if marker is not None:
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip(marker.args[0] if marker.args else "PostgreSQL only")


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    return bool(transactional) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


_seeded: dict[str, str] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, also the rows the migrations made
    (the tags) and the reference data: put them back for the tests after it, whatever order
    pytest-xdist gives them."""
    yield
    if nextitem is None or not _flushes_the_database(item):
        return  # (after the last test the test database is gone)
    if _flushes_the_database(nextitem):
        return  # transactional tests load what they need themselves
    from django.core import serializers
    from pytest_django.plugin import blocking_manager_key

    from directory.models import AccessRouteTag

    with item.config.stash[blocking_manager_key].unblock():
        if "rows" in _seeded and not AccessRouteTag.objects.exists():
            for row in serializers.deserialize("json", _seeded["rows"]):
                row.save()
        if not Municipality.objects.exists():
            snapshot.load("load_reference_data")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real reference data (342 municipalities, PC4 table)."""
    from itertools import chain

    from django.core import serializers

    from directory.models import AccessRouteTag, TargetGroupTag

    with django_db_blocker.unblock():
        # The rows the migrations made (contenttypes and permissions come back by themselves).
        seeded = chain(TargetGroupTag.objects.all(), AccessRouteTag.objects.all())
        _seeded["rows"] = serializers.serialize("json", seeded)
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests only need passwords to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def use_task_backend(settings, backend: str) -> None:
    """Switch the django.tasks backend; the handler caches backends, so reset it."""
    from asgiref.local import Local
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": backend, "QUEUES": ["default", "aanmelden"]}}
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(autouse=True)
def tasks_run_on_commit(settings):
    """Mail and other tasks run right after their transaction commits (tests/tasks_backend)."""
    use_task_backend(settings, "tests.tasks_backend.OnCommitBackend")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Views are tested uncached (tests/directory/test_page_cache.py tests the cache)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    yield
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def code_fragments_as_in_production(settings):
    """The header and footer are kept in memory as in production (settings.py turns that off
    in development, where the tests' settings come from), so every page test renders them
    through that cache."""
    settings.CACHES = {
        **settings.CACHES,
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }


@pytest.fixture
def demo_catalogue(db) -> None:
    """The demo catalogue exactly as `make run` loads it (fixtures/demo-catalogue.hsds.json):
    loaded once, then copied back (tests/snapshot.py)."""
    snapshot.load("load_demo_catalogue")


@pytest.fixture
def assen(db) -> Municipality:
    return Municipality.objects.get(code="GM0106")


@pytest.fixture
def midden_drenthe(db) -> Municipality:
    return Municipality.objects.get(code="GM1731")


@pytest.fixture
def groningen(db) -> Municipality:
    return Municipality.objects.get(code="GM0014")


def make_staff(
    email: str,
    *roles: tuple[str, str],
    superuser: bool = False,
    mfa: bool = True,
    phone: str = "0592 366 100",
):
    """A staff user with roles given as (municipality code, role kind) pairs; by default with a
    work phone and hours, as consultants need before they can pick up a request."""
    from tests.factories import StaffFactory

    return StaffFactory(
        email=email,
        roles=roles,
        is_superuser=superuser,
        is_staff=superuser,
        mfa=mfa,
        work_phone=phone,
    )


@pytest.fixture
def editor(db):
    return make_staff("redacteur@assen.example", ("GM0106", "redacteur"))


@pytest.fixture
def other_editor(db):
    return make_staff("redacteur@middendrenthe.example", ("GM1731", "redacteur"))


@pytest.fixture
def consultant(db):
    return make_staff("consulent@assen.example", ("GM0106", "consulent"))


@pytest.fixture
def superuser(db):
    return make_staff("beheer@portaal.example", superuser=True)


def free_port() -> int:
    """A TCP port nothing listens on now, for servers a test starts itself."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A Redis server of our own on a free port; a test may stop it and start it again (on
    the same port) to see what the site does while Redis is down."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run does this)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="redis-")  # for stop(keep_data=True) only
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)

    def stop(self, keep_data: bool = False) -> None:
        """Stop; with keep_data it comes back with what it held, as after a network fault."""
        if self.process is not None:
            if keep_data:
                import redis

                with contextlib.suppress(redis.exceptions.ConnectionError):
                    redis.Redis.from_url(self.url).shutdown(save=True)  # it hangs up as it goes
            else:
                self.process.terminate()
            self.process.wait(timeout=5)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.close()


@pytest.fixture
def redis_url(redis_server):
    return redis_server.url


@pytest.fixture(scope="module")
def redis_server_module():
    server = RedisServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def redis_url_module(redis_server_module):
    return redis_server_module.url
