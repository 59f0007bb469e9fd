"""The audits app's periodic jobs, collected by the worker's scheduler (vigie/core/scheduler.py)."""

from vigie.core.scheduler import Job

JOBS = [Job("send_audit_alerts", "vigie.audits.tasks.send_audit_alerts")]
