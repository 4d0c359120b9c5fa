"""The .docx export: official layout of the three tables, every label and figure; blank stays blank."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from assistant.core import labels
from assistant.core.report import T3_COLS, T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport
from assistant.export.docx import export_docx
from assistant.export.docx_tables import show
from assistant.export.markdown import export_md
from tests.app.conftest import T3_FIGURES


def _texts(row) -> list[str]:
    return [c.text for c in row.cells]


def check_docx_tables(path: Path, report: AnnualReport) -> None:
    """Assert the three tables of an exported .docx carry every official label and the report's figures."""
    doc = Document(str(path))
    assert len(doc.tables) == 3
    t2, t3, t4 = doc.tables
    # 二: four captioned blocks
    t2_rows = [_texts(r) for r in t2.rows]
    flat = [c for r in t2_rows for c in r]
    for caption in labels.T2_GROUPS.values():
        assert caption in flat
    assert t2_rows[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    docs = report.t2.art20_1
    for row, cells in ((2, docs.regulations), (3, docs.normative_docs)):
        assert t2_rows[row] == [labels.T2_ROWS["regulations" if row == 2 else "normative_docs"],
                                show(cells.issued), show(cells.abolished), show(cells.in_force)]
    by_label = {r[0]: r[1:] for r in t2_rows}
    assert by_label["行政许可"][0] == show(report.t2.art20_5.admin_license.decisions)
    assert by_label["行政处罚"][0] == show(report.t2.art20_6.admin_penalty.decisions)
    assert by_label["行政强制"][0] == show(report.t2.art20_6.admin_coercion.decisions)
    assert by_label["行政事业性收费"][0] == show(report.t2.art20_8.admin_fees.amount_wan)
    assert "本年收费金额（单位：万元）" in flat
    # 三: header note, 申请人情况 over 自然人 | 法人或其他组织 (5) | 总计, 25 data rows
    assert len(t3.rows) == 3 + 25
    head = [_texts(t3.rows[i]) for i in range(3)]
    assert head[0][0] == labels.T3_HEADER_NOTE and set(head[0][3:]) == {"申请人情况"}
    assert head[1][3] == "自然人" and set(head[1][4:9]) == {"法人或其他组织"} and head[1][9] == "总计"
    assert head[2][3:] == [labels.T3_COLUMNS[c] for c in T3_COLS]
    for i, key in enumerate(T3_ROWS):
        cells = _texts(t3.rows[3 + i])
        assert labels.T3_ROWS[key] in cells[:3], key
        expected = [show(getattr(report.t3.row(key), c)) for c in T3_COLS]
        assert cells[3:] == expected, key
    left = {c for r in t3.rows[3:] for c in _texts(r)[:3]}
    for caption in labels.T3_GROUPS:
        assert caption in left
    # 四: 行政复议 (5) | 行政诉讼 (10) over 未经复议直接起诉 | 复议后起诉 over the five results
    rows = [_texts(r) for r in t4.rows]
    assert set(rows[0][:5]) == {"行政复议"} and set(rows[0][5:]) == {"行政诉讼"}
    assert set(rows[1][5:10]) == {"未经复议直接起诉"} and set(rows[1][10:]) == {"复议后起诉"}
    assert rows[2] == [labels.T4_FIELDS[f] for f in T4_FIELDS] * 3
    assert rows[3] == [show(getattr(getattr(report.t4, g), f)) for g in T4_GROUPS for f in T4_FIELDS]


def test_docx_tables_labels_and_figures(filled_report: AnnualReport, tmp_path: Path) -> None:
    path = export_docx(filled_report, tmp_path / "r.docx")
    check_docx_tables(path, filled_report)
    rows = [_texts(r) for r in Document(str(path)).tables[0].rows]
    assert rows[3] == ["行政规范性文件", "2", "1", "5"] and ["行政事业性收费", "1.5", "1.5", "1.5"] in rows
    granted = _texts(Document(str(path)).tables[1].rows[3 + T3_ROWS.index("granted")])
    assert granted[3] == str(T3_FIGURES["granted"]["natural_person"]) == "2"


def test_docx_text_headings_fonts_and_closing(filled_report: AnnualReport, tmp_path: Path) -> None:
    doc = Document(str(export_docx(filled_report, tmp_path / "r.docx")))
    paras = [p for p in doc.paragraphs if p.text.strip()]
    assert paras[0].text == "青山镇人民政府2024年政府信息公开工作年度报告"
    texts = [p.text for p in paras]
    for title in labels.SECTION_TITLES.values():
        assert title in texts
    assert "本年度，我镇认真贯彻落实《条例》。" in texts
    assert texts[-2:] == ["青山镇人民政府", "2025年1月15日"]
    assert paras[-1].alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
    run = paras[0].runs[0]
    east = run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east == "宋体"


def test_blank_cells_export_empty_never_zero(tmp_path: Path) -> None:
    from assistant.tables.templates import new_report

    report = new_report("白水乡", 2024)
    report.t3.granted.natural_person = 0
    doc = Document(str(export_docx(report, tmp_path / "b.docx")))
    granted = _texts(doc.tables[1].rows[3 + T3_ROWS.index("granted")])
    assert granted[3] == "0"
    assert granted[4:] == [""] * 6
    assert all(c == "" for c in _texts(doc.tables[2].rows[3]))


def test_markdown_has_every_label_and_figure(filled_report: AnnualReport) -> None:
    md = export_md(filled_report)
    assert md.startswith("# 青山镇人民政府2024年政府信息公开工作年度报告")
    for title in labels.SECTION_TITLES.values():
        assert f"## {title}" in md
    for label in labels.T3_ROWS.values():
        assert label in md
    assert "| 行政规范性文件 | 2 | 1 | 5 |" in md
    assert "| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in md
    assert "| （四）无法提供 | 1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in md
    assert "行政诉讼·复议后起诉·尚未审结" in md
