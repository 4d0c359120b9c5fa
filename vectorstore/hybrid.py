"""Hybrid search: Chroma vectors + jieba BM25, fused by reciprocal rank fusion (style.md B1).

Filters are exact. They become one boolean mask over the library's chunks (the BM25 index's filter
columns, compared as integer codes made once per segment); BM25 scores are masked. The vector side ranks
the allowed rows exactly from the BM25 segments' vector copies when they are few (a small library, or a
narrow filter such as one county); otherwise it queries the chosen section collections in Chroma,
post-filtering an enlarged candidate list or passing an id allow-list.

A section filter scores BM25 over that section's postings only (split out of each segment once, on first
use), so its cost follows the section's size, not the library's.

A narrow filter (at most NARROW_ROWS allowed rows, e.g. one county) is served from the allowed rows alone:
BM25 scores only those rows (each query word's postings searched for them), and the vector side ranks
them per section. Nothing then costs time in proportion to the whole library except the one mask, so a
county query at 1M chunks costs about what it costs at 10k.
"""

from __future__ import annotations

import os
import re
import threading
import weakref
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from assistant.core.passages import Passage
from assistant.core.settings import Settings
from vectorstore import bm25_index
from vectorstore.bm25_index import Bm25Index, Segment
from vectorstore.store import Library, open_library
from vectorstore.tokenize import tokenize

Mode = Literal["hybrid", "vector", "bm25"]
# Fusion settings chosen on bench/queries.json (sweep in bench/RESULTS.md): the offline static model is
# weaker than BM25 on this domain, so its ranks count half.
CANDIDATES = 40  # per side, before fusion
# The vector side ranks the allowed rows exactly with numpy over the BM25 segments' vector copies (no
# Chroma call, not even its import) up to EXACT_ALWAYS rows, and up to EXACT_NARROW rows for a narrow
# filter, where Chroma would need an id allow-list whose cost grows with the collection.
EXACT_ALWAYS = 20_000
EXACT_NARROW = 100_000
# Up to this many allowed rows, BM25 scores and the vector ranking are computed for the allowed rows only
# (each row costs a binary search per query word and segment; above this a section's postings are cheaper:
# at 100k chunks a section query took 5.6 ms p50 with 50,000 here, 3.2 ms with 2,000).
NARROW_ROWS = 2_000
# Fusion, re-tuned on bench/queries.json after the 示例 library was rewritten to be less 雷同 (its more
# varied wording favours keywords): the same queries grade it, so the figures are optimistic (RESULTS.md).
RRF_K = 20
WEIGHTS = {"vector": 0.4, "bm25": 1.0}
PER_REPORT = 2  # diversity: at most this many passages of one report in the top k
# Low relevance (calibrated on bench/queries.json and off-topic queries, see bench/RESULTS.md): the best
# vector similarity is below the model's hard floor, or the best passage covers less than MIN_COVERAGE
# of the query's words and the similarity is below the soft floor. Models without calibration use
# word coverage alone.
MIN_COVERAGE = 0.34
MIN_COSINE = {"static-zh": (0.50, 0.58)}  # (hard, soft)


class SearchResult(BaseModel):
    """Passages for a query, best first; ``low_relevance`` says they probably do not answer it."""

    query: str
    results: list[Passage]
    low_relevance: bool


# --------------------------------------------------------------------------- filter columns as integer codes

# Per segment and filter field: (sorted distinct values, int32 code of each row). Comparing codes instead of
# strings makes a 1M-row mask cost ~1 ms instead of tens; segments outlive index generations (an ingest
# appends one), so the codes are made once per segment, on first use. Keyed by id() with a weak reference,
# since segments are unhashable dataclasses.
_CODES: dict[int, tuple[weakref.ref, dict[str, tuple[np.ndarray, np.ndarray]]]] = {}
_CODES_LOCK = threading.Lock()


