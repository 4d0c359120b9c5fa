"""Retrieval for drafting never switches off silently: filters are widened step by step, and the draft says which.

The slow tests use the shipped 示例 library embedded with the real offline model, with 所属省份 filled in the
report (the library's reports may not state a province)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.core.passages import ChunkMeta, Passage
from assistant.drafting.retrieval import RelaxingRetrieve
from assistant.persistence.report_files import load_report, save_report
from cli import cli

SEED = Path(__file__).resolve().parents[2] / "data" / "seeds" / "002_abei_2023.json"


def _library(filters: dict) -> list[Passage]:
    """Two peers: one of another province, one that states none; none in the asked county."""
    rows = [ChunkMeta(report_id="a", unit="甲镇", province="浙江省", county="东县", level="镇", year=2019),
            ChunkMeta(report_id="b", unit="乙乡", province="", county="西县", level="乡", year=2023)]

    def ok(meta: ChunkMeta) -> bool:
        if filters.get("unit") and meta.unit != filters["unit"]:
            return False
        for key in ("province", "county", "level"):
            want = filters.get(key)
            if want is not None and getattr(meta, key) not in (want if isinstance(want, tuple) else (want,)):
                return False
        return filters.get("year_from", 0) <= meta.year <= filters.get("year_to", 9999)

    return [Passage(chunk_id=m.report_id, text="文字", meta=m) for m in rows if ok(m)]


def test_blank_province_counts_as_a_match_and_relaxed_filters_are_named() -> None:
    calls: list[dict] = []

    def retrieve(query: str, filters: dict) -> list[Passage]:
        calls.append(filters)
        return _library(filters)

    relaxing = RelaxingRetrieve(retrieve, county="北县", year=2023)
    found = relaxing("q", {"section": "overview", "province": "山东省", "level": "乡"})
    assert [p.meta.unit for p in found] == ["乙乡"] and relaxing.relaxed == {"county"}
    assert calls[0]["county"] == ("北县", "") and calls[0]["province"] == ("山东省", "")
    relaxing = RelaxingRetrieve(retrieve, county="北县", year=2023)
    found = relaxing("q", {"section": "overview", "province": "山东省", "level": "镇"})
    assert [p.meta.unit for p in found] == ["甲镇"] and relaxing.relaxed == {"county", "year", "province"}
    assert RelaxingRetrieve(retrieve)("q", {"unit": "丙镇"}) == []  # 参考某镇: that unit or nothing


@pytest.fixture(scope="module")
def library_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.core.settings import load_settings
    from assistant.library.ingest import ensure_sample_library
    from vectorstore.static_model import ensure_default_model

    home = tmp_path_factory.mktemp("library")
    settings = load_settings(home=home)
    ensure_default_model(settings)
    ensure_sample_library(settings)
    return home


@pytest.mark.slow
def test_province_filled_still_gets_peer_sources(library_home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(library_home))
    report = load_report(SEED)
    report = report.model_copy(update={"profile": report.profile.model_copy(update={"province": "山东省"})})
    path = tmp_path / "r.json"
    save_report(report, path)
    out = CliRunner().invoke(cli, ["draft", str(path), "--section", "overview", "--format", "json"],
                             catch_exceptions=False)
    payload = json.loads(out.output)
    peers = [s for p in payload["paragraphs"] for s in p["sentences"] if s["source"]["kind"] == "peer"]
    assert peers and all(s["source"]["chunk_id"] and s["source"]["unit"] and s["source"]["year"] for s in peers)
    assert payload["sources"]
    out = CliRunner().invoke(cli, ["search", "依申请公开", "--province", "山东省", "--format", "json"],
                             catch_exceptions=False)
    assert json.loads(out.output)["results"]
