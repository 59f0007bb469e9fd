"""Background tasks of the register, run by `vigie worker`. The periodic ones are declared in schedules.py and
enqueued by the worker's scheduler; each also runs from cron (`vigie run_scheduled_jobs`). The export of a large
selection is a task of exports.py, beside what enqueues it. Nothing these tasks run imports this module.

A task whose worker is lost while running it (core/workers.py) runs again when that does no harm
(`run_again_if_worker_lost`): the retention, the indicators and the purge redo the same result; the mailbox reading
skips a message already imported (its Message-ID) and flags it after. `daily_reminders` is not run again: killed
between its digests and its escalation, it would send the digests twice — it is marked failed, and tomorrow's
run escalates what it missed (each late request once)."""

from django.utils import timezone

from vigie.core.tasks import run_again_if_worker_lost, task
from vigie.mail import tasks as mail_tasks
from vigie.organisation.models import Department
from vigie.register.analysis.indicators import publish_register_indicators
from vigie.register.mailin.services import fetch_all_mailboxes
from vigie.register.requests import exports
from vigie.register.requests.digest import escalate_late_requests, send_daily_digests
from vigie.register.requests.indicator_cells import recompute_all_marked
from vigie.register.requests.privacy import erase_expired_personal_data as erase


@run_again_if_worker_lost
@task()
def erase_expired_personal_data() -> int:
    """Daily retention job."""
    return erase()


@task()
def daily_reminders() -> dict:
    """Daily digest to the services, then escalation of newly late requests to the quality officers."""
    return {"digests": send_daily_digests(), "escalated": escalate_late_requests()}


@run_again_if_worker_lost
@task()
def compute_register_indicators() -> int:
    """Daily: a request becomes late without anyone touching it, so the computed indicators are refreshed
    (current and previous year); the cells still marked (a recomputation that failed) are recomputed first."""
    recompute_all_marked()
    year = timezone.localdate().year
    return sum(
        publish_register_indicators(department=department, year=y)
        for department in Department.objects.all()
        for y in (year - 1, year)
    )


@run_again_if_worker_lost
@task()
def fetch_mail() -> int:
    """Read every active functional mailbox (IMAP); returns the number of requests created."""
    return fetch_all_mailboxes()


@run_again_if_worker_lost
@task()
def purge_request_exports() -> int:
    """Daily: delete the background exports older than VIGIE_EXPORT_RETENTION_DAYS, with their files."""
    return exports.purge_exports()


# Aliases for tasks queued before the outbox moved to vigie.mail and the export task to exports.py: the worker
# finds a queued task by the dotted path written when it was enqueued (vigie.register.tasks.…). New tasks, retries
# included, use the new paths, so each queued one runs here once at most. Remove these once no worker database
# holds a task under the old paths (the release after the one that moved them).


@run_again_if_worker_lost
@task()
def send_outbox_message(message_id: int) -> bool:
    """Alias of vigie.mail.tasks.send_outbox_message (see above)."""
    return mail_tasks.send_outbox_message.call(message_id)


@run_again_if_worker_lost
@task()
def send_due_outbox() -> int:
    """Alias of vigie.mail.tasks.send_due_outbox (see above)."""
    return mail_tasks.send_due_outbox.call()


@run_again_if_worker_lost
@task()
def build_request_export(export_id: int) -> int:
    """Alias of vigie.register.requests.exports.build_request_export (see above)."""
    return exports.build_request_export.call(export_id)
