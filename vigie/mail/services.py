"""Writes on the outbox: queue an e-mail (with its files) in the caller's transaction, erase or delete messages
for the retention of personal data. The worker sends after the commit (tasks.py, sending.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from vigie.core.tasks import enqueue_with_write

from .models import AutoSubmitted, OutboxAttachment, OutboxMessage
from .tasks import send_outbox_message

ERASED = "[effacé]"
ERASED_ADDRESS = "efface@invalid.invalid"


@dataclass(frozen=True)
class FileToSend:
    """A file attached to an e-mail, e.g. `FileToSend("rendez-vous.ics", "text/calendar", ics_bytes)`."""

    filename: str
    content_type: str
    content: bytes


@transaction.atomic(savepoint=False)  # the message and its files together; no extra savepoint in the caller's
def queue_message(
    *,
    app_label: str,
    public_id: uuid.UUID | None,
    to: str,
    subject: str,
    body: str,
    tag: str = "",
    auto_submitted: str = AutoSubmitted.NO,
    attachments: Sequence[FileToSend] = (),
) -> OutboxMessage:
    """Write an e-mail to the outbox and queue its sending in the caller's transaction; the worker sends it after the
    commit.

    `app_label` and `public_id` name the object the message concerns (none for, e.g., a digest to agents: the app
    alone); `tag` is the app's own word for the kind of message (the register's « acknowledgement »). Nothing is
    checked here that the SMTP server would refuse: such a message is given up when sent, with its reason."""
    message = OutboxMessage.objects.create(
        related_app=app_label,
        related_public_id=public_id,
        tag=tag,
        auto_submitted=auto_submitted,
        to=to,
        subject=" ".join(subject.split())[:250],  # a line break in a header would make the message unsendable
        body=body,
    )
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(message=message, filename=f.filename, content_type=f.content_type, content=f.content)
        for f in attachments
    )
    enqueue_with_write(send_outbox_message, message_id=message.pk)
    return message


def erase_messages(*, app_label: str, public_ids: Iterable[uuid.UUID]) -> int:
    """Erase the address, subject, text and files of the messages about these objects (their state is kept).
    Returns the messages erased."""
    messages = OutboxMessage.objects.filter(related_app=app_label, related_public_id__in=list(public_ids))
    OutboxAttachment.objects.filter(message__in=messages).delete()
    return messages.update(to=ERASED_ADDRESS, subject=ERASED, body=ERASED)


def delete_messages_about_no_object(*, app_label: str, created_before: dt.datetime) -> int:
    """Delete the app's messages that concern no object (digests to agents) written before `created_before`."""
    old = OutboxMessage.objects.filter(related_app=app_label, related_public_id=None, created_at__lt=created_before)
    return old.delete()[1].get(OutboxMessage._meta.label, 0)