def _forget(key: int) -> Any:
    def drop(_ref: weakref.ref) -> None:
        _CODES.pop(key, None)
    return drop


def _segment_codes(seg: Segment, field: str) -> tuple[np.ndarray, np.ndarray]:
    key = id(seg)
    with _CODES_LOCK:
        entry = _CODES.get(key)
        if entry is None or entry[0]() is not seg:
            entry = (weakref.ref(seg, _forget(key)), {})
            _CODES[key] = entry
        per_field = entry[1]
    if field not in per_field:
        values, codes = np.unique(seg.columns[field], return_inverse=True)
        per_field[field] = (values, codes.astype(np.int32).reshape(-1))
    return per_field[field]


def _column_in(index: Bm25Index, field: str, wanted: list[str]) -> np.ndarray:
    """Rows whose ``field`` is one of ``wanted`` (the same as ``np.isin(index.columns[field], wanted)``)."""
    parts = []
    for seg in index.segments:
        values, codes = _segment_codes(seg, field)
        ks = sorted({int(k) for k, w in zip(np.searchsorted(values, wanted), wanted, strict=True)
                     if k < len(values) and values[k] == w})
        if not ks:
            parts.append(np.zeros(len(codes), dtype=bool))
        elif len(ks) == 1:
            parts.append(codes == ks[0])
        else:
            parts.append(np.isin(codes, ks))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def filter_mask(index: Bm25Index, **filters: Any) -> np.ndarray:
    """Rows that pass every given filter (None = no constraint)."""
    cols = index.columns
    section = filters.get("section")
    if section:
        mask = index.section_rows.get(str(section), np.zeros(len(index), dtype=bool)).copy()
    else:
        mask = np.ones(len(index), dtype=bool)
    for field in ("subpart", "level", "province", "city", "county", "format_version", "unit"):
        value = filters.get(field)
        if isinstance(value, (list, tuple)):  # any of these values ("" = not stated in the report)
            mask &= _column_in(index, field, [str(v) for v in value])
        elif value is not None and value != "":
            mask &= _column_in(index, field, [str(value)])
    if filters.get("exclude_unit"):
        mask &= ~_column_in(index, "unit", [str(filters["exclude_unit"])])
    if filters.get("year_from") is not None:
        mask &= cols["year"] >= int(filters["year_from"])
    if filters.get("year_to") is not None:
        mask &= cols["year"] <= int(filters["year_to"])
    return mask


def _query_collection(col: Any, qvec: list[float], n: int, ids: list[str] | None = None) -> list[tuple[str, float]]:
    res = col.query(query_embeddings=[qvec], n_results=n, ids=ids, include=["distances"])
    return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=False)]


_POOL_LOCK = threading.Lock()
_POOL: ThreadPoolExecutor | None = None


