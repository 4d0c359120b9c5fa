"""BM25 index saves in the library's database: segments written once, a state replaced in one transaction,
safe with other writers and readers at once, loaded by a fresh process instead of rebuilt."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from sqlalchemy import delete, func, select

from vectorstore import bm25_index, sidecar
from vectorstore.store import open_library


def _segments(lib) -> int:
    with lib.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(sidecar.segments)).scalar() or 0)


def test_each_save_is_a_new_state_and_segments_are_written_once(small_library) -> None:
    lib = open_library(small_library)
    index = bm25_index.build(lib)
    first = bm25_index.save(index, lib)
    second = bm25_index.save(index, lib)
    assert first != second
    assert _segments(lib) == 2  # the second state names the segment (and its vector row) the first wrote
    loaded = bm25_index.load(lib)
    assert loaded is not None and loaded.ids == index.ids and loaded.generation == index.generation
    assert loaded.segments[0] is not index.segments[0]  # read back from the blob
    assert loaded.scores(["公开"]).tolist() == index.scores(["公开"]).tolist()
    assert loaded.has_vectors and (loaded.vectors_of(loaded.offsets[:1]) == index.vectors_of(index.offsets[:1])).all()


def test_a_fresh_process_loads_instead_of_rebuilding(small_library) -> None:
    lib = open_library(small_library)
    built = bm25_index.current(lib)
    bm25_index._CACHE.clear()  # what a new process starts with
    loaded = bm25_index.current(lib)
    assert loaded is not built and [s.name for s in loaded.segments] == [s.name for s in built.segments]


def test_concurrent_writers_never_break_a_reader(small_library) -> None:
    lib = open_library(small_library)
    index = bm25_index.build(lib)
    bm25_index.save(index, lib)
    errors: list[BaseException] = []
    misses: list[int] = []

    def write() -> None:
        try:
            for _ in range(8):
                bm25_index.save(bm25_index.build(lib), lib)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def read() -> None:
        for i in range(30):
            got = bm25_index.load(lib)
            if got is None or got.ids != index.ids:
                misses.append(i)

    threads = [threading.Thread(target=write) for _ in range(3)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and misses == []
    assert bm25_index.load(lib) is not None


def test_a_state_whose_segment_is_gone_is_rebuilt(small_library) -> None:
    lib = open_library(small_library)
    bm25_index.current(lib)
    with lib.engine.begin() as conn:
        conn.execute(delete(sidecar.segments))
    assert bm25_index.load(lib) is None
    bm25_index._CACHE.clear()
    index = bm25_index.current(lib)
    assert len(index) == 24 and bm25_index.load(lib) is not None


def test_vectors_are_read_when_first_needed_and_from_chroma_once_pruned(small_library) -> None:
    lib = open_library(small_library)
    built = bm25_index.current(lib)
    bm25_index._CACHE.clear()
    loaded = bm25_index.current(lib)
    stored = loaded.segments[0].vectors
    assert isinstance(stored, bm25_index.StoredVectors) and stored._array is None  # not read at load
    rows = np.arange(len(loaded))
    assert np.allclose(loaded.vectors_of(rows[:3]), built.vectors_of(rows[:3]))
    bm25_index._CACHE.clear()
    again = bm25_index.current(lib)
    with lib.engine.begin() as conn:  # another process's prune removed the vector row meanwhile
        conn.execute(delete(sidecar.segments).where(sidecar.segments.c.name.endswith(bm25_index.VECTORS)))
    assert np.allclose(again.vectors_of(rows), built.vectors_of(rows))


def test_vector_copies_are_mapped_from_a_local_cache_file_rebuilt_when_bad(small_library) -> None:
    lib = open_library(small_library)
    built = bm25_index.current(lib)
    rows = np.arange(len(built))
    bm25_index._CACHE.clear()
    loaded = bm25_index.current(lib)
    stored = loaded.segments[0].vectors
    assert isinstance(stored, bm25_index.StoredVectors)
    assert np.allclose(loaded.vectors_of(rows), built.vectors_of(rows))
    path = stored._path()
    assert path.is_file() and isinstance(stored.array(), np.memmap)  # written on first use, then mapped
    path.write_bytes(b"not a numpy file")  # a damaged cache is written again from the database
    bm25_index._CACHE.clear()
    again = bm25_index.current(lib)
    assert np.allclose(again.vectors_of(rows), built.vectors_of(rows))
    assert isinstance(again.segments[0].vectors.array(), np.memmap)


def test_a_save_prunes_only_old_segments_no_state_names(small_library) -> None:
    from sqlalchemy import update

    lib = open_library(small_library)
    first = bm25_index.build(lib)
    bm25_index.save(first, lib)
    replaced = first.segments[0].name
    bm25_index.save(bm25_index.build(lib), lib)  # the state now names only the new segment
    with lib.engine.connect() as conn:
        names = {r[0] for r in conn.execute(select(sidecar.segments.c.name))}
    assert {replaced, replaced + bm25_index.VECTORS} <= names  # unnamed, but too fresh to prune
    with lib.engine.begin() as conn:
        conn.execute(update(sidecar.segments).where(sidecar.segments.c.name.startswith(replaced))
                     .values(created_at=0.0))
    state = bm25_index.save(bm25_index.build(lib), lib)  # a third, fresh segment; the second is unnamed
    with lib.engine.connect() as conn:
        after = {r[0] for r in conn.execute(select(sidecar.segments.c.name))}
    assert replaced not in after and replaced + bm25_index.VECTORS not in after
    assert names - {replaced, replaced + bm25_index.VECTORS} <= after  # the fresh unnamed one stays
    loaded = bm25_index.load(lib)
    assert loaded is not None and loaded.ids == first.ids and state


def _rows_in_database(lib) -> dict[str, int]:
    """Each stored row's name and size in bytes."""
    with lib.engine.connect() as conn:
        return {name: int(size) for name, size in conn.execute(
            select(sidecar.segments.c.name, func.length(sidecar.segments.c.data)))}


