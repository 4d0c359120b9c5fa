"""Ingest files and folders into the library (style.md B8): idempotent, tolerant of bad files, crash safe.

Each file is hashed (sha256 = report id). A file whose content is already complete in the library is
skipped; a changed file at the same source path (the same file re-imported on purpose) replaces its old
report and is counted as ``replaced``; a file that fails to parse is recorded with its Chinese message and
the batch goes on. Uploads from the app are stored under content-addressed names
(``<home>/uploads/<sha256[:16]>/<name>``, :func:`store_upload`), so two townships' files of one name never
replace each other; an upload is deleted with its report. Reports are written in groups, each group's
manifest rows last (see vectorstore/store.py), under the library's writer lock (a file lock on
``<home>/ingest.lock``, or a PostgreSQL advisory lock for a shared database), with the library's ``dirty``
marker set: a killed step is repaired by the next open (:func:`check_library`).

Every ingested file's bytes and its parsed report are stored in the library's database with its chunks, so
whole reports (the previous year's, peers, :func:`stored_report`) and ``library reparse`` never need the
source path, which exists only on the machine that ingested it. ``library check`` reads in, once, the files
of reports ingested before files were stored (:func:`adopt_files`).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from assistant.core.errors import EmptyRemoveKeyError, InputFileError, NotInLibraryError, ReportError
from assistant.core.passages import Chunk
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.library import ingest_pool
from assistant.library.ingest_job import FailedFile, begin_job, failure, finish_jobs, finished, prepare, run_jobs
from ingest.assets import is_page_asset
from vectorstore import bm25_index
from vectorstore.rows import ReportRow, StoredFile
from vectorstore.store import CheckResult, Library, library_lock, open_library

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".doc")
GROUP_CHUNKS = 4000  # chunks per write group (one Chroma upsert per section)
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "library" / "samples"
Progress = Callable[[int, int, str], None]  # (files done, files total, current file)


class IngestResult(BaseModel):
    """What one ingest run did."""

    files: int = 0
    ingested: int = 0
    skipped_unchanged: int = 0
    replaced: int = 0
    refreshed: int = 0  # stored reports read again by a newer parser (unchanged chunks keep their vectors)
    failed: list[FailedFile] = Field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0


def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[Path]]:
    """Supported files under ``paths`` (folders recursively, sorted) and the paths that do not exist."""
    found: list[Path] = []
    missing: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUFFIXES and not is_page_asset(p)))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(path)
    return found, missing


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """Exclusive lock: one writer per data directory at a time."""
    with library_lock(settings):
        yield


UPLOADS = "uploads"
NAME_MAX = 120  # characters of an uploaded file's name kept on disk


@contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """Keep the objects this process held before the ingest out of the ingest's full garbage collections.

    A 1,000-report ingest runs about three; each walked every object of the process (the app's or the
    command's imports and caches, ~100,000): 0.26–0.29 s of this process's CPU, 0.07–0.09 s frozen. They are
    unfrozen at the end, so nothing is kept from collection after it (a second ingest on another thread that
    ends first only unfreezes them early).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def uploads_dir(settings: Settings) -> Path:
    """Where the app keeps uploaded reports (相似报告 opens a whole report from its source file)."""
    return settings.home / UPLOADS


def store_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Write an uploaded file under a content-addressed folder and return its path: the same bytes land
    on the same path (re-importing skips), different files of one name never collide."""
    digest = hashlib.sha256(data).hexdigest()
    base = Path(name).name.replace("\x00", "") or "upload"
    stem, suffix = Path(base).stem[:NAME_MAX], Path(base).suffix[:10]
    folder = uploads_dir(settings) / digest[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}{suffix}"
    if not path.is_file():
        tmp = folder / f".{os.getpid()}.{digest[:8]}.part"
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def _delete_upload(settings: Settings, source: str) -> None:
    """Delete an uploaded source file (and its folder) once its report is gone; files elsewhere stay."""
    root = uploads_dir(settings).resolve()
    path = Path(source)
    if root in path.parents and path.parent != root:
        shutil.rmtree(path.parent, ignore_errors=True)


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _plan(files: list[Path], lib: Library, result: IngestResult) -> tuple[list[tuple[Path, str]], set[str]]:
    """(file, report id) of the files to parse, and which of those ids are stored already (read by an
    older parser: their metadata and sections are refreshed); unchanged and duplicate files are counted as
    skipped.
    """
    from ingest.parse import PARSER_VERSION

    hashed: list[tuple[Path, str]] = []
    for path in files:
        try:
            hashed.append((path, file_sha256(path)))
        except OSError as err:
            result.failed.append(failure(path, InputFileError(file=str(path), reason=str(err))))
    versions = lib.parser_versions(sorted({rid for _, rid in hashed}))
    todo: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for path, report_id in hashed:
        stored = versions.get(report_id)
        if report_id in seen or (stored is not None and stored >= PARSER_VERSION):
            result.skipped_unchanged += 1
        else:
            seen.add(report_id)
            todo.append((path, report_id))
    return todo, set(versions)


class _Writer:
    """Collects prepared reports and writes them in groups, replacing older versions of each source."""

    def __init__(self, lib: Library, result: IngestResult, stored: set[str]) -> None:
        self.lib, self.result, self.stored = lib, result, stored  # stored: ids already in the library
        self.pending: list[tuple[ReportRow, list[Chunk]]] = []
        self.tokens: list[str] = []
        self.files: list[StoredFile] = []
        self.vectors: list[np.ndarray | None] = []
        self.n_chunks = 0

    def add(self, row: ReportRow, chunks: list[Chunk], tokens: list[str], file: StoredFile,
            vectors: np.ndarray | None = None) -> None:
        """Queue one report (or refresh a stored one read by an older parser); write groups of GROUP_CHUNKS."""
        stored = self.lib.reports(report_id=row.report_id) if row.report_id in self.stored else []
        if stored:
            if stored[0].sample != row.sample:  # a 示例 report stays one (and a user's stays theirs)
                row = row.model_copy(update={"sample": stored[0].sample})
                chunks = [c.model_copy(update={"meta": c.meta.model_copy(update={"sample": row.sample})})
                          for c in chunks]
            self.result.chunks += self.lib.refresh_report(row, chunks, tokens, file)
            self.result.refreshed += 1
            return
        self.pending.append((row, chunks))
        self.tokens.extend(tokens)
        self.files.append(file)
        self.vectors.append(vectors)
        self.n_chunks += len(chunks)
        if self.n_chunks >= GROUP_CHUNKS:
            self.flush()

    def flush(self) -> None:
        """Write the queued reports as one unit, then drop older versions of their sources (a source
        re-imported with new content is a replacement, not an addition)."""
        if not self.pending:
            return
        vectors = None
        if self.vectors and all(v is not None for v in self.vectors):
            vectors = np.concatenate([v for v in self.vectors if v is not None])
        self.result.chunks += self.lib.add_reports(self.pending, self.tokens, self.files, vectors)
        by_source = self.lib.report_ids_by_source([row.source for row, _ in self.pending])
        for row, _ in self.pending:
            stale = [rid for rid in by_source.get(row.source, []) if rid != row.report_id]
            if stale and self.lib.remove(stale):
                self.result.replaced += 1
            else:
                self.result.ingested += 1
            self.lib.stage("source replaced")
        self.pending, self.tokens, self.files, self.vectors, self.n_chunks = [], [], [], [], 0


def ingest_paths(
    paths: Iterable[Path | str], settings: Settings, progress: Progress | None = None, sample: bool = False
) -> IngestResult:
    """Ingest files and folders (recursively: .txt .docx .pdf .html .htm .doc) into the library.

    :param progress: called as ``progress(done, total, file)`` after each file.
    :param sample: mark the reports as part of the shipped 示例 library.
    :returns: counts, failures (with Chinese messages) and timing.
    :raises EmbeddingMismatchError: the library was built with another embedding model.
    """
    started = time.perf_counter()
    files, missing = collect_files(paths)
    result = IngestResult(files=len(files) + len(missing))
    result.failed.extend(failure(p, InputFileError(file=str(p), reason="not found")) for p in missing)
    lib = open_library(settings)
    with ingest_lock(settings), _old_objects_frozen():
        # An earlier step was killed: repair before adding to it (every write runs under ``maintenance``, so a
        # half-written report always leaves this marker; no need to scan the chunks for one on every ingest).
        if lib.needs_check():
            lib.check()
        with lib.maintenance("ingest"):
            todo, stored = _plan(files, lib, result)
            # Files unchanged since their last ingest start no pool; while one starts, the client is opened.
            with ingest_pool.mapper(len(todo), meanwhile=lambda: lib.client) as mapping:
                _ingest_files(lib, files, todo, stored, mapping, settings, sample, result, progress)
            # After the pool is gone (its workers' tokenizer and memo given back): the app's next search starts
            # fast; a `nianbao ingest` appends to the saved index without loading it.
            bm25_index.refresh(lib)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _ingest_files(lib: Library, files: list[Path], todo: list[tuple[Path, str]], stored: set[str],
                  mapping: tuple[ingest_pool.Mapper, bool], settings: Settings, sample: bool,
                  result: IngestResult, progress: Progress | None) -> None:
    """Parse and write the ``todo`` files of ``files`` (under the lock, with the marker set): ``stored``
    and ``todo`` are ``_plan``'s, ``mapping`` is ``ingest_pool.mapper``'s."""
    mapper, embed = mapping
    writer = _Writer(lib, result, stored)
    done = len(files) - len(todo)
    jobs = [(str(path), report_id, settings, sample, embed) for path, report_id in todo]
    # While the pool starts, this process parses and chunks the first files; the workers tokenize and embed them.
    head = ingest_pool.HeadStart(begin_job, finish_jobs, finished)
    for (path, *_), (prepared, failed) in mapper(run_jobs, jobs, head):
        if prepared is not None:
            writer.add(*prepared)
        if failed is not None:
            result.failed.append(failed)
        done += 1
        if progress is not None:
            progress(done, len(files), path)
    writer.flush()


def ensure_sample_library(settings: Settings, samples: Path = SAMPLES_DIR) -> IngestResult | None:
    """Ingest the shipped sample reports when the library is empty; None when it already has reports."""
    lib = open_library(settings)
    if lib.reports() or not samples.is_dir():
        return None
    return ingest_paths([samples], settings, sample=True)


def stale_sources(settings: Settings) -> tuple[list[Path], list[ReportRow]]:
    """Reports read by an older parser: (their source files still present, the rows whose file is gone)."""
    from ingest.parse import PARSER_VERSION

    present: list[Path] = []
    gone: list[ReportRow] = []
    for row in open_library(settings).reports(parser_below=PARSER_VERSION):
        path = Path(row.source)
        (present.append(path) if path.is_file() else gone.append(row))
    return present, gone


def reparse(settings: Settings, progress: Progress | None = None) -> tuple[IngestResult, list[ReportRow]]:
    """Read again every stored report an older parser read, refreshing its metadata and sections without
    re-embedding unchanged chunks: from its source file when this machine has it, else from the bytes stored
    in the library's database (a report ingested on another machine). :returns: the ingest result and the
    reports neither has."""
    present, gone = stale_sources(settings)
    result = ingest_paths(present, settings, progress)
    lib = open_library(settings)
    missing: list[ReportRow] = []
    with ingest_lock(settings), lib.maintenance("reparse"):
        for row in gone:
            stored = lib.stored_file(row.report_id)
            if stored is None or stored.data is None:
                missing.append(row)
                continue
            result.files += 1
            try:
                result.chunks += _reparse_stored(lib, row, stored, settings)
                result.refreshed += 1
            except ReportError as err:
                result.failed.append(failure(Path(row.source), err))
        if len(missing) < len(gone):
            bm25_index.current(lib)
    return result, missing


def _reparse_stored(lib: Library, row: ReportRow, stored: StoredFile, settings: Settings) -> int:
    """Refresh one report from its stored bytes, keeping its recorded source. :returns: chunks embedded."""
    with tempfile.TemporaryDirectory(prefix="nianbao-reparse-") as folder:
        path = Path(folder) / (Path(stored.name).name or "report.txt")
        path.write_bytes(stored.data or b"")
        fresh, chunks, tokens, file, _ = prepare(path, row.report_id, settings, row.sample, False)
    fresh = fresh.model_copy(update={"source": row.source})
    chunks = [c.model_copy(update={"meta": c.meta.model_copy(update={"source": row.source})}) for c in chunks]
    return lib.refresh_report(fresh, chunks, tokens, file.model_copy(update={"name": stored.name}))


def list_reports(settings: Settings) -> list[ReportRow]:
    """Every complete report in the library, by unit and year."""
    return open_library(settings).reports()


def remove_report(settings: Settings, key: str) -> list[ReportRow]:
    """Remove the reports matching ``key``: a report id (or a prefix of ≥ 8 characters), a source path,
    or a unit name (all its years). An uploaded source file is deleted with its report.

    :returns: the removed manifest rows.
    :raises EmptyRemoveKeyError: ``key`` is blank (it would match every report without a unit name).
    :raises NotInLibraryError: nothing matched.
    """
    key = key.strip()
    if not key:
        raise EmptyRemoveKeyError()
    lib = open_library(settings)
    resolved = str(Path(key).resolve())
    matches = [
        r for r in lib.reports()
        if (len(key) >= 8 and r.report_id.startswith(key)) or r.source in (key, resolved) or (r.unit and r.unit == key)
    ]
    if not matches:
        raise NotInLibraryError(key=key)
    with ingest_lock(settings), lib.maintenance("remove"):
        lib.remove([r.report_id for r in matches])
        bm25_index.current(lib)
    for row in matches:
        _delete_upload(settings, row.source)
    return matches


def replace_report(settings: Settings, old_id: str, path: Path) -> IngestResult:
    """Replace library report ``old_id`` by the file at ``path`` on purpose (a corrected upload): the new
    report is ingested first, then the old one removed; counted as ``replaced``.

    :raises NotInLibraryError: ``old_id`` is not in the library.
    """
    lib = open_library(settings)
    if not lib.has_report(old_id):
        raise NotInLibraryError(key=old_id)
    result = ingest_paths([path], settings)
    if result.failed or result.ingested + result.replaced == 0:
        return result
    (old,) = lib.reports(report_id=old_id) or (None,)
    with ingest_lock(settings), lib.maintenance("remove"):
        lib.remove([old_id])
        bm25_index.current(lib)
    if old is not None and old.source != str(Path(path).resolve()):
        _delete_upload(settings, old.source)
    result.ingested, result.replaced = 0, 1
    return result


def check_library(settings: Settings) -> CheckResult:
    """The full consistency check and repair (``nianbao library check``; also run by the first open
    after an interrupted step)."""
    lib = open_library(settings)
    with ingest_lock(settings):
        result = lib.check().plus(lib.last_repair)  # the open may have repaired already
        lib.last_repair = None
        result.files_adopted = adopt_files(lib, settings)
        bm25_index.current(lib)
    shutil.rmtree(settings.home / "bm25", ignore_errors=True)  # index files of a release before it moved in
    return result


def adopt_files(lib: Library, settings: Settings) -> int:
    """Read into the database, once, the files of reports ingested before files were stored there (their
    source path still present on this machine): from then on no process needs the path.

    :returns: the number of files read in.
    """
    from ingest.parse import parse_file

    count = 0
    for row in lib.reports_without_file():
        path = Path(row.source)
        if not path.is_file():
            continue
        try:
            report_json = parse_file(path, settings).model_dump_json()
        except ReportError:
            report_json = None
        lib.put_file(StoredFile(report_id=row.report_id, name=path.name, data=path.read_bytes(),
                                report_json=report_json))
        count += 1
    return count


def stored_report(settings: Settings, report_id: str, source: str = "") -> AnnualReport | None:
    """A library report as read when it was ingested, from the database (its parsed report, else its stored
    bytes parsed again), else from its ``source`` path on this machine (a library older than stored files);
    None when none of these is there. (For 相似报告's whole report: ``stored_report(cfg, meta.report_id,
    meta.source)`` instead of parsing ``meta.source``.)

    :raises ReportError: the stored file or the path could not be parsed.
    """
    from ingest.parse import parse_file

    stored = open_library(settings).stored_file(report_id)
    if stored is not None and stored.report_json:
        try:
            return AnnualReport.model_validate_json(stored.report_json)
        except ValueError:  # stored by an older report model: parse the bytes again
            pass
    if stored is not None and stored.data is not None:
        with tempfile.TemporaryDirectory(prefix="nianbao-stored-") as folder:
            path = Path(folder) / (Path(stored.name).name or "report.txt")
            path.write_bytes(stored.data)
            return parse_file(path, settings)
    path = Path(source)
    return parse_file(path, settings) if source and path.is_file() else None


def reindex(settings: Settings) -> int:
    """Re-embed every stored chunk with the currently configured model (after changing ``embedder``).

    :returns: the number of chunks re-embedded.
    """
    from vectorstore.embeddings import get_embedder
    from vectorstore.store import forget_open_libraries

    forget_open_libraries()
    lib = Library(settings, get_embedder(settings), check_model=False)
    try:
        with ingest_lock(settings), lib.maintenance("reindex"):
            return lib.reindex()
    finally:
        lib.close()
