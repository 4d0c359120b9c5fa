"""One report saved as .txt (GBK), .docx (Word tables), .html (with site chrome) and .pdf parses the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.labels import SECTION_KEYS
from ingest.parse import parse_file
from tests.ingest.conftest import variant_report, write_docx, write_html, write_pdf, write_txt

WRITERS = {"txt-gbk": (write_txt, "r.txt"), "docx": (write_docx, "r.docx"), "html": (write_html, "r.html"), "pdf": (write_pdf, "r.pdf")}


@pytest.fixture(scope="module")
def expected():
    return variant_report()


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_same_tables_and_sections(fmt, expected, tmp_path: Path, settings):
    writer, name = WRITERS[fmt]
    report = parse_file(writer(tmp_path / name, expected), settings)
    assert report.t2 == expected.t2
    assert report.t3 == expected.t3
    assert report.t4 == expected.t4
    assert report.source.section_keys == list(SECTION_KEYS)
    for key in ("overview", "problems", "other"):
        assert "".join(report.section_text(key).split()) == "".join(expected.section_text(key).split())
    assert (report.profile.short_name, report.profile.report_year) == ("乔官镇", 2021)
    assert report.closing == expected.closing
    assert len(report.source.sha256) == 64


def test_html_site_chrome_is_dropped(expected, tmp_path: Path, settings):
    report = parse_file(write_html(tmp_path / "r.html", expected), settings)
    text = report.full_text()
    assert "首页" not in text and "主办单位" not in text and "var x" not in text
    assert report.title == expected.title


def test_utf8_bom_and_gbk_give_the_same_report(expected, tmp_path: Path, settings):
    gbk = parse_file(write_txt(tmp_path / "a.txt", expected, "gbk"), settings)
    bom = parse_file(write_txt(tmp_path / "b.txt", expected, "utf-8-sig"), settings)
    assert gbk.t3 == bom.t3 and gbk.sections == bom.sections


def test_seed_file_parses_from_disk(tmp_path: Path, settings):
    from tests.ingest.conftest import seed_file

    report = parse_file(seed_file("002"), settings)
    assert report.source.file.endswith(".txt") and report.profile.short_name == "阿北乡"


def test_docx_merged_cells(tmp_path: Path, settings):
    """Word tables with a vertically merged group caption and a label spanning two columns."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某镇2024年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=4, cols=9)
    rows = [["一、本年新收政府信息公开申请数量", "", "2", "1", "0", "0", "0", "0", "3"],
            ["三、本年度办理结果", "（一）予以公开", "2", "0", "0", "0", "0", "0", "2"],
            ["", "（七）总计", "2", "1", "0", "0", "0", "0", "3"],
            ["四、结转下年度继续办理", "", "0", "0", "0", "0", "0", "0", "0"]]
    for i, cells in enumerate(rows):
        for j, text in enumerate(cells):
            if text:
                table.cell(i, j).text = text
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(3, 0).merge(table.cell(3, 1))
    table.cell(1, 0).merge(table.cell(2, 0))
    path = tmp_path / "merged.docx"
    document.save(str(path))
    report = parse_file(path, settings)
    assert report.t3.new_received.model_dump() == {"natural_person": 2, "commercial": 1, "research": 0, "public_welfare": 0,
                                                  "legal_service": 0, "other_org": 0, "total": 3}
    assert report.t3.granted.total == 2 and report.t3.total_processed.commercial == 1
    assert report.t3.carried_forward.total == 0
