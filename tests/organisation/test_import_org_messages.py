"""The organisation import speaks well: a binary file is « fichier illisible », a long list of errors is capped at
the first 50 and the total. Nothing is written."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from vigie.organisation.models import Department, Site

UNREADABLE = "fichier illisible : un fichier YAML (texte UTF-8) est attendu"


def _refused(tmp_path, content: bytes) -> list[str]:
    (tmp_path / "org.yaml").write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_org", str(tmp_path / "org.yaml"))
    return str(refused.value).splitlines()


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", b"department: {code: '57'}\x00\x01\x02"],
    ids=["not UTF-8", "control characters"],
)
def test_a_binary_file_is_unreadable(db, tmp_path, content):
    assert _refused(tmp_path, content) == ["org.yaml refusé, rien n'a été modifié :", UNREADABLE]
    assert not Department.objects.exists()


def test_the_first_50_errors_are_listed_with_the_total(db, tmp_path):
    sites = "".join(f"  - {{code: site-{n}, kind: palais}}\n" for n in range(60))  # no name, unknown kind: 2 each
    lines = _refused(tmp_path, f'department: {{code: "57", name: Moselle, population: 1}}\nsites:\n{sites}'.encode())
    assert len(lines) == 1 + 50 + 1
    assert lines[1].startswith("ligne 3 : site « site-0 » :")
    assert lines[-1] == "… et 70 autres erreurs (120 au total)"
    assert not Department.objects.exists() and not Site.objects.exists()
