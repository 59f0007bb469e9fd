"""LibreOffice opens the deck and the minutes DOCX and converts them to PDF without error (what a quality officer's
office suite does with them)."""

import pytest

from tests.committees.factories import make_charente_like_meeting
from tests.documents.helpers import run, seed_charente
from vigie.documents.enums import DocumentKind
from vigie.documents.services import Subject, build_bytes


@pytest.mark.slow
def test_libreoffice_converts_the_deck_and_the_minutes(world, tmp_path):
    seed_charente(world)
    meeting = make_charente_like_meeting(world.dept_b)
    subject = Subject(world.dept_b, 2021, meeting_id=meeting.pk)
    for kind, name in ((DocumentKind.DECK, "diaporama.pptx"), (DocumentKind.MINUTES_DOCX, "compte-rendu.docx")):
        (tmp_path / name).write_bytes(build_bytes(kind, subject))
        run(
            "libreoffice", f"-env:UserInstallation=file://{tmp_path}/profil", "--headless", "--convert-to", "pdf",
            "--outdir", str(tmp_path), str(tmp_path / name),
        )  # fmt: skip
        pdf = tmp_path / name.replace(".pptx", ".pdf").replace(".docx", ".pdf")
        info = run("pdfinfo", str(pdf)).stdout.decode()
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= (5 if kind == DocumentKind.DECK else 3), (name, pages)
