"""The exported .docx on the 公文 page (GB/T 9704): A4, the standard margins, 22 lines a page, 仿宋/黑体, and
table 三's caption columns wide enough that it fits on two pages. Read back from the document itself; with
LibreOffice installed the file is also rendered to PDF and the pages of table 三 counted."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from assistant.core import labels
from assistant.core.report import AnnualReport
from assistant.export.docx import export_docx

TOLERANCE = Mm(0.5)
TABLE_CHAR_MM = 10.5 * 25.4 / 72  # one 五号 character


def _export(report: AnnualReport, tmp_path: Path) -> Path:
    return export_docx(report, tmp_path / "report.docx")


def _chars_per_line(width_twips: int, padding_twips: int) -> int:
    return math.floor((width_twips - padding_twips) / 56.7 / TABLE_CHAR_MM)


def test_page_is_a4_with_gbt9704_margins(filled_report: AnnualReport, tmp_path: Path) -> None:
    section = Document(str(_export(filled_report, tmp_path))).sections[0]
    expected = {"page_width": 210, "page_height": 297, "top_margin": 37, "bottom_margin": 35, "left_margin": 28,
                "right_margin": 26}
    for name, mm in expected.items():
        assert abs(getattr(section, name) - Mm(mm)) <= TOLERANCE, (name, getattr(section, name).mm)
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert grid.get(qn("w:type")) == "lines" and 22 * pitch_pt <= Mm(225).pt < 23 * pitch_pt
    # 28 characters of 三号 (16 pt, condensed on the runs) fill the 156 mm line
    doc = Document(str(tmp_path / "report.docx"))
    body = next(p for p in doc.paragraphs if p.text == filled_report.sections.overview).runs[0]
    assert body.font.size == Pt(16)
    char_pt = 16 + int(body._element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    line = Emu(section.page_width - section.left_margin - section.right_margin)
    assert math.floor(line.pt / char_pt) == 28, line.pt / char_pt


def test_fonts_are_kept(filled_report: AnnualReport, tmp_path: Path) -> None:
    doc = Document(str(_export(filled_report, tmp_path)))
    fonts = {}
    for p in doc.paragraphs:
        for run in p.runs:
            fonts[run.text] = run._element.rPr.rFonts.get(qn("w:eastAsia"))
    assert fonts[labels.SECTION_TITLES["overview"]] == "黑体"
    assert fonts[filled_report.sections.overview] == "仿宋"
    body = next(p for p in doc.paragraphs if p.text == filled_report.sections.overview)
    assert body.paragraph_format.line_spacing == Pt(28.95)


def test_table3_columns_fit_the_labels(filled_report: AnnualReport, tmp_path: Path) -> None:
    t3 = Document(str(_export(filled_report, tmp_path))).tables[1]
    widths = [int(c.get(qn("w:w"))) for c in t3._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    assert len(widths) == 10
    assert abs(sum(widths) - Mm(156).twips) <= 60  # spans the text block, not more
    tbl_pr = t3._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    mar = tbl_pr.find(qn("w:tblCellMar"))
    padding = sum(int(mar.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))
    row_label = _chars_per_line(widths[2], padding)
    caption = _chars_per_line(widths[1] + widths[2], padding)
    assert row_label >= 13 and caption >= 20  # was 4-5 characters a line in three equal columns
    assert min(_chars_per_line(w, padding) for w in widths[3:]) >= 2  # 自然/人, not one character a line
    rows = [k for k in labels.T3_ROWS if not k.startswith(("new_", "carried_"))]
    assert max(math.ceil(len(labels.T3_ROWS[k]) / row_label) for k in rows) <= 3
    for group in labels.T3_GROUPS:  # group captions in column 1: at most two lines
        assert math.ceil(len(group) / _chars_per_line(widths[1], padding)) <= 2 or group == labels.T3_RESULTS_GROUP
    # every cell of a data row carries the width of its grid column(s)
    for row in t3.rows[3:]:
        spans = [(int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))) for tc in row._tr.tc_lst]
        assert abs(sum(spans) - sum(widths)) <= 60


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_table3_spans_at_most_two_pages_in_pdf(filled_report: AnnualReport, tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = _export(filled_report, tmp_path)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pages = ["".join(p.extract_text().split()) for p in PdfReader(str(tmp_path / "report.pdf")).pages]
    first = next(i for i, t in enumerate(pages) if "三、收到和处理政府信息公开申请情况" in t)
    last = next(i for i, t in enumerate(pages) if "四、结转下年度继续办理" in t)
    assert last - first <= 1, (first, last)
    assert abs(PdfReader(str(tmp_path / "report.pdf")).pages[0].mediabox.width - 595.3) < 1  # A4 in points
