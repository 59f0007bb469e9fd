"""The deck: native chart objects whose series are the API's figures; notes with the basis; sections without data
say so; a meeting's agenda orders the slides."""

import io

import pytest
from pptx import Presentation

from tests.committees.factories import make_charente_like_meeting
from tests.documents.helpers import seed_charente
from vigie.documents.enums import DocumentKind
from vigie.documents.services import Subject, build_bytes


def _charts(deck):
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def _notes(deck) -> str:
    return "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)


def test_the_indicator_chart_is_native_and_holds_the_api_figures(world):
    seed_charente(world)
    api = world.client_for(world.officer_b).get(
        "/api/v1/indicators/TEL-DECROCHE/results?department=16&year=2021&by=year"
    )
    year = api.json()[0]
    deck = Presentation(io.BytesIO(build_bytes(DocumentKind.DECK, Subject(world.dept_b, 2021))))
    charts = _charts(deck)
    bar = next(c for c in charts if [s.name for s in c.plots[0].series] == ["Résultat 2021", "Cible"])
    values = {s.name: list(s.values) for s in bar.plots[0].series}
    assert values["Résultat 2021"] == [pytest.approx(year["value"])]
    assert values["Cible"] == [year["target"]] == [85.0]
    notes = _notes(deck)
    assert "93\u202f148" in notes and "114\u202f310" in notes  # the basis of the rate, in the speaker notes
    assert "Pas de données" in notes  # satisfaction, complaints… absent here: said, not invented


def test_a_meeting_orders_the_slides_by_its_agenda(world):
    seed_charente(world)
    meeting = make_charente_like_meeting(world.dept_b)
    deck = Presentation(io.BytesIO(build_bytes(DocumentKind.DECK, Subject(world.dept_b, 2021, meeting_id=meeting.pk))))
    titles = [slide.shapes[1].text_frame.text for slide in list(deck.slides)[1:] if len(slide.shapes) > 1]
    assert titles[0] == "Ordre du jour"
    assert any(t.startswith("Indicateurs") for t in titles)
    assert any(t.startswith("Questions des membres") for t in titles)
    assert not any(t.startswith("Enquête de satisfaction") for t in titles)  # not on this agenda
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert "Comité local des usagers" in text


def test_the_label_slide_of_a_past_meeting_shows_the_labels_valid_on_its_date(world):
    """A decision since expired is shown as it stood at the meeting (5 April 2022); a later one is not."""
    import datetime as dt

    from tests.audits.factories import version
    from tests.committees.factories import AgendaItemFactory
    from vigie.audits.services import record_label_decision

    def decide(code, decided_on, valid_until):
        v = version(code)
        record_label_decision(
            actor=None,
            site=world.site_b1,
            framework_version=v,
            modules=list(v.modules.all()[:3]),
            decided_on=decided_on,
            valid_until=valid_until,
            certification_body="Organisme certificateur",
        )

    decide("qual-e-pref-2019", dt.date(2019, 6, 3), dt.date(2022, 6, 3))  # expired since
    decide("quali-ate-2024", dt.date(2024, 3, 1), dt.date(2027, 3, 1))  # decided after the meeting
    meeting = make_charente_like_meeting(world.dept_b)
    AgendaItemFactory(meeting=meeting, position=5, title="Le label", section="audits")
    deck = Presentation(io.BytesIO(build_bytes(DocumentKind.DECK, Subject(world.dept_b, 2021, meeting_id=meeting.pk))))
    slide = next(s for s in deck.slides if any(sh.has_table for sh in s.shapes) and "label" in _notes_of(s).lower())
    cells = [c.text for sh in slide.shapes if sh.has_table for row in sh.table.rows for c in row.cells]
    assert "03/06/2019" in cells and "03/06/2022" in cells and "01/03/2024" not in cells
    assert "au 05/04/2022" in _notes_of(slide)
    assert "Pas de données — aucune décision de label" not in _notes(deck)


def _notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def test_a_projection_item_puts_the_projection_in_the_deck_and_the_minutes(world):
    """Issue 18: the demand projection is a section of the committee's documents — in the deck a native line chart
    with the model and its back-test error in the notes, in the minutes a table of the 12 projected months."""
    import docx

    from tests.committees.factories import AgendaItemFactory
    from tests.indicators.test_projection import _calls

    _calls(world, 36)  # 36 months of calls received at pref-16, 2022-2024, with a seasonal pattern
    meeting = make_charente_like_meeting(world.dept_b)
    AgendaItemFactory(meeting=meeting, position=6, title="Les appels à venir", section="projection")
    subject = Subject(world.dept_b, 2024, meeting_id=meeting.pk)
    deck = Presentation(io.BytesIO(build_bytes(DocumentKind.DECK, subject)))
    lines = [c for c in _charts(deck) if c.chart_type is not None and "LINE" in str(c.chart_type)]
    assert lines and len(list(lines[0].plots[0].series[0].values)) >= 12
    assert "MAPE" in _notes(deck)
    minutes = docx.Document(io.BytesIO(build_bytes(DocumentKind.MINUTES_DOCX, subject)))
    captions = "\n".join(p.text for p in minutes.paragraphs)
    tables = [t for t in minutes.tables if t.rows[0].cells[0].text == "Mois"]
    assert "Projection de" in captions + "".join(c.text for t in minutes.tables for r in t.rows for c in r.cells)
    assert tables and len(tables[0].rows) == 13  # header and the 12 projected months
