"""Background tasks of the register, run by `vigie worker`. The daily ones are enqueued by the worker's scheduler
(vigie/core/scheduler.py); each also exists as a command for cron (`vigie run_scheduled_jobs`)."""

try:
    from django.tasks import task  # Django 6
except ImportError:
    from django_tasks import task  # Django 5.2 + backport


@task()
def send_outbox_message(message_id: int) -> bool:
    """Send one outbox message; when the SMTP server fails, enqueue the next try at its back-off time. A message
    given up (permanent refusal) or taken by another worker is not enqueued again."""
    from .messaging import attempt
    from .models import OutboxMessage

    message = OutboxMessage.objects.filter(pk=message_id, sent_at=None, failed_at=None).first()
    if message is None:
        return True
    outcome = attempt(message)
    if outcome == "retry":
        send_outbox_message.using(run_after=message.next_attempt_at).enqueue(message_id)
    return outcome == "sent"


@task()
def send_due_outbox() -> int:
    """Safety net: send every message whose next try has come (e.g. enqueued while the worker was down)."""
    from .messaging import send_due_messages

    return send_due_messages()


@task()
def erase_expired_personal_data() -> int:
    """Daily retention job."""
    from .privacy import erase_expired_personal_data as run

    return run()


@task()
def daily_reminders() -> dict:
    """Daily digest to the services, then escalation of newly late requests to the quality officers."""
    from .digest import escalate_late_requests, send_daily_digests

    return {"digests": send_daily_digests(), "escalated": escalate_late_requests()}


@task()
def compute_register_indicators() -> int:
    """Daily: a request becomes late without anyone touching it, so the computed indicators are refreshed
    (current and previous year)."""
    from django.utils import timezone

    from vigie.organisation.models import Department

    from .indicators import publish_register_indicators

    year = timezone.localdate().year
    return sum(
        publish_register_indicators(department=department, year=y)
        for department in Department.objects.all()
        for y in (year - 1, year)
    )


@task()
def fetch_mail() -> int:
    """Read every active functional mailbox (IMAP); returns the number of requests created."""
    from .mailin import fetch_all_mailboxes

    return fetch_all_mailboxes()


@task()
def build_request_export(export_id: int) -> int:
    """Write the spreadsheet of a large list selection (exports.py). Returns the number of lines."""
    from .exports import build_export
    from .models import RequestExport

    export = RequestExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.status == RequestExport.State.DONE:
        return 0
    return build_export(export).done


@task()
def purge_request_exports() -> int:
    """Daily: delete the background exports older than VIGIE_EXPORT_RETENTION_DAYS, with their files."""
    from .exports import purge_exports

    return purge_exports()
