"""The worker's schedule: which background tasks run by themselves, and when.

`vigie worker` runs a scheduler thread beside the task runner. Every minute it looks at the jobs below; a job is
due when its slot has come (a day for daily jobs, at VIGIE_DAILY_JOBS_AT local time; a block of N minutes for
frequent ones). Before enqueuing, it inserts a ScheduledRun row (job, slot): the unique constraint makes the job
run once per slot even with several workers, and a restarted worker catches up a daily job it missed today.
Without the worker, `vigie run_scheduled_jobs` (cron) runs the same jobs in the foreground.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    every_minutes: int | None = None  # None: daily at VIGIE_DAILY_JOBS_AT

    def load(self):
        module, attribute = self.task.rsplit(".", 1)
        return getattr(import_module(module), attribute)

    def slot(self, now: dt.datetime) -> str | None:
        """The slot `now` falls in, or None when the job is not due (daily job before its time, job switched off)."""
        local = timezone.localtime(now)
        if self.every_minutes is None:
            hour, minute = (int(x) for x in settings.VIGIE_DAILY_JOBS_AT.split(":"))
            return local.date().isoformat() if (local.hour, local.minute) >= (hour, minute) else None
        every = self.every_minutes if self.every_minutes > 0 else None
        if every is None:
            return None
        minutes = (local.hour * 60 + local.minute) // every * every
        return f"{local.date().isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}"


def jobs() -> list[Job]:
    return [
        Job("fetch_mail", "vigie.register.tasks.fetch_mail", every_minutes=settings.VIGIE_FETCH_MAIL_MINUTES),
        Job("send_due_outbox", "vigie.register.tasks.send_due_outbox", every_minutes=15),
        Job("daily_reminders", "vigie.register.tasks.daily_reminders"),
        Job("compute_register_indicators", "vigie.register.tasks.compute_register_indicators"),
        Job("erase_expired_personal_data", "vigie.register.tasks.erase_expired_personal_data"),
        Job("purge_request_exports", "vigie.register.tasks.purge_request_exports"),
    ]


def claim(job: Job, now: dt.datetime) -> bool:
    """True when this process won the job's current slot (and must enqueue it)."""
    slot = job.slot(now)
    if slot is None:
        return False
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.name, slot=slot)
    except IntegrityError:
        return False
    return True


def enqueue_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose slot has come and was not yet claimed. Returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        if claim(job, now):
            job.load().enqueue()
            logger.info("tâche planifiée mise en file : %s", job.name)
            enqueued.append(job.name)
    return enqueued


def prune(now: dt.datetime | None = None, keep_days: int = 30) -> int:
    """Forget slots older than `keep_days` (the table only needs today's)."""
    limit = (now or timezone.now()) - dt.timedelta(days=keep_days)
    return ScheduledRun.objects.filter(enqueued_at__lt=limit).delete()[0]
