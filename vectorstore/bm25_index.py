"""BM25 over jieba tokens (bm25s), plus the per-chunk filter columns the hybrid search masks with.

The index is built from the tokens stored in ``library.db`` and saved under ``<home>/bm25/`` with
the library generation it reflects; a stale index (the library changed since) is rebuilt on load.

Saving is safe with several writers (the app and the CLI) and readers at once: each save writes a
folder under a unique name, renames it into place (``g<generation>-<random>``), then atomically
replaces the small ``current`` pointer file. Nothing is ever removed out from under a reader that
is loading: superseded versions are pruned only once they are a minute old.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from vectorstore.store import Library

FILTER_FIELDS = ("section", "subpart", "report_id", "unit", "level", "province", "city", "county",
                 "format_version")


@dataclass
class Bm25Index:
    """A bm25s index whose rows are the library's chunks, with filter columns for masking."""

    generation: int
    ids: list[str]
    columns: dict[str, np.ndarray]  # FILTER_FIELDS (str arrays) + "year" (int array)
    retriever: Any  # bm25s.BM25, None when the library is empty

    def __post_init__(self) -> None:
        self.row_of = {cid: i for i, cid in enumerate(self.ids)}
        sections = self.columns.get("section", np.array([], dtype=str))
        self.section_rows = {str(s): sections == s for s in np.unique(sections)}
        self.vocab = dict(self.retriever.vocab_dict) if self.retriever is not None else {}

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, tokens: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every row for ``tokens`` (0 where ``mask`` is False)."""
        token_ids = [self.vocab[t] for t in tokens if t in self.vocab]
        if not token_ids or self.retriever is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        scores = self.retriever.get_scores_from_ids(token_ids)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        return scores

    def query_coverage(self, tokens: list[str]) -> float:
        """Share of query tokens that occur anywhere in the library."""
        return sum(t in self.vocab for t in tokens) / len(tokens) if tokens else 0.0


def _load_rows(lib: Library) -> tuple[list[str], list[list[str]], dict[str, np.ndarray]]:
    rows = lib.token_rows()
    ids = [r[0] for r in rows]
    tokens = [r[1].split() for r in rows]
    columns = {f: np.array([r[i + 2] or "" for r in rows], dtype=str) for i, f in enumerate(FILTER_FIELDS)}
    columns["year"] = np.array([r[11] or 0 for r in rows], dtype=np.int32)
    return ids, tokens, columns


def build(lib: Library) -> Bm25Index:
    """Build the index from the library's stored tokens (complete reports only)."""
    import bm25s

    generation = lib.generation()
    ids, tokens, columns = _load_rows(lib)
    retriever = None
    if ids:
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index(tokens, show_progress=False)
    return Bm25Index(generation, ids, columns, retriever)


def index_dir(lib: Library) -> Path:
    """Where the index of ``lib`` is saved."""
    return lib.settings.home / "bm25" / lib.settings.collection


POINTER = "current"
PRUNE_AFTER_S = 60.0  # superseded versions older than this are removed by the next save


def save(index: Bm25Index, directory: Path) -> Path:
    """Save as a new version folder under ``directory`` and point ``current`` at it (both renames are
    atomic, the names unique per save). :returns: the version folder."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"g{index.generation}-{uuid.uuid4().hex[:12]}"
    tmp = directory / f".{name}.tmp"
    tmp.mkdir()
    try:
        if index.retriever is not None:
            index.retriever.save(str(tmp / "bm25"), show_progress=False)
        np.savez(tmp / "columns.npz", **index.columns)
        (tmp / "ids.json").write_text(json.dumps(index.ids), encoding="utf-8")
        (tmp / "generation").write_text(str(index.generation), encoding="utf-8")
        os.replace(tmp, directory / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pointer = directory / f".{POINTER}.{uuid.uuid4().hex[:12]}.tmp"
    pointer.write_text(name, encoding="utf-8")
    os.replace(pointer, directory / POINTER)
    _prune(directory, keep=name)
    return directory / name


def _prune(directory: Path, keep: str) -> None:
    """Remove versions (and abandoned temp files) other than ``keep`` older than PRUNE_AFTER_S."""
    cutoff = time.time() - PRUNE_AFTER_S
    for entry in directory.iterdir():
        if entry.name in (keep, POINTER):
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


def _version_dir(directory: Path) -> Path:
    """The folder ``current`` points at (a folder saved by an older release holds the files itself)."""
    try:
        return directory / (directory / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return directory


def load(directory: Path) -> Bm25Index | None:
    """The saved index, or None when absent or unreadable."""
    try:
        import bm25s

        version = _version_dir(directory)
        generation = int((version / "generation").read_text(encoding="utf-8"))
        ids = json.loads((version / "ids.json").read_text(encoding="utf-8"))
        with np.load(version / "columns.npz") as data:
            columns = {k: data[k] for k in data.files}
        retriever = None
        if (version / "bm25").is_dir():
            retriever = bm25s.BM25.load(str(version / "bm25"), show_progress=False)
        return Bm25Index(generation, ids, columns, retriever)
    except (OSError, ValueError, KeyError):
        return None


_CACHE: dict[str, Bm25Index] = {}
_CACHE_LOCK = threading.Lock()


def current(lib: Library) -> Bm25Index:
    """The index matching the library's current generation: cached, loaded, or rebuilt and saved."""
    generation = lib.generation()
    directory = index_dir(lib)
    key = str(directory.resolve())
    with _CACHE_LOCK:
        index = _CACHE.get(key)
        if index is None or index.generation != generation:
            index = load(directory)
            if index is None or index.generation != generation:
                index = build(lib)
                save(index, directory)
            _CACHE[key] = index
    return index
