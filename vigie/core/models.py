"""Base models: every domain object has a UUID public id (used in URLs) and timestamps."""

import uuid

from django.db import models


class BaseModel(models.Model):
    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class ScheduledRun(models.Model):
    """One row per job and time slot (a day for daily jobs, a minute for frequent ones): the worker's scheduler
    inserts it before enqueuing, so with several workers a job still runs once per slot (the constraint decides)."""

    job = models.CharField(max_length=100)
    slot = models.CharField(max_length=20)
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"


class WorkerHeartbeat(models.Model):
    """A running `vigie worker`, seen every VIGIE_WORKER_HEARTBEAT_SECONDS. A worker not seen for
    VIGIE_WORKER_LOST_SECONDS is lost (killed, machine down): the others take back what it held (core/workers.py)."""

    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id