def _shard_pool() -> ThreadPoolExecutor:
    """Threads that ask a section's shards at once: Chroma lets go of the GIL while it searches (23 shards of
    the 1M library: 25 ms one after the other, 15 ms on two threads)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="shards")
    return _POOL


def nearest(lib: Library, section: str, qvec: list[float], n: int,
            ids: list[str] | None = None) -> list[tuple[str, float]]:
    """The ``n`` vectors of ``section`` nearest ``qvec`` (only among ``ids`` when given) as (chunk id, cosine
    similarity), best first, over every shard of the section, asked at once."""
    shards = lib.shards(section)
    if len(shards) <= 1:
        return _query_collection(shards[0], qvec, n, ids=ids) if shards else []

    def ask(col: Any) -> list[tuple[str, float]]:
        if ids is None:
            return _query_collection(col, qvec, n)
        held = col.get(ids=ids, include=[])["ids"]  # Chroma refuses an allow-list naming ids it does not hold
        return _query_collection(col, qvec, min(n, len(held)), ids=held) if held else []

    seen: set[str] = set()
    best = []
    for cid, score in sorted((hit for hits in _shard_pool().map(ask, shards) for hit in hits), key=lambda h: -h[1]):
        if cid not in seen:
            seen.add(cid)
            best.append((cid, score))
    return best[:n]


def _section_sizes(index: Bm25Index) -> dict[str, int]:
    """Rows per section (counted once per index)."""
    with _CODES_LOCK:
        sizes = _SECTION_SIZES.get(index)
        if sizes is None:
            sizes = _SECTION_SIZES[index] = {s: int(rows.sum()) for s, rows in index.section_rows.items()}
    return sizes


_SECTION_SIZES: weakref.WeakKeyDictionary[Bm25Index, dict[str, int]] = weakref.WeakKeyDictionary()


def _section_candidates(
    lib: Library, index: Bm25Index, qvec: list[float], section: str, mask: np.ndarray, n: int,
    rows: np.ndarray | None = None,
) -> list[tuple[str, float]]:
    """The ``n`` nearest allowed chunks of ``section``; ``rows``, when given, are its allowed rows (ascending)
    and ``mask`` is not read unless Chroma must be asked."""
    in_section = index.section_rows[section]
    if rows is None:
        allowed = mask & in_section
        n_allowed = int(allowed.sum())
    else:
        n_allowed = len(rows)
    n_section = _section_sizes(index)[section]
    if n_allowed == 0:
        return []
    want = min(n, n_allowed)
    share = n_allowed / n_section
    exact_max = EXACT_NARROW if share < 0.25 else EXACT_ALWAYS
    if n_allowed <= exact_max and index.has_vectors and index.model_id == lib.embedder.model_id:
        return _exact_candidates(index, qvec, rows if rows is not None else allowed, want)
    if rows is not None:
        allowed = np.zeros(len(index), dtype=bool)
        allowed[rows] = True
    if share >= 0.25:
        # Broad filter: over-fetch from the whole section and drop what the mask rejects.
        fetch = min(n_section, int(want / share * 1.5) + 10)
        hits = [(c, s) for c, s in nearest(lib, section, qvec, fetch) if _allowed(index, allowed, c)]
        if len(hits) >= want:
            return hits[:want]
    return nearest(lib, section, qvec, want, ids=[index.ids[i] for i in np.flatnonzero(allowed)])


def _exact_candidates(index: Bm25Index, qvec: list[float], allowed: np.ndarray, n: int) -> list[tuple[str, float]]:
    """The ``n`` allowed rows (a mask, or the rows ascending) nearest ``qvec`` by exact cosine (the vectors
    are unit length)."""
    rows = np.flatnonzero(allowed) if allowed.dtype == bool else allowed
    # einsum's own loop, not BLAS: a multi-threaded BLAS call spins its threads on a busy 2-core machine
    # (measured 13 ms instead of 0.7 ms for 4k rows at load 8).
    sims = np.einsum("ij,j->i", index.vectors_of(rows), np.asarray(qvec, dtype=np.float32))
    top = np.argpartition(-sims, min(n, len(sims) - 1))[:n]
    top = top[np.argsort(-sims[top], kind="stable")]
    return [(index.ids[rows[i]], float(sims[i])) for i in top]


def _allowed(index: Bm25Index, allowed: np.ndarray, chunk_id: str) -> bool:
    row = index.row_of.get(chunk_id)  # None: a vector of a half-written report
    return row is not None and bool(allowed[row])


def vector_candidates(
    lib: Library, index: Bm25Index, qvec: list[float], mask: np.ndarray, n: int = CANDIDATES,
    rows: np.ndarray | None = None,
) -> list[tuple[str, float]]:
    """The ``n`` nearest allowed chunks as (chunk id, cosine similarity), best first; ``rows``, when
    given, are the allowed rows (ascending, a narrow filter): each section then takes its share of them."""
    hits: list[tuple[str, float]] = []
    if rows is not None:
        for section, in_section in index.section_rows.items():
            part = rows[in_section[rows]]
            if len(part):
                hits.extend(_section_candidates(lib, index, qvec, section, mask, n, rows=part))
    else:
        for section in [s for s, in_section in index.section_rows.items() if (in_section & mask).any()]:
            hits.extend(_section_candidates(lib, index, qvec, section, mask, n))
    hits.sort(key=lambda h: -h[1])
    return hits[:n]


def rows_scores(index: Bm25Index, tokens: list[str], rows: np.ndarray) -> np.ndarray:
    """``index.scores(tokens)[rows]`` (float32, the same values) computed for ``rows`` (ascending) alone:
    each token's postings are searched for the rows instead of scattered over the whole library."""
    out = np.zeros(len(rows), dtype=np.float32)
    norm = index._norm  # the per-row BM25 length term the index keeps for its own scoring
    if norm is None or not len(rows):
        return out
    n = len(index)
    bounds = np.searchsorted(rows, index.offsets)  # rows[bounds[i]:bounds[i+1]] lie in segment i
    row_norm = norm[rows]
    for token in tokens:
        found = []
        df = 0
        for i, seg in enumerate(index.segments):
            local, tfs = seg.postings(token)
            df += len(local)
            lo, hi = bounds[i], bounds[i + 1]
            if hi == lo or not len(local):
                continue
            want = rows[lo:hi] - index.offsets[i]
            at = np.searchsorted(local, want)  # postings of a token are in row order
            at[at == len(local)] = 0
            hit = local[at] == want
            if hit.any():
                found.append((np.flatnonzero(hit) + lo, tfs[at[hit]]))
        if df == 0 or not found:
            continue
        where = np.concatenate([w for w, _ in found])
        bm25_index.add_term(out, where, np.concatenate([t for _, t in found]), df, n, row_norm[where])
    return out


