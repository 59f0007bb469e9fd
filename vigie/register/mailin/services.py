"""E-mail in: read the functional mailboxes over IMAP, one request per message.

- A message becomes a request of the mailbox's site (and service, or « à attribuer »), channel e-mail, received at
  the message's arrival time in the mailbox (IMAP INTERNALDATE), with the mailbox's default kind; the sender gets
  the acknowledgement like any request.
- No duplicate: the Message-ID (or, without one, a digest of the raw message) is stored and unique per department;
  a message read twice — a re-read, two workers at once, a crash before the flag — gives one request.
- Messages done are flagged with the IMAP keyword `$VigieImported` (never deleted, never marked read: the mailbox
  stays as the team knows it), and only unflagged messages are fetched.
- Attachments are kept when accepted (attachments.py); a refused one is named in the request's history instead
  of refusing the whole message, since the sender cannot be asked to resubmit.
- Automatic messages (Auto-Submitted, delivery reports) are flagged and skipped: no request, no acknowledgement
  loop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import hashlib
import html
import imaplib
import logging
import re
import ssl
import time
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from vigie.register.enums import Channel
from vigie.register.models import Mailbox, RequestEvent, UserRequest
from vigie.register.requests.attachments import IncomingFile, content_type_of, max_files
from vigie.register.requests.privacy import REFUSED_FILE
from vigie.register.requests.services import EARLIEST, create_request, record_event

logger = logging.getLogger(__name__)
KEYWORD = "$VigieImported"
IMAP_TIMEOUT = 30


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    if mailbox.security == "ssl":
        conn = imaplib.IMAP4_SSL(
            mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(), timeout=IMAP_TIMEOUT
        )
    else:
        conn = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=IMAP_TIMEOUT)
        if mailbox.security == "starttls":
            conn.starttls(ssl.create_default_context())
    try:
        conn.login(mailbox.username, mailbox.password)
    except BaseException:
        conn.shutdown()  # a refused login must not leave the socket open
        raise
    return conn


def error_label(exc: Exception) -> str:
    """A short French description of a mailbox failure (never the password, never a message's content)."""
    if isinstance(exc, imaplib.IMAP4.error):
        detail = exc.args[0] if exc.args else ""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        return f"refus du serveur IMAP : {str(detail)[:150]}"
    if isinstance(exc, ValidationError):
        return "demande refusée : " + " ".join(exc.messages)[:150]
    return f"connexion impossible ({type(exc).__name__})"


def message_id_of(message: EmailMessage, raw: bytes) -> str:
    value = (message.get("Message-ID") or "").strip()
    return value[:255] if value else "sha256:" + hashlib.sha256(raw).hexdigest()


def is_automatic(message: EmailMessage) -> bool:
    auto = (message.get("Auto-Submitted") or "no").strip().lower()
    sender = parseaddr(message.get("From") or "")[1].lower()
    return (
        auto != "no"
        or message.get_content_type() == "multipart/report"
        or sender.startswith(("mailer-daemon@", "postmaster@"))
    )


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return "(message sans texte)"
    content = body.get_content()
    if body.get_content_type() == "text/html":  # paragraphs and line breaks become new lines, entities are decoded
        content = re.sub(r"(?i)<br\s*/?>|</(p|div|li|tr|h[1-6])>", "\n", content)
        content = re.sub(r"\n{3,}", "\n\n", html.unescape(strip_tags(content)))
    return content.strip() or "(message sans texte)"


def _attachments_of(message: EmailMessage) -> tuple[list[IncomingFile], list[str]]:
    accepted, refused = [], []
    for part in message.iter_attachments():
        name = part.get_filename() or "piece-jointe"
        data = part.get_payload(decode=True) or b""
        file = IncomingFile(name=name, data=data)
        try:
            content_type_of(file)
        except ValidationError as exc:
            refused.append(exc.messages[0])
        else:
            accepted.append(file)
    return accepted, refused


def _sender_of(message: EmailMessage) -> tuple[str, str]:
    """(name, e-mail) of the sender. An address that cannot receive mail (`agent@intranet`) is kept beside the
    name, so the agent can still see who wrote, and no acknowledgement is attempted."""
    try:
        name, address = parseaddr(message.get("From") or "")
    except (TypeError, ValueError, IndexError):  # a From header that the e-mail package cannot even parse
        return "", ""
    try:
        validate_email(address)
    except ValidationError:
        name = f"{name} ({address})".strip() if address and address != name else name
        address = ""
    return name[:200], address[:254]


def import_message(mailbox: Mailbox, raw: bytes, arrived_at: dt.datetime | None = None) -> UserRequest | None:
    """Create the request of one raw message; None when it was already imported or is an automatic message."""
    message = email.message_from_bytes(raw, policy=policy.default)
    message_id = message_id_of(message, raw)
    if is_automatic(message):
        return None
    if UserRequest.objects.filter(department=mailbox.department, source_message_id=message_id).exists():
        return None
    name, address = _sender_of(message)
    now = timezone.now()
    if arrived_at is None:
        try:
            arrived_at = parsedate_to_datetime(message.get("Date"))
        except (TypeError, ValueError):
            arrived_at = now
    if arrived_at.tzinfo is None or arrived_at > now or arrived_at.year < EARLIEST.year:
        arrived_at = now  # a sender's clock is not the mailbox's: never in the future, nor before 2000
    accepted, refused = _attachments_of(message)
    refused += [f"« {f.name} » : au-delà de {max_files()} pièces jointes." for f in accepted[max_files() :]]
    accepted = accepted[: max_files()]
    subject = (message.get("Subject") or "").strip()[:200] or "(sans objet)"
    try:
        with transaction.atomic():
            request = create_request(
                actor=None,
                site=mailbox.site,
                service=mailbox.service,
                kind=mailbox.kind,
                channel=Channel.EMAIL,
                received_at=arrived_at,
                subject=subject,
                text=_text_of(message),
                requester={"name": name, "email": address},
                attachments=accepted,
                source_message_id=message_id,
            )
            for reason in refused:
                record_event(request, RequestEvent.Action.CREATED, None, f"{REFUSED_FILE} : {reason}")
    except IntegrityError:  # the same message imported at the same moment by another worker
        return None
    return request


def fetch_mailbox(mailbox: Mailbox) -> int:
    """Import the new messages of one mailbox. Returns the number of requests created. A message that cannot
    become a request stays unflagged (nothing is lost) and does not stop the others; the mailbox's error then
    names it, once all the others are read."""
    created = 0
    refused: list[str] = []
    conn = connect(mailbox)
    try:
        status, _ = conn.select(_quote(mailbox.folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"dossier {mailbox.folder} introuvable")
        status, data = conn.uid("SEARCH", None, "NOT", "DELETED", "NOT", "KEYWORD", KEYWORD)
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids:
            status, parts = conn.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[])")
            fetched = [p for p in parts if isinstance(p, tuple)]
            if status != "OK" or not fetched:
                continue
            header, raw = fetched[0]
            arrived = imaplib.Internaldate2tuple(header)  # the machine's local time tuple of the arrival
            arrived_at = dt.datetime.fromtimestamp(time.mktime(arrived), tz=dt.UTC) if arrived else None
            try:
                request = import_message(mailbox, raw, arrived_at)
            except ValidationError as exc:  # kept unflagged, tried again next time; the others go on
                refused.append(f"message UID {uid.decode()} — {error_label(exc)}")
                logger.warning("boîte fonctionnelle %s : message UID %s refusé", mailbox.pk, uid.decode())
                continue
            created += request is not None
            conn.uid("STORE", uid, "+FLAGS", f"({KEYWORD})")
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()
    if refused:
        raise MessagesRefused(created, refused)
    return created


class MessagesRefused(Exception):
    """Some messages of a mailbox could not become requests (the others were imported)."""

    def __init__(self, created: int, refused: list[str]):
        super().__init__(created, refused)
        self.created, self.refused = created, refused

    def __str__(self) -> str:
        count = len(self.refused)
        return f"{count} message{'s' if count > 1 else ''} non importé{'s' if count > 1 else ''} : " + " ; ".join(
            self.refused
        )


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fetch_all_mailboxes(mailboxes=None) -> int:
    """Read every active mailbox; a failing one is recorded (last_error) and does not stop the others."""
    total = 0
    for mailbox in mailboxes if mailboxes is not None else Mailbox.objects.filter(active=True).select_related("site"):
        try:
            count = fetch_mailbox(mailbox)
        except MessagesRefused as exc:
            mailbox.last_error = str(exc)[:200]
            total += exc.created
        except (imaplib.IMAP4.error, OSError, ValidationError) as exc:
            mailbox.last_error = error_label(exc)[:200]
            logger.warning("boîte fonctionnelle %s : %s", mailbox.pk, type(exc).__name__)
        else:
            mailbox.last_error = ""
            total += count
        mailbox.last_checked_at = timezone.now()
        mailbox.save(update_fields=["last_error", "last_checked_at"])
    return total
