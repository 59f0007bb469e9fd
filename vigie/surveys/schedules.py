"""The surveys' periodic jobs, collected by the worker's scheduler (vigie/core/scheduler.py)."""

from vigie.core.scheduler import Job

JOBS = [
    Job("erase_expired_rating_comments", "vigie.surveys.tasks.erase_expired_rating_comments"),
]