def _top_positive(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the ``n`` highest positive scores, best first, equal scores in position order (so the
    narrow path, scoring the allowed rows in row order, ranks ties as the whole-library path does)."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    if len(scores) > n:
        nth = -np.partition(-scores, n - 1)[n - 1]
        candidates = np.flatnonzero(scores >= nth) if nth > 0 else np.flatnonzero(scores > 0)
    else:
        candidates = np.flatnonzero(scores > 0)
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:n]


# --------------------------------------------------------------------------- BM25 postings split by section

# Per segment (keyed like _CODES): each row's position among its section's rows, and per section the
# positions in the segment's postings arrays of that section's postings, column by column (indptr, idx).
_SPLIT: dict[int, tuple[weakref.ref, np.ndarray, dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]]] = {}


def _segment_split(seg: Segment) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """(row position within its section, {section: (its local rows, indptr, posting indexes)}) of ``seg``."""
    key = id(seg)
    entry = _SPLIT.get(key)
    if entry is not None and entry[0]() is seg:
        return entry[1], entry[2]
    values, codes = _segment_codes(seg, "section")
    # One small code per posting (a segment has a few sections): the transient arrays here are the
    # largest a first search makes, ~60M postings at 1M chunks.
    posting_section = codes.astype(np.int8 if len(values) < 128 else np.int32)[seg.rows]
    position = np.zeros(len(codes), dtype=np.int32)
    per_section: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for k, name in enumerate(values):
        local = np.flatnonzero(codes == k)
        position[local] = np.arange(len(local), dtype=np.int32)
        idx = np.flatnonzero(posting_section == k).astype(np.int32)  # column order, rows ascending within
        # Column j's postings sit at [seg.indptr[j], seg.indptr[j+1]): the section's share of them starts
        # where that range starts among idx.
        indptr = np.searchsorted(idx, seg.indptr).astype(np.int64)
        per_section[str(name)] = (local, indptr, idx)
    with _CODES_LOCK:
        _SPLIT[key] = (weakref.ref(seg, _forget_split(key)), position, per_section)
    return position, per_section


