"""The minutes list present, excused, represented and absent members under their categories, in the DOCX and in the
tagged PDF; the quality officer's latest draft is what they print."""

import io

from docx import Document

from tests.committees.factories import make_charente_like_meeting
from tests.documents.helpers import run, seed_charente
from vigie.documents.enums import DocumentKind
from vigie.documents.services import Subject, build_bytes, save_draft


def _docx_text(content: bytes) -> str:
    """Paragraphs and table rows in the document's order (a row as « cell | cell | cell »)."""
    parts = []
    for block in Document(io.BytesIO(content)).iter_inner_content():
        if hasattr(block, "rows"):
            parts.extend(" | ".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def _lines_after(text: str, heading: str, until: str) -> str:
    start = text.index(heading)
    return text[start : text.index(until, start + len(heading))]


def test_the_docx_lists_attendance_by_category(world):
    seed_charente(world)
    meeting = make_charente_like_meeting(world.dept_b)
    text = _docx_text(build_bytes(DocumentKind.MINUTES_DOCX, Subject(world.dept_b, 2022, meeting_id=meeting.pk)))
    users = _lines_after(text, "Représentants des usagers", "Ordre du jour")
    assert "UFC-Que Choisir de la Charente | Présent·e" in users
    assert "UDAF 16 | Excusé·e" in users
    assert "Force Ouvrière Consommateurs | Représenté·e par Représentant du président" in users
    assert "OFII | Absent·e" in text and "AMF 16 | Excusé·e" in text
    assert "Anticiper les flux de titres." in text and "La pré-demande en ligne." in text
    # a function is no name: « ouverte par la présidence (Secrétaire générale) », « Réponse (Directeur·rice…) »
    assert "La séance est ouverte par la présidence (" in text
    assert "Réponse (Directeur·rice de la citoyenneté) : La pré-demande en ligne." in text
    assert "Publier des guides pas à pas des démarches en ligne." in text
    assert "Annexe 2" in text and "Accusé de réception, v2" in text


def test_the_pdf_is_tagged_and_lists_attendance(world, tmp_path):
    seed_charente(world)
    meeting = make_charente_like_meeting(world.dept_b)
    path = tmp_path / "cr.pdf"
    path.write_bytes(build_bytes(DocumentKind.MINUTES_PDF, Subject(world.dept_b, 2022, meeting_id=meeting.pk)))
    info = run("pdfinfo", str(path)).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Compte rendu" in info  # the title shown
    text = run("pdftotext", "-layout", str(path), "-").stdout.decode()
    assert "Représentants des usagers" in text and "Excusé·e" in text and "Absent·e" in text
    assert "Présent·e" in text


def test_the_latest_draft_is_printed_and_every_save_is_kept(world):
    meeting = make_charente_like_meeting(world.dept_b)
    save_draft(actor=world.officer_b, meeting_id=meeting.pk, section="introduction", text="Première version.")
    second = save_draft(actor=world.officer_b, meeting_id=meeting.pk, section="introduction", text="Texte revu.")
    assert second.version == 2
    text = _docx_text(build_bytes(DocumentKind.MINUTES_DOCX, Subject(world.dept_b, 2022, meeting_id=meeting.pk)))
    assert "Texte revu." in text and "Première version." not in text