@pytest.mark.parametrize("held", [True, False], ids=["app process", "nianbao ingest"])
def test_a_merge_keeps_the_stored_vector_copies_it_joins(small_library, monkeypatch, held: bool) -> None:
    """Merging into a large segment writes the new rows' vectors only: the large segment's stored copy is
    kept as a part of the merged one; runs of small parts are joined, so parts stay few; a fresh process
    reads every vector back exactly; rows no state names are pruned, rows it names are not."""
    from tests.vectorstore.test_bm25_incremental import _add, _state

    monkeypatch.setattr(bm25_index, "PART_MIN_ROWS", 6)
    monkeypatch.setattr(bm25_index, "PRUNE_AFTER_S", -1.0)
    lib = open_library(small_library)
    bm25_index.current(lib)
    (first_part, first_rows), = _state(lib)["parts"][_state(lib)["segments"][0]]
    kept_first = False
    for i in range(14):
        if not held:
            bm25_index._CACHE.clear()
        _add(lib, f"v{i}", f"量{i}镇", f"第{i}次：政务公开栏目调整。")
        bm25_index.refresh(lib)
        state = _state(lib)
        stored = _rows_in_database(lib)
        named = set(state["segments"]) | {row for parts in state["parts"].values() for row, _ in parts}
        assert set(stored) == named  # every row the state names is there, and nothing else (pruned)
        for name, rows in zip(state["segments"], state["rows"], strict=True):
            parts = state["parts"][name]
            assert sum(n for _, n in parts) == rows
            assert len(parts) <= rows // 6 + 2  # small parts joined, not one per ingest
        first = state["segments"][0]
        if first_part in dict(state["parts"][first]) and state["rows"][0] > first_rows:
            kept_first = True  # merged into, yet its stored copy not rewritten
            assert stored[first_part] < 1.5 * first_rows * 4 * lib.embedder.dimension
        bm25_index._CACHE.clear()
        loaded, built = bm25_index.current(lib), bm25_index.build(lib)
        every = np.arange(len(built))
        assert loaded.ids == built.ids
        assert np.allclose(loaded.vectors_of(every), built.vectors_of(every), atol=1e-6)  # built: Chroma's copy
        assert np.array_equal(loaded.vectors_of(every[1::3]), loaded.vectors_of(every)[1::3])
    assert kept_first


def test_a_held_part_whose_row_was_pruned_is_written_again(small_library, monkeypatch) -> None:
    """The app holds an index whose vector row another process's save has meanwhile pruned: when the app
    merges that segment, it writes the copy again (from Chroma) instead of naming a missing row."""
    from tests.vectorstore.test_bm25_incremental import _add, _state

    monkeypatch.setattr(bm25_index, "PART_MIN_ROWS", 6)
    lib = open_library(small_library)
    held = bm25_index.current(lib)
    first = held.segments[0]
    (row, _), = _state(lib)["parts"][first.name]
    with lib.engine.begin() as conn:
        conn.execute(delete(sidecar.segments).where(sidecar.segments.c.name == row))
    for i in range(10):
        _add(lib, f"p{i}", f"剪{i}镇", f"第{i}次：依申请公开答复。")
        index = bm25_index.current(lib)
        if index.segments[0] is not first:
            break
    assert index.segments[0] is not first  # the held first segment was merged
    state, stored = _state(lib), _rows_in_database(lib)
    assert all(r in stored for parts in state["parts"].values() for r, _ in parts)
    bm25_index._CACHE.clear()
    loaded, built = bm25_index.current(lib), bm25_index.build(lib)
    every = np.arange(len(built))
    assert np.allclose(loaded.vectors_of(every), built.vectors_of(every), atol=1e-6)
