"""E-mail in against a real IMAP server (Debian's dovecot on loopback, tests/stubs/imap_server.py):
two reads of the mailbox create one request; attachments stored; acknowledgement queued; a failing mailbox is
reported and does not stop the others."""

import pytest
from django.core.management import CommandError, call_command

from tests.register.test_mailin import PDF, mail
from tests.stubs import imap_server as imap_stub
from vigie.register.mailin import KEYWORD
from vigie.register.models import Mailbox, OutboxMessage, UserRequest

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
    assert OutboxMessage.objects.filter(request=request, to="jeanne@usager.example").count() == 1
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
