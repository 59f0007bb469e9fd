"""E-mail in against a real IMAP server (Debian's dovecot on loopback, tests/stubs/imap_server.py):
two reads of the mailbox create one request; attachments stored; acknowledgement queued; a failing mailbox is
reported and does not stop the others."""

import pytest
from django.core.management import CommandError, call_command

from tests.register.test_mailin import PDF, mail
from tests.stubs import imap_server as imap_stub
from vigie.register.mailin.services import KEYWORD
from vigie.register.models import Mailbox, UserRequest
from vigie.register.requests.messaging import messages_of

dovecot_server = imap_stub.dovecot_server
imap_server = imap_stub.imap_server


@pytest.fixture
def mailbox(world, imap_server):
    return Mailbox.objects.create(
        department=world.dept_a,
        site=world.site_a1,
        service=None,
        kind="information",
        host=imap_server.host,
        port=imap_server.port,
        security="none",
        username=imap_server.user,
        password=imap_server.password,
    )


def _keywords(server):
    with server.connect() as conn:
        conn.select("INBOX")
        status, data = conn.search(None, "KEYWORD", KEYWORD)
        return len(data[0].split()) if data and data[0] else 0


def test_two_reads_of_the_mailbox_create_one_request(world, imap_server, mailbox, capsys):
    imap_server.append(mail(attachments=[("recepisse.pdf", PDF, "application", "pdf")]))
    imap_server.append(mail(message_id="<autre@usager.example>", subject="Horaires"))
    call_command("fetch_mail")
    assert "2 demande(s) créée(s)." in capsys.readouterr().out
    call_command("fetch_mail")
    assert "0 demande(s) créée(s)." in capsys.readouterr().out
    assert UserRequest.objects.count() == 2
    request = UserRequest.objects.get(subject="Titre de séjour")
    assert (request.channel, request.service, request.status) == ("email", None, "received")
    assert [a.original_name for a in request.attachments.all()] == ["recepisse.pdf"]
    assert messages_of(request).filter(to="jeanne@usager.example").count() == 1
    assert _keywords(imap_server) == 2  # flagged, not deleted


def test_a_re_read_without_the_flag_still_gives_one_request(world, imap_server, mailbox):
    """The flag can be lost (crash between commit and STORE, another client clearing keywords): Message-ID holds."""
    imap_server.append(mail())
    call_command("fetch_mail")
    with imap_server.connect() as conn:
        conn.select("INBOX")
        conn.store("1:*", "-FLAGS", f"({KEYWORD})")
    assert _keywords(imap_server) == 0
    call_command("fetch_mail")
    assert UserRequest.objects.count() == 1
    assert _keywords(imap_server) == 1


def test_a_mailbox_with_wrong_credentials_is_reported_and_others_are_read(world, imap_server, mailbox, capsys):
    Mailbox.objects.create(
        department=world.dept_a,
        site=world.site_a1,
        host=imap_server.host,
        port=imap_server.port,
        security="none",
        username=imap_server.user,
        password="mauvais-mot-de-passe",
    )
    imap_server.append(mail())
    with pytest.raises(CommandError, match="Au moins une boîte n'a pas pu être relevée"):
        call_command("fetch_mail")
    assert UserRequest.objects.count() == 1
    broken = Mailbox.objects.exclude(last_error="").get()
    assert (
        broken.last_error == "refus du serveur IMAP : [AUTHENTICATIONFAILED] Authentication failed."
        and "mauvais-mot-de-passe" not in broken.last_error
    )
    assert broken.last_checked_at is not None


def test_the_worker_task_reads_the_mailboxes(world, imap_server, mailbox):
    from vigie.register.tasks import fetch_mail

    imap_server.append(mail())
    assert fetch_mail.call() == 1
    assert fetch_mail.call() == 0


def test_an_unusual_sender_never_blocks_the_mailbox(world, imap_server, mailbox):
    """A sender address that cannot receive mail becomes a request; the mail after it is read too."""
    odd = mail(message_id="<odd@intranet>").replace(b"Jeanne Usager <jeanne@usager.example>", b"Agent <agent@intranet>")
    for raw in (odd, mail(message_id="<after@usager.example>", subject="Après")):
        imap_server.append(raw)
    call_command("fetch_mail")
    assert UserRequest.objects.count() == 2 and _keywords(imap_server) == 2
    odd_request = UserRequest.objects.get(source_message_id="<odd@intranet>")
    assert (odd_request.requester_name, odd_request.requester_email) == ("Agent (agent@intranet)", "")
    assert not messages_of(odd_request).exists()  # nowhere to acknowledge
    assert Mailbox.objects.get().last_error == ""


def test_messages_that_cannot_become_requests_stay_in_the_mailbox_and_are_named(world, imap_server, mailbox, capsys):
    """The mailbox's service now belongs to another site: no message is lost or flagged, the error names them,
    and once the settings are corrected the next reading imports them."""
    Mailbox.objects.filter(pk=mailbox.pk).update(service=world.service_a2)
    imap_server.append(mail())
    imap_server.append(mail(message_id="<autre@usager.example>"))
    with pytest.raises(CommandError):
        call_command("fetch_mail")
    assert not UserRequest.objects.exists() and _keywords(imap_server) == 0
    error = Mailbox.objects.get().last_error
    assert error.startswith("2 messages non importés : message UID 1 — demande refusée : Ce service")
    Mailbox.objects.filter(pk=mailbox.pk).update(service=None)
    call_command("fetch_mail")
    assert UserRequest.objects.count() == 2 and Mailbox.objects.get().last_error == ""
