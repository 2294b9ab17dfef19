"""The background process: runs queued tasks with several workers (one only for sign-in
codes), puts back tasks of workers that died, and, every minute, enqueues periodic jobs that
are due (portal/schedule.py). Run one or more of these processes; the schedule claims each
period in the database and each task is claimed under a row lock."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal.schedule import tick
from portal.workers import Pool


class Command(BaseCommand):
    help = "Run background tasks with several workers, and the schedule of periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument(
            "--workers",
            type=int,
            default=3,
            help="Workers in this process (at least 2: one only for sign-in codes).",
        )

    def handle(self, *args, interval: float, workers: int, **options):
        stop = threading.Event()
        pool = Pool(max(2, workers), interval)

        def schedule() -> None:
            while not stop.is_set():
                try:
                    tick()
                except Exception:  # a scheduling hiccup must not stop the worker
                    self.stderr.write("Scheduling failed; trying again in a minute.")
                finally:
                    close_old_connections()
                stop.wait(60)

        def shut_down(signum, frame) -> None:
            # Once is enough: a second signal while stopping must not run this again.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            stop.set()

        signal.signal(signal.SIGINT, shut_down)
        signal.signal(signal.SIGTERM, shut_down)
        threading.Thread(target=schedule, name="schedule", daemon=True).start()
        pool.start()
        self.stdout.write(f"{len(pool.workers)} workers gestart: {', '.join(pool.ids)}")
        stop.wait()
        self.stdout.write("De worker stopt: taken die nu lopen, worden eerst afgemaakt.")
        pool.stop()
