"""What the background workers need to recover from faults (issue 27.5)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A worker says it is alive every few seconds; a task held by a worker that stopped
    saying so (killed, its machine gone) is given to another after the lease
    (portal/workers.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    queues = models.CharField(max_length=200)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} {self.beat_at:%H:%M:%S}"


class SentMail(models.Model):
    """A mail that left, by the key it was queued with: a retried task (its worker died after
    the mail server took it) never sends it twice."""

    key = models.CharField(max_length=64, primary_key=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class ScheduledRun(models.Model):
    """A periodic job enqueued for its period (portal/schedule.py), claimed in the database
    rather than in the cache: a Redis that restarts empty, or is unreachable while each worker
    falls back to its own memory, must not make a weekly mail go out twice."""

    job = models.CharField(max_length=50)
    period = models.CharField(max_length=20)
    enqueued_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="one_run_per_job_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class JobLock(models.Model):
    """Held while a copy of a periodic job runs, so two copies never overlap; it lapses at
    held_until, should the worker holding it die."""

    job = models.CharField(max_length=50, primary_key=True)
    held_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.job
