"""E-mail in: one request per message (Message-ID), attachments kept or named when refused, automatic messages
skipped. The IMAP reading itself runs against Debian's dovecot in test_mailin_imap.py."""

import datetime as dt
from email.message import EmailMessage

import pytest
from django.utils import timezone

from vigie.mail.models import OutboxMessage
from vigie.register.mailin.services import import_message
from vigie.register.models import Mailbox, RequestEvent, UserRequest
from vigie.register.requests.messaging import messages_of

PDF = b"%PDF-1.4\n%%EOF\n"


def mail(message_id="<abc@usager.example>", subject="Titre de séjour", attachments=(), html=False, **headers):
    message = EmailMessage()
    message["From"] = "Jeanne Usager <jeanne@usager.example>"
    message["To"] = "pref-qualite@marne.gouv.fr"
    message["Subject"] = subject
    message["Date"] = "Mon, 06 May 2024 10:00:00 +0200"
    if message_id:
        message["Message-ID"] = message_id
    for key, value in headers.items():
        message[key.replace("_", "-")] = value
    if html:
        message.set_content("<p>Bonjour,</p><p>J&#39;attends mon <b>titre</b>.</p>", subtype="html")
    else:
        message.set_content("Bonjour,\nj'attends mon titre depuis trois mois.")
    for name, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


@pytest.fixture
def mailbox(world):
    return Mailbox.objects.create(
        department=world.dept_a,
        site=world.site_a1,
        service=world.service_a1,
        kind="complaint",
        host="127.0.0.1",
        port=143,
        security="none",
        username="qualite",
        password="secret",
    )


def test_a_message_becomes_one_request_acknowledged(world, mailbox):
    request = import_message(mailbox, mail(), dt.datetime(2024, 5, 6, 8, 0, tzinfo=dt.UTC))
    assert (request.channel, request.kind, request.site, request.service) == (
        "email",
        "complaint",
        world.site_a1,
        world.service_a1,
    )
    assert (request.requester_name, request.requester_email) == ("Jeanne Usager", "jeanne@usager.example")
    assert request.subject == "Titre de séjour" and "trois mois" in request.text
    assert request.received_date == dt.date(2024, 5, 6) and request.due_date == dt.date(2024, 5, 15)
    assert messages_of(request).get().to == "jeanne@usager.example"
    assert import_message(mailbox, mail()) is None  # same Message-ID: no second request
    assert UserRequest.objects.count() == 1


def test_without_message_id_the_raw_message_identifies_it(world, mailbox):
    raw = mail(message_id=None)
    assert import_message(mailbox, raw) is not None
    assert import_message(mailbox, raw) is None
    assert UserRequest.objects.get().source_message_id.startswith("sha256:")


def test_attachments_kept_or_named_in_the_history(world, mailbox):
    raw = mail(
        attachments=[
            ("recepisse.pdf", PDF, "application", "pdf"),
            ("programme.exe", b"MZ\x90", "application", "octet-stream"),
        ]
    )
    request = import_message(mailbox, raw)
    assert [a.original_name for a in request.attachments.all()] == ["recepisse.pdf"]
    detail = RequestEvent.objects.filter(request=request, detail__startswith="Pièce jointe").get().detail
    assert "« programme.exe » : ce type de fichier n'est pas accepté" in detail


def test_html_only_message_is_read_as_text(world, mailbox):
    request = import_message(mailbox, mail(html=True))
    assert request.text == "Bonjour,\nJ'attends mon titre."


@pytest.mark.parametrize(
    "headers",
    [{"Auto_Submitted": "auto-replied"}, {"From": "MAILER-DAEMON@relay.example"}],
)
def test_automatic_messages_are_skipped(world, mailbox, headers):
    raw = mail(**{k: v for k, v in headers.items() if k != "From"})
    if "From" in headers:
        raw = raw.replace(b"Jeanne Usager <jeanne@usager.example>", headers["From"].encode())
    assert import_message(mailbox, raw) is None
    assert UserRequest.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_a_nul_character_or_a_date_in_the_future_still_gives_a_request(world, mailbox):
    """PostgreSQL refuses NUL in text: it is dropped, not the message. A sender's clock ahead is not believed."""
    raw = mail().replace(b"depuis trois mois", b"depuis\x00 trois mois")
    request = import_message(
        mailbox, raw.replace(b"Mon, 06 May 2024 10:00:00 +0200", b"Fri, 01 Jan 2100 10:00:00 +0100")
    )
    request.refresh_from_db()
    assert "depuis trois mois" in request.text and "\x00" not in request.text
    assert request.received_at <= timezone.now()


def test_a_date_before_2000_in_the_header_is_not_believed_either(world, mailbox):
    """A sender's clock reset to 1970 would refuse the message at every fetch: it is dated at its arrival instead."""
    request = import_message(
        mailbox, mail().replace(b"Mon, 06 May 2024 10:00:00 +0200", b"Thu, 01 Jan 1970 00:00:00 +0000")
    )
    assert request is not None and request.received_at.year >= 2024
