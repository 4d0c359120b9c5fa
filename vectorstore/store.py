"""The library: chunk text and metadata in sidecar tables, vectors in Chroma (collections per section).

Why this layout (measured, see bench/RESULTS.md): Chroma writes ids+vectors about 2.5x faster than
ids+vectors+documents+metadata, and a ``where={"section": …}`` filter is slow on a large collection,
whereas choosing a collection costs nothing. So Chroma holds only ids and vectors, split by section, and
the sidecar tables (:mod:`vectorstore.sidecar`: ``<home>/library.db`` by default, the ``database_url``
database for a server) hold text, metadata, jieba tokens, the report manifest, each report's file bytes and
parsed report, and the BM25 segments. With ``database_url`` on PostgreSQL and ``chroma_server`` set,
nothing of the library lives in a process's folder: any number of app processes serve one library.

A section's vectors fill shards of at most :data:`SHARD_MAX` vectors (collections ``<name>-<section>``,
``<name>-<section>.1`` …): a write goes to the newest shard only, so its cost does not grow with the
library, and a read asks every shard of the section (:meth:`Library.shards`). Which shard holds a chunk is
not recorded: a delete or a read by id asks them all (deletes are rare, and Chroma answers for the ids a
shard holds).

Crash safety: a batch writes chunk rows (and the stored files), then vectors, then the manifest rows last;
a removal deletes the manifest row first, then vectors, then chunk rows. So a report is visible only while
it is whole, and a kill at any point leaves chunks without a manifest row, which :meth:`Library.check`
removes. Every maintenance step (ingest, remove, reindex) sets a ``dirty`` marker in the meta table first
and clears it last; :func:`open_library` reads that one row and runs the full :meth:`Library.check` only
when a step was interrupted (no other process holds the library's writer lock), so a clean open does no
O(N) work. Bulk writes are Core ``executemany`` inserts.

Another process (the CLI while the app serves, or another app process) changes the library under a cached
:class:`Library`: the ``generation`` counter tells, and the local Chroma client, whose in-memory index
would then be stale, is reopened (:meth:`Library.refresh`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel
from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from assistant.core.errors import EmbeddingMismatchError
from assistant.core.passages import Chunk, ChunkMeta
from assistant.core.settings import Settings
from vectorstore import sidecar
from vectorstore import sidecar as T  # the tables: T.chunks, T.reports, T.meta, T.files
from vectorstore.client import close_client, make_client, open_collection
from vectorstore.embeddings import Embedder, get_embedder
from vectorstore.rows import ReportRow, StoredFile
from vectorstore.tokenize import tokenize_many

EMBED_BATCH = 512
# Vectors per Chroma collection before a section's next shard opens. Chroma's local HNSW saves its whole
# id map every 1,000 writes, so a write into a large collection costs in proportion to its size. Writes
# go to a section's newest shard only; a search asks every shard of the section and merges. Measured at
# 1M chunks (bench/RESULTS.md, sixth pass): a 10k-chunk ingest step at 1,275 / 2,383 / 3,283 chunks/s
# with one collection per section / shards of 50k / 25k, the unfiltered search p95 at 31 / 34–42 / 68 ms.
SHARD_MAX = 25_000


@contextlib.contextmanager
def library_lock(settings: Settings, blocking: bool = True) -> Iterator[bool]:
    """Exclusive lock: one writer per library at a time (a file lock, or a PostgreSQL advisory lock for a
    shared database; :func:`vectorstore.sidecar.writer_lock`). Yields False (without waiting) when
    ``blocking`` is off and another writer holds it."""
    with sidecar.writer_lock(settings, blocking) as got:
        yield got


class CheckResult(BaseModel):
    """What :meth:`Library.check` found and repaired."""

    incomplete_reports: int = 0  # chunks without a manifest row (a killed ingest or removal)
    duplicate_reports: int = 0  # older reports of a source that a killed replacement left
    missing_vectors: int = 0  # chunks re-embedded (a killed ingest or reindex)
    orphan_vectors: int = 0  # vectors without a chunk row, deleted
    files_adopted: int = 0  # files of older reports read into the database from their source path

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


def collection_name(settings: Settings, section: str, shard: int = 0) -> str:
    """The Chroma collection that holds shard ``shard`` of one section's vectors (shard 0 keeps the name a
    library had before sections were sharded)."""
    base = f"{settings.collection}-{section or 'none'}"
    return f"{base}.{shard}" if shard else base


def shard_of(settings: Settings, section: str, name: str) -> int | None:
    """The shard number of collection ``name`` when it holds ``section``'s vectors, else None."""
    base = collection_name(settings, section)
    if name == base:
        return 0
    head, _, tail = name.rpartition(".")
    return int(tail) if head == base and tail.isdigit() else None


