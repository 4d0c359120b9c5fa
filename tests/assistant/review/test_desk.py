"""The review desk on a generated county: planted copies found with their source, no 雷同 between
the real seeds, letters and workbook that hold exactly each unit's findings, rounds and statuses."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from assistant import messages_zh as words
from assistant.core import similarity
from assistant.core.settings import Settings
from assistant.messages_zh import message, review_render, zh_problem
from assistant.persistence.drafts_db import Store
from assistant.review import outputs
from assistant.review.batch import review_paths
from assistant.review.desk import DeskReport, load_desk
from assistant.review.rounds import record_rounds, set_status
from ingest.parse import parse_file

LETTER_ITEM = re.compile(r"^\d+\. \[")


@pytest.fixture
def desk(county: tuple[Path, dict], settings: Settings) -> list[DeskReport]:
    folder, _ = county
    return load_desk([folder / "this"], settings, previous=[folder / "last"])


def _by_unit(entries: list[DeskReport]) -> dict[str, DeskReport]:
    return {e.unit: e for e in entries}


def test_copy_of_own_last_year_is_x3_in_both_sections(desk: list[DeskReport], county: tuple[Path, dict]) -> None:
    manifest = county[1]
    copied = _by_unit(desk)[manifest["self_copy"]]
    x3 = [f for f in copied.findings if f.rule == "X-3"]
    assert {f.section for f in x3} == {"overview", "problems"}
    assert all(f.ctx["previous_year"] == 2023 and "2023年报告" in message(f) for f in x3)
    assert not [f for e in desk if e.unit != manifest["self_copy"] for f in e.findings if f.rule == "X-3"]


def test_copy_of_another_unit_is_sim1_naming_the_source(desk: list[DeskReport], county: tuple[Path, dict]) -> None:
    manifest = county[1]
    units = _by_unit(desk)
    (f,) = [f for f in units[manifest["swapped"]].findings if f.rule == "SIM-1"]
    assert f.ctx["other"] == manifest["swapped_from"] and f.section == "overview"
    assert manifest["swapped_from"] in message(f) and f.ctx["passages"] and len(f.ctx["passages"][0]) >= 16
    (back,) = [f for f in units[manifest["swapped_from"]].findings if f.rule == "SIM-1"]
    assert back.ctx["other"] == manifest["swapped"]
    flagged = {e.unit for e in desk for f in e.findings if f.rule == "SIM-1"}
    assert flagged == {manifest["swapped"], manifest["swapped_from"]}


def test_no_sim1_between_the_real_seeds(seeds_dir: Path, settings: Settings) -> None:
    results = list(review_paths([seeds_dir], settings))
    assert len(results) == 5 and not [f for r in results for f in r.findings if f.rule == "SIM-1"]
    texts = [parse_file(p, settings).sections.overview for p in sorted(seeds_dir.glob("*.txt"))]
    calibration = similarity.summary(texts)
    assert calibration["median"] < 0.03 and calibration["max"] < 0.06
    assert similarity.BATCH_COPY_LIMIT > 10 * calibration["max"]


def test_minhash_candidates_find_the_same_pairs_as_exact_scoring(county: tuple[Path, dict],
                                                                 settings: Settings) -> None:
    folder, manifest = county
    texts = {f"{p.parent.name}/{p.stem}": parse_file(p, settings).sections.overview
             for p in sorted(folder.rglob("*.txt"))}
    assert len(texts) >= similarity.LSH_FROM
    sets = {k: similarity.shingles(t) for k, t in texts.items()}
    exact = similarity._exact_pairs(sets, similarity.BATCH_COPY_LIMIT)
    found = similarity.similar_pairs(texts)
    assert {(a, b) for a, b, _ in found} == {(a, b) for a, b, _ in exact}
    assert any(manifest["swapped"] in a + b and manifest["swapped_from"] in a + b for a, b, _ in found)


def test_each_letter_lists_exactly_its_units_findings(desk: list[DeskReport], tmp_path: Path) -> None:
    paths = outputs.write_letters(tmp_path, desk, words, letter_date=dt.date(2025, 2, 3))
    assert len(paths) == len(desk) == 30
    for entry, path in zip(desk, paths, strict=True):
        text = [p.text for p in docx.Document(str(path)).paragraphs]
        assert entry.unit in text[0] and "审核意见" in text[0]
        items = [t for t in text if LETTER_ITEM.match(t)]
        assert len(items) == len(entry.findings)
        assert sorted(t.split("] ", 1)[1] for t in items) == sorted(message(f) for f in entry.findings)
        if entry.findings:
            assert "请于2025年2月10日前完成整改" in "\n".join(text)


def test_rectify_deadline_is_settable(desk: list[DeskReport], tmp_path: Path) -> None:
    entry = next(e for e in desk if e.findings)
    (path,) = outputs.write_letters(tmp_path, [entry], words, letter_date=dt.date(2025, 2, 3), deadline=dt.date(2025, 2, 20),
                                    reviewer="某某县政务公开办公室")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "请于2025年2月20日前完成整改" in text and "某某县政务公开办公室" in text


def test_workbook_has_three_sheets_with_the_right_counts(desk: list[DeskReport], tmp_path: Path) -> None:
    path = outputs.write_xlsx(tmp_path / "汇总.xlsx", desk, words)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["单位×问题类别", "全部问题", "数据对比"]
    units, findings, figures = (list(ws.iter_rows(values_only=True)) for ws in wb.worksheets)
    total = sum(len(e.findings) for e in desk)
    assert len(units) == 31 and len(findings) == total + 1 and len(figures) == 31
    head = units[0]
    for row in units[1:]:
        entry = _by_unit(desk)[row[0]]
        assert row[head.index("合计")] == len(entry.findings) == sum(row[7:])
        assert row[head.index("错误")] == entry.counts()["error"]
    assert {r[2] for r in findings[1:]} == {f.rule for e in desk for f in e.findings}
    assert sum(1 for r in findings[1:] if r[2] == "SIM-1") == 2


def test_html_report_has_the_charts_inline_and_no_scripts(desk: list[DeskReport]) -> None:
    page = outputs.with_charts(review_render.render_html(desk), desk, words)  # type: ignore[arg-type]
    assert page.count("<svg") == 5 and 'id="chart-matrix"' in page and 'id="chart-yoy"' in page
    assert "<script" not in page.lower()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_rounds_show_what_a_corrected_report_fixed(county: tuple[Path, dict], settings: Settings,
                                                   tmp_path: Path) -> None:
    folder, manifest = county
    store = Store.from_settings(settings)
    first = load_desk([folder / "this"], settings, previous=[folder / "last"])
    assert all(d.first for d in record_rounds(store, first).values())
    copied = _by_unit(first)[manifest["self_copy"]]
    set_status(store, copied, "returned")
    # the unit sends back a report whose 总体情况 is new (a clean unit's, names swapped; it is checked alone)
    fixed_dir = tmp_path / "round2"
    fixed_dir.mkdir()
    original = Path(copied.file).read_text(encoding="utf-8")
    clean = next(e for e in first if e.unit != copied.unit and not e.findings)
    body = Path(clean.file).read_text(encoding="utf-8").split("一、总体情况", 1)[1].split("二、主动公开", 1)[0]
    head, rest = original.split("一、总体情况", 1)
    rewritten = head + "一、总体情况" + body.replace(clean.unit, copied.unit) + "二、主动公开" + rest.split("二、主动公开", 1)[1]
    (fixed_dir / Path(copied.file).name).write_text(rewritten, encoding="utf-8")
    second = load_desk([fixed_dir], settings, previous=[folder / "last"])
    diff = record_rounds(store, second)[second[0].content_hash]
    assert not diff.first and second[0].status == "pending"  # a changed file is a new file to review
    assert [d["section"] for d in diff.fixed if d["rule"] == "X-3"] == ["overview"]
    assert [f.section for f in diff.still_open if f.rule == "X-3"] == ["problems"]
    again = load_desk([folder / "this"], settings, previous=[folder / "last"])
    record_rounds(store, again)
    assert _by_unit(again)[copied.unit].status == "returned"  # the status follows the file's content


def test_an_unreadable_file_does_not_stop_the_batch(county: tuple[Path, dict], settings: Settings,
                                                    tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    shutil.copytree(county[0] / "this", folder)
    (folder / "坏文件.pdf").write_bytes(b"not a pdf")
    entries = load_desk([folder], settings)
    (bad,) = [e for e in entries if e.problem]
    assert len(entries) == 31 and bad.report is None and "坏文件.pdf" in bad.file
    assert zh_problem(bad.problem) and "Traceback" not in zh_problem(bad.problem)
    assert len(outputs.write_letters(tmp_path / "letters", entries, words, letter_date=dt.date(2025, 2, 3))) == 30
    assert sum(1 for e in entries for f in e.findings if f.rule == "SIM-1") == 2
