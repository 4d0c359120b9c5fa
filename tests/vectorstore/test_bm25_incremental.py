"""Incremental BM25: appending segments gives the scores of a fresh index, and bm25s' scores."""

from __future__ import annotations

import io
import itertools
import json

import numpy as np
import pytest

from tests.vectorstore.conftest import make_chunks
from vectorstore import bm25_index
from vectorstore.rows import ReportRow
from vectorstore.store import open_library

QUERIES = [["网站", "栏目"], ["依申请", "申请"], ["培训", "业务", "培训"], ["行政复议"], ["没有这个词"]]


def _add(lib, rid: str, unit: str, text: str) -> None:
    chunks = make_chunks(rid, unit, 2024, {"problems": [text], "overview": [f"{unit}推进政务公开，网站栏目齐全。"]},
                         level="镇", province="某省", city="某市", county="北县")
    lib.add_reports([(ReportRow.from_meta(chunks[0].meta, len(chunks)), chunks)])


def _same(a: bm25_index.Bm25Index, b: bm25_index.Bm25Index) -> None:
    assert a.ids == b.ids and a.generation == b.generation
    for q in QUERIES:
        assert np.allclose(a.scores(q), b.scores(q), atol=1e-5)
    for name in a.columns:
        assert a.columns[name].tolist() == b.columns[name].tolist()


def test_added_reports_append_a_segment(small_library) -> None:
    lib = open_library(small_library)
    first = bm25_index.current(lib)
    _add(lib, "r7", "庚镇", "网站栏目更新不及时，培训不足。")
    second = bm25_index.current(lib)
    assert len(second.segments) == len(first.segments) + 1
    assert second.segments[0] is first.segments[0]  # old rows not re-read
    _same(second, bm25_index.build(lib))
    bm25_index._CACHE.clear()
    _same(bm25_index.current(lib), second)  # and the saved segments load back the same


def test_removal_rebuilds(small_library) -> None:
    lib = open_library(small_library)
    bm25_index.current(lib)
    _add(lib, "r7", "庚镇", "网站栏目更新不及时。")
    bm25_index.current(lib)
    lib.remove(["r1"])
    after = bm25_index.current(lib)
    assert len(after.segments) == 1 and "r1" not in set(after.columns["report_id"].tolist())
    _same(after, bm25_index.build(lib))


def test_many_appends_merge_by_size(small_library) -> None:
    lib = open_library(small_library)
    bm25_index.current(lib)
    for i in range(bm25_index.MAX_SEGMENTS + 4):
        _add(lib, f"m{i}", f"新{i}镇", f"第{i}次培训，依申请公开办理及时。")
        index = bm25_index.current(lib)
        sizes = [len(s.ids) for s in index.segments]
        assert all(a > b * bm25_index.MERGE_RATIO for a, b in itertools.pairwise(sizes)), sizes
    assert len(index.segments) < bm25_index.MAX_SEGMENTS
    _same(index, bm25_index.build(lib))


def _state(lib) -> dict:
    return json.loads(lib.get_meta(bm25_index._state_key(lib)))


def test_a_process_without_the_index_appends_to_the_saved_one(small_library, monkeypatch) -> None:
    """`nianbao ingest` (no index in memory) appends: the saved index equals a fresh build after every
    ingest, and only the segments a merge joins are read from the database."""
    lib = open_library(small_library)
    bm25_index.current(lib)
    first = _state(lib)["segments"][0]
    reads: list[str] = []
    from_bytes = bm25_index.Segment.from_bytes
    monkeypatch.setattr(bm25_index.Segment, "from_bytes",
                        classmethod(lambda cls, data, name="": (reads.append(name), from_bytes(data, name))[1]))
    merged_the_first = False
    for i in range(12):
        bm25_index._CACHE.clear()
        before = _state(lib)
        _add(lib, f"a{i}", f"追{i}镇", f"第{i}次更新，网站栏目调整。")
        reads.clear()
        bm25_index.refresh(lib)
        after = _state(lib)
        assert not bm25_index._CACHE  # nothing loaded into this process
        sizes = [*before["rows"], sum(after["rows"]) - sum(before["rows"])]
        assert after["rows"] == [sum(sizes[i] for i in g) for g in bm25_index.compaction(sizes)]
        kept = [n for n in after["segments"] if n in before["segments"]]
        assert set(reads) == set(before["segments"]) - set(kept)  # read: exactly the segments merged away
        merged_the_first |= first not in after["segments"]
        _same(bm25_index.load(lib), bm25_index.build(lib))
    assert merged_the_first  # the run reached a merge into the library's first segment too


