"""The register's e-mails: standard messages chosen and filled for a request, written to the outbox of `vigie.mail`.

- A MessageTemplate is chosen for (purpose, kind, channel, site), the most specific first; each edit is a new
  version (old ones are kept). Placeholders: {reference} {due_date} {deadline_days} {service} {site}
  {opening_hours} {site_website} {site_address} {site_phone} {tracking_url} (filled by mail.rendering).
- Every e-mail is first written to the outbox (same transaction as the request), then sent by the worker
  (`vigie worker`), retried with back-off; nothing is lost when the SMTP server is down. A message about a request
  names it by the register's app label and the request's public id.
- When the acknowledgement has left, the request becomes « acknowledged » (`acknowledgement_sent`, connected to
  mail's `message_sent` in apps.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.functional import lazy

from vigie.mail.models import AutoSubmitted, OutboxMessage
from vigie.mail.queries import messages_about, waiting_messages
from vigie.mail.rendering import render
from vigie.mail.services import queue_message as queue_in_outbox
from vigie.register.enums import Status
from vigie.register.models import MessageTemplate, RequestEvent, UserRequest
from vigie.register.requests.queries import request_scope

APP_LABEL = "register"
ACKNOWLEDGEMENT = "acknowledgement"  # the outbox tag of an acknowledgement of receipt

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


def _opening_hours(site) -> str:
    return ", ".join(str(p) for p in site.opening_periods.all()) or "voir le site internet"


def placeholders(request: UserRequest) -> dict[str, str]:
    """The values of the placeholders; the opening hours are read only if the template cites them (lazy)."""
    return {
        "reference": request.reference,
        "due_date": request.due_date.strftime("%d/%m/%Y") if request.due_date else "—",
        "deadline_days": str(request.deadline_days or "—"),
        "service": request.service.name if request.service else request.site.name,
        "site": request.site.name,
        "opening_hours": lazy(_opening_hours, str)(request.site),
        "site_website": request.site.website or request.site.department.name,
        "site_address": request.site.address.replace("\n", ", ") or "—",
        "site_phone": request.site.phone or "—",
        "tracking_url": settings.SITE_URL.rstrip("/")
        + reverse("public_request_tracking", kwargs={"token": request.tracking_token}),
    }


def render_template(template: MessageTemplate, request: UserRequest) -> tuple[str, str]:
    values = placeholders(request)
    return render(template.subject, values), render(template.body, values)


def template_for(request: UserRequest, purpose: str) -> MessageTemplate:
    # `site__in=[None, …]` would never match NULL in SQL: the general templates need their own Q.
    candidates = (
        MessageTemplate.objects.filter(department=request.department, purpose=purpose, is_current=True)
        .filter(kind__in=["", request.kind], channel__in=["", request.channel])
        .filter(Q(site=None) | Q(site=request.site_id))
    )
    best = sorted(candidates, key=lambda t: (t.site_id is not None, bool(t.kind), bool(t.channel)), reverse=True)
    return best[0] if best else DEFAULT_ACKNOWLEDGEMENT


def reply_templates_for(request: UserRequest, purpose: str = MessageTemplate.ANSWER):
    """Current templates of a purpose (answers by default, or holding replies) that fit the request (general ones
    and those of its kind, channel or site)."""
    return (
        MessageTemplate.objects.filter(department=request.department, purpose=purpose, is_current=True)
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
    """Write an e-mail to the outbox in the caller's transaction: to the requester about their request, or (no
    request) a digest or an escalation to `to`, marked as automatic."""
    if acknowledgement:
        auto_submitted = AutoSubmitted.AUTO_REPLIED  # RFC 3834: no auto-reply loop with the user's mail robot
    else:
        auto_submitted = AutoSubmitted.AUTO_GENERATED if request is None else AutoSubmitted.NO
    return queue_in_outbox(
        app_label=APP_LABEL,
        public_id=None if request is None else request.public_id,
        to=to or request.requester_email,
        subject=subject,
        body=body,
        tag=ACKNOWLEDGEMENT if acknowledgement else "",
        auto_submitted=auto_submitted,
    )


def messages_of(request: UserRequest) -> QuerySet[OutboxMessage]:
    """The e-mails about a request, oldest first."""
    return messages_about(app_label=APP_LABEL, public_id=request.public_id)


def waiting_messages_for(user) -> QuerySet[OutboxMessage]:
    """E-mails to requesters (of the requests the user sees) waiting for the SMTP server. Few rows (a partial index
    on unsent messages), each checked against its request through the unique public id: no scan of the requests."""
    waiting = waiting_messages(app_label=APP_LABEL)
    if (condition := request_scope(user)) is None:
        return waiting
    return waiting.filter(Exists(UserRequest.objects.filter(condition, public_id=OuterRef("related_public_id"))))


def acknowledgement_sent(message: OutboxMessage) -> None:
    """The acknowledgement of a request has left: the request, still « received », becomes « acknowledged »."""
    if message.related_app != APP_LABEL or message.tag != ACKNOWLEDGEMENT or message.related_public_id is None:
        return
    request = UserRequest.objects.filter(public_id=message.related_public_id).values_list("pk", flat=True).first()
    if request is None:
        return
    UserRequest.objects.filter(pk=request, status=Status.RECEIVED).update(status=Status.ACKNOWLEDGED)
    RequestEvent.objects.create(request_id=request, action=RequestEvent.Action.ACKNOWLEDGED)
