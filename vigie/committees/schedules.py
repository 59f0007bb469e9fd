"""The committees' periodic jobs, collected by the worker's scheduler (vigie/core/scheduler.py)."""

from vigie.core.scheduler import Job

JOBS = [
    Job("send_committee_reminders", "vigie.committees.tasks.send_committee_reminders"),
    Job("erase_expired_committee_contacts", "vigie.committees.tasks.erase_expired_committee_contacts"),
]
