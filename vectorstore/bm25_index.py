"""BM25 over jieba tokens, plus the per-chunk filter columns the hybrid search masks with.

The index is built from the tokens stored in the library's sidecar tables and kept in step with the
library's generation. It is made of segments, each an inverted index (token → rows, term frequencies) of a
run of chunks: an ingest that only adds reports appends one segment built from the new chunks alone
instead of re-reading the whole library (a removal or replacement rebuilds). Scores are computed at
query time from the segments' postings with the library-wide document frequency and mean length, so
they equal a from-scratch index's: the formula is bm25s' ``lucene`` variant (idf = ln(1 + (N − df +
0.5)/(df + 0.5)), tf part = tf / (tf + k1·(1 − b + b·len/avglen))), checked against bm25s in a test.

Each segment also keeps a float32 copy of its chunks' vectors (read from Chroma when the segment is
built): a narrow filter (one county) then ranks its few thousand allowed rows exactly with numpy instead
of passing Chroma an id allow-list, whose cost grows with the whole collection (22 ms at 150k chunks,
about 150 ms at 1M by extrapolation).

Persisted in the library's database (so a process start loads instead of rebuilding, and every app
process behind a proxy serves the same index): each segment is one row of ``library_bm25_segments`` (its
arrays written with ``np.savez`` into one blob, ids and vocabulary as UTF-8 JSON, read back without
pickle), named ``s-<random>`` and never changed, its vector copy in rows of its own (``s-<random>.v``, read
only when a search first needs it: :class:`StoredVectors`). A merged segment keeps the large stored copies
of the segments it joins as parts (:class:`VectorParts`) and writes only the rest. The live state of a
collection is one meta row ``bm25:<collection>`` (JSON: generation, last chunk rowid, segment names and sizes,
each segment's vector parts, model id), replaced in one transaction. A process whose cached index is older
than the library's generation loads the saved state (reusing the segments it already holds) or, when the
saved one is older too, updates it and saves; a writer that holds no index (``nianbao ingest``) appends to
the saved state, reading only the segments a merge joins (:func:`append_saved`). Segments
no state names are pruned once they are a minute old (a reader may be loading them). A new segment is
merged into older ones only once it has grown comparable in size (:func:`compact`), so small ingests into a
large library never rewrite the large segments.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import math
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Engine, delete, insert, select

from vectorstore import sidecar

if TYPE_CHECKING:
    from vectorstore.store import Library

FILTER_FIELDS = ("section", "subpart", "report_id", "unit", "level", "province", "city", "county",
                 "format_version")
K1, B = 1.2, 0.75
MERGE_RATIO = 4  # the newest segment joins the one before it once it is at least 1/MERGE_RATIO of its size
MAX_SEGMENTS = 12  # of segments below half the row cap: the size rule keeps below it in practice
# Rows per segment at most: a segment is stored as two blobs, and its vector copy (1 KB a row at 256
# dimensions) must stay far below SQLite's 1e9-byte and PostgreSQL's 1 GB limit on one value.
SEGMENT_MAX_ROWS = 250_000
STATE_KEY = "bm25:"  # + collection: the meta row naming the live state
VECTORS = ".v"  # + segment name: the row of its vector copy (np.save)
PART_MIN_ROWS = 20_000  # a merge keeps stored vector copies at least this long as parts, not rewritten
TOKEN_BATCH = 4096  # chunks whose token lists are held as strings at once while a segment is inverted
PRUNE_AFTER_S = 60.0  # unreferenced segments older than this are removed by the next save


class StoredVectors:
    """A segment's vector copy in the database, read on first use (a search with a narrow filter), so a
    process start loads only the postings and memory holds the vectors only of processes that need them.

    Read through a local cache file (``<cache>/<segment>.npy``, written from the database row on first use
    and memory-mapped): the pages are the file's, shared by every process on the machine and given back
    under memory pressure, instead of each process holding its decoded copy. Segments never change, so
    their name is the key; a missing or unreadable file is written again from the database."""

    def __init__(self, engine: Engine, row: str, fallback: Callable[[], np.ndarray | None],
                 cache: Path | None = None, rows: int = 0, array: np.ndarray | None = None) -> None:
        """:param fallback: the vectors from Chroma, when the row was pruned meanwhile.
        :param cache: the folder of cache files (None: read into memory).
        :param rows: how many vectors the row holds.
        :param array: the vectors, when this process has them already (it just wrote the row)."""
        self.engine, self.row, self.fallback, self.cache = engine, row, fallback, cache
        self.rows = rows if array is None else len(array)
        self._array: np.ndarray | None = array
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.rows

    def array(self) -> np.ndarray:
        """The vectors (float32, one row per chunk)."""
        with self._lock:
            if self._array is None:
                self._array = self._cached() if self.cache is not None else None
            if self._array is None:
                with self.engine.connect() as conn:
                    data = conn.execute(select(sidecar.segments.c.data)
                                        .where(sidecar.segments.c.name == self.row)).scalar()
                if data is not None:
                    self._array = self._to_cache(data)
                    if self._array is None:
                        self._array = np.load(io.BytesIO(data), allow_pickle=False)
                else:  # pruned: the library changed since this index was loaded
                    self._array = self.fallback()
                    if self._array is None:
                        raise LookupError(self.row)
        return self._array

    def _path(self) -> Path:
        assert self.cache is not None
        return self.cache / (self.row + ".npy")

    def _cached(self) -> np.ndarray | None:
        try:
            return np.load(self._path(), mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError):
            return None

    def _to_cache(self, data: bytes) -> np.ndarray | None:
        """Write the row's bytes (an ``np.save`` file) to the cache atomically and map it; None if it cannot."""
        if self.cache is None:
            return None
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            tmp = self._path().with_suffix(f".{uuid.uuid4().hex[:8]}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, self._path())
        except OSError:
            return None
        return self._cached()

    def __getitem__(self, key: Any) -> np.ndarray:
        return self.array()[key]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.array() if dtype is None else self.array().astype(dtype)


class VectorParts:
    """A merged segment's vector copy kept as the stored copies it was merged from, in row order: a merge
    into a 100k-row segment then writes the new rows' vectors, not 100 MB of vectors already stored."""

    def __init__(self, parts: Sequence[np.ndarray | StoredVectors]) -> None:
        self.parts = list(parts)
        self.offsets = np.cumsum([0] + [len(p) for p in self.parts])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of ``rows`` (local, ascending)."""
        rows = np.asarray(rows)
        out = _take_rows(self.parts, self.offsets, rows)
        return np.concatenate(out) if out else np.asarray(self.parts[0][rows[:0]], dtype=np.float32)


def _take_rows(copies: Sequence[Any], offsets: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """The float32 vectors of ascending ``rows`` from consecutive vector copies, copy ``k`` holding rows
    ``offsets[k]:offsets[k + 1]``: one array per copy that holds any of them, in order."""
    out = []
    for copy, start, end in zip(copies, offsets[:-1], offsets[1:], strict=False):
        lo, hi = np.searchsorted(rows, [start, end])
        if hi > lo:
            out.append(np.asarray(copy[rows[lo:hi] - start], dtype=np.float32))
    return out


Vectors = np.ndarray | StoredVectors | VectorParts


def _parts(vectors: Vectors) -> list[np.ndarray | StoredVectors]:
    return vectors.parts if isinstance(vectors, VectorParts) else [vectors]


def join_vectors(copies: Sequence[Vectors]) -> Vectors:
    """One vector copy of consecutive segments' copies: stored parts of PART_MIN_ROWS rows or more are kept
    as they are; each run of smaller ones becomes one array (so a segment holds at most a few dozen parts,
    however small the ingests that made it)."""
    out: list[np.ndarray | StoredVectors] = []
    run: list[np.ndarray | StoredVectors] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            out.append(np.concatenate([np.asarray(p, dtype=np.float32) for p in run]))
        run.clear()

    for part in (p for copy in copies for p in _parts(copy)):
        if len(part) >= PART_MIN_ROWS:
            flush()
            out.append(part)
        else:
            run.append(part)
    flush()
    return out[0] if len(out) == 1 else VectorParts(out)


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
    vectors: Vectors | None = None  # float32 copies of the rows' Chroma vectors, if known
    name: str = ""
    col_of: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.col_of = {t: j for j, t in enumerate(self.vocab)}

    @functools.cached_property
    def section_masks(self) -> dict[str, np.ndarray]:
        """Section key → boolean mask of this segment's rows (made once per segment)."""
        sections = self.columns["section"]
        return {str(key): sections == key for key in np.unique(sections)}

    @classmethod
    def from_tokens(cls, ids: list[str], tokens: Iterable[Sequence[str]], columns: dict[str, np.ndarray]) -> Segment:
        """Invert ``tokens`` (one sequence per chunk, in the order of ``ids``): vocabulary in first-seen
        order, each column's postings by ascending row.

        ``tokens`` is read TOKEN_BATCH chunks at a time and kept as integer column ids, so a generator
        (the library's stored token strings, split as they come) never holds every chunk's words at once:
        a Python string per word is ~60 bytes, its column id 8.
        """
        col_of: dict[str, int] = {}
        parts: list[np.ndarray] = []
        counts: list[int] = []
        words = iter(tokens)
        while batch := list(itertools.islice(words, TOKEN_BATCH)):
            counts.extend(map(len, batch))
            flat = list(itertools.chain.from_iterable(batch))
            new = [w for w in dict.fromkeys(flat) if w not in col_of]  # Python runs per distinct word only
            col_of.update(zip(new, range(len(col_of), len(col_of) + len(new)), strict=True))
            parts.append(np.fromiter(map(col_of.__getitem__, flat), dtype=np.int64, count=len(flat)))
        if len(counts) != len(ids):
            raise ValueError(f"{len(ids)} ids but {len(counts)} token lists")
        lengths = np.array(counts, dtype=np.int32)
        n = max(len(ids), 1)
        # One sort of (column, row) keys gives the postings in order and each term frequency as a run length
        # (np.unique's work, done in place: a 250k-row segment holds ~13M words, 100 MB per int64 copy).
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)  # column ids, then keys
        keys *= n
        keys += np.repeat(np.arange(len(ids), dtype=np.int64), lengths)
        keys.sort()
        starts = np.flatnonzero(np.diff(keys, prepend=-1))
        tfs = np.diff(starts, append=len(keys)).astype(np.float32)
        keys = keys[starts]
        indptr = np.zeros(len(col_of) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // n, minlength=len(col_of)), out=indptr[1:])
        return cls(ids=list(ids), columns=columns, lengths=lengths, vocab=list(col_of), indptr=indptr,
                   rows=(keys % n).astype(np.int32), tfs=tfs)

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """(local rows, term frequencies) of ``token`` (empty when absent)."""
        j = self.col_of.get(token)
        if j is None:
            return _EMPTY_ROWS, _EMPTY_TFS
        start, end = self.indptr[j], self.indptr[j + 1]
        return self.rows[start:end], self.tfs[start:end]

    def to_bytes(self) -> bytes:
        """The segment (without its vectors) as one ``np.savez`` blob (no pickled objects)."""
        arrays: dict[str, np.ndarray] = {"lengths": self.lengths, "indptr": self.indptr, "rows": self.rows,
                                         "tfs": _narrow_counts(self.tfs), "ids": _json_array(self.ids),
                                         "vocab": _json_array(self.vocab)}
        arrays.update({f"col_{k}": _narrow_text(v) for k, v in self.columns.items()})
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)  # type: ignore[arg-type]
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "") -> Segment:
        """Read a segment written by :meth:`to_bytes` (without vectors: they are stored apart)."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            columns = {k[4:]: z[k] for k in z.files if k.startswith("col_")}
            return cls(ids=json.loads(z["ids"].tobytes()), vocab=json.loads(z["vocab"].tobytes()),
                       columns={k: v.astype(str) if v.dtype.kind == "S" else v for k, v in columns.items()},
                       lengths=z["lengths"], indptr=z["indptr"], rows=z["rows"],
                       tfs=z["tfs"].astype(np.float32, copy=False), name=name)


def _json_array(values: list[str]) -> np.ndarray:
    return np.frombuffer(json.dumps(values, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _narrow_counts(tfs: np.ndarray) -> np.ndarray:
    """Term frequencies as the smallest unsigned integers that hold them (they are counts; float32 in memory
    for scoring): a quarter or half of the stored bytes."""
    top = float(tfs.max()) if len(tfs) else 0.0
    return tfs.astype(np.uint8) if top < 2**8 else tfs.astype(np.uint16) if top < 2**16 else tfs


def _narrow_text(column: np.ndarray) -> np.ndarray:
    """A text column of ASCII values (report ids, section keys) as bytes, a quarter of numpy's UTF-32."""
    if column.dtype.kind != "U":
        return column
    try:
        return column.astype("S")
    except UnicodeEncodeError:
        return column


