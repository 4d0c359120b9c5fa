"""`nianbao review` and `nianbao check DIR` on a generated county: batch rule, outputs, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from bench.synth_county import write_county
from cli import cli


def test_review_writes_html_workbook_and_letters(tmp_path: Path) -> None:
    manifest = write_county(tmp_path / "c", n=12, year=2024, seed=5)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["review", str(tmp_path / "c" / "this"), "--previous", str(tmp_path / "c" / "last"),
                                      "--html", str(out / "r.html"), "--xlsx", str(out / "r.xlsx"), "--letters",
                                      str(out / "letters"), "--letter-date", "2025-02-03", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.stdout)
    assert len(payload) == 12
    sim = {r["unit"]: f for r in payload for f in r["findings"] if f["rule"] == "SIM-1"}
    assert set(sim) == {manifest["swapped"], manifest["swapped_from"]}
    assert manifest["swapped_from"] in sim[manifest["swapped"]]["message"]
    x3 = [f for r in payload if r["unit"] == manifest["self_copy"] for f in r["findings"] if f["rule"] == "X-3"]
    assert len(x3) == 2
    assert (out / "r.html").read_text(encoding="utf-8").count("<svg") == 5
    assert openpyxl.load_workbook(out / "r.xlsx").sheetnames == ["单位×问题类别", "全部问题", "数据对比"]
    letters = sorted((out / "letters").glob("*.docx"))
    assert len(letters) == 12
    assert "审核意见" in docx.Document(str(letters[0])).paragraphs[0].text
    assert "共 12 份报告" in result.stderr


def test_check_dir_runs_the_batch_rule(tmp_path: Path) -> None:
    manifest = write_county(tmp_path / "c", n=10, year=2024, seed=5)
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "c" / "this"), "--format", "json"])
    payload = json.loads(result.stdout)
    flagged = {r["unit"] for r in payload for f in r["findings"] if f["rule"] == "SIM-1"}
    assert flagged == {manifest["swapped"], manifest["swapped_from"]}


def test_review_of_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["review", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_second_round_prints_what_was_fixed(tmp_path: Path) -> None:
    manifest = write_county(tmp_path / "c", n=6, year=2024, seed=5)
    this, last = tmp_path / "c" / "this", tmp_path / "c" / "last"
    first = CliRunner().invoke(cli, ["review", str(this), "--previous", str(last)])
    assert "已整改" not in first.stdout
    copied = this / manifest["files"][manifest["self_copy"]]["file"]
    text = copied.read_text(encoding="utf-8")
    head, rest = text.split("五、存在的主要问题及改进情况", 1)
    tail = rest.split("六、其他需要报告的事项", 1)[1]
    fixed = "一是政务新媒体更新频次不高。二是依申请公开答复文书不够规范。2025年，我镇将建立更新台账、统一文书模板。"
    copied.write_text(head + "五、存在的主要问题及改进情况\n" + fixed + "\n六、其他需要报告的事项" + tail, encoding="utf-8")
    second = CliRunner().invoke(cli, ["review", str(this), "--previous", str(last)])
    line = next(x for x in second.stdout.splitlines() if x.startswith(manifest["self_copy"] + "："))
    assert "已整改 1 项" in line and "仍未整改" in line
