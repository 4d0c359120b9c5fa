"""A bad-input corpus, generated here: each item gets a Chinese message or a correct result, within a
generous hang timeout (speed and memory figures are in bench/RESULTS.md, from bench/bad_input.py)."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.checks import check_report
from assistant.checks.engine import LIMIT_RULE, MAX_PER_FILE, MAX_PER_RULE
from assistant.core.errors import ReportError
from assistant.core.settings import load_settings
from assistant.export.docx import docx_bytes
from assistant.export.markdown import export_md
from assistant.messages_zh import finding_message, zh, zh_problem
from assistant.messages_zh.review_render import render_csv
from assistant.persistence.report_files import report_from_bytes, save_report
from assistant.review.batch import review_paths
from assistant.tables.templates import new_report
from bench.bad_input import big_html, crafted_report, lying_docx
from cli import cli
from ingest.parse import parse_file, parse_text

HANG_S = 60
CJK = re.compile(r"[\u4e00-\u9fff]")


def within(seconds: float, fn, *args):
    """Run ``fn`` in a thread; fail (instead of hanging the suite) when it takes longer than ``seconds``."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001  (handed to the test)
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{fn.__name__} did not finish within {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def refusal(fn, *args) -> str:
    """The Chinese message of the ReportError ``fn`` raises."""
    with pytest.raises(ReportError) as info:
        within(HANG_S, fn, *args)
    message = zh(info.value)
    assert CJK.search(message) and "Traceback" not in message
    return message


def test_crafted_overview_is_checked_quickly_with_capped_findings() -> None:
    report = crafted_report(1_000_000)  # 1 M characters: the old checks never finished
    started = time.perf_counter()
    findings = within(HANG_S, check_report, report)
    assert time.perf_counter() - started < HANG_S
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    assert by_rule.get("N-3", 0) == MAX_PER_RULE  # thousands found, 30 shown …
    assert len(findings) <= MAX_PER_FILE + 1
    notes = [f for f in findings if f.rule == LIMIT_RULE]
    assert notes and "只列出前" in finding_message(notes[0].rule, notes[0].ctx)  # … and the clerk is told so


def test_linear_checks_still_find_what_they_found() -> None:
    from assistant.checks.narrative import _percent_findings, _text_sum_findings

    sums = list(_text_sum_findings("本年共主动公开政府信息10条，其中网站4条、政务微信3条。"))
    assert [(f.ctx["stated"], f.ctx["table"]) for f in sums] == [(10, 7)]
    assert not list(_text_sum_findings("本年共主动公开政府信息10条，其中网站4条、政务微信6条。"))
    pct = list(_percent_findings("收到申请20件，办结10件，办结率为80%。收到5件，办结5件，办结率100%。"))
    assert [f.ctx["stated"] for f in pct] == ["80%"]


def test_html_above_the_cap_is_refused_with_a_message(tmp_path: Path) -> None:
    page = big_html(tmp_path / "page.html", 3)
    settings = load_settings(max_html_mb=2)
    message = refusal(parse_file, page, settings)
    assert "网页" in message and "max_html_mb" in message


def test_html_under_the_cap_is_parsed_in_linear_time(tmp_path: Path) -> None:
    page = big_html(tmp_path / "page.html", 2)
    report = within(HANG_S, parse_file, page, load_settings())
    assert "主动公开政府信息12条" in report.sections.overview


def test_html_text_walk_keeps_blocks_breaks_and_tables() -> None:
    from ingest.parsers.html import html_to_text

    text = html_to_text("<div class='content'><p>甲<b>乙</b></p>丙<br>丁<table><tr><td>规章</td><td>1</td></tr>"
                        "</table><!-- 注释 --><p>戊</p></div>")
    assert [line for line in text.split("\n") if line] == ["甲乙", "丙", "丁", "规章\t1", "戊"]


def test_lying_zip_is_refused_quickly_without_inflating(tmp_path: Path) -> None:
    bomb = lying_docx(tmp_path / "bomb.docx", 256)  # 256 MB of zeros declared as 1 KB
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    message = refusal(parse_file, bomb, load_settings())
    assert time.perf_counter() - started < 5
    assert "bomb.docx" in message


def test_honest_zip_bomb_is_refused_by_ratio(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "zeros.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    message = refusal(parse_file, path, load_settings())
    assert "压缩" in message


def test_control_characters_are_stripped_and_export_works(tmp_path: Path) -> None:
    report = parse_text("青山镇2024年政府信息公开工作年度报告\n一、总体情况\n本镇\x01坚持\x0b公开。\x7f")
    assert "\x01" not in report.sections.overview and "\x7f" not in report.sections.overview
    typed = new_report("青山镇", 2024).model_copy(update={"preamble": "引言\x01含\x1f控制符"})
    assert len(docx_bytes(typed)) > 1000
    assert "\x01" not in export_md(typed)
    data = tmp_path / "r.json"
    save_report(typed, data)
    result = CliRunner().invoke(cli, ["export", str(data), "--docx", str(tmp_path / "r.docx"), "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.docx").stat().st_size > 1000


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    from assistant.core.errors import Problem
    from assistant.review.batch import ReportResult

    evil = ReportResult(file="=HYPERLINK(\"http://x\",\"点我\").json", unit="+cmd|' /C calc'!A0", year=2024,
                        problem=Problem(code="unexpected", ctx={"detail": "x"}))
    rows = list(csv.reader(io.StringIO(render_csv([evil]))))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@"))
    assert rows[1][0].startswith("'=HYPERLINK")


def test_a_huge_title_line_does_not_become_a_unit_name() -> None:
    line = "某某镇" * 300_000  # about 2.7 MB of a single title line
    report = within(HANG_S, parse_text, line + "\n一、总体情况\n本镇坚持公开。\n")
    assert len(report.profile.short_name) <= 200 and len(report.profile.organ_name) <= 200
    assert len(report.title) <= 200


def test_gbk_and_oversized_json_get_chinese_messages(tmp_path: Path) -> None:
    body = new_report("青山镇", 2024).model_dump_json()
    message = refusal(report_from_bytes, body.encode("gbk"), "旧.json")
    assert "UTF-8" in message and "GBK" in message
    message = refusal(report_from_bytes, b" " * (6 * 1024 * 1024), "大.json")
    assert "上限" in message
    big = tmp_path / "大.json"
    big.write_bytes(b" " * (6 * 1024 * 1024))
    results = list(review_paths([big], load_settings()))
    assert results[0].problem and CJK.search(zh_problem(results[0].problem))
    gbk = tmp_path / "旧.json"
    gbk.write_bytes(body.encode("gbk"))
    result = CliRunner().invoke(cli, ["check", str(gbk)])
    assert result.exit_code == 2 and "GBK" in result.output


def test_pdf_over_the_page_cap_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(12):
        writer.add_blank_page(width=200, height=200)
    path = tmp_path / "many.pdf"
    with open(path, "wb") as out:
        writer.write(out)
    message = refusal(parse_file, path, load_settings(max_pdf_pages=10))
    assert "12" in message and "页" in message


# The alarm's first raise often lands in a gc or weakref callback, which Python reports as unraisable; the
# alarm rings again (see time_limit), so that report is expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_batch_review_reports_a_file_that_runs_too_long(tmp_path: Path) -> None:
    # A limit no real parse fits in, so the outcome does not depend on how fast the machine is: the slow
    # file gets a Chinese timeout message and the batch still reaches the next file.
    page = big_html(tmp_path / "slow.html", 1)
    ok = tmp_path / "ok.json"
    save_report(new_report("青山镇", 2024), ok)
    results = list(review_paths([page, ok], load_settings(check_seconds=0.001)))  # main thread: the alarm works
    assert "用时超过" in zh_problem(results[0].problem)
    assert [Path(r.file).name for r in results] == ["slow.html", "ok.json"]  # the batch went on


def test_time_limit_stops_a_stuck_step() -> None:
    import time

    from assistant.review.batch import _TimeUp, time_limit

    started = time.monotonic()
    with pytest.raises(_TimeUp), time_limit(0.2):
        time.sleep(30)
    assert time.monotonic() - started < 10
    with time_limit(5.0):
        pass  # a quick step is untouched


def test_time_limit_rings_again_when_its_first_raise_is_swallowed() -> None:
    # A signal's exception can land in a gc callback, where Python only reports it (seen in CI); the
    # step must still be stopped.
    import time

    from assistant.review.batch import _TimeUp, time_limit

    def step_that_swallows_once() -> None:
        try:
            time.sleep(30)
        except _TimeUp:
            pass
        time.sleep(30)

    started = time.monotonic()
    with pytest.raises(_TimeUp), time_limit(0.2):
        step_that_swallows_once()
    assert time.monotonic() - started < 10


def test_blank_remove_key_is_refused() -> None:
    result = CliRunner().invoke(cli, ["library", "remove", "  "])
    assert result.exit_code == 2 and "空白" in result.output
