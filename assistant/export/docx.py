"""Export a report as a Word document in the official 2021 layout.

Title, preamble, the six sections with their headings, the three tables (export_docx_tables.py)
and the 落款 (organ and date, right-aligned). Chinese fonts are set through ``w:eastAsia`` so Word
and LibreOffice pick 宋体/仿宋/黑体 instead of a Latin fallback.

The page follows the 公文 standard GB/T 9704-2012: A4 (210 × 297 mm), margins top 37 mm, bottom 35 mm,
left 28 mm, right 26 mm, so the text block is 156 × 225 mm; body text in 三号 (16 pt) 仿宋 on a fixed line
pitch of 28.95 pt gives the standard's 22 lines of 28 characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
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
PAGE_MM = (210, 297)  # A4, width × height
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINE_PITCH_PT = 28.95  # 225 mm text height / 22 lines
BODY_PT = 16  # 三号
# 16 pt characters condensed by 0.25 pt put 28 characters on the 156 mm line (442 pt / 15.75 pt). Set on the runs,
# not as a document character grid: LibreOffice gives a 16 pt character two cells of a 15.8 pt grid.
CONDENSE_TWIPS = -5
# rPr children that must follow w:spacing (ECMA-376 order)
_AFTER_SPACING = ("w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
                  "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
# pPr children that must follow w:snapToGrid
_AFTER_SNAP = ("spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
               "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
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


def condense(run: Any, twips: int = CONDENSE_TWIPS) -> None:
    """Character spacing of a run in twentieths of a point (negative: condensed)."""
    rpr = run._element.get_or_add_rPr()
    spacing = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(twips)})
    tables.insert_before(rpr, spacing, _AFTER_SPACING)


def no_grid_snap(paragraph: Any) -> None:
    """Keep a paragraph (a table cell's) off the 28.95 pt line grid, so table rows stay one line high."""
    ppr = paragraph._p.get_or_add_pPr()
    snap = ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"})
    tables.insert_before(ppr, snap, _AFTER_SNAP)


def _paragraph(doc: Any, text: str, font: str, size: float, *, bold: bool = False,
               align: int | None = None, indent: bool = False) -> Any:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.line_spacing = Pt(LINE_PITCH_PT if size <= 16 else size * 1.5)
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    run = p.add_run(text)
    set_font(run, font, size, bold)
    if size == BODY_PT:
        condense(run)
    return p


def _write_cell(cell: _Cell, text: str) -> None:
    cell.text = ""
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    no_grid_snap(para)
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


def page_setup(doc: Any) -> None:
    """A4 with the GB/T 9704 margins, and a line grid of 22 lines per page."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = section._sectPr.makeelement(qn("w:docGrid"), {})
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))


def build_document(report: AnnualReport) -> Any:
    """The python-docx Document of ``report`` (control characters removed first)."""
    report = exportable(report)
    doc = Document()
    page_setup(doc)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
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
