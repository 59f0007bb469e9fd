try:
    from django.tasks import task  # Django 6
except ImportError:
    from django_tasks import task  # Django 5.2 + backport


@task()
def send_outbox_message(message_id: int) -> bool:
    """Send one outbox message; when the SMTP server fails, enqueue the next try at its back-off time."""
    from .messaging import send_message
    from .models import OutboxMessage

    message = OutboxMessage.objects.filter(pk=message_id, sent_at=None).first()
    if message is None:
        return True
    if send_message(message):
        return True
    send_outbox_message.using(run_after=message.next_attempt_at).enqueue(message_id)
    return False


@task()
def erase_expired_personal_data() -> int:
    """Daily retention job (scheduled by `vigie erase_personal_data` in cron or a systemd timer)."""
    from .privacy import erase_expired_personal_data as run

    return run()
