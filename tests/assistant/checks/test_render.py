"""Renderers of review results: JSON, table, CSV and a self-contained HTML page."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from assistant.checks import check_report
from assistant.core.errors import Problem
from assistant.core.report import AnnualReport
from assistant.messages_zh.review_render import CSV_COLUMNS, render_csv, render_html, render_json, render_table
from assistant.review.batch import ReportResult


@pytest.fixture
def results(seeds: dict[str, AnnualReport]) -> list[ReportResult]:
    out = []
    for key in ("001", "002"):
        r = seeds[key]
        out.append(ReportResult(file=f"{key}.txt", unit=r.profile.short_name, year=r.year,
                                format_version=r.format_version, findings=check_report(r)))
    out.append(ReportResult(file="broken.pdf", problem=Problem(code="corrupt_file", ctx={"file": "broken.pdf"})))
    return out


def test_json_shape(results: list[ReportResult]) -> None:
    data = json.loads(render_json(results))
    assert [d["file"] for d in data] == ["001.txt", "002.txt", "broken.pdf"]
    assert data[1]["unit"] == "阿北乡" and data[1]["year"] == 2023 and data[1]["format_version"] == "2021"
    f = next(f for f in data[1]["findings"] if f["rule"] == "N-1")
    assert set(f) >= {"rule", "severity", "message", "section", "evidence", "location", "suggestion"}
    assert f["severity"] == "error" and "1" in f["message"]
    assert "损坏" in data[2]["error"] and data[2]["findings"] == []


def test_table_lists_each_finding(results: list[ReportResult]) -> None:
    text = render_table(results)
    assert "002.txt  阿北乡 2023" in text
    assert re.search(r"\[错误\] STRUCT-9 ", text)
    assert "已损坏" in text
    assert text.count("\n  [") == sum(len(r.findings) for r in results)


def test_csv_one_row_per_finding(results: list[ReportResult]) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(results))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == sum(len(r.findings) for r in results) + 1
    doc_no = next(r for r in rows if r["rule"] == "TEXT-4")
    assert doc_no["file"] == "002.txt" and doc_no["suggestion"] == "〔2020〕109号"
    assert rows[-1]["rule"] == "ERROR" and "已损坏" in rows[-1]["message"]


def test_html_is_self_contained_and_escaped(results: list[ReportResult]) -> None:
    results[0].unit = "<script>alert(1)</script>"
    page = render_html(results)
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "审查结果" in page and "汇总" in page
    errors = sum(1 for f in results[1].findings if f.severity.value == "error")
    assert f'<td class="n error">{errors}</td>' in page
    assert page.count("<h2 id=") == 3
    assert "未发现问题" not in page or results[0].findings == []