_EMPTY_ROWS = np.zeros(0, dtype=np.int32)
_EMPTY_TFS = np.zeros(0, dtype=np.float32)


def merge(segments: list[Segment]) -> Segment:
    """One segment holding the rows of ``segments`` in order (postings re-inverted, no re-tokenizing).

    No sort: a term's postings are its postings in each segment, in segment order (their rows ascend), so
    each posting's place is computed and written there (a lexsort of the 13M postings of a 290k-row merge
    took 1.1 s of its 4.2 s at 1M chunks)."""
    vocab: dict[str, int] = {}
    remaps = [np.array([vocab.setdefault(t, len(vocab)) for t in seg.vocab], dtype=np.int64) for seg in segments]
    counts = np.zeros((len(segments), len(vocab)), dtype=np.int64)  # postings of each term in each segment
    for i, (seg, remap) in enumerate(zip(segments, remaps, strict=True)):
        counts[i, remap] = np.diff(seg.indptr)
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(counts.sum(axis=0), out=indptr[1:])
    earlier = np.cumsum(counts, axis=0) - counts  # postings of each term in the segments before
    rows = np.empty(int(indptr[-1]), dtype=np.int32)
    tfs = np.empty(int(indptr[-1]), dtype=np.float32)
    offset = 0
    for i, (seg, remap) in enumerate(zip(segments, remaps, strict=True)):
        # posting p of local column j goes to: start of term remap[j] + its earlier postings + (p - start of j)
        shift = indptr[remap] + earlier[i, remap] - seg.indptr[:-1]
        dest = np.arange(len(seg.rows), dtype=np.int64)
        dest += np.repeat(shift, np.diff(seg.indptr))
        rows[dest] = seg.rows + offset
        tfs[dest] = seg.tfs
        offset += len(seg.ids)
    copies = [s.vectors for s in segments if s.vectors is not None]
    vectors = join_vectors(copies) if segments and len(copies) == len(segments) else None
    return Segment(ids=[i for s in segments for i in s.ids], columns=_concat_columns(segments), vectors=vectors,
                   lengths=np.concatenate([s.lengths for s in segments]) if segments else np.zeros(0, np.int32),
                   vocab=list(vocab), indptr=indptr, rows=rows, tfs=tfs)


