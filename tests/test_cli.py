"""The `nianbao` front door: exit codes and exact Chinese lines."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assistant.persistence.report_files import save_report
from cli import cli
from tests.assistant.test_rules import SEED_JSON, clean_report


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_new_writes_a_blank_template(tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    result = run("new", "--unit", "青禾镇", "--year", "2024", "--county", "示例县", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"已生成填报模板：{out}\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["profile"]["report_year"] == 2024 and data["t3"]["granted"]["total"] is None


def test_new_from_last_year_carries_forward(tmp_path: Path) -> None:
    last = clean_report()
    last.profile.short_name, last.profile.report_year = "青禾镇", 2023
    save_report(last, tmp_path / "last.json")
    out = tmp_path / "next.json"
    result = run("new", "--unit", "青禾镇", "--year", "2024", "--from-last", str(tmp_path / "last.json"), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["t3"]["carried_over"]["total"] == 1 and data["profile"]["report_year"] == 2024


def test_check_clean_file_exits_zero(tmp_path: Path) -> None:
    save_report(clean_report(), tmp_path / "ok.json")
    result = run("check", str(tmp_path / "ok.json"), "--format", "json")
    out = json.loads(result.stdout)
    assert [f["rule"] for f in out[0]["findings"] if f["severity"] == "error"] == []
    assert set(out[0]) >= {"file", "unit", "year", "format_version", "findings"}
    assert result.exit_code == 0


def test_check_seed_002_json_reports_cell1_and_exits_one() -> None:
    path = next(SEED_JSON.glob("002_*.json"))
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out[0]["unit"] == "阿北乡" and out[0]["year"] == 2023
    cell = [f for f in out[0]["findings"] if f["rule"] == "CELL-1"]
    assert cell and cell[0]["section"] == "t4" and "行政复议" in cell[0]["message"]


def test_check_table_format_names_rule_and_cells(tmp_path: Path) -> None:
    r = clean_report()
    r.t4.review.total = 9
    save_report(r, tmp_path / "bad.json")
    result = run("check", str(tmp_path / "bad.json"))
    assert result.exit_code == 1
    assert "[错误] T4-R1      表四：表四“行政复议”：总计填的是 9，但 结果维持+结果纠正+其他结果+尚未审结 = 1+0+0+1 = 2。" in result.output


def test_check_unreadable_input_exits_two(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{oops", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "broken.json"), "--format", "json"])
    assert result.exit_code == 2
    assert "不是有效的 JSON" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_check_lists_rules() -> None:
    result = run("check", "--rules")
    assert result.exit_code == 0
    for rule_id in ("CELL-1", "T2-R1", "T3-R1", "T3-R2", "T3-R3", "T4-R1", "T4-R2", "T4-R3", "X-1", "X-2"):
        assert f"\n{rule_id}\t" in "\n" + result.output


def test_check_without_paths_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2 and "请给出要检查的文件或文件夹" in result.output


def test_parse_prints_the_report_model(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("002_*.txt"))
    result = run("parse", str(path), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["profile"]["short_name"] == "阿北乡" and data["profile"]["report_year"] == 2023
    assert data["t4"]["review"]["total"] is None and data["t4"]["lit_direct"]["total"] == 0


def test_parse_bad_file_gives_chinese_reason(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"not a zip at all" * 10)
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "x.docx" in result.stderr and "Traceback" not in result.stderr
    assert "文件结构无法读取" in result.stderr and "（技术信息：BadZipFile）" in result.stderr


def test_check_folder_of_seeds_lists_each_file_and_exits_one(seeds_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--format", "json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [Path(r["file"]).name[:3] for r in out] == ["000", "001", "002", "003", "004"]
    by_seed = {Path(r["file"]).name[:3]: {f["rule"] for f in r["findings"] if f["severity"] == "error"} for r in out}
    assert by_seed["001"] == set() and "CELL-1" in by_seed["002"] and "YEAR-4" in by_seed["003"]


def test_check_with_gazetteer_flags_other_unit(tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "units.txt").write_text("乔官镇\n东山乡\n", encoding="utf-8")
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8").replace("繁峙县", "乔官镇")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "r.txt"), "--gazetteer", str(tmp_path / "units.txt"),
                                      "--format", "json"])
    rules = [f for f in json.loads(result.stdout)[0]["findings"] if f["rule"] == "UNIT-1"]
    assert rules and "乔官镇" in rules[0]["message"]  # 东山乡 is the report's own name: not flagged


def test_export_docx_and_md_from_a_parsed_report(tmp_path: Path, seeds_dir: Path) -> None:
    import docx

    parsed = run("parse", str(next(seeds_dir.glob("001_*.txt"))))
    (tmp_path / "r.json").write_text(parsed.stdout, encoding="utf-8")
    result = run("export", str(tmp_path / "r.json"), "--docx", str(tmp_path / "r.docx"), "--md", str(tmp_path / "r.md"))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "r.docx"))
    texts = {cell.text.strip() for table in document.tables for row in table.rows for cell in row.cells}
    assert {"行政规范性文件", "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "复议后起诉"} <= texts
    assert "一、总体情况" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_export_is_refused_while_errors_remain(tmp_path: Path) -> None:
    r = clean_report()
    r.t4.review.total = 9
    save_report(r, tmp_path / "bad.json")
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "bad.json"), "--docx", str(tmp_path / "bad.docx")])
    assert result.exit_code == 1 and "未导出" in result.stderr and "T4-R1" in result.stderr
    assert not (tmp_path / "bad.docx").exists()
    forced = run("export", str(tmp_path / "bad.json"), "--docx", str(tmp_path / "bad.docx"), "--force")
    assert forced.exit_code == 0 and (tmp_path / "bad.docx").exists()


def test_unwritable_output_is_one_chinese_line_and_exit_two(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "--unit", "青禾镇", "--year", "2024", "-o", "/nonexistent/dir/x.json"])
    assert result.exit_code == 2
    assert "无法读写" in result.stderr and "/nonexistent/dir/x.json" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_bad_option_is_a_usage_error_with_exit_two() -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "xml", "x.json"])
    assert result.exit_code == 2


def test_version_comes_from_package_metadata() -> None:
    from importlib import metadata

    result = run("--version")
    assert result.exit_code == 0 and metadata.version("nianbao") in result.output


def test_exit_codes_are_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "退出码" in readme and "0" in readme and "命令无法完成" in readme
