"""Base models: every domain object has a UUID public id (used in URLs) and timestamps."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


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


class IdempotencyKey(models.Model):
    """A creation that must happen once (core/idempotency.py): the first try stores what it answered under the key
    the client chose (the API's `Idempotency-Key` header) or the form carried (a hidden token); a retry with the same
    key gets that answer back and creates nothing. Kept until `expires_at`, then purged by a daily job."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=50)  # what the key guards: "api:requests", "form:request_create"…
    key = models.CharField(max_length=255)
    payload_digest = models.CharField(max_length=64)  # SHA-256 of what was sent: a key reused for another payload
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()  # what the first try answered (the API's body, the page a form led to)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "clé d'idempotence"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], condition=Q(user__isnull=False), name="idempotency_key_per_user"
            ),
            models.UniqueConstraint(
                fields=["scope", "key"], condition=Q(user__isnull=True), name="idempotency_key_anonymous"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}…"