def compaction(sizes: Sequence[int]) -> list[range]:
    """How :func:`compact` groups segments of ``sizes`` rows (oldest first): consecutive ranges of their
    positions, each range to become one segment. The newest joins the one before while it is at least
    1/MERGE_RATIO of that one's size and the two fit in SEGMENT_MAX_ROWS: sizes then fall MERGE_RATIO-fold
    from the oldest to the newest below the cap, so a library holds O(log N) small segments plus full ones,
    and a row is re-merged O(log N) times. (Merging everything every few appends rewrote a 1M-row index,
    postings and vector copy, after every few one-report ingests.)"""
    groups = [range(i, i + 1) for i in range(len(sizes))]
    rows = list(sizes)
    while len(rows) >= 2 and rows[-1] * MERGE_RATIO >= rows[-2] and rows[-1] + rows[-2] <= SEGMENT_MAX_ROWS:
        rows[-2:] = [rows[-2] + rows[-1]]
        groups[-2:] = [range(groups[-2].start, groups[-1].stop)]
    if sum(n < SEGMENT_MAX_ROWS // 2 for n in rows) > MAX_SEGMENTS:
        start, total = len(rows), 0  # the newest segments, as many as fit under the cap, become one
        while start > 0 and total + rows[start - 1] <= SEGMENT_MAX_ROWS:
            start -= 1
            total += rows[start]
        if len(rows) - start >= 2:
            groups[start:] = [range(groups[start].start, groups[-1].stop)]
    return groups


def compact(segments: Sequence[Segment]) -> list[Segment]:
    """``segments`` (oldest first) grouped by :func:`compaction`, each group merged once (a cascade of
    merges at the end of an ingest writes its rows once, not once per step of the cascade)."""
    return [segments[g.start] if len(g) == 1 else merge(list(segments[g.start:g.stop]))
            for g in compaction([len(s.ids) for s in segments])]


def add_term(out: np.ndarray, rows: np.ndarray, tfs: np.ndarray, df: int, n: int, norm: np.ndarray) -> None:
    """Add one query token's BM25 score (bm25s' ``lucene`` variant) to ``out`` at ``rows``: the token is in
    ``df`` of ``n`` rows; ``tfs`` are its counts there and ``norm`` those rows' length norms. The one formula
    of every scoring path (the whole library, a few allowed rows, one section's postings)."""
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    out[rows] += np.float32(idf) * (tfs / (norm + tfs))


def _concat_columns(segments: Sequence[Segment]) -> dict[str, np.ndarray]:
    if not segments:
        return _empty_columns()
    return {k: np.concatenate([s.columns[k] for s in segments]) for k in segments[0].columns}


class LazyColumns(Mapping[str, np.ndarray]):
    """The segments' filter columns as one read-only mapping; a field is concatenated on first access."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self._segments = segments
        self._fields = list(segments[0].columns) if segments else list(_empty_columns())
        self._made: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __getitem__(self, field: str) -> np.ndarray:
        with self._lock:
            if field not in self._made:
                if field not in self._fields:
                    raise KeyError(field)
                self._made[field] = (np.concatenate([s.columns[field] for s in self._segments]) if self._segments
                                     else _empty_columns()[field])
            return self._made[field]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


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
        self.offsets = np.cumsum([0] + [len(s.ids) for s in segments])
        lengths = np.concatenate([s.lengths for s in segments]) if segments else np.zeros(0, np.int32)
        self.avg_len = float(lengths.mean()) if len(lengths) else 0.0
        # The tf part's denominator term k1·(1 − b + b·len/avglen), per row, for the current avglen.
        self._norm = (K1 * ((1 - B) + B * lengths / self.avg_len)).astype(np.float32) if len(lengths) else None
        self.has_vectors = bool(segments) and all(s.vectors is not None for s in segments)

    # The whole-library columns, id map and section masks are made on first use, not when an ingest appends a
    # segment: the writer process never searches, and a searching process makes them once per generation
    # (the section masks from each segment's own, which segments keep across generations).

    @functools.cached_property
    def columns(self) -> LazyColumns:
        """Filter columns of all rows, each concatenated from the segments when first asked for (a search
        reads ``year`` only: the string columns of a 1M-row library would cost hundreds of MB)."""
        return LazyColumns(self.segments)

    def value(self, field: str, row: int) -> Any:
        """One row's ``field``, read from its segment (no library-wide column is made)."""
        k = int(np.searchsorted(self.offsets, row, side="right")) - 1
        return self.segments[k].columns[field][row - int(self.offsets[k])]

    @functools.cached_property
    def row_of(self) -> dict[str, int]:
        """Chunk id → row."""
        return {cid: i for i, cid in enumerate(self.ids)}

    @functools.cached_property
    def section_rows(self) -> dict[str, np.ndarray]:
        """Section key → boolean row mask."""
        keys = sorted({key for seg in self.segments for key in seg.section_masks})
        return {key: np.concatenate([seg.section_masks.get(key, np.zeros(len(seg.ids), dtype=bool))
                                     for seg in self.segments]) for key in keys}

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
            add_term(out, rows, tfs, len(rows), n, self._norm[rows])
        if mask is not None:
            out = np.where(mask, out, 0.0).astype(np.float32)
        return out

    def vectors_of(self, rows: np.ndarray) -> np.ndarray:
        """float32 vectors of the given rows (ascending), from the segments' copies (``has_vectors`` only)."""
        parts = _take_rows([seg.vectors for seg in self.segments], self.offsets, rows)
        return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    def query_coverage(self, tokens: list[str]) -> float:
        """Share of query tokens that occur anywhere in the library."""
        return sum(any(t in s.col_of for s in self.segments) for t in tokens) / len(tokens) if tokens else 0.0


# --------------------------------------------------------------------------- building from the library


def _segment_from_rows(lib: Library, rows: list[tuple]) -> Segment:
    ids = [r[0] for r in rows]
    tokens = (r[1].split() for r in rows)
    columns = {f: np.array([r[i + 2] or "" for r in rows], dtype=str) for i, f in enumerate(FILTER_FIELDS)}
    columns["year"] = np.array([r[11] or 0 for r in rows], dtype=np.int32)
    segment = Segment.from_tokens(ids, tokens, columns)
    segment.vectors = lib.vectors(ids, [r[2] for r in rows])
    return segment


def _segments_from_rows(lib: Library, rows: list[tuple]) -> list[Segment]:
    return [_segment_from_rows(lib, rows[i:i + SEGMENT_MAX_ROWS]) for i in range(0, len(rows), SEGMENT_MAX_ROWS)]


def build(lib: Library) -> Bm25Index:
    """Build the index from the library's stored tokens (complete reports only)."""
    generation = lib.generation()
    rows = lib.token_rows()
    segments = _segments_from_rows(lib, rows)
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
    rows = _rows_since(lib, index.max_rid, len(index))
    if rows is None:
        return build(lib)
    if not rows:
        return Bm25Index(generation, index.segments, index.max_rid, index.model_id)
    segments = compact([*index.segments, *_segments_from_rows(lib, rows)])
    return Bm25Index(generation, segments, max_rid=_last_rid(index.max_rid, rows), model_id=index.model_id)


def _rows_since(lib: Library, max_rid: int, held: int) -> list[tuple] | None:
    """The token rows of chunks written after ``max_rid``; None when an index of the ``held`` rows up to it
    must be rebuilt (some of them were removed or replaced since)."""
    if lib.complete_chunks_upto(max_rid) != held:
        return None
    return lib.token_rows(after_rid=max_rid)


def _last_rid(max_rid: int, rows: list[tuple]) -> int:
    return max([max_rid, *(r[12] for r in rows)])


# --------------------------------------------------------------------------- in the database


def _state_key(lib: Library) -> str:
    return STATE_KEY + lib.settings.collection


def _store_segment(lib: Library, seg: Segment) -> None:
    """Write ``seg`` under a new name, with the parts of its vector copy not stored yet, in one transaction;
    the name is set on it, and its vector copy becomes stored parts (keeping the arrays in memory)."""
    name = f"s-{uuid.uuid4().hex[:12]}"
    parts: list[np.ndarray | StoredVectors] = _parts(seg.vectors) if seg.vectors is not None else []
    stored: list[np.ndarray | StoredVectors] = []
    with lib.engine.begin() as conn:
        # A part of an index this process held while another saved and pruned: its row is gone, so it is
        # written again (read back from Chroma if this process never read it).
        named = [p.row for p in parts if isinstance(p, StoredVectors)]
        present = {r[0] for r in conn.execute(select(sidecar.segments.c.name)
                                             .where(sidecar.segments.c.name.in_(named)))} if named else set()
        conn.execute(insert(sidecar.segments).values(name=name, data=seg.to_bytes(), created_at=time.time()))
        start = 0
        for k, part in enumerate(parts):
            if not (isinstance(part, StoredVectors) and part.row in present):
                row = name + VECTORS + (str(k) if k else "")
                array = np.asarray(part, dtype=np.float32)
                buffer = io.BytesIO()
                np.save(buffer, array)
                conn.execute(insert(sidecar.segments).values(name=row, data=buffer.getvalue(), created_at=time.time()))
                part = StoredVectors(lib.engine, row, _from_chroma(lib, seg, start, start + len(array)), array=array)
            stored.append(part)
            start += len(part)
    seg.name = name
    if stored:
        seg.vectors = stored[0] if len(stored) == 1 else VectorParts(stored)


def _from_chroma(lib: Library, seg: Segment, start: int, end: int) -> Callable[[], np.ndarray | None]:
    """How a vector part of rows ``start:end`` of ``seg`` is read again when its row was pruned meanwhile."""
    return functools.partial(lib.vectors, seg.ids[start:end], [str(x) for x in seg.columns["section"][start:end]])


def _part_rows(seg: Segment) -> list[tuple[str, int]]:
    """(database row, vectors) of each part of a stored segment's vector copy."""
    if seg.vectors is None:
        return []
    return [(p.row, len(p)) for p in _parts(seg.vectors) if isinstance(p, StoredVectors)]


def _write_state(lib: Library, generation: int, max_rid: int, model_id: str,
                 segments: Sequence[tuple[str, int, list[tuple[str, int]]]]) -> str:
    """Make the stored segments ``(name, rows, vector parts)`` the live state, then prune. :returns: its id."""
    state = {"id": uuid.uuid4().hex[:12], "generation": generation, "max_rid": max_rid,
             "segments": [name for name, _, _ in segments], "rows": [rows for _, rows, _ in segments],
             "model_id": model_id, "vectors": [name for name, _, parts in segments if parts],
             "parts": {name: parts for name, _, parts in segments if parts}}
    lib.set_meta(_state_key(lib), json.dumps(state))
    _prune(lib)
    return str(state["id"])


def save(index: Bm25Index, lib: Library) -> str:
    """Write the segments not yet stored and a new state naming them (one transaction each: a reader sees
    the old state or the new one, never a half-written segment). :returns: the state's id."""
    with lib.engine.connect() as conn:
        stored = {r[0] for r in conn.execute(select(sidecar.segments.c.name).where(
            sidecar.segments.c.name.in_([s.name for s in index.segments if s.name])))}
    for seg in index.segments:
        if seg.name not in stored:
            _store_segment(lib, seg)
    return _write_state(lib, index.generation, index.max_rid, index.model_id,
                        [(seg.name, len(seg.ids), _part_rows(seg)) for seg in index.segments])


def append_saved(lib: Library) -> bool:
    """Bring the saved state up to the library's generation by appending the chunks added since, reading
    only the saved segments that a merge joins, never the whole index (a ``nianbao ingest`` into a
    1M-chunk library spent 2.3 s loading 1M rows of postings only to append 6,000).

    :returns: False when this cannot be done so (no saved state, one written before states listed their
        sizes, another model, chunks removed or replaced since): :func:`current` then does it in full.
    """
    state = _saved_state(lib)
    if state is None or "rows" not in state or state["model_id"] != lib.embedder.model_id:
        return False
    generation = lib.generation()
    if int(state["generation"]) == generation:
        return True
    names, sizes, max_rid = list(state["segments"]), [int(n) for n in state["rows"]], int(state["max_rid"])
    rows = _rows_since(lib, max_rid, sum(sizes))
    if rows is None:
        return False
    new = _segments_from_rows(lib, rows)
    groups = compaction(sizes + [len(seg.ids) for seg in new])
    joined = [names[i] for g in groups if len(g) > 1 for i in g if i < len(names)]
    parts_of = _state_parts(state)
    stored = {seg.name: seg for seg in _read_segments(lib, joined, parts_of, cache=False)}
    if len(stored) != len(joined):
        return False  # pruned meanwhile: another writer saved a newer state
    entries: list[tuple[str, int, list[tuple[str, int]]]] = []
    for g in groups:
        if len(g) == 1 and g.start < len(names):  # an untouched saved segment: named, not read
            entries.append((names[g.start], sizes[g.start], parts_of.get(names[g.start], [])))
            continue
        parts = [stored[names[i]] if i < len(names) else new[i - len(names)] for i in g]
        seg = parts[0] if len(parts) == 1 else merge(parts)
        _store_segment(lib, seg)
        entries.append((seg.name, len(seg.ids), _part_rows(seg)))
    _write_state(lib, generation, _last_rid(max_rid, rows), str(state["model_id"]), entries)
    return True


def refresh(lib: Library) -> None:
    """Bring the saved index up to date after a write: a process that holds the index in memory (the app,
    whose next search needs it) updates its own; another (``nianbao ingest``) appends to the saved state
    (:func:`append_saved`) without loading the whole index."""
    with _CACHE_LOCK:
        held = _cache_key(lib) in _CACHE
    try:
        appended = not held and append_saved(lib)
    except (ValueError, KeyError, TypeError):  # a state this code cannot read: the full path rebuilds it
        appended = False
    if not appended:
        current(lib)


def _prune(lib: Library) -> None:
    """Remove segments that no saved state names, once older than PRUNE_AFTER_S (another writer's fresh
    segments, not yet named by its state, stay)."""
    with lib.engine.begin() as conn:
        states = conn.execute(select(sidecar.meta.c.value).where(sidecar.meta.c.key.startswith(STATE_KEY)))
        keep: set[str] = set()
        for (value,) in states:
            state = json.loads(value)
            keep.update(state.get("segments", []))
            keep.update(row for parts in _state_parts(state).values() for row, _ in parts)
        # Names first (the primary key's index alone): reading created_at of every row would walk each
        # segment's blob to reach it (0.3 s at 1M chunks, on every save).
        seg = sidecar.segments.c
        unnamed = [name for (name,) in conn.execute(select(seg.name)) if name not in keep]
        old = select(seg.name).where(seg.name.in_(unnamed), seg.created_at < time.time() - PRUNE_AFTER_S)
        gone = [name for (name,) in conn.execute(old)] if unnamed else []
        if gone:
            conn.execute(delete(sidecar.segments).where(sidecar.segments.c.name.in_(gone)))
    for name in gone:  # this machine's cache files of them (another machine's go when it next saves)
        (_cache_dir(lib) / (name + ".npy")).unlink(missing_ok=True)


def _cache_dir(lib: Library) -> Path:
    """The local folder of vector cache files for this library's database (a cache, never shared state)."""
    import hashlib

    key = hashlib.sha1(str(lib.engine.url).encode("utf-8")).hexdigest()[:12]
    return lib.settings.home / "cache" / "bm25-vectors" / key


def _saved_state(lib: Library) -> dict[str, Any] | None:
    try:
        state = json.loads(lib.get_meta(_state_key(lib)) or "null")
    except ValueError:
        return None
    return state if isinstance(state, dict) and state else None


def _state_parts(state: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
    """Segment name → (database row, vectors) of each part of its vector copy. A state written before
    copies had parts lists the segments with one (``vectors``): their copy is the row ``<name>.v``."""
    parts = {name: [(str(row), int(n)) for row, n in rows] for name, rows in state.get("parts", {}).items()}
    for name in state.get("vectors", []):
        parts.setdefault(name, [(name + VECTORS, -1)])
    return parts


def _read_segments(lib: Library, names: Sequence[str], parts_of: dict[str, list[tuple[str, int]]],
                   cache: bool = True) -> list[Segment]:
    """The stored segments ``names`` (those still there), vector copies attached to be read on first use;
    without ``cache``, read from the database into memory (a writer about to merge them)."""
    if not names:
        return []
    out = []
    with lib.engine.connect() as conn:
        rows = conn.execute(select(sidecar.segments.c.name, sidecar.segments.c.data)
                            .where(sidecar.segments.c.name.in_(list(names))))
        for name, data in rows:
            seg = Segment.from_bytes(data, name)
            stored, start = [], 0
            for row, n in parts_of.get(name, []):
                n = len(seg.ids) if n < 0 else n
                stored.append(StoredVectors(lib.engine, row, _from_chroma(lib, seg, start, start + n),
                                            _cache_dir(lib) if cache else None, rows=n))
                start += n
            if stored:
                seg.vectors = stored[0] if len(stored) == 1 else VectorParts(stored)
            out.append(seg)
    return out


def load(lib: Library, known: Sequence[Segment] = ()) -> Bm25Index | None:
    """The saved index of ``lib``, or None when absent or unreadable (a segment pruned meanwhile).

    :param known: segments already in memory; those the saved state names are reused, not re-read.
    """
    try:
        state = _saved_state(lib)
        if not state:
            return None
        by_name = {seg.name: seg for seg in known if seg.name}
        wanted = [n for n in state["segments"] if n not in by_name]
        by_name.update((seg.name, seg) for seg in _read_segments(lib, wanted, _state_parts(state)))
        segments = [by_name[name] for name in state["segments"]]
        return Bm25Index(int(state["generation"]), segments, int(state["max_rid"]), str(state["model_id"]))
    except (ValueError, KeyError, TypeError, OSError):
        return None


_CACHE: dict[tuple, Bm25Index] = {}
_CACHE_LOCK = threading.Lock()


def _cache_key(lib: Library) -> tuple[str, str]:
    return str(lib.engine.url), lib.settings.collection


def current(lib: Library) -> Bm25Index:
    """The index matching the library's current generation: cached, loaded, updated or rebuilt (and saved)."""
    generation = lib.generation()
    key = _cache_key(lib)
    with _CACHE_LOCK:
        index = _CACHE.get(key)
        if index is None or index.generation != generation or index.model_id != lib.embedder.model_id:
            saved = load(lib, known=index.segments if index is not None else ())
            if saved is not None and (index is None or saved.generation > index.generation):
                index = saved
            if index is None or index.generation != generation or index.model_id != lib.embedder.model_id:
                index = update(lib, index) if index is not None else build(lib)
                save(index, lib)
            _CACHE[key] = index
    return index
