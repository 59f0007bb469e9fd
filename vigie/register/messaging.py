"""Standard messages and the persisted outbox.

- A MessageTemplate is chosen for (purpose, kind, channel, site), the most specific first; each edit is a new
  version (old ones are kept). Placeholders: {reference} {due_date} {deadline_days} {service} {site}
  {opening_hours} {site_website} {site_address} {site_phone} {tracking_url}.
- Every e-mail is first written to the outbox (same transaction as the request), then sent by the worker
  (`vigie worker`), retried with back-off; nothing is lost when the SMTP server is down.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import string

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import MessageTemplate, OutboxMessage, UserRequest

logger = logging.getLogger(__name__)

DEFAULT_ACKNOWLEDGEMENT = MessageTemplate(
    purpose="acknowledgement",
    subject="Accusé de réception — demande {reference}",
    body=(
        "Bonjour,\n\nNous accusons réception de votre demande, enregistrée sous la référence {reference} ({site}).\n"
        "Dans le cadre de notre démarche qualité, nous nous engageons à vous répondre au plus tard le "
        "{due_date} ({deadline_days} jours ouvrés). Si votre demande nécessite un délai plus long, nous vous en "
        "informerons.\n\nVous pouvez suivre votre demande à cette adresse : {tracking_url}\n\n"
        "Ceci est un message automatique, merci de ne pas y répondre.\n\nCordialement,\n{site}"
    ),
)
PLACEHOLDERS = [
    "reference",
    "due_date",
    "deadline_days",
    "service",
    "site",
    "opening_hours",
    "site_website",
    "site_address",
    "site_phone",
    "tracking_url",
]


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(request: UserRequest) -> dict[str, str]:
    periods = request.site.opening_periods.all()
    return {
        "reference": request.reference,
        "due_date": request.due_date.strftime("%d/%m/%Y") if request.due_date else "—",
        "deadline_days": str(request.deadline_days or "—"),
        "service": request.service.name if request.service else request.site.name,
        "site": request.site.name,
        "opening_hours": ", ".join(str(p) for p in periods) or "voir le site internet",
        "site_website": request.site.website or request.site.department.name,
        "site_address": request.site.address.replace("\n", ", ") or "—",
        "site_phone": request.site.phone or "—",
        "tracking_url": settings.SITE_URL.rstrip("/")
        + reverse("public_request_tracking", kwargs={"token": request.tracking_token}),
    }


def render_template(template: MessageTemplate, request: UserRequest) -> tuple[str, str]:
    values = _Safe(placeholders(request))
    formatter = string.Formatter()
    return formatter.vformat(template.subject, (), values), formatter.vformat(template.body, (), values)


def template_for(request: UserRequest, purpose: str) -> MessageTemplate:
    # `site__in=[None, …]` would never match NULL in SQL: the general templates need their own Q.
    candidates = (
        MessageTemplate.objects.filter(department=request.department, purpose=purpose, is_current=True)
        .filter(kind__in=["", request.kind], channel__in=["", request.channel])
        .filter(Q(site=None) | Q(site=request.site_id))
    )
    best = sorted(candidates, key=lambda t: (t.site_id is not None, bool(t.kind), bool(t.channel)), reverse=True)
    return best[0] if best else DEFAULT_ACKNOWLEDGEMENT


def reply_templates_for(request: UserRequest):
    """Current reply templates that fit the request (general ones and those of its kind, channel or site)."""
    return (
        MessageTemplate.objects.filter(department=request.department, purpose="reply", is_current=True)
        .filter(kind__in=["", request.kind], channel__in=["", request.channel])
        .filter(Q(site=None) | Q(site=request.site_id))
        .order_by("name")
    )


def queue_acknowledgement(request: UserRequest) -> OutboxMessage | None:
    """Write the acknowledgement to the outbox (in the caller's transaction) when the user gave an e-mail."""
    if not request.requester_email or request.due_date is None:
        return None
    subject, body = render_template(template_for(request, "acknowledgement"), request)
    return queue_message(request, subject, body, acknowledgement=True)


def queue_message(
    request: UserRequest | None, subject: str, body: str, *, to: str = "", acknowledgement: bool = False
) -> OutboxMessage:
    """Write an e-mail to the outbox in the caller's transaction; the worker sends it after the commit."""
    message = OutboxMessage.objects.create(
        request=request,
        to=to or request.requester_email,
        subject=" ".join(subject.split())[:250],  # a line break in a header would make the message unsendable
        body=body,
        is_acknowledgement=acknowledgement,
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from .tasks import send_outbox_message

    send_outbox_message.enqueue(message_id)


CLAIM_SECONDS = 600  # a worker that dies while sending: another one tries again after this


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


def _claim(message: OutboxMessage, now: dt.datetime) -> bool:
    """Take the message for this worker (one conditional UPDATE, the same on SQLite and PostgreSQL): two workers,
    or cron beside a worker, never send it twice."""
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, sent_at=None, failed_at=None, next_attempt_at=message.next_attempt_at
    ).update(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS))
    return claimed == 1


def attempt(message: OutboxMessage, *, now: dt.datetime | None = None) -> str:
    """Try to send one message: « sent »; « retry » (the next try is scheduled with back-off); « failed » (a
    permanent refusal: given up); « skipped » (another worker has it, or it was already given up). The error is
    written on the message."""
    now = now or timezone.now()
    if message.sent_at is not None:
        return "sent"
    if message.failed_at is not None or not _claim(message, now):
        return "skipped"
    message.attempts += 1
    headers = {}
    if message.is_acknowledgement:
        headers["Auto-Submitted"] = "auto-replied"  # RFC 3834: no auto-reply loop with the user's mail robot
    elif message.request_id is None:
        headers["Auto-Submitted"] = "auto-generated"  # digests, escalations
    try:
        EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to], headers=headers).send()
    except Exception as exc:  # the worker's boundary: every failure is written on the message, none is lost
        message.last_error = error_label(exc)[:100]
        if is_permanent(exc):
            message.failed_at = now
            logger.warning("courriel %s abandonné : %s", message.pk, message.last_error)
        else:
            delays = settings.VIGIE_OUTBOX_RETRY_SECONDS
            delay = delays[min(message.attempts - 1, len(delays) - 1)]
            message.next_attempt_at = now + dt.timedelta(seconds=delay)
        message.save(update_fields=["attempts", "next_attempt_at", "failed_at", "last_error"])
        return "failed" if message.failed_at else "retry"
    message.sent_at = now
    message.last_error = ""
    message.save(update_fields=["attempts", "sent_at", "last_error"])
    if message.request_id and message.is_acknowledgement:
        from .models import RequestEvent

        UserRequest.objects.filter(pk=message.request_id, status="received").update(status="acknowledged")
        RequestEvent.objects.create(request_id=message.request_id, action=RequestEvent.Action.ACKNOWLEDGED)
    return "sent"


def send_due_messages(*, now: dt.datetime | None = None) -> int:
    """Send every unsent message whose next try has come (a safety net: `vigie send_outbox`). Returns sent count."""
    now = now or timezone.now()
    sent = 0
    due = OutboxMessage.objects.filter(sent_at=None, failed_at=None, next_attempt_at__lte=now)
    for message in due.order_by("pk")[:500]:
        sent += attempt(message, now=now) == "sent"
    return sent
