"""Attachments: accepted by content and size, refused with a French message naming the file (nothing saved),
served only to those who see the request, erased with the personal data."""

import datetime as dt
import html
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.register.factories import make_request
from vigie.register.models import Attachment, UserRequest
from vigie.register.requests.attachments import IncomingFile, check_files, store_attachments
from vigie.register.requests.services import close_request, reply_to_request

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _public_post(client, **extra):
    data = {
        "kind": "complaint",
        "site": "pref-51",
        "subject": "Attente",
        "text": "Trois heures d'attente au guichet.",
        "email": "usager@example.org",
        **extra,
    }
    return client.post("/usagers/51/ecrire/", data)


def test_the_public_form_takes_an_attachment(world, client):
    response = _public_post(client, attachments=[SimpleUploadedFile("ticket.pdf", PDF, "application/pdf")])
    assert response.status_code == 302
    request = UserRequest.objects.get()
    (attachment,) = request.attachments.all()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "ticket.pdf",
        "application/pdf",
        len(PDF),
    )
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF
    assert "ticket" not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "« virus.exe » : ce type de fichier n'est pas accepté"),
        ("faux.pdf", b"MZ\x90\x00", "« faux.pdf » ne correspond pas à son extension .pdf"),
        ("vide.png", b"", "« vide.png » est vide"),
    ],
)
def test_a_refused_file_refuses_the_whole_submission(world, client, name, content, message):
    response = _public_post(client, attachments=[SimpleUploadedFile(name, content)])
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert UserRequest.objects.count() == 0 and Attachment.objects.count() == 0


def test_size_and_count_limits(world, client, settings):
    settings.VIGIE_ATTACHMENT_MAX_BYTES = 1000
    response = _public_post(client, attachments=[SimpleUploadedFile("gros.png", PNG + b"\x00" * 1000)])
    assert "« gros.png » pèse 1\u00a0ko : la taille maximale est de 1\u00a0ko" in html.unescape(
        response.content.decode()
    )
    settings.VIGIE_ATTACHMENT_MAX_FILES = 2
    with pytest.raises(Exception, match="3 fichiers joints : 2 au plus"):
        check_files([IncomingFile(f"{i}.txt", b"a") for i in range(3)])
    assert UserRequest.objects.count() == 0


def test_agent_adds_an_attachment_and_a_colleague_of_another_service_cannot_download_it(world):
    request = make_request(world)
    agent = world.client_for(world.agent)
    response = agent.post(
        f"/demandes/{request.reference}/pieces-jointes/",
        {"attachments": [SimpleUploadedFile("courrier.png", PNG)]},
    )
    assert response.status_code == 302
    attachment = request.attachments.get()
    url = f"/demandes/{request.reference}/pieces-jointes/{attachment.public_id}/"
    download = agent.get(url)
    assert download["Content-Disposition"] == 'attachment; filename="courrier.png"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PNG  # consuming it closes the file
    assert world.client_for(world.officer_b).get(url).status_code == 404
    assert world.client_for(world.correspondent).get(url).status_code == 404  # sp-reims, not pref-51
    assert "courrier.png" in agent.get(f"/demandes/{request.reference}/").content.decode()


def test_attachments_are_erased_with_the_personal_data(world, django_capture_on_commit_callbacks):
    request = make_request(world, received=dt.datetime(2022, 1, 3, 10))
    (attachment,) = store_attachments(request, [IncomingFile("lettre.pdf", PDF)])
    path = attachment.file.path
    reply_to_request(actor=None, request=request, text="Réponse", replied_at=dt.datetime(2022, 1, 4, 10))
    close_request(actor=None, request=request, at=dt.datetime(2022, 1, 5, 10, tzinfo=dt.UTC))
    with open(path, "rb") as stored:
        assert stored.read() == PDF
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_personal_data")
    assert Attachment.objects.count() == 0
    assert not os.path.exists(path)  # the file is removed once the erasure is committed