def test_appending_falls_back_to_a_rebuild_after_a_removal(small_library) -> None:
    lib = open_library(small_library)
    bm25_index.current(lib)
    bm25_index._CACHE.clear()
    lib.remove(["r1"])
    assert not bm25_index.append_saved(lib)
    bm25_index.refresh(lib)
    _same(bm25_index.load(lib), bm25_index.build(lib))


def test_a_state_without_sizes_is_brought_up_to_date_in_full(small_library) -> None:
    """A state saved before states listed their segments' sizes: the full path updates it, and adds them."""
    lib = open_library(small_library)
    bm25_index.current(lib)
    old = _state(lib)
    del old["rows"]
    lib.set_meta(bm25_index._state_key(lib), json.dumps(old))
    bm25_index._CACHE.clear()
    _add(lib, "r8", "辛镇", "依申请公开答复及时。")
    assert not bm25_index.append_saved(lib)
    bm25_index.refresh(lib)
    assert _state(lib)["rows"] == [len(s.ids) for s in bm25_index.load(lib).segments]
    _same(bm25_index.load(lib), bm25_index.build(lib))


def _rows(n: int, tag: str) -> bm25_index.Segment:
    columns = {f: np.array([tag] * n, dtype=str) for f in bm25_index.FILTER_FIELDS}
    columns["year"] = np.full(n, 2024, dtype=np.int32)
    return bm25_index.Segment.from_tokens([f"{tag}{i}" for i in range(n)], [["公开", tag]] * n, columns)


def test_small_appends_leave_a_large_segment_alone() -> None:
    big = _rows(1000, "b")
    segments = [big]
    merged_rows = 0
    for i in range(48):  # 240 rows in 5-row ingests: less than a quarter of the large segment
        before = {id(s) for s in segments}
        segments = bm25_index.compact([*segments, _rows(5, f"s{i}")])
        merged_rows += sum(len(s.ids) for s in segments if id(s) not in before)
        assert segments[0] is big
        assert len(segments) <= 5
    assert merged_rows < 240 * 8  # each small row rewritten a few times (O(log n)), the large ones never
    assert [i for s in segments for i in s.ids] == big.ids + [f"s{i}{j}" for i in range(48) for j in range(5)]


def test_no_segment_outgrows_the_row_cap(monkeypatch) -> None:
    monkeypatch.setattr(bm25_index, "SEGMENT_MAX_ROWS", 100)
    segments: list[bm25_index.Segment] = []
    for i in range(120):  # 3,000 rows in ingests of 5 to 45 rows
        segments = bm25_index.compact([*segments, _rows(5 + i % 5 * 10, f"a{i}-")])
        assert max(len(s.ids) for s in segments) <= 100
        assert sum(len(s.ids) < 50 for s in segments) <= bm25_index.MAX_SEGMENTS
    assert [i for s in segments for i in s.ids] == [f"a{i}-{j}" for i in range(120) for j in range(5 + i % 5 * 10)]
    assert len(segments) < 3000 // 50 + bm25_index.MAX_SEGMENTS


