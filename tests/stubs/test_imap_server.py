"""Smoke test of the private Dovecot IMAP server used to test the IMAP mailbox reader."""

from __future__ import annotations

import email
import imaplib
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from tests.stubs import imap_server as imap_stub
from tests.stubs.imap_server import DovecotMissing, DovecotServer, dovecot_binary

# The fixtures (a module outside conftest.py: import them where they are used).
dovecot_server = imap_stub.dovecot_server
imap_server = imap_stub.imap_server

KEYWORD = "$VigieImported"


def _message(subject: str, attachment: bytes | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Agent <agent@interieur.gouv.fr>"
    message["To"] = "qualite@test.invalid"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="test.invalid")
    message.set_content("Bonjour,\nveuillez trouver le signalement.\n")
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="signalement.pdf")
    return message


def _ok(result: tuple[str, list]) -> list:
    status, data = result
    assert status == "OK", data
    return data


def test_append_fetch_and_custom_keyword(imap_server):
    pdf = b"%PDF-1.4\n% signalement de test\n" + bytes(range(256))
    plain = _message("Sans pièce jointe")
    with_attachment = _message("Avec pièce jointe", attachment=pdf)
    assert imap_server.append(plain.as_bytes()) == 1
    assert imap_server.append(with_attachment.as_bytes()) == 2

    client = imaplib.IMAP4(imap_server.host, imap_server.port, timeout=10)
    try:
        _ok(client.login(imap_server.user, imap_server.password))
        assert _ok(client.select("INBOX")) == [b"2"]
        numbers = _ok(client.search(None, "ALL"))[0].split()
        assert numbers == [b"1", b"2"]

        fetched = {}
        for number in numbers:
            data = _ok(client.fetch(number, "(RFC822)"))
            parsed = email.message_from_bytes(data[0][1], policy=policy.default)
            fetched[parsed["Message-ID"]] = parsed
        assert set(fetched) == {plain["Message-ID"], with_attachment["Message-ID"]}
        assert list(fetched[plain["Message-ID"]].iter_attachments()) == []
        (part,) = fetched[with_attachment["Message-ID"]].iter_attachments()
        assert part.get_filename() == "signalement.pdf"
        assert part.get_content_type() == "application/pdf"
        assert part.get_content() == pdf

        # Custom keywords: Dovecot's maildir keeps them (PERMANENTFLAGS has \*), the reader relies on them.
        assert b"\\*" in client.response("PERMANENTFLAGS")[1][0]
        assert _ok(client.search(None, "NOT", "KEYWORD", KEYWORD)) == [b"1 2"]
        _ok(client.store("1:*", "+FLAGS", f"({KEYWORD})"))
        assert _ok(client.search(None, "NOT", "KEYWORD", KEYWORD)) == [b""]
        assert _ok(client.search(None, "KEYWORD", KEYWORD)) == [b"1 2"]
        _ok(client.close())
    finally:
        client.logout()

    # The keyword is permanent: a new session still sees it.
    with imap_server.connect() as again:
        _ok(again.select("INBOX", readonly=True))
        assert _ok(again.search(None, "NOT", "KEYWORD", KEYWORD)) == [b""]
    assert imap_server.log_errors() == []


def test_wrong_password_is_refused(imap_server):
    client = imaplib.IMAP4(imap_server.host, imap_server.port, timeout=10)
    try:
        with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
            client.login(imap_server.user, "mauvais mot de passe")
    finally:
        client.logout()


def test_other_folder_and_emptying(imap_server):
    imap_server.append(_message("Archivé").as_bytes(), folder="Archives")
    imap_server.append(_message("Reçu").as_bytes())
    imap_server.delete_all()
    with imap_server.connect() as client:
        assert _ok(client.select("INBOX")) == [b"0"]
        assert _ok(client.select("Archives")) == [b"1"]


def test_reset_gives_a_brand_new_mailbox(dovecot_server):
    dovecot_server.reset()
    dovecot_server.append(_message("Ancien").as_bytes(), folder="Archives")
    assert dovecot_server.append(_message("Ancien").as_bytes(), flags=KEYWORD) == 1
    dovecot_server.reset()
    with dovecot_server.connect() as client:
        assert _ok(client.select("INBOX")) == [b"0"]
        assert b"Archives" not in b" ".join(_ok(client.list()))
        assert KEYWORD.encode() not in client.response("FLAGS")[1][0]
    assert dovecot_server.append(_message("Nouveau").as_bytes()) == 1


def test_missing_dovecot_gives_the_make_target(monkeypatch):
    monkeypatch.setattr("tests.stubs.imap_server.DOVECOT", "/nonexistent/dovecot")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DovecotMissing, match="make mail-deps"):
        dovecot_binary()
    with pytest.raises(DovecotMissing, match="make mail-deps"):
        DovecotServer().start()
