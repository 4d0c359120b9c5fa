"""A section's vectors spill into a new Chroma collection (shard) at SHARD_MAX; every read asks all shards and
answers as one collection would. The cap is lowered here so that a few fictional reports fill several
shards, on a local client, a real server and a server with a PostgreSQL sidecar."""

from __future__ import annotations

import numpy as np
import pytest

from tests.vectorstore.conftest import make_chunks
from vectorstore import bm25_index, hybrid, similar, store
from vectorstore.rows import ReportRow
from vectorstore.store import collection_name, open_library

CAP = 5
UNITS = [("甲镇", "东县"), ("乙乡", "东县"), ("丙街道", "西县"), ("丁镇", "西县"), ("戊乡", "南县"),
         ("己镇", "南县"), ("庚街道", "东县"), ("辛乡", "西县")]


def _report(i: int, unit: str, county: str) -> tuple[ReportRow, list]:
    chunks = make_chunks(f"r{i}", unit, 2020 + i % 4, {
        "overview": [f"{unit}第{i}年推进政务公开，完善主动公开目录和工作机制，栏目更新{i}次。"],
        "problems": [f"{unit}存在的问题之{i}：公开内容不够全面，解读形式单一。",
                     f"{unit}下一步将加强培训，第{i}项措施是及时更新栏目内容。"],
    }, level="镇", province="某省", city="某市", county=county)
    return ReportRow.from_meta(chunks[0].meta, len(chunks)), chunks


@pytest.fixture
def sharded(lib_settings, monkeypatch):
    """Eight reports written one by one under a cap of 5 vectors per shard."""
    monkeypatch.setattr(store, "SHARD_MAX", CAP)
    lib = open_library(lib_settings)
    for i, (unit, county) in enumerate(UNITS):
        lib.add_reports([_report(i, unit, county)])
    return lib_settings


def _held(col) -> list[str]:
    return col.get(include=[])["ids"]


def _section_ids(lib, section: str) -> set[str]:
    return {r[0] for r in lib.token_rows() if r[2] == section}


def test_a_full_shard_sends_the_next_vectors_to_a_new_one(sharded) -> None:
    lib = open_library(sharded)
    shards = lib.shards("problems")
    assert [c.name for c in shards] == [collection_name(sharded, "problems", k) for k in range(len(shards))]
    assert len(shards) == 4  # 16 vectors, two per report, a shard full at 5: 4 + 4 + 4 + 4
    held = [_held(c) for c in shards]
    assert all(0 < len(ids) <= CAP for ids in held)
    flat = [cid for ids in held for cid in ids]
    assert len(flat) == len(set(flat)) and set(flat) == _section_ids(lib, "problems")
    assert lib.collection("problems").name == collection_name(sharded, "problems")  # shard 0 keeps its name


def test_a_new_process_finds_every_shard(sharded) -> None:
    store.forget_open_libraries()
    lib = open_library(sharded)
    assert len(lib.shards("problems")) == 4 and len(lib.shards("overview")) == 2
    assert lib.shards("absent") == []


@pytest.mark.parametrize("filters", [{"section": "problems"}, {"section": "problems", "county": "西县"}, {}])
def test_chroma_over_shards_ranks_as_the_exact_path(sharded, monkeypatch, filters) -> None:
    """Chroma is asked (the exact path switched off) and merges its shards' answers into the ranking the exact
    cosine over the allowed rows gives: a broad filter over-fetches from every shard, a narrow one passes each
    shard the allowed ids it holds."""
    lib = open_library(sharded)
    index = bm25_index.current(lib)
    qvec = lib.embedder.embed_query("公开内容不够全面，加强培训")
    mask = hybrid.filter_mask(index, **filters)
    rows = np.flatnonzero(mask)
    exact = hybrid.vector_candidates(lib, index, qvec, mask, n=6)
    cosine = dict(hybrid._exact_candidates(index, qvec, mask, len(rows)))  # every allowed row's
    monkeypatch.setattr(hybrid, "EXACT_ALWAYS", 0)
    monkeypatch.setattr(hybrid, "EXACT_NARROW", 0)
    for narrow in (None, rows):
        chroma = hybrid.vector_candidates(lib, index, qvec, mask, n=6, rows=narrow)
        # The same scores in the same order; among equal scores (the hash embedder gives ties) any order.
        assert np.allclose([s for _, s in chroma], [s for _, s in exact], atol=1e-5)
        assert len({c for c, _ in chroma}) == len(chroma) == min(6, len(rows))
        assert all(c in cosine and abs(cosine[c] - s) < 1e-5 for c, s in chroma)


def test_similar_wording_reads_every_overview_shard(sharded) -> None:
    lib = open_library(sharded)
    text = "甲镇推进政务公开，完善主动公开目录"
    best = similar._wording(lib, text)
    assert set(best) == {f"r{i}" for i in range(len(UNITS))}
    qvec = np.asarray(lib.embedder.embed_query(text))
    for cid, (passage, meta) in lib.fetch(sorted(_section_ids(lib, "overview"))).items():
        assert best[meta.report_id] == pytest.approx(float(qvec @ np.asarray(lib.embedder.embed_query(passage))),
                                                     abs=1e-5), cid


def test_vectors_are_read_back_from_every_shard(sharded) -> None:
    store.forget_open_libraries()  # nothing cached from the writes: every vector comes from Chroma
    lib = open_library(sharded)
    rows = lib.token_rows()
    ids, sections = [r[0] for r in rows], [r[2] for r in rows]
    got = lib.vectors(ids, sections)
    texts = lib.fetch(ids)
    assert got is not None
    assert np.allclose(got, lib.embedder.embed_documents([texts[i][0] for i in ids]), atol=1e-6)
    assert lib.vectors([*ids[:2], "absent"], [*sections[:2], "problems"]) is None


def test_remove_and_check_reach_every_shard(sharded) -> None:
    lib = open_library(sharded)
    last = lib.shards("problems")[-1]
    victim = lib.fetch(_held(last)[:1])
    (report_id,) = {meta.report_id for _, meta in victim.values()}
    assert lib.remove([report_id]) == 1
    held = {cid for col in lib.shards("problems") for cid in _held(col)}
    assert held == _section_ids(lib, "problems") and not set(victim) & held
    # Damage the vectors: one lost from shard 1, a second copy of another in shard 0.
    first, second = lib.shards("problems")[:2]
    lost = _held(second)[0]
    second.delete(ids=[lost])
    copied = _held(second)[0]
    first.upsert(ids=[copied], embeddings=lib.embedder.embed_documents(["副本"]))
    result = lib.check()
    assert (result.missing_vectors, result.orphan_vectors) == (1, 1)
    flat = [cid for col in lib.shards("problems") for cid in _held(col)]
    assert len(flat) == len(set(flat)) and set(flat) == _section_ids(lib, "problems")
    assert lib.check().missing_vectors == lib.check().orphan_vectors == 0


def test_reindex_drops_every_shard(sharded) -> None:
    from vectorstore.embeddings import HashEmbedder
    from vectorstore.store import Library

    new = HashEmbedder(dimension=128)
    lib = Library(sharded, new, check_model=False)
    assert lib.reindex() == len(lib.token_rows())
    names = {c.name for c in lib.client.list_collections()}
    old = {n for n in names if store.shard_of(sharded, "problems", n) is not None}
    # The four old shards are gone; the 16 vectors come back in one batch, which an empty shard takes whole.
    assert old == {collection_name(sharded, "problems")}
    (only,) = lib.shards("problems")
    assert only.metadata["dimension"] == 128 and only.count() == len(_section_ids(lib, "problems"))