def test_a_full_build_splits_at_the_row_cap(small_library, monkeypatch) -> None:
    lib = open_library(small_library)
    whole = bm25_index.build(lib)
    monkeypatch.setattr(bm25_index, "SEGMENT_MAX_ROWS", 4)
    split = bm25_index.build(lib)
    assert len(whole.segments) == 1 and len(split.segments) == -(-len(whole) // 4)
    assert all(len(s.ids) <= 4 for s in split.segments)
    _same(split, whole)
    bm25_index.save(split, lib)
    bm25_index._CACHE.clear()
    _same(bm25_index.current(lib), whole)


def test_a_large_ingest_appends_segments_under_the_row_cap(small_library, monkeypatch) -> None:
    lib = open_library(small_library)
    first = bm25_index.current(lib)
    monkeypatch.setattr(bm25_index, "SEGMENT_MAX_ROWS", 3)
    for i in range(3):
        _add(lib, f"big{i}", f"大{i}镇", "网站栏目更新不及时，培训不足。")
    after = bm25_index.current(lib)
    assert all(len(s.ids) <= 3 for s in after.segments[1:]) and after.segments[0] is first.segments[0]
    _same(after, bm25_index.build(lib))


def test_scores_equal_bm25s(small_library) -> None:
    import bm25s

    lib = open_library(small_library)
    _add(lib, "r7", "庚镇", "网站栏目更新不及时，培训培训不足。")
    index = bm25_index.current(lib)
    tokens = [r[1].split() for r in lib.token_rows()]
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index(tokens, show_progress=False)
    vocab = reference.vocab_dict
    for q in QUERIES:
        ids = [vocab[t] for t in q if t in vocab]
        expected = reference.get_scores_from_ids(ids) if ids else np.zeros(len(index))
        assert np.allclose(index.scores(q), expected, atol=1e-5)


@pytest.mark.parametrize("batch", [bm25_index.TOKEN_BATCH, 7])
def test_inverted_postings_give_back_every_rows_counts(batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import random
    from collections import Counter

    monkeypatch.setattr(bm25_index, "TOKEN_BATCH", batch)  # 7: the token lists arrive over several batches
    rng = random.Random(5)
    words = [f"w{i}" for i in range(300)]
    for _ in range(20):
        tokens = [[rng.choice(words[: rng.randint(1, 300)]) for _ in range(rng.randint(0, 40))]
                  for _ in range(rng.randint(0, 60))]
        seg = bm25_index.Segment.from_tokens([str(i) for i in range(len(tokens))], iter(tokens), {})
        assert seg.vocab == list(dict.fromkeys(w for row in tokens for w in row))  # first-seen order
        back: list[Counter[str]] = [Counter() for _ in tokens]
        for word in seg.vocab:
            rows, tfs = seg.postings(word)
            assert list(rows) == sorted(set(rows.tolist()))  # ascending, each row once
            for row, tf in zip(rows.tolist(), tfs.tolist(), strict=True):
                back[row][word] = int(tf)
        assert back == [Counter(row) for row in tokens]
        assert seg.lengths.tolist() == [len(row) for row in tokens]


def test_inverting_needs_one_token_list_per_id() -> None:
    with pytest.raises(ValueError, match="2 ids but 1 token lists"):
        bm25_index.Segment.from_tokens(["a", "b"], [["公开"]], {})


def test_merged_segments_are_the_segment_of_all_their_rows() -> None:
    rng = np.random.default_rng(7)
    words = [f"词{i}" for i in range(40)]
    tokens = [[words[j] for j in rng.integers(0, 40, rng.integers(0, 12))] for _ in range(90)]
    columns = {f: np.array([f"{f}{i % 3}" for i in range(90)], dtype=str) for f in bm25_index.FILTER_FIELDS}
    columns["year"] = np.arange(90, dtype=np.int32)
    ids = [f"c{i}" for i in range(90)]
    cuts = [0, 7, 7, 50, 90]  # an empty segment among them

    def part(a: int, b: int) -> bm25_index.Segment:
        return bm25_index.Segment.from_tokens(ids[a:b], tokens[a:b], {k: v[a:b] for k, v in columns.items()})

    merged = bm25_index.merge([part(a, b) for a, b in itertools.pairwise(cuts)])
    whole = part(0, 90)
    assert merged.ids == whole.ids and merged.vocab == whole.vocab
    for name in ("indptr", "rows", "tfs", "lengths"):
        assert np.array_equal(getattr(merged, name), getattr(whole, name)), name
        assert getattr(merged, name).dtype == getattr(whole, name).dtype, name
    assert all(merged.columns[k].tolist() == whole.columns[k].tolist() for k in whole.columns)


def test_a_stored_segment_reads_back_as_it_was_and_stores_smaller(small_library) -> None:
    """Counts are stored as small integers and ASCII columns as bytes; reading gives back the same arrays,
    dtypes included, and a blob written before (float32 counts, UTF-32 text) still reads."""
    segment = bm25_index.build(open_library(small_library)).segments[0]
    segment.tfs[0] = 300.0  # one count above uint8
    blob = segment.to_bytes()
    back = bm25_index.Segment.from_bytes(blob)
    assert back.ids == segment.ids and back.vocab == segment.vocab
    assert back.tfs.dtype == np.float32 and np.array_equal(back.tfs, segment.tfs)
    assert np.array_equal(back.rows, segment.rows) and np.array_equal(back.indptr, segment.indptr)
    for name, column in segment.columns.items():
        assert back.columns[name].dtype == column.dtype and np.array_equal(back.columns[name], column), name
    old = io.BytesIO()
    np.savez(old, lengths=segment.lengths, indptr=segment.indptr, rows=segment.rows, tfs=segment.tfs,
             ids=bm25_index._json_array(segment.ids), vocab=bm25_index._json_array(segment.vocab),
             **{f"col_{k}": v for k, v in segment.columns.items()})
    before = bm25_index.Segment.from_bytes(old.getvalue())
    assert np.array_equal(before.tfs, back.tfs) and all(
        before.columns[k].dtype == back.columns[k].dtype and np.array_equal(before.columns[k], back.columns[k])
        for k in segment.columns)
    assert len(blob) < 0.8 * len(old.getvalue())
