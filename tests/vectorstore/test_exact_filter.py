"""Narrow filters rank the allowed rows exactly from the BM25 segments' vector copies, as Chroma would."""

from __future__ import annotations

import numpy as np

from vectorstore import bm25_index, hybrid
from vectorstore.store import open_library


def test_exact_path_matches_the_chroma_allow_list(small_library) -> None:
    lib = open_library(small_library)
    index = bm25_index.current(lib)
    assert index.has_vectors
    qvec = lib.embedder.embed_query("公开内容不够全面，更新不及时")
    for unit in ("甲镇", "乙乡", "丙街道"):
        mask = hybrid.filter_mask(index, section="problems", unit=unit)
        rows = np.flatnonzero(mask)
        exact = hybrid._exact_candidates(index, qvec, mask, 5)
        chroma = hybrid._query_collection(lib.collection("problems"), qvec, min(5, len(rows)),
                                          ids=[index.ids[i] for i in rows])
        assert [c for c, _ in exact] == [c for c, _ in chroma]
        assert np.allclose([s for _, s in exact], [s for _, s in chroma], atol=1e-5)


def test_vectors_survive_save_load_and_appends(small_library) -> None:
    lib = open_library(small_library)
    index = bm25_index.current(lib)
    bm25_index._CACHE.clear()
    loaded = bm25_index.current(lib)
    rows = np.arange(len(loaded))
    assert np.allclose(loaded.vectors_of(rows), index.vectors_of(rows))
    stored = np.asarray(lib.collection("overview").get(ids=[loaded.ids[0]], include=["embeddings"])["embeddings"])
    assert np.allclose(loaded.vectors_of(np.array([0]))[0], stored[0], atol=1e-6)


def test_reindex_with_another_model_replaces_the_vector_copies(small_library) -> None:
    from vectorstore.embeddings import HashEmbedder
    from vectorstore.store import Library

    bm25_index.current(open_library(small_library))
    new = HashEmbedder(dimension=128)
    lib = Library(small_library, new, check_model=False)
    lib.reindex()
    index = bm25_index.current(lib)
    assert index.model_id == new.model_id
    assert index.vectors_of(np.array([0])).shape == (1, 128)
    mask = hybrid.filter_mask(index, section="problems", unit="乙乡")
    assert hybrid._section_candidates(lib, index, new.embed_query("培训"), "problems", mask, 5)
