"""E-mail out through the outbox, against a real SMTP server (aiosmtpd) that is down, then up."""

import contextlib
import datetime as dt
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.register.factories import make_request
from vigie.register.messaging import attempt, queue_message, send_due_messages
from vigie.register.models import MessageTemplate, OutboxMessage


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port():
    return _free_port()


def _create(world, email="usager@example.org"):
    return make_request(world, requester={"email": email})


@contextlib.contextmanager
def _server(handler, port):
    """A real SMTP server (aiosmtpd) on loopback, and Vigie's settings pointing at it."""
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with _smtp(port):
            yield handler
    finally:
        controller.stop()


def _smtp(port, **more):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=2,
        **more,
    )


@pytest.mark.django_db(transaction=True)
def test_acknowledgement_survives_an_smtp_outage_and_is_sent_once(world, smtp_port):
    """The worker's first try fails (server down) and enqueues the next one at its back-off time; once the server
    is up the worker sends it, once: neither the safety net nor another run sends it again."""
    with _smtp(smtp_port, VIGIE_OUTBOX_RETRY_SECONDS=[1]):
        request = _create(world)  # SMTP server not started yet
        call_command("worker", batch=True)  # first try fails: connection refused
        message = OutboxMessage.objects.get()
        assert (message.sent_at, message.attempts, message.last_error) == (None, 1, "serveur de messagerie injoignable")
        assert message.next_attempt_at > timezone.now()
        assert message.state_label.startswith("en attente (1 tentative, dernière erreur\u00a0: serveur de messagerie")
        request.refresh_from_db()
        assert request.status == "assigned"  # the request itself is kept whatever happens to the e-mail

        collector = Collector()
        controller = Controller(collector, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            time.sleep(1.2)  # the back-off delay
            call_command("worker", batch=True)  # the re-enqueued try
            assert send_due_messages(now=timezone.now() + dt.timedelta(days=1)) == 0  # never twice
            call_command("worker", batch=True)
        finally:
            controller.stop()
    assert len(collector.messages) == 1
    content = collector.messages[0].content.decode()
    assert collector.messages[0].rcpt_tos == ["usager@example.org"]
    assert request.reference in content and "15/05/2024" in content
    assert "Auto-Submitted: auto-replied" in content  # RFC 3834: no loop with the user's own auto-reply
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2


class Refusing(Collector):
    """Refuses every recipient with the given code (550: no such mailbox; 452: mailbox full)."""

    def __init__(self, code):
        super().__init__()
        self.code = code

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        return f"{self.code} Adresse refusée"


@pytest.mark.parametrize(("code", "permanent"), [(550, True), (452, False)])
def test_a_refused_recipient_is_given_up_only_when_the_refusal_is_permanent(world, smtp_port, code, permanent):
    with _server(Refusing(code), smtp_port):
        _create(world)
        assert send_due_messages(now=timezone.now() + dt.timedelta(seconds=1)) == 0
        assert send_due_messages(now=timezone.now() + dt.timedelta(days=1)) == 0
    message = OutboxMessage.objects.get()
    assert message.last_error == f"destinataire refusé par le serveur ({code})"
    if permanent:  # one try, then given up and said so; the list no longer counts it as waiting
        assert (message.attempts, message.failed_at is not None) == (1, True)
        assert message.state_label == f"non envoyé\u00a0: destinataire refusé par le serveur ({code})"
        html = world.client_for(world.agent).get(f"/demandes/{message.request.reference}/").content.decode()
        assert f"<strong>non envoyé\u00a0: destinataire refusé par le serveur ({code})</strong>" in html
        assert "en attente d'envoi" not in world.client_for(world.agent).get("/demandes/").content.decode()
    else:  # a full mailbox may empty: tried again, and the list says an e-mail waits
        assert (message.attempts, message.failed_at) == (2, None)
        assert (
            "1 courriel aux usagers en attente d'envoi"
            in world.client_for(world.agent).get("/demandes/").content.decode()
        )


def test_a_malformed_message_is_given_up_with_its_error_and_does_not_stop_the_others(world, smtp_port):
    with _server(Collector(), smtp_port) as collector:
        request = _create(world)
        broken = OutboxMessage.objects.create(request=request, to=request.requester_email, subject="A\nB", body="x")
        OutboxMessage.objects.filter(pk=broken.pk).update(next_attempt_at=timezone.now() - dt.timedelta(hours=1))
        assert send_due_messages(now=timezone.now() + dt.timedelta(seconds=1)) == 1  # the acknowledgement
    broken.refresh_from_db()
    assert (broken.failed_at is not None, broken.last_error) == (True, "message mal formé (objet ou adresse)")
    assert len(collector.messages) == 1


def test_two_workers_holding_the_same_message_send_it_once(world, smtp_port):
    """Both read the message unsent; only the first one's claim (a conditional UPDATE) succeeds."""
    with _server(Collector(), smtp_port) as collector:
        _create(world)
        first, second = OutboxMessage.objects.get(), OutboxMessage.objects.get()
        assert attempt(first) == "sent"
        assert attempt(second) == "skipped"
    assert len(collector.messages) == 1


def test_line_breaks_never_reach_a_subject(world):
    request = _create(world)
    message = queue_message(request, "Votre demande\r\n{ref}\nBcc: x@example.org", "corps")
    assert message.subject == "Votre demande {ref} Bcc: x@example.org"


def test_no_acknowledgement_without_an_address(world):
    _create(world, email="")
    assert not OutboxMessage.objects.exists()


def test_most_specific_template_wins_with_placeholders(world):
    MessageTemplate.objects.create(
        department=world.dept_a,
        purpose="acknowledgement",
        subject="Général {reference}",
        body="Réponse avant le {due_date}.",
    )
    MessageTemplate.objects.create(
        department=world.dept_a,
        purpose="acknowledgement",
        kind="complaint",
        site=world.site_a1,
        subject="Réclamation {reference}",
        body="Votre réclamation sera traitée avant le {due_date} par {service}. {inconnu}",
    )
    request = _create(world)
    message = OutboxMessage.objects.get(request=request)
    assert message.subject == f"Réclamation {request.reference}"
    assert (
        message.body == f"Votre réclamation sera traitée avant le 15/05/2024 par {world.service_a1.name}. {{inconnu}}"
    )


def test_site_placeholders_and_the_general_template_of_the_department(world):
    world.site_a1.website = "https://www.marne.gouv.fr"
    world.site_a1.phone = "03 26 26 10 10"
    world.site_a1.address = "1 rue de Jessaint\n51000 Châlons-en-Champagne"
    world.site_a1.save()
    MessageTemplate.objects.create(
        department=world.dept_a,
        purpose="acknowledgement",
        subject="Demande {reference}",
        body="{site_website} — {site_phone} — {site_address}",
    )
    message = OutboxMessage.objects.get(request=_create(world))
    assert message.body == "https://www.marne.gouv.fr — 03 26 26 10 10 — 1 rue de Jessaint, 51000 Châlons-en-Champagne"
