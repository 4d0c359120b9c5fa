"""Ingest jobs: parse, chunk, tokenize and (in a worker) embed a file, or a batch of files at once. The pool's
workers import only this module, never the database layer (SQLAlchemy and the store: ~0.2 s of the
forkserver's start, which every pool ingest waits for)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from assistant.core.errors import Problem, ReportError
from assistant.core.passages import Chunk
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from vectorstore.rows import ReportRow, StoredFile
from vectorstore.tokenize import tokenize_many

log = logging.getLogger(__name__)


class FailedFile(BaseModel):
    """A file that could not be ingested."""

    file: str
    problem: Problem  # rendered by the front doors (messages_zh.zh_problem)

    @property
    def code(self) -> str:
        """The error code (``input_file``, ``needs_ocr`` …)."""
        return self.problem.code


def report_row(report: AnnualReport, report_id: str, source: str, sample: bool, n_chunks: int) -> ReportRow:
    """The manifest row of a parsed report."""
    p = report.profile
    return ReportRow(
        report_id=report_id, source=source, unit=p.short_name, organ=p.organ_name, level=p.level or "",
        province=p.province, city=p.city, county=p.county, year=report.year or 0,
        format_version=report.format_version, sample=sample, n_chunks=n_chunks,
        parser_version=report.source.parser_version if report.source else 0,
    )


def failure(path: Path, err: BaseException) -> FailedFile:
    """The failure record of ``path`` (an unexpected error, not a bad file's, is logged)."""
    if not isinstance(err, ReportError):
        log.warning("unexpected error ingesting %s: %r", path, err)
    return FailedFile(file=str(path), problem=Problem.of(err))


# manifest row, chunks, BM25 tokens, the file, the chunks' vectors (None: the writer embeds them)
Prepared = tuple[ReportRow, list[Chunk], list[str], StoredFile, np.ndarray | None]


def prepare(path: Path, report_id: str, settings: Settings, sample: bool, embed: bool,
            tokenize: bool = True) -> Prepared:
    """One file read, chunked, tokenized (``tokenize``, else no tokens) and (``embed``) embedded, with its
    manifest row and stored copy."""
    report, chunks = _read(path, report_id, settings, sample)
    texts = [c.text for c in chunks]
    tokens = bm25_tokens(texts) if tokenize else []
    vectors = _vectors(settings, texts) if embed else None
    return _prepared(path, report_id, sample, report, chunks, tokens, vectors)


def _read(path: Path, report_id: str, settings: Settings, sample: bool) -> tuple[AnnualReport, list[Chunk]]:
    from ingest.chunk import chunk_report
    from ingest.parse import parse_file

    report = parse_file(path, settings)
    return report, chunk_report(report, report_id, str(path.resolve()), sample=sample)


def _prepared(path: Path, report_id: str, sample: bool, report: AnnualReport, chunks: list[Chunk],
              tokens: list[str], vectors: np.ndarray | None) -> Prepared:
    stored = StoredFile(report_id=report_id, name=path.name, data=path.read_bytes(),
                        report_json=report.model_dump_json())
    return report_row(report, report_id, str(path.resolve()), sample, len(chunks)), chunks, tokens, stored, vectors


def _vectors(settings: Settings, texts: list[str]) -> np.ndarray | None:
    """The chunks' vectors when the embedder is the in-process static model (cheap to load in a worker:
    ~30 MB); None for a sentence-transformers model, which the writer runs once per group of reports."""
    from vectorstore.embeddings import get_embedder
    from vectorstore.static_embedder import StaticEmbedder

    embedder = get_embedder(settings)
    return embedder.encode(texts) if isinstance(embedder, StaticEmbedder) else None


def bm25_tokens(texts: list[str]) -> list[str]:
    """The chunks' BM25 tokens, space-joined."""
    return [" ".join(t) for t in tokenize_many(texts)]


def bm25_tokens_of(batches: list[list[str]]) -> list[list[str]]:
    """:func:`bm25_tokens` of several reports' chunk texts, tokenized in one call."""
    tokens = bm25_tokens([text for texts in batches for text in texts])
    out, start = [], 0
    for texts in batches:
        out.append(tokens[start : start + len(texts)])
        start += len(texts)
    return out


def _tokens_and_vectors(texts: list[list[str]], settings: Settings | None) -> list[tuple[list[str], np.ndarray | None]]:
    """Each file's chunk tokens and (``settings`` given) vectors, from one tokenizer call and one model call
    for all the files' chunks (``texts``: one list of chunk texts per file)."""
    tokens = bm25_tokens_of(texts)
    vectors = _vectors(settings, [t for file_texts in texts for t in file_texts]) if settings is not None else None
    split = (np.split(vectors, np.cumsum([len(t) for t in texts])[:-1]) if vectors is not None and texts
             else [None] * len(texts))
    return list(zip(tokens, split, strict=True))


Job = tuple[str, str, Settings, bool, bool]  # path, report id, settings, sample, embed
Result = tuple[Prepared | None, FailedFile | None]


def run_job(args: Job) -> Result:
    """Parse, chunk, tokenize and (``embed``) embed one file."""
    path, report_id, settings, sample, embed = args
    try:
        return prepare(Path(path), report_id, settings, sample, embed), None
    except Exception as err:  # noqa: BLE001  (a bad file never stops the batch)
        return None, failure(Path(path), err)


def run_jobs(jobs: list[Job]) -> list[Result]:
    """:func:`run_job` of each job of one ingest (they share its settings), with the tokenizers and the model
    called once for the whole batch. Their per-call costs and a cache gone cold after each parse made one
    process's jobs for 500 reports take a median 4.39 s of CPU one by one, against 3.09 s in fours (six
    alternated pairs). Should the shared step fail, each file runs alone, so only the file at fault fails."""
    if not jobs:
        return []
    read: list[tuple[AnnualReport, list[Chunk]] | FailedFile] = []
    for path, report_id, settings, sample, _ in jobs:
        try:
            read.append(_read(Path(path), report_id, settings, sample))
        except Exception as err:  # noqa: BLE001  (a bad file never stops the batch)
            read.append(failure(Path(path), err))
    texts = [[c.text for c in one[1]] for one in read if not isinstance(one, FailedFile)]
    _, _, settings, _, embed = jobs[0]
    try:
        shared = iter(_tokens_and_vectors(texts, settings if embed else None))
    except Exception:  # noqa: BLE001
        return [run_job(job) for job in jobs]
    out: list[Result] = []
    for (path, report_id, _, sample, _), one in zip(jobs, read, strict=True):
        if isinstance(one, FailedFile):
            out.append((None, one))
            continue
        file_tokens, file_vectors = next(shared)
        try:
            out.append((_prepared(Path(path), report_id, sample, *one, file_tokens, file_vectors), None))
        except Exception as err:  # noqa: BLE001  (the file went between its parse and its copy)
            out.append((None, failure(Path(path), err)))
    return out


Rest = tuple[list[str], Settings | None]  # a begun job's chunk texts; the settings to embed them with, or None


def begin_job(args: Job) -> tuple[Result, Rest | None]:
    """:func:`run_job` without the BM25 tokens or the vectors, for the caller while the pool starts: the
    result, and what a worker must still do (:func:`finish_jobs`; None when the file failed).

    The caller has no BM25 tokenizer; and embedding one file at a time there, with its model's memo cold
    and scipy still to import, cost 6.5 ms a file against ~1.5 ms in a worker's batches.
    """
    path, report_id, settings, sample, embed = args
    try:
        prepared = prepare(Path(path), report_id, settings, sample, embed=False, tokenize=False)
    except Exception as err:  # noqa: BLE001  (a bad file never stops the batch)
        return (None, failure(Path(path), err)), None
    return (prepared, None), ([c.text for c in prepared[1]], settings if embed else None)


def finish_jobs(rests: list[Rest]) -> list[tuple[list[str], np.ndarray | None]]:
    """The BM25 tokens and (when their settings are given) the vectors of begun jobs' chunks, each kind in
    one call for the batch (its jobs are one ingest's, so they share the settings)."""
    return _tokens_and_vectors([file_texts for file_texts, _ in rests], rests[0][1] if rests else None)


def finished(result: Result, done: tuple[list[str], np.ndarray | None]) -> Result:
    """A :func:`begin_job` result completed with its chunks' tokens and vectors (:func:`finish_jobs`'s)."""
    prepared, failed = result
    assert prepared is not None
    row, chunks, _, stored, _ = prepared
    tokens, vectors = done
    return (row, chunks, tokens, stored, vectors), failed
