"""A queue that recovers (issue 27.5): a mail server that hangs holds no worker, a task of a
worker killed with kill -9 is run by another after the lease, a retried mail never leaves
twice, sign-in codes have a queue and a worker of their own, and /gezond/klaar/ says so."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import SentMail, WorkerHeartbeat
from portal.tasks import SIGN_IN_QUEUE, send_mail_task
from portal.workers import recover_stuck_tasks
from tests.conftest import free_port, use_task_backend

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def database_queue(settings, tasks_run_on_commit):
    use_task_backend(settings, "django_tasks_db.DatabaseBackend")
    call_command("load_reference_data", verbosity=0)


def smtp_to(settings, port: int, timeout: float = 15) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.mark.slow
def test_the_mail_connection_has_a_timeout_by_default():
    from tests.test_security import production_env

    code = "from django.conf import settings as s; print(s.MAILERS['default']['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'timeout': 15" in result.stdout


@pytest.mark.slow
def test_a_mail_server_that_hangs_does_not_hold_the_worker(settings):
    """It held the only worker for as long as it hung, and every sign-in code waited."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts, never says a word
    try:
        smtp_to(settings, silent.getsockname()[1], timeout=1)
        started = time.monotonic()
        result = send_mail_task.call(subject="s", body="b", recipients=["a@example.org"], key="k1")
        assert time.monotonic() - started < 5
        assert result.startswith("try 1 failed")
        [retry] = DBTaskResult.objects.filter(status="READY")
        assert retry.args_kwargs["kwargs"]["key"] == "k1"  # the same mail, the same key
    finally:
        silent.close()


def test_a_retried_mail_task_never_sends_twice(settings):
    port = free_port()
    smtp_to(settings, port)

    class Sink:
        messages: list = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    sink = Sink()
    sink.messages = []
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for _ in range(2):  # the worker died after the mail left; the task runs again
            send_mail_task.call(subject="s", body="b", recipients=["a@example.org"], key="m-1")
    finally:
        controller.stop()
    assert len(sink.messages) == 1
    assert "m-1" in sink.messages[0].content.decode()  # in the Message-ID, for the server too
    assert SentMail.objects.filter(key="m-1").exists()


def test_sign_in_codes_have_a_queue_of_their_own_and_go_first(client):
    client.post(reverse("account_request_login_code"), {"email": "iemand@example.org"})
    client.post(reverse("account_signup"), {"email": "nieuw@example.org"})
    tasks = DBTaskResult.objects.filter(task_path="portal.tasks.send_mail_task")
    assert tasks.exists()
    assert {(t.queue_name, t.priority) for t in tasks} == {(SIGN_IN_QUEUE, 100)}


def test_a_task_of_a_dead_worker_goes_back_to_the_queue_after_the_lease():
    send_mail_task.enqueue(subject="s", body="b", recipients=["a@example.org"], key="x")
    task = DBTaskResult.objects.get()
    long_ago = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["dood-1"]
    )
    WorkerHeartbeat.objects.create(worker_id="levend-1", queues="*", beat_at=timezone.now())
    assert recover_stuck_tasks() == 1
    assert DBTaskResult.objects.get(pk=task.pk).status == "READY"
    # A task of a worker that is alive stays with it, however long it takes.
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["levend-1"]
    )
    assert recover_stuck_tasks() == 0


def test_ready_says_when_a_task_is_stuck(client):
    send_mail_task.enqueue(subject="s", body="b", recipients=["a@example.org"])
    DBTaskResult.objects.update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=5),
        worker_ids=["dood-1"],
    )
    body = client.get("/gezond/klaar/").json()
    assert body["queue_state"] == "vast" and body["queue_stuck_tasks"] == 1


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--workers", "2", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.postgres("a second process needs a database it can see: PostgreSQL")
def test_a_worker_killed_with_kill_9_loses_no_task():
    """A real worker process is killed in the middle of a task; another picks it up once the
    lease has run out, and it finishes."""
    from tests.worker_tasks import slow_once

    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "WORKER_LEASE_SECONDS": "3",
        "DEBUG": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    slow_once.enqueue(marker="slow-1")
    task = DBTaskResult.objects.get()
    first = _worker(env)
    try:
        assert _wait(lambda: DBTaskResult.objects.get(pk=task.pk).status == "RUNNING", 30)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        second = _worker(env)
        try:
            done = _wait(lambda: DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL", 40)
            assert done, second.stdout and ""
            task.refresh_from_db()
            assert task.return_value == "second run" and len(task.worker_ids) == 2
        finally:
            second.send_signal(signal.SIGTERM)
            output = second.communicate(timeout=30)[0]
        assert "2 workers" in output
    finally:
        if first.poll() is None:
            first.kill()
