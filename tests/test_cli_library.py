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
    nothing = json.loads(invoke("search", "政府信息公开", "--province", "不存在省", "--format", "json").stdout)
    assert nothing["results"] == []


def test_similar_and_remove(reports: Path) -> None:
    invoke("ingest", str(reports))
    similar = json.loads(invoke("similar", "--unit", "某某乡", "--level", "乡", "--year", "2022", "--format", "json").stdout)
    assert similar and similar[0]["level"] == "乡" and "同级" in similar[0]["reason"]
    removed = invoke("library", "remove", "阿北乡")
    assert removed.exit_code == 0 and "阿北乡" in removed.output
    units = [r["unit"] for r in json.loads(invoke("library", "list", "--format", "json").stdout)]
    assert "阿北乡" not in units and len(units) == 5
    missing = invoke("library", "remove", "不存在的单位")
    assert missing.exit_code == 1 and "资料库中没有找到" in missing.stderr
