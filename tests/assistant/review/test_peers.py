"""The library's reports of the same level and year as peers in the figure comparison."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from assistant import messages_zh as words
from assistant.core.settings import Settings, load_settings
from assistant.library.ingest import ensure_sample_library
from assistant.review import charts, outputs
from assistant.review.desk import load_desk
from assistant.review.peers import library_peers


def test_peers_of_the_same_level_and_year_join_the_comparison(home: Path, county: tuple[Path, dict],
                                                             tmp_path: Path) -> None:
    (home / "config.toml").write_text('embedder = "hash"\n', encoding="utf-8")  # plumbing: no model needed
    settings: Settings = load_settings()
    assert ensure_sample_library(settings) is not None
    folder, _ = county
    entries = load_desk([folder / "this"], settings)
    peers = library_peers(settings, entries)
    levels = {e.level for e in entries}
    assert peers and all(name.endswith(" 2024") for name in peers)
    assert {r.profile.level or "" for r in peers.values()} <= levels
    frame = charts.figures_frame(entries, words, peers)
    assert set(frame[frame["group"] == "资料库同级同年"]["unit"]) == set(peers)
    assert not frame[frame["group"] == "资料库同级同年"]["label"].any()  # peers are never named as outliers
    wb = openpyxl.load_workbook(outputs.write_xlsx(tmp_path / "w.xlsx", entries, words, peers))
    sources = [row[1] for row in wb["数据对比"].iter_rows(min_row=2, values_only=True)]
    assert sources.count("资料库同级同年") == len(peers) and sources.count("本批单位") == 30


def test_no_library_means_no_peers(county: tuple[Path, dict], settings: Settings) -> None:
    entries = load_desk([county[0] / "this"], settings)
    assert library_peers(settings, entries) == {}
