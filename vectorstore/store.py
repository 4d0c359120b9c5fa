"""The library: chunk text and metadata in a sidecar SQLite, vectors in Chroma (one collection per section).

Why this layout (measured, see bench/RESULTS.md): Chroma writes ids+vectors about 2.5x faster than
ids+vectors+documents+metadata, and a ``where={"section": …}`` filter is slow on a large collection,
whereas choosing a collection costs nothing. So Chroma holds only ids and vectors, split by section,
and ``<home>/library.db`` (SQLite, WAL) holds text, metadata, jieba tokens and the report manifest.

Crash safety: a batch writes chunk rows, then vectors, then the manifest rows last; a removal deletes the
manifest row first, then vectors, then chunk rows. So a report is visible only while it is whole, and a
kill at any point leaves chunks without a manifest row, which :meth:`Library.check` removes. Every
maintenance step (ingest, remove, reindex) sets a ``dirty`` marker in the meta table first and clears it
last; :func:`open_library` reads that one row and runs the full :meth:`Library.check` only when a step was
interrupted (no other process holds the library lock), so a clean open does no O(N) work.

Another process (the CLI while the app serves) changes the library under a cached :class:`Library`: the
``generation`` counter tells, and the local Chroma client, whose in-memory index would then be stale, is
reopened (:meth:`Library.refresh`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import signal
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel

from assistant.core.errors import EmbeddingMismatchError
from assistant.core.passages import Chunk, ChunkMeta
from assistant.core.settings import Settings
from vectorstore.client import close_client, make_client, open_collection
from vectorstore.embeddings import Embedder, get_embedder
from vectorstore.tokenize import tokenize_many

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks(rid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, report_id TEXT NOT NULL,
    section TEXT NOT NULL, text TEXT NOT NULL, tokens TEXT NOT NULL, meta TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE TABLE IF NOT EXISTS reports(report_id TEXT PRIMARY KEY, source TEXT NOT NULL, unit TEXT, organ TEXT,
    level TEXT, province TEXT, city TEXT, county TEXT, year INTEGER, format_version TEXT, sample INTEGER,
    n_chunks INTEGER, ingested_at TEXT);
CREATE INDEX IF NOT EXISTS reports_source ON reports(source);
"""
REPORT_FIELDS = ("unit", "organ", "level", "province", "city", "county", "year", "format_version", "sample")
EMBED_BATCH = 512
LOCK_FILE = "ingest.lock"
BUSY_TIMEOUT_MS = 30_000


