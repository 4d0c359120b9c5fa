"""Export a report as a Word document in the official 2021 layout.

Title, preamble, the six sections with their headings, the three tables (export_docx_tables.py)
and the 落款 (organ and date, right-aligned). Chinese fonts are set through ``w:eastAsia`` so Word
and LibreOffice pick 宋体/仿宋/黑体 instead of a Latin fallback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell

from assistant.core.controlchars import strip_controls_deep
from assistant.core.labels import SECTION_KEYS, SECTION_TITLES
from assistant.core.report import AnnualReport
from assistant.core.unitname import title_for
from assistant.export import docx_tables as tables

TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
TABLE_BUILDERS: dict[str, Callable[[Any, AnnualReport, tables.CellWriter], Any]] = {
    "active": tables.table2,
    "requests": tables.table3,
    "review_litigation": tables.table4,
}


def set_font(run: Any, name: str, size: float | None = None, bold: bool = False) -> None:
    """Give a run a Chinese font (eastAsia slot as well as the Latin ones)."""
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold


def _paragraph(doc: Any, text: str, font: str, size: float, *, bold: bool = False,
               align: int | None = None, indent: bool = False) -> Any:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    set_font(p.add_run(text), font, size, bold)
    return p


def _write_cell(cell: _Cell, text: str) -> None:
    cell.text = ""
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        set_font(para.add_run(text), TABLE_FONT, 10.5)


def date_zh(date: dt.date | None) -> str:
    """2024-01-15 → 2024年1月15日; no date → empty."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def _fixed(name: str) -> Callable[..., str] | None:
    try:
        from assistant.drafting import fixed_sections  # the drafting engineer's deterministic text
    except ImportError:
        return None
    return getattr(fixed_sections, name, None)


def section_body(report: AnnualReport, key: str) -> str:
    """The text of one section; the fixed lead (二/三/四) or the seven items (六) when the clerk wrote none."""
    text = report.section_text(key)
    if text.strip():
        return text
    if key in TABLE_BUILDERS and (lead := _fixed("lead_sentence")):
        return lead(report, key)
    if key == "other" and (other := _fixed("other_section")):
        return other(report)
    return ""


def preamble_text(report: AnnualReport) -> str:
    """The preamble as written, else the standard one."""
    if report.preamble.strip():
        return report.preamble
    standard = _fixed("preamble")
    return standard(report) if standard else ""


def _body(doc: Any, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            _paragraph(doc, line.strip(), BODY_FONT, 16, indent=True)


def exportable(report: AnnualReport) -> AnnualReport:
    """``report`` with control characters removed from every text (Word's XML cannot hold them)."""
    return AnnualReport.model_validate(strip_controls_deep(report.model_dump()))


def build_document(report: AnnualReport) -> Any:
    """The python-docx Document of ``report`` (control characters removed first)."""
    report = exportable(report)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    title = report.title or title_for(report.profile)
    _paragraph(doc, title, TITLE_FONT, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(doc, preamble_text(report))
    for key in SECTION_KEYS:
        _paragraph(doc, SECTION_TITLES[key], HEADING_FONT, 16, indent=True)
        _body(doc, section_body(report, key))
        if key in TABLE_BUILDERS:
            TABLE_BUILDERS[key](doc, report, _write_cell)
            doc.add_paragraph()
    organ = report.closing.organ or report.profile.organ_name
    for line in (organ, date_zh(report.closing.date)):
        if line:
            _paragraph(doc, line, BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return doc


def export_docx(report: AnnualReport, path: Path | str) -> Path:
    """Write ``report`` as a .docx file at ``path`` and return the path."""
    path = Path(path)
    build_document(report).save(str(path))
    return path


def docx_bytes(report: AnnualReport) -> bytes:
    """The .docx file as bytes (for a download button)."""
    import io

    buf = io.BytesIO()
    build_document(report).save(buf)
    return buf.getvalue()
