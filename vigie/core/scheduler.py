"""The worker's schedule: which background tasks run by themselves, and when.

Each app declares its periodic jobs in its own `schedules.py` (a list `JOBS` of `Job`); `jobs()` collects them
from the installed apps, so this module names no app. `vigie worker` runs a scheduler thread beside the task
runner. Every minute it looks at the jobs; a job is due when its slot has come (a day for daily jobs, at
VIGIE_DAILY_JOBS_AT local time; a block of N minutes for frequent ones). Before enqueuing, it inserts a
ScheduledRun row (job, slot): the unique constraint makes the job run once per slot even with several workers, and
a restarted worker catches up a daily job it missed today. Without the worker, `vigie run_scheduled_jobs` (cron)
runs the same jobs in the foreground.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    every_minutes: int | None = None  # None: daily at VIGIE_DAILY_JOBS_AT (unless every_minutes_setting)
    every_minutes_setting: str = ""  # the setting that gives every_minutes, read at each look (0: switched off)

    @property
    def is_daily(self) -> bool:
        return self.every_minutes is None and not self.every_minutes_setting

    @property
    def interval(self) -> int | None:
        """Minutes between two runs; None for a daily job."""
        return getattr(settings, self.every_minutes_setting) if self.every_minutes_setting else self.every_minutes

    def load(self):
        module, attribute = self.task.rsplit(".", 1)
        return getattr(import_module(module), attribute)

    def slot(self, now: dt.datetime) -> str | None:
        """The slot `now` falls in, or None when the job is not due (daily job before its time, job switched off)."""
        local = timezone.localtime(now)
        interval = self.interval
        if interval is None:
            hour, minute = (int(x) for x in settings.VIGIE_DAILY_JOBS_AT.split(":"))
            return local.date().isoformat() if (local.hour, local.minute) >= (hour, minute) else None
        every = interval if interval > 0 else None
        if every is None:
            return None
        minutes = (local.hour * 60 + local.minute) // every * every
        return f"{local.date().isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}"


SCHEDULES_MODULE = "schedules"


def jobs() -> list[Job]:
    """The `JOBS` of every installed app's `schedules` module: the frequent ones first, then the daily ones, each
    group by name (a fixed order whatever the order of the apps)."""
    found: dict[str, Job] = {}
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, SCHEDULES_MODULE):
            continue
        for job in import_module(f"{app.name}.{SCHEDULES_MODULE}").JOBS:
            if job.name in found:  # ScheduledRun rows are keyed by the name: two jobs cannot share one
                raise ImproperlyConfigured(f"Deux tâches planifiées portent le nom « {job.name} » ({app.name}).")
            found[job.name] = job
    return sorted(found.values(), key=lambda job: (job.is_daily, job.name))


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