def _forget_split(key: int) -> Any:
    def drop(_ref: weakref.ref) -> None:
        _SPLIT.pop(key, None)
    return drop


def section_scores(index: Bm25Index, tokens: list[str], section: str) -> tuple[np.ndarray, np.ndarray]:
    """(the section's rows ascending, ``index.scores(tokens)`` at those rows), from the section's postings
    alone: the same float32 values, at a fraction of the work when the library holds many sections."""
    norm = index._norm  # the per-row BM25 length term the index keeps for its own scoring
    parts = []
    for i, seg in enumerate(index.segments):
        position, per_section = _segment_split(seg)
        if section in per_section:
            parts.append((i, seg, position, per_section[section]))
    rows = (np.concatenate([split[0] + index.offsets[i] for i, _, _, split in parts]) if parts
            else np.zeros(0, dtype=np.int64))
    out = np.zeros(len(rows), dtype=np.float32)
    if norm is None or not len(rows):
        return rows, out
    row_norm = norm[rows]
    bases = np.cumsum([0] + [len(split[0]) for _, _, _, split in parts])
    n = len(index)
    for token in tokens:
        df = 0
        found = []
        for (_, seg, position, (_, indptr, idx)), base in zip(parts, bases, strict=False):
            j = seg.col_of.get(token)
            if j is None:
                continue
            df += int(seg.indptr[j + 1] - seg.indptr[j])
            take = idx[indptr[j]:indptr[j + 1]]
            if len(take):
                found.append((position[seg.rows[take]] + base, seg.tfs[take]))
        for seg in index.segments:  # document frequency counts every section, as the whole-library score does
            if not any(seg is p[1] for p in parts) and (j := seg.col_of.get(token)) is not None:
                df += int(seg.indptr[j + 1] - seg.indptr[j])
        if df == 0 or not found:
            continue
        where = np.concatenate([w for w, _ in found])
        bm25_index.add_term(out, where, np.concatenate([t for _, t in found]), df, n, row_norm[where])
    return rows, out


def bm25_candidates(
    index: Bm25Index, tokens: list[str], mask: np.ndarray, n: int = CANDIDATES, rows: np.ndarray | None = None,
    section: str | None = None,
) -> list[tuple[str, float]]:
    """The ``n`` best allowed chunks by BM25 as (chunk id, score), best first; zero scores dropped.
    ``rows``, when given, are the allowed rows (ascending): only they are scored. With ``section`` (the
    filter's section, every allowed row lying in it) only that section's postings are read."""
    if rows is not None:
        scores = rows_scores(index, tokens, rows)
        ids = rows
    elif section is not None and section in index.section_rows:
        ids, scores = section_scores(index, tokens, section)
        scores = np.where(mask[ids], scores, np.float32(0)).astype(np.float32)
    else:
        scores = index.scores(tokens, mask)
        ids = None
    top = _top_positive(scores, n)
    if ids is not None:
        return [(index.ids[ids[i]], float(scores[i])) for i in top]
    return [(index.ids[i], float(scores[i])) for i in top]


