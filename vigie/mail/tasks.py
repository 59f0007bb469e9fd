"""Background tasks of the outbox, run by `vigie worker`."""

import datetime as dt

from vigie.core.tasks import run_again_if_worker_lost, task

from .models import OutboxMessage
from .sending import attempt, release_stranded_claims, send_due_messages

# Both tasks may run again after their worker was lost: a message is sent only under its claim, which the
# recovery hands over (at-least-once: a message the SMTP server accepted just before the worker died, its success
# not yet written, is sent a second time — the only case).


@run_again_if_worker_lost
@task()
def send_outbox_message(message_id: int) -> bool:
    """Send one outbox message; when the SMTP server fails, enqueue the next try at its back-off time. A message
    given up (permanent refusal) or taken by another worker is not enqueued again."""
    message = OutboxMessage.objects.filter(pk=message_id, sent_at=None, failed_at=None).first()
    if message is None:
        return True
    outcome = attempt(message)
    if outcome == "retry":
        send_outbox_message.using(run_after=message.next_attempt_at).enqueue(message_id)
    return outcome == "sent"


@run_again_if_worker_lost
@task()
def send_due_outbox() -> int:
    """Safety net: send every message whose next try has come (e.g. enqueued while the worker was down)."""
    return send_due_messages()


def recover_outbox(*, lost_worker_ids: frozenset[str], now: dt.datetime, **kwargs) -> None:
    """On each worker's recovery pass (core.workers.recovery): the messages a lost worker had claimed, or whose
    claim expired, are sent again now by whichever worker is running, with or without the scheduler."""
    for message_id in release_stranded_claims(lost_worker_ids=lost_worker_ids, now=now):
        send_outbox_message.enqueue(message_id)
