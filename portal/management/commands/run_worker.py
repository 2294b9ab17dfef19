"""The one background process: runs queued tasks and, every minute, enqueues periodic jobs
that are due (portal/schedule.py). Run one or more; the schedule dedupes on the shared cache."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal.schedule import tick


class Command(BaseCommand):
    help = "Run background tasks (django-tasks-db's db_worker) and the schedule of periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, interval: float, **options):
        stop = threading.Event()

        def schedule() -> None:
            while not stop.is_set():
                try:
                    tick()
                except Exception:  # a scheduling hiccup must not stop the worker
                    self.stderr.write("Scheduling failed; trying again in a minute.")
                finally:
                    close_old_connections()
                stop.wait(60)

        threading.Thread(target=schedule, name="schedule", daemon=True).start()
        try:
            call_command("db_worker", "--no-reload", "--interval", str(interval))
        finally:
            stop.set()
