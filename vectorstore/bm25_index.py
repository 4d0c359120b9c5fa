"""BM25 over jieba tokens, plus the per-chunk filter columns the hybrid search masks with.

The index is built from the tokens stored in ``library.db`` and kept in step with the library's
generation. It is made of segments, each an inverted index (token → rows, term frequencies) of a run
of chunks: an ingest that only adds reports appends one segment built from the new chunks alone
instead of re-reading the whole library (a removal or replacement rebuilds). Scores are computed at
query time from the segments' postings with the library-wide document frequency and mean length, so
they equal a from-scratch index's: the formula is bm25s' ``lucene`` variant (idf = ln(1 + (N − df +
0.5)/(df + 0.5)), tf part = tf / (tf + k1·(1 − b + b·len/avglen))), checked against bm25s in a test.

Each segment also keeps a float32 copy of its chunks' vectors (read from Chroma when the segment is
built, memory-mapped when loaded): a narrow filter (one county) then ranks its few thousand allowed
rows exactly with numpy instead of passing Chroma an id allow-list, whose cost grows with the whole
collection (22 ms at 150k chunks, about 150 ms at 1M by extrapolation).

On disk (``<home>/bm25/<collection>/``): segment folders ``s-<random>``, and for each saved state a
folder ``g<generation>-<random>`` holding ``manifest.json`` (generation, last chunk rowid, segment
names); the small ``current`` file names the live state and is replaced atomically. Every name is
unique, so the app and the CLI can save at once; nothing a reader may be loading is removed: folders
no longer referenced are pruned once they are a minute old. Many segments are merged into one.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from vectorstore.store import Library

FILTER_FIELDS = ("section", "subpart", "report_id", "unit", "level", "province", "city", "county",
                 "format_version")
K1, B = 1.2, 0.75
MAX_SEGMENTS = 8  # more than this after an append: merge them all into one
POINTER = "current"
PRUNE_AFTER_S = 60.0  # unreferenced folders older than this are removed by the next save


@dataclass(repr=False)
class Segment:
    """An inverted index over a run of chunks: column ``j`` of (indptr, rows, tfs) is token ``vocab[j]``."""

    ids: list[str]
    columns: dict[str, np.ndarray]
    lengths: np.ndarray  # tokens per chunk (int32)
    vocab: list[str]
    indptr: np.ndarray  # int64, len(vocab) + 1
    rows: np.ndarray  # int32, local row of each posting
    tfs: np.ndarray  # float32, term frequency of each posting
    vectors: np.ndarray | None = None  # float32 copies of the rows' Chroma vectors (narrow filters), if known
    name: str = ""
    col_of: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.col_of = {t: j for j, t in enumerate(self.vocab)}

    @classmethod
    def from_tokens(cls, ids: list[str], tokens: Sequence[Sequence[str]], columns: dict[str, np.ndarray]) -> Segment:
        """Invert ``tokens`` (one list per chunk)."""
        col_of: dict[str, int] = {}
        post_rows: list[int] = []
        post_cols: list[int] = []
        post_tfs: list[int] = []
        for row, words in enumerate(tokens):
            counts: dict[int, int] = {}
            for w in words:
                j = col_of.setdefault(w, len(col_of))
                counts[j] = counts.get(j, 0) + 1
            post_rows.extend([row] * len(counts))
            post_cols.extend(counts)
            post_tfs.extend(counts.values())
        cols = np.asarray(post_cols, dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        indptr = np.zeros(len(col_of) + 1, dtype=np.int64)
        np.cumsum(np.bincount(cols, minlength=len(col_of)), out=indptr[1:])
        return cls(ids=list(ids), columns=columns, lengths=np.array([len(t) for t in tokens], dtype=np.int32),
                   vocab=list(col_of), indptr=indptr, rows=np.asarray(post_rows, dtype=np.int32)[order],
                   tfs=np.asarray(post_tfs, dtype=np.float32)[order])

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """(local rows, term frequencies) of ``token`` (empty when absent)."""
        j = self.col_of.get(token)
        if j is None:
            return _EMPTY_ROWS, _EMPTY_TFS
        start, end = self.indptr[j], self.indptr[j + 1]
        return self.rows[start:end], self.tfs[start:end]

    def save(self, folder: Path) -> None:
        """Write to ``folder`` (which must not exist yet)."""
        folder.mkdir()
        np.savez(folder / "postings.npz", lengths=self.lengths, indptr=self.indptr, rows=self.rows, tfs=self.tfs)
        np.savez(folder / "columns.npz", **self.columns)  # type: ignore[arg-type]
        if self.vectors is not None:
            np.save(folder / "vectors.npy", np.asarray(self.vectors, dtype=np.float32))
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        (folder / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Segment:
        """Read a segment written by :meth:`save`."""
        vectors = np.load(folder / "vectors.npy", mmap_mode="r") if (folder / "vectors.npy").is_file() else None
        with np.load(folder / "postings.npz") as p, np.load(folder / "columns.npz") as c:
            return cls(ids=json.loads((folder / "ids.json").read_text(encoding="utf-8")),
                       columns={k: c[k] for k in c.files}, lengths=p["lengths"],
                       vocab=json.loads((folder / "vocab.json").read_text(encoding="utf-8")),
                       indptr=p["indptr"], rows=p["rows"], tfs=p["tfs"], vectors=vectors, name=folder.name)


_EMPTY_ROWS = np.zeros(0, dtype=np.int32)
_EMPTY_TFS = np.zeros(0, dtype=np.float32)


def merge(segments: list[Segment]) -> Segment:
    """One segment holding the rows of ``segments`` in order (postings re-inverted, no re-tokenizing)."""
    vocab: dict[str, int] = {}
    rows, cols, tfs = [], [], []
    offset = 0
    for seg in segments:
        remap = np.array([vocab.setdefault(t, len(vocab)) for t in seg.vocab], dtype=np.int64)
        per_col = np.diff(seg.indptr)
        cols.append(np.repeat(remap, per_col))
        rows.append(seg.rows.astype(np.int64) + offset)
        tfs.append(seg.tfs)
        offset += len(seg.ids)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.concatenate(rows), col)) if len(col) else np.zeros(0, dtype=np.int64)
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(col, minlength=len(vocab)), out=indptr[1:])
    with_vectors = bool(segments) and all(s.vectors is not None for s in segments)
    vectors = np.concatenate([np.asarray(s.vectors) for s in segments]) if with_vectors else None
    return Segment(ids=[i for s in segments for i in s.ids], columns=_concat_columns(segments), vectors=vectors,
                   lengths=np.concatenate([s.lengths for s in segments]) if segments else np.zeros(0, np.int32),
                   vocab=list(vocab), indptr=indptr,
                   rows=np.concatenate(rows)[order].astype(np.int32) if rows else _EMPTY_ROWS,
                   tfs=np.concatenate(tfs)[order] if tfs else _EMPTY_TFS)


def _concat_columns(segments: Sequence[Segment]) -> dict[str, np.ndarray]:
    if not segments:
        return _empty_columns()
    return {k: np.concatenate([s.columns[k] for s in segments]) for k in segments[0].columns}


def _empty_columns() -> dict[str, np.ndarray]:
    columns = {f: np.zeros(0, dtype=str) for f in FILTER_FIELDS}
    columns["year"] = np.zeros(0, dtype=np.int32)
    return columns


class Bm25Index:
    """The library's chunks as BM25 rows, with filter columns for masking."""

    def __init__(self, generation: int, segments: list[Segment], max_rid: int = 0, model_id: str = "") -> None:
        self.generation = generation
        self.model_id = model_id  # the embedder whose vectors the segments copy
        self.segments = segments
        self.max_rid = max_rid
        self.ids = [i for s in segments for i in s.ids]
        self.columns = _concat_columns(segments)
        self.offsets = np.cumsum([0] + [len(s.ids) for s in segments])
        lengths = np.concatenate([s.lengths for s in segments]) if segments else np.zeros(0, np.int32)
        self.avg_len = float(lengths.mean()) if len(lengths) else 0.0
        # The tf part's denominator term k1·(1 − b + b·len/avglen), per row, for the current avglen.
        self._norm = (K1 * ((1 - B) + B * lengths / self.avg_len)).astype(np.float32) if len(lengths) else None
        self.has_vectors = bool(segments) and all(s.vectors is not None for s in segments)
        self.row_of = {cid: i for i, cid in enumerate(self.ids)}
        sections = self.columns["section"]
        self.section_rows = {str(s): sections == s for s in np.unique(sections)}

    def __len__(self) -> int:
        return len(self.ids)

    def _postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        parts = [(seg.postings(token), off) for seg, off in zip(self.segments, self.offsets, strict=False)]
        rows = np.concatenate([r.astype(np.int64) + off for (r, _), off in parts]) if parts else _EMPTY_ROWS
        tfs = np.concatenate([t for (_, t), _ in parts]) if parts else _EMPTY_TFS
        return rows, tfs

    def scores(self, tokens: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every row for ``tokens`` (0 where ``mask`` is False); a repeated token counts again."""
        out = np.zeros(len(self.ids), dtype=np.float32)
        if self._norm is None:
            return out
        n = len(self.ids)
        for token in tokens:
            rows, tfs = self._postings(token)
            if len(rows) == 0:
                continue
            idf = math.log(1 + (n - len(rows) + 0.5) / (len(rows) + 0.5))
            out[rows] += np.float32(idf) * (tfs / (self._norm[rows] + tfs))
        if mask is not None:
            out = np.where(mask, out, 0.0).astype(np.float32)
        return out

    def vectors_of(self, rows: np.ndarray) -> np.ndarray:
        """float32 vectors of the given rows (ascending), from the segments' copies (``has_vectors`` only)."""
        parts = []
        for seg, start, end in zip(self.segments, self.offsets[:-1], self.offsets[1:], strict=False):
            lo, hi = np.searchsorted(rows, [start, end])
            if hi > lo:
                assert seg.vectors is not None
                parts.append(np.asarray(seg.vectors[rows[lo:hi] - start], dtype=np.float32))
        return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    def query_coverage(self, tokens: list[str]) -> float:
        """Share of query tokens that occur anywhere in the library."""
        return sum(any(t in s.col_of for s in self.segments) for t in tokens) / len(tokens) if tokens else 0.0


# --------------------------------------------------------------------------- building from the library


def _segment_from_rows(lib: Library, rows: list[tuple]) -> Segment:
    ids = [r[0] for r in rows]
    tokens = [r[1].split() for r in rows]
    columns = {f: np.array([r[i + 2] or "" for r in rows], dtype=str) for i, f in enumerate(FILTER_FIELDS)}
    columns["year"] = np.array([r[11] or 0 for r in rows], dtype=np.int32)
    segment = Segment.from_tokens(ids, tokens, columns)
    segment.vectors = lib.vectors(ids, [r[2] for r in rows])
    return segment


def build(lib: Library) -> Bm25Index:
    """Build the index from the library's stored tokens (complete reports only)."""
    generation = lib.generation()
    rows = lib.token_rows()
    segments = [_segment_from_rows(lib, rows)] if rows else []
    return Bm25Index(generation, segments, max_rid=max((r[12] for r in rows), default=0),
                     model_id=lib.embedder.model_id)


def update(lib: Library, index: Bm25Index) -> Bm25Index:
    """``index`` brought to the library's generation: one new segment when reports were only added since,
    else a full rebuild (a removal or replacement changed rows the index already holds)."""
    generation = lib.generation()
    if index.model_id != lib.embedder.model_id:
        return build(lib)  # re-embedded with another model: the vector copies are stale
    if generation == index.generation:
        return index
    if lib.complete_chunks_upto(index.max_rid) != len(index):
        return build(lib)
    rows = lib.token_rows(after_rid=index.max_rid)
    if not rows:
        return Bm25Index(generation, index.segments, index.max_rid, index.model_id)
    segments = [*index.segments, _segment_from_rows(lib, rows)]
    if len(segments) > MAX_SEGMENTS:
        segments = [merge(segments)]
    return Bm25Index(generation, segments, max_rid=max(index.max_rid, max(r[12] for r in rows)),
                     model_id=index.model_id)


# --------------------------------------------------------------------------- on disk


def index_dir(lib: Library) -> Path:
    """Where the index of ``lib`` is saved."""
    return lib.settings.home / "bm25" / lib.settings.collection


def save(index: Bm25Index, directory: Path) -> Path:
    """Write the segments not yet on disk and a new state naming them; point ``current`` at it (every
    name unique, both renames atomic). :returns: the state folder."""
    directory.mkdir(parents=True, exist_ok=True)
    for seg in index.segments:
        if not seg.name or not (directory / seg.name).is_dir():
            name = f"s-{uuid.uuid4().hex[:12]}"
            tmp = directory / f".{name}.tmp"
            try:
                seg.save(tmp)
                os.replace(tmp, directory / name)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            seg.name = name
    state = f"g{index.generation}-{uuid.uuid4().hex[:12]}"
    tmp = directory / f".{state}.tmp"
    tmp.mkdir()
    names = [seg.name for seg in index.segments]
    manifest = {"generation": index.generation, "max_rid": index.max_rid, "segments": names,
                "model_id": index.model_id}
    (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    os.replace(tmp, directory / state)
    pointer = directory / f".{POINTER}.{uuid.uuid4().hex[:12]}.tmp"
    pointer.write_text(state, encoding="utf-8")
    os.replace(pointer, directory / POINTER)
    _prune(directory, keep={state, POINTER, *names})
    return directory / state


def _prune(directory: Path, keep: set[str]) -> None:
    """Remove entries other than ``keep`` older than PRUNE_AFTER_S (other writers' fresh files stay)."""
    cutoff = time.time() - PRUNE_AFTER_S
    for entry in directory.iterdir():
        if entry.name in keep:
            continue
        try:
            if entry.stat().st_mtime > cutoff:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
        except OSError:  # another process pruned it first
            continue


def load(directory: Path, known: Sequence[Segment] = ()) -> Bm25Index | None:
    """The saved index, or None when absent, unreadable or saved in an older layout.

    :param known: segments already in memory; those the saved state names are reused, not re-read.
    """
    try:
        state = (directory / POINTER).read_text(encoding="utf-8").strip()
        manifest = json.loads((directory / state / "manifest.json").read_text(encoding="utf-8"))
        by_name = {seg.name: seg for seg in known if seg.name}
        segments = [by_name.get(name) or Segment.load(directory / name) for name in manifest["segments"]]
        return Bm25Index(int(manifest["generation"]), segments, int(manifest["max_rid"]), str(manifest["model_id"]))
    except (OSError, ValueError, KeyError):
        return None


_CACHE: dict[str, Bm25Index] = {}
_CACHE_LOCK = threading.Lock()


def current(lib: Library) -> Bm25Index:
    """The index matching the library's current generation: cached, loaded, updated or rebuilt (and saved)."""
    generation = lib.generation()
    directory = index_dir(lib)
    key = str(directory.resolve())
    with _CACHE_LOCK:
        index = _CACHE.get(key)
        if index is None or index.generation != generation or index.model_id != lib.embedder.model_id:
            saved = load(directory, known=index.segments if index is not None else ())
            if saved is not None and (index is None or saved.generation > index.generation):
                index = saved
            if index is None or index.generation != generation or index.model_id != lib.embedder.model_id:
                index = update(lib, index) if index is not None else build(lib)
                save(index, directory)
            _CACHE[key] = index
    return index
