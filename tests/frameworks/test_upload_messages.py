"""Loading a framework file speaks well: a binary file is « fichier illisible » (page and command), and nothing is
loaded."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from vigie.frameworks.models import FrameworkVersion

UNREADABLE = "fichier illisible : un fichier YAML (texte UTF-8) est attendu"
BINARY = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe"


def test_a_binary_file_uploaded_is_unreadable(world):
    before = FrameworkVersion.objects.count()
    response = world.client_for(world.national).post(
        "/referentiels/charger/", {"file": SimpleUploadedFile("spp.yaml", BINARY)}
    )
    assert response.status_code == 400 and UNREADABLE in response.content.decode()
    assert FrameworkVersion.objects.count() == before


def test_a_binary_file_given_to_the_command_is_unreadable(db, tmp_path):
    before = FrameworkVersion.objects.count()
    (tmp_path / "spp.yaml").write_bytes(BINARY)
    with pytest.raises(CommandError) as refused:
        call_command("load_frameworks", str(tmp_path / "spp.yaml"))
    assert str(refused.value).splitlines()[1:] == [f"spp.yaml : {UNREADABLE}"]
    assert FrameworkVersion.objects.count() == before
