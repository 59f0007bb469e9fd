"""A document's content as a list of neutral blocks (headings, paragraphs, lists, tables, figures), written once and
rendered twice: to DOCX (python-docx) and to HTML for a tagged PDF (WeasyPrint). The minutes and the yearly results
are made of these blocks, so the DOCX and the PDF of a document always say the same thing."""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Figure:
    png: bytes
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass
class Content:
    title: str
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> Content:
        self.blocks.extend(blocks)
        return self


BLUE = RGBColor(0x00, 0x00, 0x91)
SHORT_TABLE = 12  # rows: a table this short moves whole to the next page rather than leave its caption behind


def _shade(cell, hex_color: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_color)
    properties.append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def to_docx(content: Content) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10.5)
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        style.font.name, style.font.color.rgb = "Arial", BLUE
        style.font.size = Pt({1: 18, 2: 14, 3: 12}[level])
    document.core_properties.title = content.title
    document.core_properties.language = "fr-FR"
    for block in content.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            for line in block.text.split("\n\n"):
                paragraph = document.add_paragraph(line)
                if block.muted:
                    for run in paragraph.runs:
                        run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        elif isinstance(block, Bullets):
            # numbered by hand: Word's « List Number » would continue one list's numbers into the next
            for number, item in enumerate(block.items, start=1):
                if block.ordered:
                    document.add_paragraph(f"{number}. {item}")
                else:
                    document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            if block.caption:
                caption = document.add_paragraph(block.caption)
                caption.runs[0].font.bold = True
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for index, text in enumerate(block.header):
                cell = table.rows[0].cells[index]
                cell.text = text
                cell.paragraphs[0].runs[0].font.bold = True
                cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                _shade(cell, "000091")
            _repeat_header(table.rows[0])
            for row in block.rows:
                cells = table.add_row().cells
                for index, text in enumerate(row):
                    cells[index].text = text
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(9.5)
            widths = block.widths or (1,) * len(block.header)
            total = sum(widths)
            table.autofit = False
            for index, width in enumerate(widths):
                table.columns[index].width = Cm(17 * width / total)
                for row in table.rows:
                    row.cells[index].width = Cm(17 * width / total)
            document.add_paragraph()
        elif isinstance(block, Figure):
            document.add_picture(io.BytesIO(block.png), width=Cm(16))
            if block.caption:
                document.add_paragraph(block.caption).runs[0].font.italic = True
        elif isinstance(block, PageBreak):
            document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _e(text: str) -> str:
    return html.escape(text or "")


def to_html_body(content: Content) -> str:
    """The blocks as semantic HTML (headings, lists, tables with <th scope>, figures with alt text): WeasyPrint
    turns that structure into the PDF's tags."""
    parts = []
    for block in content.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 6)
            parts.append(f"<h{level}>{_e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            css = ' class="muted"' if block.muted else ""
            parts.extend(f"<p{css}>{_e(line)}</p>" for line in block.text.split("\n\n"))
        elif isinstance(block, Bullets):
            tag = "ol" if block.ordered else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{_e(item)}</li>" for item in block.items) + f"</{tag}>")
        elif isinstance(block, Table):
            caption = f"<caption>{_e(block.caption)}</caption>" if block.caption else ""
            colgroup = ""
            if block.widths:
                total = sum(block.widths)
                colgroup = "<colgroup>" + "".join(
                    f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths
                ) + "</colgroup>"  # fmt: skip
            head = "".join(f'<th scope="col">{_e(h)}</th>' for h in block.header)
            body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in block.rows)
            keep = ' class="keep"' if len(block.rows) <= SHORT_TABLE else ""  # a short table is not split
            parts.append(f"<table{keep}>{caption}{colgroup}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Figure):
            data = base64.b64encode(block.png).decode()
            caption = f"<figcaption>{_e(block.caption)}</figcaption>" if block.caption else ""
            parts.append(f'<figure><img src="data:image/png;base64,{data}" alt="{_e(block.alt)}">{caption}</figure>')
        elif isinstance(block, PageBreak):
            parts.append('<div class="page-break"></div>')
    return "\n".join(parts)
