"""A batch of ingest jobs gives what each job gives alone, and a bad file in it fails alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.library import ingest_job
from assistant.library.ingest_job import Job, Result, begin_job, finish_jobs, finished, run_job, run_jobs


@pytest.fixture
def files(tmp_path: Path, seeds_dir: Path) -> list[Path]:
    """The five seeds with an empty file and a broken PDF between them."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    for seed in seeds:
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    names = [s.name for s in seeds[:2]] + ["empty.txt"] + [s.name for s in seeds[2:4]] + ["broken.pdf", seeds[4].name]
    return [tmp_path / name for name in names]


def _jobs(files: list[Path], settings, embed: bool) -> list[Job]:
    return [(str(path), f"r{i}", settings, False, embed) for i, path in enumerate(files)]


def _same(batched: Result, alone: Result) -> None:
    (got, got_failed), (want, want_failed) = batched, alone
    assert (got is None) == (want is None)
    if got is None or want is None:
        assert got_failed is not None and want_failed is not None and got_failed.code == want_failed.code
        return
    row, chunks, tokens, stored, vectors = got
    assert (row, chunks, tokens, stored) == want[:4]
    assert tokens and len(tokens) == len(chunks)
    if want[4] is None:
        assert vectors is None
    else:
        assert vectors is not None and vectors.shape == (len(chunks), want[4].shape[1])
        np.testing.assert_allclose(vectors, want[4], rtol=0, atol=1e-6)


@pytest.mark.parametrize("embed", [True, False])
def test_a_batch_gives_each_file_what_it_gets_alone(files, settings, embed) -> None:
    jobs = _jobs(files, settings, embed)
    batched = run_jobs(jobs)
    assert len(batched) == len(jobs)
    for got, job in zip(batched, jobs, strict=True):
        _same(got, run_job(job))
    failed = [Path(f.file).name for _, f in batched if f is not None]
    assert failed == ["empty.txt", "broken.pdf"]


def test_a_file_that_breaks_the_shared_step_fails_alone(files, settings, monkeypatch) -> None:
    """Should tokenizing one file's chunks raise (it never has), the batch is run file by file, so only that
    file fails and the others come back whole."""
    real = ingest_job.bm25_tokens
    culprit = files[3].read_text(encoding="utf-8-sig")[200:260]

    def fails_on_culprit(texts: list[str]) -> list[str]:
        if any(culprit in text for text in texts):
            raise RuntimeError("tokenizer broke")
        return real(texts)

    monkeypatch.setattr(ingest_job, "bm25_tokens", fails_on_culprit)
    jobs = _jobs(files, settings, True)
    batched = run_jobs(jobs)
    failed = [Path(f.file).name for _, f in batched if f is not None]
    assert failed == ["empty.txt", files[3].name, "broken.pdf"]
    monkeypatch.setattr(ingest_job, "bm25_tokens", real)
    for got, job in zip(batched, jobs, strict=True):
        if Path(job[0]).name not in failed:
            _same(got, run_job(job))


@pytest.mark.parametrize("embed", [True, False])
def test_files_begun_while_the_pool_starts_end_as_files_run_alone(files, settings, embed) -> None:
    """The head start parses here and leaves tokens and vectors to a worker's batch: joined, each file's
    result is what it gets alone, and a bad file has nothing left to finish."""
    jobs = _jobs(files, settings, embed)
    begun = [begin_job(job) for job in jobs]
    assert all(result[0] is not None and result[0][4] is None and not result[0][2] for result, rest in begun
               if rest is not None)
    rests = [rest for _, rest in begun if rest is not None]
    done = iter(finish_jobs(rests[:3]) + finish_jobs(rests[3:]))
    for (result, rest), job in zip(begun, jobs, strict=True):
        _same(result if rest is None else finished(result, next(done)), run_job(job))
    assert [Path(job[0]).name for (_, rest), job in zip(begun, jobs, strict=True) if rest is None] == [
        "empty.txt", "broken.pdf"]
