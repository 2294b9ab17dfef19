"""The task backend most tests use: each task runs right after the transaction it was
enqueued in commits, as the worker would pick it up (and never after a rollback).

Tests of the queue itself (tests/test_tasks.py) use the real database backend and worker.
"""

from django.db import transaction
from django.tasks.backends.immediate import ImmediateBackend


class OnCommitBackend(ImmediateBackend):
    supports_defer = True  # a deferred retry runs at once: tests do not wait minutes

    def enqueue(self, task, args, kwargs):
        if task.run_after is not None:
            task = task.using(run_after=None)
        transaction.on_commit(lambda: ImmediateBackend.enqueue(self, task, args, kwargs))
