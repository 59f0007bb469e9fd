"""Background tasks of the audits app, run by `vigie worker` (periodic ones declared in schedules.py)."""

from django.utils import timezone

from vigie.core.tasks import task

from .notifications import send_all_alerts


@task()
def send_audit_alerts() -> int:
    """Daily: e-mail each new alert of every department to its quality officers, once."""
    return send_all_alerts(timezone.now())