class Library:
    """Sidecar tables (SQLAlchemy, :mod:`vectorstore.sidecar`) + per-section Chroma collections. Open with
    :func:`open_library`."""

    def __init__(self, settings: Settings, embedder: Embedder, check_model: bool = True) -> None:
        self.settings = settings
        self.embedder = embedder
        self.engine: Engine = sidecar.engine_for(settings)
        self.lock = threading.RLock()
        self._client: Any = None
        self._collections: dict[str, list[Any]] = {}  # section -> its shards, oldest first
        self._names: set[str] | None = None  # the Chroma collections that exist (read once per refresh)
        self._counts: dict[str, int] = {}  # vectors per shard, counted once and then kept up to date
        self._generation = self.generation()
        self._steps = 0
        self._maintenance_depth = 0
        self.last_repair: CheckResult | None = None  # what the last automatic repair at open did
        self._recent: dict[str, np.ndarray] = {}
        if check_model:
            self._check_model()

    @property
    def client(self) -> Any:
        """The Chroma client, made on first use: commands that only read the sidecar never import chromadb."""
        with self.lock:
            if self._client is None:
                self._client = make_client(self.settings)
        return self._client

    def _rows(self, query: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(query).all())

    # ------------------------------------------------------------------ meta
    def get_meta(self, key: str, default: str = "") -> str:
        """A value from the meta table."""
        with self.engine.connect() as conn:
            value = conn.execute(select(T.meta.c.value).where(T.meta.c.key == key)).scalar()
        return default if value is None else str(value)

    @staticmethod
    def _put_meta(conn: Connection, key: str, value: object) -> None:
        sidecar.put_meta(conn, key, value)

    def set_meta(self, key: str, value: object) -> None:
        """Write one meta value (its own transaction)."""
        with self.engine.begin() as conn:
            self._put_meta(conn, key, value)

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

    def _bump_generation(self, conn: Connection) -> None:
        """Record a change of the chunk set (inside the caller's transaction, after its writes)."""
        current = conn.execute(select(T.meta.c.value).where(T.meta.c.key == "generation")
                               .with_for_update()).scalar()  # PostgreSQL: bumps queue, none is lost
        self._generation = int(current or 0) + 1
        self._put_meta(conn, "generation", self._generation)

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
            self._forget_collections()
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
            self.set_meta("dirty", step)
        self._maintenance_depth += 1
        try:
            yield
        finally:
            self._maintenance_depth -= 1
        if self._maintenance_depth == 0:  # not on an exception: the step may have stopped half-way
            with self.engine.begin() as conn:
                conn.execute(delete(T.meta).where(T.meta.c.key == "dirty"))

    def needs_check(self) -> bool:
        """Whether a maintenance step was interrupted (one row read)."""
        return bool(self.get_meta("dirty"))

    def collection(self, section: str, create: bool = True) -> Any:
        """The first Chroma collection (shard 0) of ``section`` (None when absent and not ``create``)."""
        shards = self.shards(section, create=create)
        return shards[0] if shards else None

    def shards(self, section: str, create: bool = False) -> list[Any]:
        """The Chroma collections holding ``section``'s vectors, oldest first; with ``create``, shard 0 is
        made when the section has none yet.

        :raises EmbeddingMismatchError: a collection holds vectors of another model.
        """
        with self.lock:
            if section not in self._collections:
                numbers = self._shard_numbers(section)
                if not numbers and create:
                    numbers = [0]
                cols = [self._open(section, n, create=create) for n in numbers]
                if not cols or any(c is None for c in cols):
                    return []
                self._collections[section] = cols
            return self._collections[section]

    def _shard_numbers(self, section: str) -> list[int]:
        """The shard numbers of ``section``'s collections that exist, ascending."""
        if self._names is None:
            self._names = {col.name for col in self.client.list_collections()}
        return sorted(n for n in (shard_of(self.settings, section, name) for name in self._names) if n is not None)

    def _open(self, section: str, shard: int, create: bool) -> Any:
        name = collection_name(self.settings, section, shard)
        col = open_collection(self.client, name, self.embedder.model_id, self.embedder.dimension, create=create)
        if col is not None and self._names is not None:
            self._names.add(name)
        return col

    def _write_shard(self, section: str, n: int) -> Any:
        """The shard of ``section`` that takes ``n`` more vectors: its newest, or a new one once that is full."""
        shards = self.shards(section, create=True)
        last = shards[-1]
        if last.name not in self._counts:
            self._counts[last.name] = last.count()
        if self._counts[last.name] and self._counts[last.name] + n > SHARD_MAX:
            number = shard_of(self.settings, section, last.name)
            last = self._open(section, (number or 0) + 1, create=True)
            shards.append(last)
            self._counts[last.name] = 0
        return last

    def _forget_collections(self) -> None:
        self._collections.clear()
        self._names = None
        self._counts.clear()

    def sections(self) -> list[str]:
        """Section keys present in the library."""
        return [r[0] for r in self._rows(select(T.chunks.c.section).distinct().order_by(T.chunks.c.section))]

    # ------------------------------------------------------------------ write
    def add_reports(self, items: list[tuple[ReportRow, list[Chunk]]], tokens: list[str] | None = None,
                    files: list[StoredFile] | None = None, vectors: np.ndarray | None = None) -> int:
        """Add complete reports as one unit: chunk rows (and stored files), then vectors, then manifest
        rows last.

        :param tokens: the chunks' BM25 tokens, space-joined, in order (computed when None).
        :param files: the reports' files (bytes and parsed report), written with the chunk rows.
        :param vectors: the chunks' vectors from this library's embedder, in order (computed when None).
        :returns: the number of chunks written.
        """
        chunks = [c for _, cs in items for c in cs]
        if vectors is None or len(vectors) != len(chunks):
            vectors = np.asarray(self._embed([c.text for c in chunks]), dtype=np.float32)
        if tokens is None:
            tokens = [" ".join(t) for t in tokenize_many([c.text for c in chunks])]
        rows = [
            {"id": c.id, "report_id": c.meta.report_id, "section": c.meta.section, "subpart": c.meta.subpart,
             "text": c.text, "tokens": t, "meta": c.meta.model_dump_json()}
            for c, t in zip(chunks, tokens, strict=False)
        ]
        report_ids = [row.report_id for row, _ in items]
        with self.lock:
            self._set_model_once()
            with self.engine.begin() as conn:
                for i in range(0, len(report_ids), 500):  # leftovers of a killed write of the same reports
                    conn.execute(delete(T.chunks).where(T.chunks.c.report_id.in_(report_ids[i : i + 500])))
                if rows:
                    conn.execute(insert(T.chunks), rows)
                if files:
                    self._put_files(conn, files)
            self.stage("chunks written")
            self._add_vectors(chunks, vectors)
            self.stage("vectors written")
            now = dt.datetime.now().isoformat(timespec="seconds")
            with self.engine.begin() as conn:
                conn.execute(delete(T.reports).where(T.reports.c.report_id.in_(report_ids)))
                conn.execute(insert(T.reports), [{**row.model_dump(), "ingested_at": now} for row, _ in items])
                self._bump_generation(conn)
            self.stage("manifest written")
        return len(chunks)

    @staticmethod
    def _put_files(conn: Connection, stored: list[StoredFile]) -> None:
        ids = [f.report_id for f in stored]
        for i in range(0, len(ids), 500):
            conn.execute(delete(T.files).where(T.files.c.report_id.in_(ids[i : i + 500])))
        conn.execute(insert(T.files), [f.model_dump() for f in stored])

    def put_file(self, stored: StoredFile) -> None:
        """Store (or replace) one report's file bytes and parsed report."""
        with self.engine.begin() as conn:
            self._put_files(conn, [stored])

    def stored_file(self, report_id: str) -> StoredFile | None:
        """The stored file of a report (bytes and parsed report), None when none was stored."""
        rows = self._rows(select(T.files).where(T.files.c.report_id == report_id))
        return StoredFile(**rows[0]._mapping) if rows else None

    def reports_without_file(self) -> list[ReportRow]:
        """Complete reports whose file is not stored in the database (ingested before files were)."""
        stored = select(T.files.c.report_id).where(T.files.c.data.is_not(None))
        return self._report_rows(select(T.reports).where(T.reports.c.report_id.not_in(stored)))

    def refresh_report(self, row: ReportRow, chunks: list[Chunk], tokens: list[str],
                       stored: StoredFile | None = None) -> int:
        """Replace a stored report's metadata and sections by a new reading of the same file.

        Chunks whose id (report, section, sub-part, paragraph and text) is unchanged keep their vectors and only
        get the new metadata; new chunks are embedded; chunks no longer produced are removed.

        :returns: the number of chunks embedded (0 when only metadata changed).
        """
        with self.lock:
            old = {cid: section for cid, section in self._rows(
                select(T.chunks.c.id, T.chunks.c.section).where(T.chunks.c.report_id == row.report_id))}
            fresh = [c for c in chunks if c.id not in old]
            vectors = self._embed([c.text for c in fresh])
            gone: dict[str, list[str]] = defaultdict(list)
            for cid in set(old) - {c.id for c in chunks}:
                gone[old[cid]].append(cid)
            for section, ids in gone.items():
                for col in self.shards(section):
                    for i in range(0, len(ids), 5000):
                        col.delete(ids=ids[i : i + 5000])
            self._add_vectors(fresh, vectors)
            data = {**row.model_dump(), "ingested_at": dt.datetime.now().isoformat(timespec="seconds")}
            with self.engine.begin() as conn:
                for section_ids in gone.values():
                    for i in range(0, len(section_ids), 500):
                        conn.execute(delete(T.chunks).where(T.chunks.c.id.in_(section_ids[i : i + 500])))
                kept = [{"cid": c.id, "tokens": tok, "meta": c.meta.model_dump_json(), "subpart": c.meta.subpart}
                        for c, tok in zip(chunks, tokens, strict=False) if c.id in old]
                if kept:
                    conn.execute(update(T.chunks).where(T.chunks.c.id == bindparam("cid")).values(
                        tokens=bindparam("tokens"), meta=bindparam("meta"), subpart=bindparam("subpart")), kept)
                new = [{"id": c.id, "report_id": c.meta.report_id, "section": c.meta.section,
                        "subpart": c.meta.subpart, "text": c.text, "tokens": tok, "meta": c.meta.model_dump_json()}
                       for c, tok in zip(chunks, tokens, strict=False) if c.id not in old]
                if new:
                    conn.execute(insert(T.chunks), new)
                if stored is not None:
                    self._put_files(conn, [stored])
                conn.execute(update(T.reports).where(T.reports.c.report_id == row.report_id).values(**data))
                self._bump_generation(conn)
        return len(fresh)

    def parser_version(self, report_id: str) -> int | None:
        """The parser version a stored report was read with; None when the report is not stored."""
        rows = self._rows(select(T.reports.c.parser_version).where(T.reports.c.report_id == report_id))
        return None if not rows else int(rows[0][0] or 0)

    def parser_versions(self, report_ids: list[str]) -> dict[str, int]:
        """``{report id: parser version}`` of those of ``report_ids`` that are stored (one query per 500)."""
        r = T.reports.c
        out: dict[str, int] = {}
        for i in range(0, len(report_ids), 500):
            for rid, version in self._rows(select(r.report_id, r.parser_version)
                                           .where(r.report_id.in_(report_ids[i : i + 500]))):
                out[rid] = int(version or 0)
        return out

    def report_ids_by_source(self, sources: list[str]) -> dict[str, list[str]]:
        """``{source: [report id, …]}`` of the manifest rows recorded for these source paths."""
        r = T.reports.c
        out: dict[str, list[str]] = defaultdict(list)
        unique = sorted(set(sources))
        for i in range(0, len(unique), 500):
            for rid, source in self._rows(select(r.report_id, r.source).where(r.source.in_(unique[i : i + 500]))):
                out[source].append(rid)
        return out

    def _set_model_once(self) -> None:
        if not self.get_meta("model_id"):
            with self.engine.begin() as conn:
                self._put_meta(conn, "model_id", self.embedder.model_id)
                self._put_meta(conn, "dimension", self.embedder.dimension)

    def _embed(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), EMBED_BATCH):
            out.extend(self.embedder.embed_documents(texts[i : i + EMBED_BATCH]))
        return out

    def _add_vectors(self, chunks: list[Chunk], vectors: Any) -> None:
        arr = np.asarray(vectors, dtype=np.float32)
        rows: dict[str, list[int]] = defaultdict(list)
        for i, chunk in enumerate(chunks):
            rows[chunk.meta.section].append(i)
        self.upsert_vectors({section: ([chunks[i].id for i in idx], arr[idx]) for section, idx in rows.items()})

    def upsert_vectors(self, by_section: dict[str, tuple[list[str], Any]]) -> None:
        """Write ``{section: (ids, vectors)}`` into the section collections in big batches."""
        step = max(1, min(5000, self.client.get_max_batch_size()))
        for section, (ids, vecs) in by_section.items():
            for i in range(0, len(ids), step):
                part = ids[i : i + step]
                col = self._write_shard(section, len(part))
                col.upsert(ids=part, embeddings=vecs[i : i + step])
                self._counts[col.name] += len(part)
                self.stage("vectors upserted")
            if len(self._recent) + len(ids) > RECENT_MAX:
                self._recent.clear()
            self._recent.update(zip(ids, np.asarray(vecs, dtype=np.float32), strict=False))

    def remove(self, report_ids: Iterable[str]) -> int:
        """Remove reports: manifest row first (the report disappears whole), then vectors, then chunk rows
        (and the stored file).

        :returns: the number of manifest rows removed.
        """
        count = 0
        with self.lock:
            for report_id in report_ids:
                with self.engine.begin() as conn:
                    count += conn.execute(delete(T.reports).where(T.reports.c.report_id == report_id)).rowcount
                    self._bump_generation(conn)
                self.stage("manifest removed")
                self._drop_chunks(report_id)
        return count

    def _drop_chunks(self, report_id: str) -> None:
        """Delete a report's vectors, then its chunk rows and stored file."""
        by_section: dict[str, list[str]] = defaultdict(list)
        for cid, section in self._rows(select(T.chunks.c.id, T.chunks.c.section)
                                       .where(T.chunks.c.report_id == report_id)):
            by_section[section].append(cid)
        for section, ids in by_section.items():
            shards = self.shards(section)
            for i in range(0, len(ids), 5000):
                for col in shards:
                    col.delete(ids=ids[i : i + 5000])
                self.stage("vectors removed")
        with self.engine.begin() as conn:
            conn.execute(delete(T.chunks).where(T.chunks.c.report_id == report_id))
            conn.execute(delete(T.files).where(T.files.c.report_id == report_id))
            self._bump_generation(conn)
        self.stage("chunks removed")

    def clean_incomplete(self) -> list[str]:
        """Remove half-written or half-removed reports (chunks without a manifest row). :returns: their ids."""
        listed = select(T.reports.c.report_id)
        ids = [r[0] for r in self._rows(select(T.chunks.c.report_id).distinct()
                                        .where(T.chunks.c.report_id.not_in(listed)))]
        with self.lock:
            for report_id in ids:
                self._drop_chunks(report_id)
            with self.engine.begin() as conn:  # files of reports whose write was killed before the manifest
                conn.execute(delete(T.files).where(T.files.c.report_id.not_in(listed)))
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
            dup = select(T.reports.c.source).group_by(T.reports.c.source).having(func.count() > 1)
            for (source,) in self._rows(dup):
                rows = self._rows(select(T.reports.c.report_id).where(T.reports.c.source == source)
                                  .order_by(T.reports.c.seq.desc()))
                stale += [r[0] for r in rows[1:]]
            result.duplicate_reports = self.remove(stale)
            for section in self.sections():
                missing, orphans = self._check_vectors(section)
                result.missing_vectors += missing
                result.orphan_vectors += orphans
            with self.engine.begin() as conn:
                conn.execute(delete(T.meta).where(T.meta.c.key == "dirty"))
        return result

    def _check_vectors(self, section: str) -> tuple[int, int]:
        """Embed the chunks of ``section`` that have no vector; delete vectors that have no chunk."""
        wanted = {r[0]: r[1] for r in self._rows(select(T.chunks.c.id, T.chunks.c.text)
                                                  .where(T.chunks.c.section == section))}
        stored: set[str] = set()
        orphans: list[tuple[Any, list[str]]] = []
        page = 10_000
        for col in self.shards(section, create=True):
            held: list[str] = []
            offset = 0
            while True:
                got = col.get(include=[], limit=page, offset=offset)["ids"]
                held.extend(got)
                if len(got) < page:
                    break
                offset += page
            # a vector without a chunk, or a second copy of one in a later shard
            orphans.append((col, [cid for cid in held if cid not in wanted or cid in stored]))
            stored.update(held)
        lacking = [cid for cid in wanted if cid not in stored]
        for i in range(0, len(lacking), 4096):
            ids = lacking[i : i + 4096]
            self.upsert_vectors({section: (ids, self._embed([wanted[c] for c in ids]))})
        for col, ids in orphans:
            for i in range(0, len(ids), 5000):
                col.delete(ids=ids[i : i + 5000])
        n_orphans = sum(len(ids) for _, ids in orphans)
        if lacking or n_orphans:
            with self.engine.begin() as conn:
                self._bump_generation(conn)
        return len(lacking), n_orphans

    # ------------------------------------------------------------------ read
    def token_rows(self, after_rid: int = 0) -> list[tuple]:
        """(chunk id, tokens, filter columns…, year, rowid) of every chunk of a complete report, in insertion
        order; with ``after_rid``, only the chunks written after that rowid (an incremental BM25 update)."""
        c, r = T.chunks.c, T.reports.c
        query = (select(c.id, c.tokens, c.section, c.subpart, c.report_id, r.unit, r.level, r.province, r.city,
                        r.county, r.format_version, r.year, c.rid)
                 .join_from(T.chunks, T.reports, r.report_id == c.report_id)
                 .where(c.rid > after_rid).order_by(c.rid))
        return [tuple(row) for row in self._rows(query)]

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
            for start in range(0, len(positions), 5000):
                part = positions[start : start + 5000]
                for col in self.shards(section):
                    got = col.get(ids=[ids[i] for i in part], include=["embeddings"])
                    if got["ids"]:
                        row_of = {cid: j for j, cid in enumerate(got["ids"])}
                        vecs = np.asarray(got["embeddings"], dtype=np.float32)
                        found = [i for i in part if ids[i] in row_of]
                        out[found] = vecs[[row_of[ids[i]] for i in found]]
                        part = [i for i in part if ids[i] not in row_of]
                    if not part:
                        break
                if part:
                    return None
        return out

    def complete_chunks_upto(self, rid: int) -> int:
        """How many chunks of complete reports have a rowid ≤ ``rid`` (fewer than an index built up to
        ``rid`` holds means some were removed or replaced since)."""
        # IN, not a join: SQLite then counts from the report_id index per report (10x faster than reading
        # every chunk row up to ``rid``; this runs on every ingest).
        query = (select(func.count()).select_from(T.chunks)
                 .where(T.chunks.c.rid <= rid, T.chunks.c.report_id.in_(select(T.reports.c.report_id))))
        return int(self._rows(query)[0][0])

    def _report_rows(self, query: Any) -> list[ReportRow]:
        return [ReportRow(**{k: v for k, v in row._mapping.items() if k != "seq" and v is not None})
                for row in self._rows(query)]

    def reports(self, report_id: str | None = None, source: str | None = None,
                parser_below: int | None = None) -> list[ReportRow]:
        """Complete reports (all, or those with this id, source, or a parser version below ``parser_below``),
        by unit and year."""
        r = T.reports.c
        query = select(T.reports)
        if report_id is not None:
            query = query.where(r.report_id == report_id)
        if source is not None:
            query = query.where(r.source == source)
        if parser_below is not None:
            query = query.where(r.parser_version < parser_below)
        return self._report_rows(query.order_by(r.unit, r.year, r.source))

    def report_for_source(self, source: str) -> list[ReportRow]:
        """Manifest rows recorded for a source path."""
        return self.reports(source=source)

    def has_report(self, report_id: str) -> bool:
        """Whether a complete report with this id is in the library."""
        return bool(self._rows(select(T.reports.c.seq).where(T.reports.c.report_id == report_id)))

    def chunk_count(self) -> int:
        """Number of chunk rows."""
        return int(self._rows(select(func.count()).select_from(T.chunks))[0][0])

    def fetch(self, ids: list[str]) -> dict[str, tuple[str, ChunkMeta]]:
        """``{chunk id: (text, meta)}`` for the given ids."""
        out: dict[str, tuple[str, ChunkMeta]] = {}
        c = T.chunks.c
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 900):
                for cid, text_, meta in conn.execute(select(c.id, c.text, c.meta).where(c.id.in_(ids[i : i + 900]))):
                    out[cid] = (text_, ChunkMeta.model_validate_json(meta))
        return out

    def reindex(self) -> int:
        """Re-embed every stored chunk with the current embedder into fresh collections.

        :returns: the number of chunks re-embedded.
        """
        with self.lock:
            sections = self.sections()
            self._forget_collections()
            for section in sections:
                for number in self._shard_numbers(section):  # by name: opening them would check the old model
                    with contextlib.suppress(Exception):  # dropped meanwhile: nothing to drop
                        self.client.delete_collection(collection_name(self.settings, section, number))
                self.stage("collection dropped")
            self._forget_collections()
            with self.engine.begin() as conn:
                self._put_meta(conn, "model_id", self.embedder.model_id)
                self._put_meta(conn, "dimension", self.embedder.dimension)
                self._bump_generation(conn)
            total = 0
            for section in sections:
                rows = self._rows(select(T.chunks.c.id, T.chunks.c.text).where(T.chunks.c.section == section)
                                  .order_by(T.chunks.c.rid))
                for i in range(0, len(rows), 4096):
                    batch = rows[i : i + 4096]
                    ids = [r[0] for r in batch]
                    self.upsert_vectors({section: (ids, self._embed([r[1] for r in batch]))})
                    total += len(ids)
        return total

    def close(self) -> None:
        """Nothing to close: the engine is shared (see :func:`vectorstore.sidecar.dispose_engines`)."""


_OPEN: dict[tuple, Library] = {}
_OPEN_LOCK = threading.Lock()


def has_reports(settings: Settings) -> bool:
    """Whether the library holds at least one complete report (a read-only peek: no embedder, no Chroma,
    no SQLite file created)."""
    if not sidecar.exists(settings):
        return False
    try:
        with sidecar.engine_for(settings).connect() as conn:
            return conn.execute(select(T.reports.c.seq).limit(1)).first() is not None
    except SQLAlchemyError:  # unreadable: no library to draw on
        return False


def open_library(settings: Settings, embedder: Embedder | None = None) -> Library:
    """The library of ``settings``, cached per home, server, collection and model; its Chroma client
    reopened when another process changed the library, and checked and repaired when a maintenance step
    was interrupted (one meta row read otherwise).

    :raises EmbeddingMismatchError: the library was built with another embedding model.
    """
    embedder = embedder or get_embedder(settings)
    key = (str(settings.home.resolve()), settings.database_url, settings.chroma_server, settings.collection, embedder.model_id)
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
    with sidecar.writer_lock(lib.settings, blocking=False) as free:
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
    sidecar.dispose_engines()


