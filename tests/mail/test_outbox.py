"""E-mail out through the outbox of any app, against a real SMTP server (aiosmtpd): sent once, retried, given up
with a reason, with its files. The register's own e-mails (acknowledgement, templates) are in tests/register."""

import datetime as dt
import email
import uuid
from email import policy

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.mail.smtp import Collector, Refusing, send_once_the_server_is_up, smtp_server, smtp_settings
from vigie.mail.models import AutoSubmitted, OutboxMessage
from vigie.mail.sending import attempt, send_due_messages
from vigie.mail.services import FileToSend, queue_message
from vigie.mail.signals import message_sent

ABOUT = uuid.UUID("8c0b7c1e-4a44-4d6c-9a55-0f3c5b7d2a10")


def _queue(**fields) -> OutboxMessage:
    values = {
        "app_label": "committees",
        "public_id": ABOUT,
        "to": "membre@example.org",
        "subject": "Réunion du comité",
        "body": "Bonjour,\nvoici l'invitation.",
    }
    return queue_message(**(values | fields))


@pytest.mark.django_db(transaction=True)
def test_a_message_survives_an_smtp_outage_and_is_sent_once(smtp_port):
    """The worker's first try fails (server down) and enqueues the next one at its back-off time; once the server
    is up the worker sends it, once: neither the safety net nor another run sends it again."""
    with smtp_settings(smtp_port, VIGIE_OUTBOX_RETRY_SECONDS=[1]):
        _queue()  # SMTP server not started yet
        call_command("worker", batch=True)  # first try fails: connection refused
        message = OutboxMessage.objects.get()
        assert (message.sent_at, message.attempts, message.last_error) == (None, 1, "serveur de messagerie injoignable")
        assert message.next_attempt_at > timezone.now()
        assert message.state_label.startswith("en attente (1 tentative, dernière erreur\u00a0: serveur de messagerie")

        collector, sent_again = send_once_the_server_is_up(smtp_port)  # after the back-off delay
        assert sent_again == 0  # never twice
    assert len(collector.messages) == 1
    assert collector.messages[0].rcpt_tos == ["membre@example.org"]
    assert "Auto-Submitted" not in collector.messages[0].content.decode()  # written by a person
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2
    assert message.state_label.startswith("envoyé le ")


@pytest.mark.parametrize(("code", "permanent"), [(550, True), (452, False)])
def test_a_refused_recipient_is_given_up_only_when_the_refusal_is_permanent(db, smtp_port, code, permanent):
    with smtp_server(Refusing(code), smtp_port):
        _queue()
        assert send_due_messages(now=timezone.now() + dt.timedelta(seconds=1)) == 0
        assert send_due_messages(now=timezone.now() + dt.timedelta(days=1)) == 0
    message = OutboxMessage.objects.get()
    assert message.last_error == f"destinataire refusé par le serveur ({code})"
    if permanent:  # one try, then given up and said so
        assert (message.attempts, message.failed_at is not None) == (1, True)
        assert message.state_label == f"non envoyé\u00a0: destinataire refusé par le serveur ({code})"
    else:  # a full mailbox may empty: tried again
        assert (message.attempts, message.failed_at) == (2, None)


def test_a_malformed_message_is_given_up_with_its_error_and_does_not_stop_the_others(db, smtp_port):
    with smtp_server(Collector(), smtp_port) as collector:
        _queue()
        broken = OutboxMessage.objects.create(
            related_app="committees", to="membre@example.org", subject="A\nB", body="x"
        )
        OutboxMessage.objects.filter(pk=broken.pk).update(next_attempt_at=timezone.now() - dt.timedelta(hours=1))
        assert send_due_messages(now=timezone.now() + dt.timedelta(seconds=1)) == 1  # the well-formed one
    broken.refresh_from_db()
    assert (broken.failed_at is not None, broken.last_error) == (True, "message mal formé (objet ou adresse)")
    assert len(collector.messages) == 1


def test_two_workers_holding_the_same_message_send_it_once(db, smtp_port):
    """Both read the message unsent; only the first one's claim (a conditional UPDATE) succeeds."""
    with smtp_server(Collector(), smtp_port) as collector:
        _queue()
        first, second = OutboxMessage.objects.get(), OutboxMessage.objects.get()
        assert attempt(first) == "sent"
        assert attempt(second) == "skipped"
    assert len(collector.messages) == 1


def test_line_breaks_never_reach_a_subject(db):
    message = _queue(subject="Votre demande\r\n{ref}\nBcc: x@example.org")
    assert message.subject == "Votre demande {ref} Bcc: x@example.org"


def test_files_travel_with_the_message(db, smtp_port):
    invitation = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Comit\xc3\xa9\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    minutes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with smtp_server(Collector(), smtp_port) as collector:
        _queue(
            attachments=[
                FileToSend("invitation.ics", "text/calendar", invitation),
                FileToSend("compte-rendu.pdf", "application/pdf", minutes),
            ],
            auto_submitted=AutoSubmitted.AUTO_GENERATED,
        )
        assert send_due_messages(now=timezone.now() + dt.timedelta(seconds=1)) == 1
    sent = email.message_from_bytes(collector.messages[0].content, policy=policy.default)
    assert sent["Auto-Submitted"] == "auto-generated"
    files = {part.get_filename(): part for part in sent.iter_attachments()}
    assert set(files) == {"invitation.ics", "compte-rendu.pdf"}
    assert files["invitation.ics"].get_content_type() == "text/calendar"
    assert files["invitation.ics"].get_content().replace("\r\n", "\n") == invitation.decode().replace("\r\n", "\n")
    assert (files["compte-rendu.pdf"].get_content_type(), files["compte-rendu.pdf"].get_content()) == (
        "application/pdf",
        minutes,
    )


def test_the_app_of_the_object_is_told_when_its_message_has_left(db, smtp_port):
    told = []

    def receiver(sender, message, **kwargs):
        told.append((message.related_app, message.related_public_id, message.tag))

    message_sent.connect(receiver, dispatch_uid="test_mail_told")
    try:
        with smtp_server(Collector(), smtp_port):
            _queue(tag="invitation")
            send_due_messages(now=timezone.now() + dt.timedelta(seconds=1))
    finally:
        message_sent.disconnect(dispatch_uid="test_mail_told")
    assert told == [("committees", ABOUT, "invitation")]


def test_send_outbox_sends_what_is_due_and_tells_the_state_of_the_queue(db, smtp_port, capsys):
    with smtp_server(Refusing(550), smtp_port):
        _queue()
        call_command("send_outbox")
    assert capsys.readouterr().out.strip() == "0 courriel(s) envoyé(s) ; 0 en attente ; 1 abandonné(s)."
    with smtp_server(Collector(), smtp_port):
        _queue()
        call_command("send_outbox")
    assert capsys.readouterr().out.strip() == "1 courriel(s) envoyé(s) ; 0 en attente ; 1 abandonné(s)."
