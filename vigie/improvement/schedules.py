"""The action plans' periodic job, collected by the worker's scheduler (vigie/core/scheduler.py)."""

from vigie.core.scheduler import Job

JOBS = [
    Job("action_reminders", "vigie.improvement.tasks.action_reminders"),
]
