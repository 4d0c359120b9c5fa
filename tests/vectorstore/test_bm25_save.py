"""BM25 index saves: unique temp names, an atomic pointer, safe with other writers and readers at once."""

from __future__ import annotations

import threading

from vectorstore import bm25_index
from vectorstore.store import open_library


def test_each_save_is_a_new_version_and_the_pointer_moves(home, small_library) -> None:
    lib = open_library(small_library)
    index = bm25_index.build(lib)
    directory = home / "bm25-test"
    first = bm25_index.save(index, directory)
    second = bm25_index.save(index, directory)
    assert first != second and first.is_dir() and second.is_dir()  # the first is pruned only when old
    assert len([p for p in directory.iterdir() if p.name.startswith("s-")]) == 1  # segments written once
    assert (directory / bm25_index.POINTER).read_text(encoding="utf-8") == second.name
    assert not [p for p in directory.iterdir() if p.name.endswith(".tmp")]
    loaded = bm25_index.load(directory)
    assert loaded is not None and loaded.ids == index.ids and loaded.generation == index.generation


def test_concurrent_writers_never_break_a_reader(home, small_library) -> None:
    lib = open_library(small_library)
    index = bm25_index.build(lib)
    directory = home / "bm25-race"
    bm25_index.save(index, directory)
    errors: list[BaseException] = []
    misses: list[int] = []

    def write() -> None:
        try:
            for _ in range(8):
                bm25_index.save(index, directory)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def read() -> None:
        for i in range(30):
            got = bm25_index.load(directory)
            if got is None or got.ids != index.ids:
                misses.append(i)

    threads = [threading.Thread(target=write) for _ in range(3)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and misses == []
    assert bm25_index.load(directory) is not None


def test_index_saved_by_an_older_release_is_rebuilt(home, small_library) -> None:
    lib = open_library(small_library)
    old = bm25_index.index_dir(lib)
    old.mkdir(parents=True)
    (old / "generation").write_text(str(lib.generation()), encoding="utf-8")  # the old layout: no pointer
    assert bm25_index.load(old) is None
    index = bm25_index.current(lib)
    assert len(index) == 24 and bm25_index.load(old) is not None