def fuse(*ranked: list[tuple[str, float]], weights: tuple[float, ...] = (1.0, 1.0)) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: sum of weight / (RRF_K + rank) over the lists."""
    scores: dict[str, float] = {}
    for weight, hits in zip(weights, ranked, strict=False):
        for rank, (cid, _) in enumerate(hits):
            scores[cid] = scores.get(cid, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def highlight_spans(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of the query tokens in ``text``."""
    spans = sorted(
        (m.start(), m.end()) for t in set(tokens) if len(t) > 1 or "\u4e00" <= t <= "\u9fff"
        for m in re.finditer(re.escape(t), text, flags=re.IGNORECASE)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def coverage(text: str, tokens: list[str]) -> float:
    """Share of distinct query tokens that occur in ``text``."""
    distinct = set(tokens)
    return sum(t in text for t in distinct) / len(distinct) if distinct else 0.0


def _is_low(settings: Settings, best_text: str, tokens: list[str], best_cos: float) -> bool:
    floors = MIN_COSINE.get(settings.embedder)
    weak_words = coverage(best_text, tokens) < MIN_COVERAGE
    if floors is None:
        return weak_words
    hard, soft = floors
    return best_cos < hard or (weak_words and best_cos < soft)


def _diversify(ranked: list[tuple[str, float]], index: Bm25Index, k: int) -> list[tuple[str, float]]:
    per_report: Counter[str] = Counter()
    out: list[tuple[str, float]] = []
    for cid, score in ranked:
        report = str(index.value("report_id", index.row_of[cid]))
        if per_report[report] >= PER_REPORT:
            continue
        per_report[report] += 1
        out.append((cid, score))
        if len(out) == k:
            break
    return out


def search(
    query: str,
    settings: Settings,
    *,
    section: str | None = None,
    subpart: str | None = None,
    level: str | tuple[str, ...] | None = None,
    province: str | tuple[str, ...] | None = None,
    city: str | None = None,
    county: str | tuple[str, ...] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    format_version: str | None = None,
    exclude_unit: str | None = None,
    unit: str | None = None,
    k: int = 5,
    mode: Mode = "hybrid",
) -> SearchResult:
    """Search the library for passages answering ``query`` under exact filters.

    :param mode: ``hybrid`` (default), or ``vector`` / ``bm25`` alone (for evaluation).
    :returns: at most ``k`` passages, at most two per report; empty when no chunk passes the filters.
    :raises EmbeddingMismatchError: the library was built with another embedding model.
    """
    lib = open_library(settings)
    index = bm25_index.current(lib)
    filters = {"section": section, "subpart": subpart, "level": level, "province": province, "city": city, "county": county,
                   "year_from": year_from, "year_to": year_to, "format_version": format_version,
                   "exclude_unit": exclude_unit, "unit": unit}
    mask = filter_mask(index, **filters)
    tokens = tokenize(query)
    if not mask.any() or k <= 0:
        return SearchResult(query=query, results=[], low_relevance=True)
    narrow = np.flatnonzero(mask) if np.count_nonzero(mask) <= NARROW_ROWS else None
    qvec = lib.embedder.embed_query(query) if mode != "bm25" else []
    vec_hits = vector_candidates(lib, index, qvec, mask, rows=narrow) if mode != "bm25" else []
    bm_hits = bm25_candidates(index, tokens, mask, rows=narrow, section=section) if mode != "vector" else []
    ranked = fuse(vec_hits, bm_hits, weights=(WEIGHTS["vector"], WEIGHTS["bm25"]))
    top = _diversify(ranked, index, k)
    stored = lib.fetch([cid for cid, _ in top])
    passages = [
        Passage(chunk_id=cid, text=stored[cid][0], meta=stored[cid][1], score=round(score, 6),
                highlight=highlight_spans(stored[cid][0], tokens))
        for cid, score in top if cid in stored
    ]
    cosines = dict(vec_hits)
    best_cos = max(cosines.values(), default=0.0)
    best_text = passages[0].text if passages else ""
    low = not passages or _is_low(settings, best_text, tokens, best_cos)
    return SearchResult(query=query, results=passages, low_relevance=low)


def result_json(result: SearchResult) -> dict[str, Any]:
    """The ``nianbao search --format json`` shape of a result."""
    return {
        "query": result.query,
        "results": [
            {"unit": p.meta.unit, "year": p.meta.year, "level": p.meta.level, "province": p.meta.province,
             "section": p.meta.section + (f".{p.meta.subpart}" if p.meta.subpart else ""), "subpart": p.meta.subpart, "text": p.text, "score": p.score,
             "source": p.meta.source, "chunk_id": p.chunk_id, "highlight": [list(h) for h in p.highlight]}
            for p in result.results
        ],
        "low_relevance": result.low_relevance,
    }
