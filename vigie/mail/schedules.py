"""The outbox's periodic job, collected by the worker's scheduler (vigie/core/scheduler.py)."""

from vigie.core.scheduler import Job

JOBS = [
    Job("send_due_outbox", "vigie.mail.tasks.send_due_outbox", every_minutes=15),
]