@contextlib.contextmanager
def library_lock(settings: Settings, blocking: bool = True) -> Iterator[bool]:
    """Exclusive lock: one writer per data directory at a time. Yields False (without waiting) when
    ``blocking`` is off and another writer holds it."""
    settings.home.mkdir(parents=True, exist_ok=True)
    with open(settings.home / LOCK_FILE, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class CheckResult(BaseModel):
    """What :meth:`Library.check` found and repaired."""

    incomplete_reports: int = 0  # chunks without a manifest row (a killed ingest or removal)
    duplicate_reports: int = 0  # older reports of a source that a killed replacement left
    missing_vectors: int = 0  # chunks re-embedded (a killed ingest or reindex)
    orphan_vectors: int = 0  # vectors without a chunk row, deleted

    @property
    def repaired(self) -> int:
        """Number of things repaired."""
        return self.incomplete_reports + self.duplicate_reports + self.missing_vectors + self.orphan_vectors

    def plus(self, other: CheckResult | None) -> CheckResult:
        """The sum of two results."""
        if other is None:
            return self
        return CheckResult(**{k: getattr(self, k) + getattr(other, k) for k in CheckResult.model_fields})
RECENT_MAX = 200_000  # vectors just written, kept (float32) for the BM25 segment that copies them next


class ReportRow(BaseModel):
    """One manifest row: a complete report in the library."""

    report_id: str
    source: str
    unit: str = ""
    organ: str = ""
    level: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    year: int = 0
    format_version: str = "2021"
    sample: bool = False
    n_chunks: int = 0
    ingested_at: str = ""
    parser_version: int = 0  # the parser that read the report (0: before versions were recorded)

    @classmethod
    def from_meta(cls, meta: ChunkMeta, n_chunks: int) -> ReportRow:
        """The manifest row of a report whose chunks carry ``meta``."""
        fields = {k: getattr(meta, k) for k in REPORT_FIELDS}
        return cls(report_id=meta.report_id, source=meta.source, n_chunks=n_chunks, **fields)


def collection_name(settings: Settings, section: str) -> str:
    """The Chroma collection that holds the vectors of one section."""
    return f"{settings.collection}-{section or 'none'}"


class Library:
    """Sidecar SQLite + per-section Chroma collections. Open with :func:`open_library`."""

    def __init__(self, settings: Settings, embedder: Embedder, check_model: bool = True) -> None:
        self.settings = settings
        self.embedder = embedder
        settings.home.mkdir(parents=True, exist_ok=True)
        self.db_path = settings.home / "library.db"
        self.db = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None,
                                  timeout=BUSY_TIMEOUT_MS / 1000)
        self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._migrate()
        self.lock = threading.RLock()
        self._client: Any = None
        self._collections: dict[str, Any] = {}
        self._generation = self.generation()
        self._steps = 0
        self._maintenance_depth = 0
        self.last_repair: CheckResult | None = None  # what the last automatic repair at open did
        self._recent: dict[str, np.ndarray] = {}
        if check_model:
            self._check_model()

    def _migrate(self) -> None:
        """Columns added after a library was first built (additive: older libraries keep working)."""
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(reports)")}
        if "parser_version" not in columns:
            self.db.execute("ALTER TABLE reports ADD COLUMN parser_version INTEGER NOT NULL DEFAULT 0")

    @property
    def client(self) -> Any:
        """The Chroma client, made on first use: commands that only read the sidecar never import chromadb."""
        with self.lock:
            if self._client is None:
                self._client = make_client(self.settings)
        return self._client

    # ------------------------------------------------------------------ meta
    def get_meta(self, key: str, default: str = "") -> str:
        """A value from the meta table."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def _set_meta(self, key: str, value: object) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, str(value)))

    def _check_model(self) -> None:
        stored = self.get_meta("model_id")
        dim = self.get_meta("dimension")
        if stored and (stored != self.embedder.model_id or int(dim) != self.embedder.dimension):
            raise EmbeddingMismatchError(
                stored=f"{stored} ({dim})", current=f"{self.embedder.model_id} ({self.embedder.dimension})"
            )

    def generation(self) -> int:
        """A counter bumped by every change of the chunk set (keeps the BM25 index and the Chroma client in step)."""
        return int(self.get_meta("generation", "0"))

    def _bump_generation(self) -> None:
        """Record a change of the chunk set (inside the caller's transaction)."""
        self._generation = self.generation() + 1
        self._set_meta("generation", self._generation)

    def refresh(self) -> bool:
        """Reopen the Chroma client when another process changed the library since we last looked.

        :returns: whether the client was reopened.
        """
        current = self.generation()
        if current == self._generation:
            return False
        with self.lock:
            if not self.settings.chroma_server and self._client is not None:  # a server is never stale
                close_client(self._client, self.settings)
                self._client = None  # made afresh on next use
            self._collections.clear()
            self._generation = current
        return True

    # ------------------------------------------------------------------ crash safety
    def stage(self, name: str) -> None:
        """A stage boundary of a maintenance step. Fault-injection tests set ``fault_kill_step`` to
        SIGKILL this process at the n-th boundary it passes."""
        self._steps += 1
        if self.settings.fault_kill_step and self._steps == self.settings.fault_kill_step:
            os.kill(os.getpid(), signal.SIGKILL)

    @contextlib.contextmanager
    def maintenance(self, step: str) -> Iterator[None]:
        """Set the ``dirty`` marker for the duration of a maintenance step (re-entrant). An interrupted
        step leaves it set, and the next :func:`open_library` runs :meth:`check`."""
        if self._maintenance_depth == 0:
            with self.db:
                self._set_meta("dirty", step)
        self._maintenance_depth += 1
        try:
            yield
        finally:
            self._maintenance_depth -= 1
        if self._maintenance_depth == 0:  # not on an exception: the step may have stopped half-way
            with self.db:
                self.db.execute("DELETE FROM meta WHERE key='dirty'")

    def needs_check(self) -> bool:
        """Whether a maintenance step was interrupted (one row read)."""
        return bool(self.get_meta("dirty"))

    def collection(self, section: str, create: bool = True) -> Any:
        """The Chroma collection of ``section`` (None when absent and not ``create``)."""
        if section not in self._collections:
            col = open_collection(
                self.client, collection_name(self.settings, section),
                self.embedder.model_id, self.embedder.dimension, create=create,
            )
            if col is None:
                return None
            self._collections[section] = col
        return self._collections[section]

    def sections(self) -> list[str]:
        """Section keys present in the library."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT section FROM chunks ORDER BY section")]

    # ------------------------------------------------------------------ write
    def add_reports(self, items: list[tuple[ReportRow, list[Chunk]]], tokens: list[str] | None = None) -> int:
        """Add complete reports as one unit: chunk rows, then vectors, then manifest rows last.

        :param tokens: the chunks' BM25 tokens, space-joined, in order (computed when None).
        :returns: the number of chunks written.
        """
        chunks = [c for _, cs in items for c in cs]
        vectors = self._embed([c.text for c in chunks])
        if tokens is None:
            tokens = [" ".join(t) for t in tokenize_many([c.text for c in chunks])]
        rows = [
            (c.id, c.meta.report_id, c.meta.section, c.text, t, c.meta.model_dump_json())
            for c, t in zip(chunks, tokens, strict=False)
        ]
        with self.lock:
            self._set_model_once()
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany(
                    "INSERT OR REPLACE INTO chunks(id, report_id, section, text, tokens, meta) VALUES(?,?,?,?,?,?)",
                    rows,
                )
            self.stage("chunks written")
            self._add_vectors(chunks, vectors)
            self.stage("vectors written")
            now = dt.datetime.now().isoformat(timespec="seconds")
            with self.db:
                self.db.execute("BEGIN")
                for row, _ in items:
                    data = row.model_dump()
                    data["ingested_at"] = now
                    cols = ",".join(data)
                    self.db.execute(
                        f"INSERT OR REPLACE INTO reports({cols}) VALUES({','.join('?' * len(data))})",
                        list(data.values()),
                    )
                self._bump_generation()
            self.stage("manifest written")
        return len(chunks)

    def refresh_report(self, row: ReportRow, chunks: list[Chunk], tokens: list[str]) -> int:
        """Replace a stored report's metadata and sections by a new reading of the same file.

        Chunks whose id (report, section, sub-part, paragraph and text) is unchanged keep their vectors and only
        get the new metadata; new chunks are embedded; chunks no longer produced are removed.

        :returns: the number of chunks embedded (0 when only metadata changed).
        """
        with self.lock:
            old = {cid: section for cid, section in self.db.execute(
                "SELECT id, section FROM chunks WHERE report_id=?", (row.report_id,))}
            fresh = [c for c in chunks if c.id not in old]
            vectors = self._embed([c.text for c in fresh])
            gone: dict[str, list[str]] = defaultdict(list)
            for cid in set(old) - {c.id for c in chunks}:
                gone[old[cid]].append(cid)
            for section, ids in gone.items():
                col = self.collection(section)
                for i in range(0, len(ids), 5000):
                    col.delete(ids=ids[i : i + 5000])
            self._add_vectors(fresh, vectors)
            data = row.model_dump()
            data["ingested_at"] = dt.datetime.now().isoformat(timespec="seconds")
            with self.db:
                self.db.execute("BEGIN")
                for section_ids in gone.values():
                    self.db.executemany("DELETE FROM chunks WHERE id=?", [(i,) for i in section_ids])
                for chunk, tok in zip(chunks, tokens, strict=False):
                    if chunk.id in old:
                        self.db.execute("UPDATE chunks SET tokens=?, meta=? WHERE id=?",
                                        (tok, chunk.meta.model_dump_json(), chunk.id))
                    else:
                        self.db.execute(
                            "INSERT INTO chunks(id, report_id, section, text, tokens, meta) VALUES(?,?,?,?,?,?)",
                            (chunk.id, chunk.meta.report_id, chunk.meta.section, chunk.text, tok,
                             chunk.meta.model_dump_json()))
                cols = ",".join(data)
                self.db.execute(f"INSERT OR REPLACE INTO reports({cols}) VALUES({','.join('?' * len(data))})",
                                list(data.values()))
                self._set_meta("generation", self.generation() + 1)
        return len(fresh)

    def parser_version(self, report_id: str) -> int | None:
        """The parser version a stored report was read with; None when the report is not stored."""
        row = self.db.execute("SELECT parser_version FROM reports WHERE report_id=?", (report_id,)).fetchone()
        return None if row is None else int(row[0] or 0)

    def _set_model_once(self) -> None:
        if not self.get_meta("model_id"):
            with self.db:
                self._set_meta("model_id", self.embedder.model_id)
                self._set_meta("dimension", self.embedder.dimension)

    def _embed(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), EMBED_BATCH):
            out.extend(self.embedder.embed_documents(texts[i : i + EMBED_BATCH]))
        return out

    def _add_vectors(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        by_section: dict[str, tuple[list[str], list[list[float]]]] = defaultdict(lambda: ([], []))
        for chunk, vec in zip(chunks, vectors, strict=False):
            ids, vecs = by_section[chunk.meta.section]
            ids.append(chunk.id)
            vecs.append(vec)
        self.upsert_vectors(by_section)

    def upsert_vectors(self, by_section: dict[str, tuple[list[str], Any]]) -> None:
        """Write ``{section: (ids, vectors)}`` into the section collections in big batches."""
        step = max(1, min(5000, self.client.get_max_batch_size()))
        for section, (ids, vecs) in by_section.items():
            col = self.collection(section)
            for i in range(0, len(ids), step):
                col.upsert(ids=ids[i : i + step], embeddings=vecs[i : i + step])
                self.stage("vectors upserted")
            if len(self._recent) + len(ids) > RECENT_MAX:
                self._recent.clear()
            self._recent.update(zip(ids, np.asarray(vecs, dtype=np.float32), strict=False))

    def remove(self, report_ids: Iterable[str]) -> int:
        """Remove reports: manifest row first (the report disappears whole), then vectors, then chunk rows.

        :returns: the number of manifest rows removed.
        """
        count = 0
        with self.lock:
            for report_id in report_ids:
                with self.db:
                    self.db.execute("BEGIN")
                    count += self.db.execute("DELETE FROM reports WHERE report_id=?", (report_id,)).rowcount
                    self._bump_generation()
                self.stage("manifest removed")
                self._drop_chunks(report_id)
        return count

    def _drop_chunks(self, report_id: str) -> None:
        """Delete a report's vectors, then its chunk rows."""
        by_section: dict[str, list[str]] = defaultdict(list)
        for cid, section in self.db.execute("SELECT id, section FROM chunks WHERE report_id=?", (report_id,)):
            by_section[section].append(cid)
        for section, ids in by_section.items():
            col = self.collection(section, create=False)
            for i in range(0, len(ids), 5000):
                if col is not None:
                    col.delete(ids=ids[i : i + 5000])
                self.stage("vectors removed")
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM chunks WHERE report_id=?", (report_id,))
            self._bump_generation()
        self.stage("chunks removed")

    def clean_incomplete(self) -> list[str]:
        """Remove half-written or half-removed reports (chunks without a manifest row). :returns: their ids."""
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT report_id FROM chunks WHERE report_id NOT IN (SELECT report_id FROM reports)"
            )
        ]
        with self.lock:
            for report_id in ids:
                self._drop_chunks(report_id)
        return ids

    def check(self) -> CheckResult:
        """The full consistency check and repair (O(N); after an interrupted step, or on demand):
        half-written or half-removed reports, several reports of one source (the newest stays),
        chunks without vectors (embedded again) and vectors without chunks (deleted). Clears the marker.
        """
        result = CheckResult()
        with self.lock:
            result.incomplete_reports = len(self.clean_incomplete())
            stale: list[str] = []
            dup_sql = "SELECT source FROM reports GROUP BY source HAVING COUNT(*) > 1"
            for (source,) in self.db.execute(dup_sql).fetchall():
                rows = self.db.execute("SELECT report_id FROM reports WHERE source=? ORDER BY rowid DESC", (source,))
                stale += [r[0] for r in rows.fetchall()[1:]]
            result.duplicate_reports = self.remove(stale)
            for section in self.sections():
                missing, orphans = self._check_vectors(section)
                result.missing_vectors += missing
                result.orphan_vectors += orphans
            with self.db:
                self.db.execute("DELETE FROM meta WHERE key='dirty'")
        return result

    def _check_vectors(self, section: str) -> tuple[int, int]:
        """Embed the chunks of ``section`` that have no vector; delete vectors that have no chunk."""
        wanted = {r[0]: r[1] for r in self.db.execute("SELECT id, text FROM chunks WHERE section=?", (section,))}
        col = self.collection(section)
        stored: set[str] = set()
        page = 10_000
        offset = 0
        while True:
            got = col.get(include=[], limit=page, offset=offset)["ids"]
            stored.update(got)
            if len(got) < page:
                break
            offset += page
        lacking = [cid for cid in wanted if cid not in stored]
        orphans = [cid for cid in stored if cid not in wanted]
        for i in range(0, len(lacking), 4096):
            ids = lacking[i : i + 4096]
            self.upsert_vectors({section: (ids, self._embed([wanted[c] for c in ids]))})
        for i in range(0, len(orphans), 5000):
            col.delete(ids=orphans[i : i + 5000])
        if lacking or orphans:
            with self.db:
                self._bump_generation()
        return len(lacking), len(orphans)

    # ------------------------------------------------------------------ read
    def token_rows(self, after_rid: int = 0) -> list[tuple]:
        """(chunk id, tokens, filter columns…, year, rowid) of every chunk of a complete report, in insertion
        order; with ``after_rid``, only the chunks written after that rowid (an incremental BM25 update)."""
        sql = (
            "SELECT c.id, c.tokens, c.section, json_extract(c.meta, '$.subpart'), c.report_id, r.unit, r.level,"
            " r.province, r.city, r.county, r.format_version, r.year, c.rid"
            " FROM chunks c JOIN reports r ON r.report_id = c.report_id WHERE c.rid > ? ORDER BY c.rid"
        )
        return self.db.execute(sql, (after_rid,)).fetchall()

    def vectors(self, ids: list[str], sections: list[str]) -> np.ndarray | None:
        """The stored vectors of chunks ``ids`` (``sections[i]`` is the section of ``ids[i]``), float32 in
        that order, from those this process just wrote or else from Chroma; None when any is missing."""
        out = np.zeros((len(ids), self.embedder.dimension), dtype=np.float32)
        by_section: dict[str, list[int]] = defaultdict(list)
        for i, (cid, section) in enumerate(zip(ids, sections, strict=True)):
            recent = self._recent.pop(cid, None)  # just written by this process: no need to ask Chroma
            if recent is not None and len(recent) == len(out[i]):
                out[i] = recent
            else:
                by_section[section].append(i)
        for section, positions in by_section.items():
            col = self.collection(section, create=False)
            if col is None:
                return None
            for start in range(0, len(positions), 5000):
                part = positions[start : start + 5000]
                got = col.get(ids=[ids[i] for i in part], include=["embeddings"])
                row_of = {cid: j for j, cid in enumerate(got["ids"])}
                if len(row_of) != len(part):
                    return None
                vecs = np.asarray(got["embeddings"], dtype=np.float32)
                out[part] = vecs[[row_of[ids[i]] for i in part]]
        return out

    def complete_chunks_upto(self, rid: int) -> int:
        """How many chunks of complete reports have a rowid ≤ ``rid`` (fewer than an index built up to
        ``rid`` holds means some were removed or replaced since)."""
        sql = "SELECT COUNT(*) FROM chunks c JOIN reports r ON r.report_id = c.report_id WHERE c.rid <= ?"
        return int(self.db.execute(sql, (rid,)).fetchone()[0])

    def reports(self, where: str = "", params: tuple = ()) -> list[ReportRow]:
        """Complete reports (all, or those matching an SQL ``where`` clause), by unit and year."""
        cur = self.db.execute(f"SELECT * FROM reports {where} ORDER BY unit, year, source", params)
        names = [d[0] for d in cur.description]
        return [ReportRow(**dict(zip(names, r, strict=False))) for r in cur.fetchall()]

    def report_for_source(self, source: str) -> list[ReportRow]:
        """Manifest rows recorded for a source path."""
        return self.reports("WHERE source = ?", (source,))

    def has_report(self, report_id: str) -> bool:
        """Whether a complete report with this id is in the library."""
        return self.db.execute("SELECT 1 FROM reports WHERE report_id=?", (report_id,)).fetchone() is not None

    def chunk_count(self) -> int:
        """Number of chunk rows."""
        return int(self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def fetch(self, ids: list[str]) -> dict[str, tuple[str, ChunkMeta]]:
        """``{chunk id: (text, meta)}`` for the given ids."""
        out: dict[str, tuple[str, ChunkMeta]] = {}
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            sql = f"SELECT id, text, meta FROM chunks WHERE id IN ({','.join('?' * len(part))})"
            for cid, text, meta in self.db.execute(sql, part):
                out[cid] = (text, ChunkMeta.model_validate_json(meta))
        return out

    def reindex(self) -> int:
        """Re-embed every stored chunk with the current embedder into fresh collections.

        :returns: the number of chunks re-embedded.
        """
        with self.lock:
            sections = self.sections()
            for section in sections:
                with contextlib.suppress(Exception):  # absent collection: nothing to drop
                    self.client.delete_collection(collection_name(self.settings, section))
                self.stage("collection dropped")
            self._collections.clear()
            with self.db:
                self._set_meta("model_id", self.embedder.model_id)
                self._set_meta("dimension", self.embedder.dimension)
                self._bump_generation()
            total = 0
            for section in sections:
                cur = self.db.execute("SELECT id, text FROM chunks WHERE section=? ORDER BY rid", (section,))
                while batch := cur.fetchmany(4096):
                    ids = [r[0] for r in batch]
                    self.upsert_vectors({section: (ids, self._embed([r[1] for r in batch]))})
                    total += len(ids)
        return total

    def close(self) -> None:
        """Close the SQLite connection."""
        self.db.close()


_OPEN: dict[tuple, Library] = {}
_OPEN_LOCK = threading.Lock()


def has_reports(settings: Settings) -> bool:
    """Whether the data directory holds a library with at least one complete report (read-only peek:
    no embedder, no Chroma, nothing created)."""
    path = settings.home / "library.db"
    if not path.is_file():
        return False
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return db.execute("SELECT 1 FROM reports LIMIT 1").fetchone() is not None
        finally:
            db.close()
    except sqlite3.Error:  # no reports table yet (or unreadable): no library to draw on
        return False


def open_library(settings: Settings, embedder: Embedder | None = None) -> Library:
    """The library of ``settings``, cached per home, server, collection and model; its Chroma client
    reopened when another process changed the library, and checked and repaired when a maintenance step
    was interrupted (one meta row read otherwise).

    :raises EmbeddingMismatchError: the library was built with another embedding model.
    """
    embedder = embedder or get_embedder(settings)
    key = (str(settings.home.resolve()), settings.chroma_server, settings.collection, embedder.model_id)
    with _OPEN_LOCK:
        lib = _OPEN.get(key)
        if lib is None:
            lib = Library(settings, embedder)
            _OPEN[key] = lib
    lib._check_model()
    lib.refresh()
    if lib.needs_check():
        repair_if_interrupted(lib)
    return lib


def repair_if_interrupted(lib: Library) -> CheckResult | None:
    """Run :meth:`Library.check` when the marker is set and no writer is at work (its lock is free).

    :returns: what was repaired, or None when nothing was checked.
    """
    with library_lock(lib.settings, blocking=False) as free:
        if free and lib.needs_check():
            lib.last_repair = lib.check()
            return lib.last_repair
    return None


def forget_open_libraries() -> None:
    """Close every cached library (tests, reindex)."""
    with _OPEN_LOCK:
        for lib in _OPEN.values():
            lib.close()
        _OPEN.clear()


