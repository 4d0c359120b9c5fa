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
