"""The library store: sidecar SQLite + per-section Chroma collections, on a local client and a server."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from assistant.core.errors import EmbeddingMismatchError
from tests.vectorstore.conftest import make_chunks
from vectorstore import bm25_index, sidecar
from vectorstore.embeddings import HashEmbedder
from vectorstore.rows import ReportRow
from vectorstore.store import Library, collection_name, open_library


def test_reports_are_listed_and_vectors_split_by_section(small_library):
    lib = open_library(small_library)
    rows = lib.reports()
    assert [(r.unit, r.year) for r in rows] == [("丙街道", 2023), ("乙乡", 2022), ("甲镇", 2022), ("甲镇", 2023)]
    assert all(r.n_chunks == 6 for r in rows)
    assert lib.chunk_count() == 24
    assert lib.collection("problems").count() == 8
    assert lib.collection("overview").count() == 8  # overview incl. its requests subpart
    meta = lib.collection("overview").metadata
    assert meta["model_id"] == "hash-v1-256" and meta["dimension"] == 256


def test_other_model_is_refused(small_library):
    with pytest.raises(EmbeddingMismatchError) as info:
        open_library(small_library, embedder=HashEmbedder(dimension=128))
    assert info.value.ctx["stored"].startswith("hash-v1-256")


def test_remove_deletes_vectors_chunks_and_manifest(small_library):
    lib = open_library(small_library)
    assert lib.remove(["r1"]) == 1
    assert {r.report_id for r in lib.reports()} == {"r2", "r3", "r4"}
    assert lib.chunk_count() == 18
    assert lib.collection("problems").count() == 6
    assert "r1" not in set(bm25_index.current(lib).columns["report_id"].tolist())


def test_half_written_report_is_cleaned(small_library):
    lib = open_library(small_library)
    chunks = make_chunks("r9", "丁镇", 2024, {"problems": ["半截写入的段落。"]})
    # What a killed ingest leaves: chunk rows and vectors, no manifest row.
    with lib.engine.begin() as conn:
        conn.execute(insert(sidecar.chunks).values(id=chunks[0].id, report_id="r9", section="problems",
                                                   text=chunks[0].text, tokens="半截",
                                                   meta=chunks[0].meta.model_dump_json()))
    lib.upsert_vectors({"problems": ([chunks[0].id], lib.embedder.embed_documents([chunks[0].text]))})
    assert lib.collection("problems").count() == 9
    assert lib.clean_incomplete() == ["r9"]
    assert lib.collection("problems").count() == 8
    assert lib.chunk_count() == 24


def test_readers_never_see_half_written_reports(small_library):
    lib = open_library(small_library)
    chunks = make_chunks("r9", "丁镇", 2024, {"problems": ["半截写入的段落。"]})
    with lib.engine.begin() as conn:
        conn.execute(insert(sidecar.chunks).values(id=chunks[0].id, report_id="r9", section="problems",
                                                   text=chunks[0].text, tokens="半截",
                                                   meta=chunks[0].meta.model_dump_json()))
    index = bm25_index.build(lib)
    assert len(index) == 24 and chunks[0].id not in index.row_of


def test_complete_chunks_upto_counts_rows_of_complete_reports_only(small_library):
    lib = open_library(small_library)
    rids = [row[-1] for row in lib.token_rows()]
    assert lib.complete_chunks_upto(rids[-1]) == 24 and lib.complete_chunks_upto(rids[4]) == 5
    chunks = make_chunks("r9", "丁镇", 2024, {"problems": ["半截写入的段落。"]})
    with lib.engine.begin() as conn:  # a killed ingest's chunk row, no manifest row
        conn.execute(insert(sidecar.chunks).values(id=chunks[0].id, report_id="r9", section="problems",
                                                   text=chunks[0].text, tokens="半截",
                                                   meta=chunks[0].meta.model_dump_json()))
    assert lib.complete_chunks_upto(rids[-1] + 10) == 24
    lib.remove(["r1"])
    assert lib.complete_chunks_upto(rids[-1]) == 18


def test_reindex_rebuilds_with_new_model(small_library):
    new = HashEmbedder(dimension=128)
    lib = Library(small_library, new, check_model=False)
    assert lib.reindex() == 24
    reopened = open_library(small_library, embedder=new)
    assert reopened.collection("problems").metadata["dimension"] == 128
    assert reopened.collection("problems").count() == 8
    with pytest.raises(EmbeddingMismatchError):
        open_library(small_library)  # settings still name the 256-dim hash model


def test_bm25_index_follows_generation(small_library):
    lib = open_library(small_library)
    first = bm25_index.current(lib)
    assert bm25_index.load(lib).generation == first.generation  # saved in the library's database
    chunks = make_chunks("r5", "戊镇", 2024, {"problems": ["网站栏目更新不及时。"]})
    lib.add_reports([(ReportRow.from_meta(chunks[0].meta, 1), chunks)])
    second = bm25_index.current(lib)
    assert second.generation == first.generation + 1 and len(second) == 25
    assert bm25_index.load(lib).generation == second.generation


def test_collection_names_are_valid_for_chroma(lib_settings):
    assert collection_name(lib_settings, "review_litigation").endswith("-review_litigation")
