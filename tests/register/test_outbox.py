"""E-mail out through the outbox, against a real SMTP server (aiosmtpd) that is down, then up."""

import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.register.factories import make_request
from vigie.register.messaging import send_due_messages
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


@pytest.mark.django_db(transaction=True)
def test_acknowledgement_survives_an_smtp_outage_and_is_sent_once(world, smtp_port):
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_port,
        EMAIL_TIMEOUT=2,
    ):
        request = _create(world)  # SMTP server not started yet
        call_command("worker", batch=True)  # first try fails: connection refused
        message = OutboxMessage.objects.get()
        assert (message.sent_at, message.attempts, message.last_error) == (None, 1, "ConnectionRefusedError")
        assert message.next_attempt_at > timezone.now()
        request.refresh_from_db()
        assert request.status == "assigned"  # the request itself is kept whatever happens to the e-mail

        collector = Collector()
        controller = Controller(collector, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            assert send_due_messages(now=timezone.now() + dt.timedelta(minutes=2)) == 1
            assert send_due_messages(now=timezone.now() + dt.timedelta(days=1)) == 0  # never twice
        finally:
            controller.stop()
    assert len(collector.messages) == 1
    content = collector.messages[0].content.decode()
    assert collector.messages[0].rcpt_tos == ["usager@example.org"]
    assert request.reference in content and "15/05/2024" in content
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2


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
