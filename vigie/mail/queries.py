"""Reads on the outbox, by the object a message concerns (app label and public id)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from .models import OutboxMessage


def messages_about(*, app_label: str, public_id: uuid.UUID) -> QuerySet[OutboxMessage]:
    """The messages about one object, oldest first (index mail_related_idx)."""
    return OutboxMessage.objects.filter(related_app=app_label, related_public_id=public_id).order_by("created_at", "pk")


def waiting_messages(*, app_label: str) -> QuerySet[OutboxMessage]:
    """The app's messages about an object that wait for the SMTP server: neither sent nor given up (index
    mail_unsent_idx). Narrow it to the objects a user sees with an `Exists` on the app's own table."""
    return OutboxMessage.objects.filter(
        related_app=app_label, related_public_id__isnull=False, sent_at=None, failed_at=None
    )
