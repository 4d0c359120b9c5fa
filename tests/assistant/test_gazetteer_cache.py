"""The gazetteer is built once and then read from the model cache, unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core import gazetteer as gz


def test_written_once_then_read_back_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_MODEL_CACHE", str(tmp_path))
    gz.gazetteer.cache_clear()
    try:
        built = gz.gazetteer()
        path = gz.cache_path(tmp_path)
        assert path.is_file() and not list(tmp_path.glob(".*.tmp"))
        written = path.stat().st_mtime_ns
        gz.gazetteer.cache_clear()
        read = gz.gazetteer()
        assert path.stat().st_mtime_ns == written  # read, not rebuilt
        assert read == built == gz.build_gazetteer()
        assert read.places_of_county("昌乐县") == built.places_of_county("昌乐县")
    finally:
        gz.gazetteer.cache_clear()


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_MODEL_CACHE", str(tmp_path))
    gz.cache_path(tmp_path).write_bytes(b"not a pickle")
    gz.gazetteer.cache_clear()
    try:
        assert gz.gazetteer().provinces
        assert gz.cache_path(tmp_path).read_bytes() != b"not a pickle"
    finally:
        gz.gazetteer.cache_clear()


def test_writing_a_version_removes_those_of_earlier_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each reinstall of the division data gives it a new time and so the cache file a new name; five
    # reinstalls had left five copies of every cache file.
    monkeypatch.setenv("NIANBAO_MODEL_CACHE", str(tmp_path))
    old = [tmp_path / "gazetteer-v2-1613458-1.marshal", tmp_path / "gazetteer-v1-1613458-2.marshal"]
    neighbours = [tmp_path / "bm25-pieces-v1-5071852-1.marshal", tmp_path / "gazetteer-notes.txt"]
    for path in old + neighbours:
        path.write_bytes(b"x")
    gz.gazetteer.cache_clear()
    try:
        gz.gazetteer()
    finally:
        gz.gazetteer.cache_clear()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(
        [gz.cache_path(tmp_path).name] + [p.name for p in neighbours])
