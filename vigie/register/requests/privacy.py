"""Personal data in the register: retention (erase the requester's identity, the texts and the attachments after
the department's period, counted from the closing — or from the reply for a request answered but never closed, or
from the receipt for one that expects no answer (thanks, phone, counter) and was never closed; statistics are
kept) and the export of everything held about one request.

Also erased then: the free texts of the history (a reopening's reason, the name of a refused attached file). The
digests and escalations (e-mails to agents, no request attached, holding request subjects) are deleted
DIGEST_RETENTION_DAYS after they were written."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vigie.mail.services import ERASED, delete_messages_about_no_object, erase_messages
from vigie.organisation.models import Department
from vigie.register.models import Attachment, RequestEvent, UserRequest
from vigie.register.requests.attachments import delete_files
from vigie.register.requests.messaging import APP_LABEL, messages_of

DIGEST_RETENTION_DAYS = 30
REFUSED_FILE = "Pièce jointe non conservée"


@transaction.atomic
def erase_expired_personal_data(*, now: dt.datetime | None = None) -> int:
    """Erase identity, contact, message texts, sent e-mails and attachments of the requests closed (or answered
    and never closed) before the retention limit."""
    now = now or timezone.now()
    erased = 0
    for department in Department.objects.all():
        limit = now - relativedelta(months=department.retention_months)
        expired = UserRequest.objects.filter(department=department, anonymised_at=None).filter(
            Q(closed_at__lt=limit)
            | Q(closed_at=None, replied_at__lt=limit)
            | Q(closed_at=None, replied_at=None, deadline_days=None, received_at__lt=limit)
        )
        ids, public_ids = [], []
        for pk, public_id in expired.values_list("pk", "public_id"):
            ids.append(pk)
            public_ids.append(public_id)
        if not ids:
            continue
        attachments = Attachment.objects.filter(request_id__in=ids)
        transaction.on_commit(lambda files=list(attachments): delete_files(files))
        attachments.delete()
        RequestEvent.objects.filter(request_id__in=ids).filter(
            Q(action=RequestEvent.Action.REOPENED) | Q(detail__startswith=REFUSED_FILE)
        ).update(detail=ERASED)
        RequestEvent.objects.bulk_create(RequestEvent(request_id=pk, action=RequestEvent.Action.ERASED) for pk in ids)
        erase_messages(app_label=APP_LABEL, public_ids=public_ids)
        erased += UserRequest.objects.filter(pk__in=ids).update(
            requester_name="",
            requester_email="",
            requester_phone="",
            requester_address="",
            subject=ERASED,
            text=ERASED,
            reply_text=ERASED,
            holding_reply_text="",
            anonymised_at=now,
        )
    delete_messages_about_no_object(app_label=APP_LABEL, created_before=now - dt.timedelta(days=DIGEST_RETENTION_DAYS))
    return erased


def export_request(request: UserRequest) -> dict:
    """Everything Vigie holds about one request (data-subject access request)."""
    return {
        "reference": request.reference,
        "department": request.department.code,
        "site": request.site.name,
        "service": request.service.name if request.service else None,
        "kind": request.get_kind_display(),
        "channel": request.get_channel_display(),
        "received_at": request.received_at.isoformat(),
        "due_date": request.due_date.isoformat() if request.due_date else None,
        "status": request.get_status_display(),
        "themes": [t.name for t in request.themes.all()],
        "subject": request.subject,
        "text": request.text,
        "requester": {
            "name": request.requester_name,
            "email": request.requester_email,
            "phone": request.requester_phone,
            "address": request.requester_address,
        },
        "holding_reply": request.holding_reply_text,
        "reply": {
            "text": request.reply_text,
            "replied_at": request.replied_at.isoformat() if request.replied_at else None,
            "delay_working_days": request.delay_working_days,
            "on_time": request.on_time,
        },
        "messages_sent": [
            {
                "to": m.to,
                "subject": m.subject,
                "body": m.body,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in messages_of(request)
        ],
        "attachments": [
            {"name": a.original_name, "type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in request.attachments.all()
        ],
        "history": [
            {"at": e.at.isoformat(), "action": e.get_action_display(), "detail": e.detail} for e in request.events.all()
        ],
        "closed_at": request.closed_at.isoformat() if request.closed_at else None,
        "personal_data_erased_at": request.anonymised_at.isoformat() if request.anonymised_at else None,
    }
