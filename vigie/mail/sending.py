"""Sending what the outbox holds: one try of one message (claimed so that two workers never send it twice), the
back-off of the next try, giving up on a refusal no retry can cure. Run by the worker's tasks (tasks.py) and by
`vigie send_outbox`; queuing is in services.py."""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import socket

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.db.models import Q
from django.utils import timezone

from vigie.core.workers import current_worker_id

from .models import OutboxMessage
from .signals import message_sent

logger = logging.getLogger(__name__)


def error_label(exc: Exception) -> str:
    """A short French description of a sending failure: never an address, never the content."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        return "destinataire refusé par le serveur (" + ", ".join(map(str, codes)) + ")"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"identifiants SMTP refusés ({exc.smtp_code})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"refus du serveur SMTP ({exc.smtp_code})"
    if isinstance(exc, ConnectionRefusedError | smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return "serveur de messagerie injoignable"
    if isinstance(exc, TimeoutError):
        return "serveur de messagerie trop lent (délai dépassé)"
    if isinstance(exc, BadHeaderError | ValueError | UnicodeError):
        return "message mal formé (objet ou adresse)"
    return f"erreur d'envoi ({type(exc).__name__})"


def is_permanent(exc: Exception) -> bool:
    """No retry can cure it: every recipient refused with a 5xx code, or a message that cannot be written. A refused
    sender, a full mailbox (4xx) or a server that is down are retried."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, BadHeaderError | ValueError | UnicodeError)


def _claimant() -> str:
    """Who claims: the worker's id (a lost worker's claims are taken back at once, core/workers.py), or this
    process outside a worker (its claims expire after VIGIE_OUTBOX_CLAIM_SECONDS)."""
    return current_worker_id() or f"{socket.gethostname()[:40]}-{os.getpid()}"


def _claim(message: OutboxMessage, now: dt.datetime) -> bool:
    """Take the message for this sender (one conditional UPDATE, the same on SQLite and PostgreSQL): two workers,
    or cron beside a worker, never send it twice. Only a due message can be claimed: a claim held by another
    sender (its next try pushed VIGIE_OUTBOX_CLAIM_SECONDS ahead) is not taken over before it expires."""
    claimed = OutboxMessage.objects.filter(
        pk=message.pk,
        sent_at=None,
        failed_at=None,
        next_attempt_at=message.next_attempt_at,
        next_attempt_at__lte=now,
    ).update(next_attempt_at=now + dt.timedelta(seconds=settings.VIGIE_OUTBOX_CLAIM_SECONDS), claimed_by=_claimant())
    return claimed == 1


def _email(message: OutboxMessage) -> EmailMessage:
    headers = {"Auto-Submitted": message.auto_submitted} if message.auto_submitted else {}
    email = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to], headers=headers)
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    return email


def attempt(message: OutboxMessage, *, now: dt.datetime | None = None) -> str:
    """Try to send one message: « sent »; « retry » (the next try is scheduled with back-off); « failed » (a
    permanent refusal: given up); « skipped » (another worker has it, or it was already given up). The error is
    written on the message. Once sent, `signals.message_sent` tells the app of the message's object."""
    now = now or timezone.now()
    if message.sent_at is not None:
        return "sent"
    if message.failed_at is not None or not _claim(message, now):
        return "skipped"
    message.attempts += 1
    try:
        _email(message).send()
    except Exception as exc:  # the worker's boundary: every failure is written on the message, none is lost
        message.last_error = error_label(exc)[:100]
        if is_permanent(exc):
            message.failed_at = now
            logger.warning("courriel %s abandonné : %s", message.pk, message.last_error)
        else:
            delays = settings.VIGIE_OUTBOX_RETRY_SECONDS
            delay = delays[min(message.attempts - 1, len(delays) - 1)]
            message.next_attempt_at = now + dt.timedelta(seconds=delay)
        message.claimed_by = ""
        message.save(update_fields=["attempts", "next_attempt_at", "failed_at", "last_error", "claimed_by"])
        return "failed" if message.failed_at else "retry"
    message.sent_at = now
    message.last_error = ""
    message.claimed_by = ""
    message.save(update_fields=["attempts", "sent_at", "last_error", "claimed_by"])
    message_sent.send(sender=OutboxMessage, message=message)
    return "sent"


def send_due_messages(*, now: dt.datetime | None = None) -> int:
    """Send every unsent message whose next try has come (a safety net: `vigie send_outbox`). Returns sent count."""
    now = now or timezone.now()
    sent = 0
    due = OutboxMessage.objects.filter(sent_at=None, failed_at=None, next_attempt_at__lte=now)
    for message in due.order_by("pk")[:500]:
        sent += attempt(message, now=now) == "sent"
    return sent


def release_stranded_claims(*, lost_worker_ids: frozenset[str], now: dt.datetime) -> list[int]:
    """Messages claimed by a sender that will not finish them: a lost worker (at once), or any sender whose claim
    has expired. Each becomes due now, unclaimed; returns their ids, for the caller to have them sent. A message
    another worker released first is left to it (conditional UPDATE)."""
    stranded = (
        OutboxMessage.objects.filter(sent_at=None, failed_at=None)
        .exclude(claimed_by="")
        .filter(Q(claimed_by__in=lost_worker_ids) | Q(next_attempt_at__lte=now))
        .values_list("pk", "claimed_by", "next_attempt_at")
    )
    released = []
    for pk, claimed_by, next_attempt_at in stranded:
        if OutboxMessage.objects.filter(pk=pk, claimed_by=claimed_by, next_attempt_at=next_attempt_at).update(
            claimed_by="", next_attempt_at=now
        ):
            logger.warning("courriel %s repris : son expéditeur s'est arrêté sans finir", pk)
            released.append(pk)
    return released
