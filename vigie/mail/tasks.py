"""Background tasks of the outbox, run by `vigie worker`."""

from vigie.core.tasks import task

from .models import OutboxMessage
from .sending import attempt, send_due_messages


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


@task()
def send_due_outbox() -> int:
    """Safety net: send every message whose next try has come (e.g. enqueued while the worker was down)."""
    return send_due_messages()
