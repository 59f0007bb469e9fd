"""The register's e-mails through the outbox (vigie.mail), against a real SMTP server (aiosmtpd) that is down, then
up: the acknowledgement, its templates, and what the request page and the list say of a message. The outbox's own
behaviour (retries, giving up, files, two workers) is tested in tests/mail/test_outbox.py."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.mail.smtp import Collector, Refusing, free_port, send_once_the_server_is_up
from tests.mail.smtp import smtp_server as _server
from tests.mail.smtp import smtp_settings as _smtp
from tests.register.factories import make_request
from vigie.mail.models import OutboxMessage
from vigie.mail.sending import send_due_messages
from vigie.register.models import MessageTemplate
from vigie.register.requests.messaging import messages_of
from vigie.register.tasks import send_outbox_message


@pytest.fixture
def smtp_port():
    return free_port()


def _create(world, email="usager@example.org"):
    return make_request(world, requester={"email": email})


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

        collector, sent_again = send_once_the_server_is_up(smtp_port)  # after the back-off delay
        assert sent_again == 0  # never twice
    assert len(collector.messages) == 1
    content = collector.messages[0].content.decode()
    assert collector.messages[0].rcpt_tos == ["usager@example.org"]
    assert request.reference in content and "15/05/2024" in content
    assert "Auto-Submitted: auto-replied" in content  # RFC 3834: no loop with the user's own auto-reply
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2


@pytest.mark.parametrize(("code", "permanent"), [(550, True), (452, False)])
def test_a_refused_recipient_is_given_up_only_when_the_refusal_is_permanent(world, smtp_port, code, permanent):
    with _server(Refusing(code), smtp_port):
        request = _create(world)
        assert send_due_messages(now=timezone.now() + dt.timedelta(seconds=1)) == 0
        assert send_due_messages(now=timezone.now() + dt.timedelta(days=1)) == 0
    message = OutboxMessage.objects.get()
    assert message.last_error == f"destinataire refusé par le serveur ({code})"
    if permanent:  # one try, then given up and said so; the list no longer counts it as waiting
        assert (message.attempts, message.failed_at is not None) == (1, True)
        assert message.state_label == f"non envoyé\u00a0: destinataire refusé par le serveur ({code})"
        html = world.client_for(world.agent).get(f"/demandes/{request.reference}/").content.decode()
        assert f"<strong>non envoyé\u00a0: destinataire refusé par le serveur ({code})</strong>" in html
        assert "en attente d'envoi" not in world.client_for(world.national).get("/demandes/").content.decode()
    else:  # a full mailbox may empty: tried again, and the list says an e-mail waits
        assert (message.attempts, message.failed_at) == (2, None)
        assert (
            "1 courriel aux usagers en attente d'envoi"
            in world.client_for(world.national).get("/demandes/").content.decode()
        )


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
    message = messages_of(request).get()
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
    message = messages_of(_create(world)).get()
    assert message.body == "https://www.marne.gouv.fr — 03 26 26 10 10 — 1 rue de Jessaint, 51000 Châlons-en-Champagne"


def test_opening_hours_are_read_only_when_the_template_cites_them(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vigie.organisation.models import OpeningPeriod

    OpeningPeriod.objects.create(site=world.site_a1, weekday=0, opens=dt.time(9), closes=dt.time(12))
    template = MessageTemplate.objects.create(
        department=world.dept_a, purpose="acknowledgement", subject="Demande {reference}", body="Ouvert : {horaires}"
    )
    with CaptureQueriesContext(connection) as cited:
        message = messages_of(_create(world)).get()
    assert message.body == "Ouvert : lundi 09:00–12:00"
    template.body = "Sans horaires"
    template.save()
    with CaptureQueriesContext(connection) as uncited:
        _create(world)
    opening = [q for q in cited if "organisation_openingperiod" in q["sql"]]
    assert len(opening) == 1 and not [q for q in uncited if "organisation_openingperiod" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_message_queued_under_the_register_s_old_task_path_is_still_sent(world, smtp_port):
    """Tasks waiting in the worker's queue when the outbox moved to vigie.mail name the old dotted path."""
    with _server(Collector(), smtp_port) as collector:
        message = messages_of(_create(world)).get()  # its own task already ran: nothing is sent twice
        call_command("worker", batch=True)
        OutboxMessage.objects.filter(pk=message.pk).update(sent_at=None, attempts=0, next_attempt_at=timezone.now())
        result = send_outbox_message.enqueue(message.pk)
        assert result.task.module_path == "vigie.register.tasks.send_outbox_message"
        call_command("worker", batch=True)
    assert len(collector.messages) == 2
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
