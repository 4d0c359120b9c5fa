"""The library commands end to end: ingest, list, search, similar, remove — real store, real model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

pytestmark = pytest.mark.slow


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def reports(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(seeds_dir, folder)
    (folder / "坏文件.docx").write_bytes(b"\x00\x01not a zip")
    (folder / "sub").mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "library" / "samples" / "sample_qinghe_zhen_2022.txt",
                folder / "sub" / "青禾镇2022.txt")
    return folder


def test_ingest_batch_survives_a_bad_file_and_reingest_adds_nothing(reports: Path) -> None:
    result = invoke("ingest", str(reports), "--format", "json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["files"] == 7 and out["ingested"] == 6 and out["chunks"] > 50
    assert [Path(f["file"]).name for f in out["failed"]] == ["坏文件.docx"]
    assert "坏文件.docx" in out["failed"][0]["error"] and "损坏" in out["failed"][0]["error"]
    again = json.loads(invoke("ingest", str(reports), "--format", "json").stdout)
    assert again["ingested"] == 0 and again["skipped_unchanged"] == 6 and again["chunks"] == 0
    listing = invoke("library", "list", "--format", "json")
    units = sorted(r["unit"] for r in json.loads(listing.stdout))
    assert units == sorted(["东山乡", "乔官镇", "阿北乡", "定远乡", "肖寨门镇", "青禾镇"])


def test_search_respects_section_and_exclude_unit(reports: Path) -> None:
    invoke("ingest", str(reports))
    result = invoke("search", "依申请公开 未收到申请", "--section", "overview.requests", "-k", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["results"] and all(r["section"] == "overview.requests" for r in out["results"])
    excluded = json.loads(invoke("search", "依申请公开 未收到申请", "--exclude-unit", "乔官镇", "-k", "10",
                                 "--format", "json").stdout)
    assert excluded["results"] and all(r["unit"] != "乔官镇" for r in excluded["results"])
    # A province no report states: only reports that state no province at all may come back (marked by "").
    elsewhere = json.loads(invoke("search", "政府信息公开", "--province", "不存在省", "--format", "json").stdout)
    assert all(r["province"] == "" for r in elsewhere["results"])


def test_similar_and_remove(reports: Path) -> None:
    invoke("ingest", str(reports))
    similar = json.loads(invoke("similar", "--unit", "某某乡", "--level", "乡", "--year", "2022", "--format", "json").stdout)
    assert similar and similar[0]["level"] == "乡" and "同级" in similar[0]["reason"]
    removed = invoke("library", "remove", "阿北乡")
    assert removed.exit_code == 0 and "阿北乡" in removed.output
    units = [r["unit"] for r in json.loads(invoke("library", "list", "--format", "json").stdout)]
    assert "阿北乡" not in units and len(units) == 5
    missing = invoke("library", "remove", "不存在的单位")
    assert missing.exit_code == 2 and "资料库中没有找到" in missing.stderr


def test_check_with_library_finds_last_year_and_other_units(tmp_path: Path) -> None:
    samples = Path(__file__).resolve().parents[1] / "library" / "samples"
    assert invoke("ingest", str(samples / "sample_qinghe_zhen_2022.txt"), str(samples / "sample_yunxi_jiedao_2023.txt")).exit_code == 0
    text = (samples / "sample_qinghe_zhen_2023.txt").read_text(encoding="utf-8")
    # plant two defects that need the library: last year's 结转 contradicted, and another unit's name
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("二、上年结转政府信息公开申请数量"))
    cells = lines[i].split("\t")
    cells[1], cells[-1] = str(int(cells[1]) + 2), str(int(cells[-1]) + 2)
    lines[i] = "\t".join(cells)
    (tmp_path / "青禾镇2023.txt").write_text("\n".join(lines).replace("我镇", "云溪街道", 1), encoding="utf-8")
    plain = json.loads(invoke("check", str(tmp_path / "青禾镇2023.txt"), "--format", "json").stdout)[0]
    with_library = json.loads(invoke("check", str(tmp_path / "青禾镇2023.txt"), "--library", "--format", "json").stdout)[0]
    assert not {"X-1", "UNIT-1"} & {f["rule"] for f in plain["findings"]}
    rules = {f["rule"] for f in with_library["findings"]}
    assert "X-1" in rules and "UNIT-1" in rules


def test_ingest_with_nothing_importable_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.xlsx").write_bytes(b"x")
    result = invoke("ingest", str(tmp_path), str(tmp_path / "不存在"))
    assert result.exit_code == 2 and "没有找到可导入的文件" in result.stderr and "不存在" in result.stderr


def test_library_init_samples_carry_province_and_search_by_it() -> None:
    """The shipped 示例 reports name province and city in their title, so a clerk who fills 所属省份 still
    finds peers: `library init` stores them and `search --province` returns only that province."""
    manifest = json.loads((Path(__file__).resolve().parents[1] / "library" / "samples" / "manifest.json")
                          .read_text(encoding="utf-8"))
    assert invoke("library", "init").exit_code == 0
    rows = json.loads(invoke("library", "list", "--format", "json").stdout)
    assert len(rows) == len(manifest)
    assert {(r["unit"], r["year"], r["province"], r["county"]) for r in rows} == {
        (e["unit"], e["year"], e["province"], e["county"]) for e in manifest}
    found = json.loads(invoke("search", "主动公开政府信息", "--province", "山东省", "--format", "json").stdout)["results"]
    assert found and {r["province"] for r in found} == {"山东省"}


def test_a_broken_pdf_reaches_the_user_only_as_its_chinese_message(tmp_path: Path) -> None:
    """In a real ``nianbao ingest`` process (pytest's own log handlers would hide the leak): pypdf's English
    warning about the file does not come before our message, and the message says why in Chinese."""
    import subprocess
    import sys

    (tmp_path / "坏文件.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    done = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[1] / "cli.py"), "ingest",
                           str(tmp_path / "坏文件.pdf")], check=False, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    shown = done.stdout + done.stderr
    assert "坏文件.pdf" in shown and "损坏" in shown and "文件结构无法读取" in shown
    assert "EOF marker" not in shown and "Traceback" not in shown
    assert "PDF文件：PdfStreamError" not in shown and "（技术信息：PdfStreamError）" in shown  # the name only as a detail
