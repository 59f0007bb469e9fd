"""The core's periodic jobs, collected by the worker's scheduler (vigie/core/scheduler.py)."""

from vigie.core.scheduler import Job

JOBS = [
    Job("purge_idempotency_keys", "vigie.core.idempotency.purge_idempotency_keys"),
]
