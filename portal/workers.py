"""Task workers that recover from faults (issue 27.5).

`manage.py run_worker` runs several of django-tasks-db's workers in one process: one only for
the sign-in queue (codes never wait behind other mail) and the others for every queue. Each
worker says it is alive every HEARTBEAT_SECONDS (WorkerHeartbeat). A task that is 'running'
for a worker that has not said so for LEASE_SECONDS (killed with kill -9, its machine gone)
is put back in the queue, and another worker runs it; mail tasks are idempotent
(portal/tasks.py), so a mail that left before the worker died does not leave twice.
"""

import logging
import os
import threading
import time
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from portal.tasks import SIGN_IN_QUEUE

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
LEASE_SECONDS = int(os.environ.get("WORKER_LEASE_SECONDS", "60"))


def new_worker_id(role: str) -> str:
    return f"{role}-{os.getpid()}-{get_random_string(8)}"


def beat(worker_ids: dict[str, str]) -> None:
    """Say that these workers (id -> the queues they take) are alive."""
    from portal.models import WorkerHeartbeat

    now = timezone.now()
    for worker_id, queues in worker_ids.items():
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id, defaults={"beat_at": now, "queues": queues}
        )


def living_workers(now=None):
    from portal.models import WorkerHeartbeat

    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(beat_at__gte=now - timedelta(seconds=LEASE_SECONDS))


def stuck_tasks(now=None):
    """Tasks 'running' for a worker whose lease ran out (or that never said it lived)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    alive = set(living_workers(now).values_list("worker_id", flat=True))
    lease_start = now - timedelta(seconds=LEASE_SECONDS)
    return [
        task
        for task in DBTaskResult.objects.running().filter(started_at__lt=lease_start)
        if not task.worker_ids or task.worker_ids[-1] not in alive
    ]


def recover_stuck_tasks() -> int:
    """Put tasks of dead workers back in the queue; returns how many."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    recovered = 0
    for task in stuck_tasks():
        with exclusive_transaction(DBTaskResult.objects.db), transaction.atomic():
            updated = DBTaskResult.objects.filter(pk=task.pk, status="RUNNING").update(
                status="READY", started_at=None
            )
        if updated:
            recovered += 1
            logger.warning("Task %s of a dead worker is back in the queue", task.pk)
    return recovered


def forget_old_heartbeats() -> None:
    from portal.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()


class Pool:
    """`count` workers in threads (the first only for sign-in codes), a heartbeat and the
    recovery of stuck tasks, until stop() is called."""

    def __init__(self, count: int, interval: float):
        from django_tasks_db.management.commands.db_worker import Worker

        self.stop_event = threading.Event()
        roles = [("aanmelden", [SIGN_IN_QUEUE])] + [("alles", ["*"])] * max(1, count - 1)
        self.workers = [
            Worker(
                queue_names=queues,
                interval=interval,
                batch=False,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=new_worker_id(role),
                excluded_queue_names=[],
            )
            for role, queues in roles
        ]
        self.threads: list[threading.Thread] = []

    @property
    def ids(self) -> dict[str, str]:
        return {w.worker_id: ",".join(w.queue_names) for w in self.workers}

    def _run(self, worker) -> None:
        while not self.stop_event.is_set():
            try:
                worker.run()
            except Exception:  # the database away for a moment: wait, then go on
                logger.exception("Worker %s stopped; starting it again", worker.worker_id)
                close_old_connections()
                self.stop_event.wait(5)
            else:
                return

    def _keep_alive(self) -> None:
        last_recovery = 0.0
        while not self.stop_event.is_set():
            try:
                beat(self.ids)
                if time.monotonic() - last_recovery > HEARTBEAT_SECONDS * 2:
                    recover_stuck_tasks()
                    forget_old_heartbeats()
                    last_recovery = time.monotonic()
            except Exception:
                logger.exception("Heartbeat failed; trying again")
            finally:
                close_old_connections()
            self.stop_event.wait(HEARTBEAT_SECONDS)

    def start(self) -> None:
        beat(self.ids)  # alive before the first task is claimed
        close_old_connections()
        self.threads = [
            threading.Thread(target=self._run, args=(w,), name=w.worker_id, daemon=True)
            for w in self.workers
        ]
        self.threads.append(
            threading.Thread(target=self._keep_alive, name="heartbeat", daemon=True)
        )
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        """Finish the tasks being run, then stop."""
        self.stop_event.set()
        for worker in self.workers:
            worker.running = False
        for thread in self.threads:
            thread.join(timeout=60)
