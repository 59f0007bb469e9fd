"""The register's periodic jobs, collected by the worker's scheduler (vigie/core/scheduler.py)."""

from vigie.core.scheduler import Job

JOBS = [
    Job("fetch_mail", "vigie.register.tasks.fetch_mail", every_minutes_setting="VIGIE_FETCH_MAIL_MINUTES"),
    Job("daily_reminders", "vigie.register.tasks.daily_reminders"),
    Job("compute_register_indicators", "vigie.register.tasks.compute_register_indicators"),
    Job("erase_expired_personal_data", "vigie.register.tasks.erase_expired_personal_data"),
    Job("purge_request_exports", "vigie.register.tasks.purge_request_exports"),
]
