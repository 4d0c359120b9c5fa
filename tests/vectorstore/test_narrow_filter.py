"""Narrow filters are served from the allowed rows alone, with the same scores and passages as the mask path."""

from __future__ import annotations

import random

import numpy as np

from vectorstore import bm25_index, hybrid
from vectorstore.bm25_index import Bm25Index, Segment
from vectorstore.store import open_library

_WORDS = [f"w{i}" for i in range(40)]
_UNITS = ["甲镇", "乙乡", "丙街道", "丁镇一", "戊"]


def _segment(rng: random.Random, n: int) -> Segment:
    tokens = [[rng.choice(_WORDS[: rng.randint(3, 40)]) for _ in range(rng.randint(0, 30))] for _ in range(n)]
    units = [rng.choice(_UNITS) for _ in range(n)]
    columns = {f: np.array([""] * n, dtype=str) for f in bm25_index.FILTER_FIELDS}
    columns["unit"] = np.array(units, dtype=str)
    columns["section"] = np.array([rng.choice(["overview", "problems"]) for _ in range(n)], dtype=str)
    columns["year"] = np.full(n, 2023, dtype=np.int32)
    return Segment.from_tokens([f"c{rng.random()}" for _ in range(n)], tokens, columns)


def _index(seed: int) -> Bm25Index:
    rng = random.Random(seed)
    return Bm25Index(1, [_segment(rng, rng.randint(1, 60)) for _ in range(rng.randint(1, 4))])


def test_rows_scores_equal_the_full_scores_bit_for_bit() -> None:
    for seed in range(40):
        index = _index(seed)
        rng = random.Random(seed)
        rows = np.array(sorted(rng.sample(range(len(index)), rng.randint(0, len(index)))), dtype=np.int64)
        tokens = [rng.choice(_WORDS + ["absent"]) for _ in range(rng.randint(1, 6))]
        assert np.array_equal(hybrid.rows_scores(index, tokens, rows), index.scores(tokens)[rows])


def test_coded_filters_equal_string_comparison() -> None:
    for seed in range(20):
        index = _index(seed)
        units = index.columns["unit"]
        for wanted in (["甲镇"], ["乙乡", "戊"], ["丁镇"], ["丁镇一二"]):  # 丁镇 and 丁镇一二: no prefix match
            assert np.array_equal(hybrid.filter_mask(index, unit=tuple(wanted)), np.isin(units, wanted))
            assert np.array_equal(hybrid.filter_mask(index, unit=wanted[0]), units == wanted[0])
        assert np.array_equal(hybrid.filter_mask(index, exclude_unit="甲镇"), units != "甲镇")
        assert np.array_equal(hybrid.filter_mask(index, section="problems", unit="乙乡"),
                              (index.columns["section"] == "problems") & (units == "乙乡"))


def test_narrow_path_returns_what_the_mask_path_returns(small_library) -> None:
    lib = open_library(small_library)
    index = bm25_index.current(lib)
    for query, filters in (("更新不够及时", {"unit": "乙乡"}), ("主要问题", {"section": "problems", "unit": "甲镇"}),
                           ("依申请公开", {"county": str(index.columns["county"][0])})):
        mask = hybrid.filter_mask(index, **filters)
        rows = np.flatnonzero(mask)
        assert 0 < len(rows) <= hybrid.NARROW_ROWS
        tokens = hybrid.tokenize(query)
        assert hybrid.bm25_candidates(index, tokens, mask, rows=rows) == hybrid.bm25_candidates(index, tokens, mask)
        qvec = lib.embedder.embed_query(query)
        assert (hybrid.vector_candidates(lib, index, qvec, mask, rows=rows)
                == hybrid.vector_candidates(lib, index, qvec, mask))


def test_section_scores_equal_the_full_scores_bit_for_bit() -> None:
    for seed in range(40):
        index = _index(seed)
        rng = random.Random(seed)
        tokens = [rng.choice(_WORDS + ["absent"]) for _ in range(rng.randint(1, 6))]
        for section in ("overview", "problems"):
            rows, scores = hybrid.section_scores(index, tokens, section)
            assert np.array_equal(rows, np.flatnonzero(index.columns["section"] == section))
            assert np.array_equal(scores, index.scores(tokens)[rows])
            mask = hybrid.filter_mask(index, section=section, unit=("甲镇", "乙乡"))
            assert (hybrid.bm25_candidates(index, tokens, mask, section=section)
                    == hybrid.bm25_candidates(index, tokens, mask))


def test_library_columns_and_single_values_equal_the_segments_concatenated() -> None:
    for seed in range(20):
        index = _index(seed)
        whole = {f: np.concatenate([s.columns[f] for s in index.segments]) for f in index.segments[0].columns}
        assert sorted(index.columns) == sorted(whole) and len(index.columns) == len(whole)
        for field in ("unit", "section", "year"):
            assert np.array_equal(index.columns[field], whole[field])
        for row in range(len(index)):
            assert index.value("unit", row) == whole["unit"][row]
            assert index.value("section", row) == whole["section"][row]
