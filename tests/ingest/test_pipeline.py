"""The ingest pipeline on real files: idempotent, replaces changed files, survives bad files and SIGKILL."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from assistant.library.ingest import ingest_paths, list_reports, remove_report
from assistant.library.ingest_job import bm25_tokens
from assistant.messages_zh import zh_problem
from vectorstore.store import open_library

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def hash_settings(home: Path, monkeypatch: pytest.MonkeyPatch):
    from assistant.core.settings import load_settings

    monkeypatch.setenv("NIANBAO_EMBEDDER", "hash")
    return load_settings()


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    """The five seeds plus a nested folder, an empty file, a broken PDF and an ignored suffix."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    for i, seed in enumerate(sorted(seeds_dir.glob("*.txt"))):
        shutil.copy(seed, folder / ("sub" if i % 2 else ".") / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "notes.xlsx").write_bytes(b"ignored")
    return folder


def _consistent(settings) -> tuple[int, int]:
    """(reports, chunks) after checking SQLite rows and Chroma vectors agree."""
    lib = open_library(settings)
    rows = lib.reports()
    assert len({r.source for r in rows}) == len(rows)
    n_chunks = lib.chunk_count()
    assert sum(r.n_chunks for r in rows) == n_chunks
    assert sum(lib.collection(s).count() for s in lib.sections()) == n_chunks
    return len(rows), n_chunks


def test_ingest_tolerates_bad_files_and_is_idempotent(hash_settings, corpus):
    first = ingest_paths([corpus], hash_settings)
    assert first.files == 7 and first.ingested == 5
    assert sorted(Path(f.file).name for f in first.failed) == ["broken.pdf", "empty.txt"]
    assert all("文件" in zh_problem(f.problem) for f in first.failed)
    reports, chunks = _consistent(hash_settings)
    assert reports == 5 and chunks == first.chunks > 25
    again = ingest_paths([corpus], hash_settings)
    assert again.ingested == 0 and again.skipped_unchanged == 5 and again.chunks == 0
    assert _consistent(hash_settings) == (5, chunks)


def test_an_ingest_leaves_older_objects_out_of_its_collections_and_frozen_nowhere_after(hash_settings, corpus):
    """Objects alive before an ingest are frozen while it runs (its full collections skip them) and are all
    unfrozen when it ends, also when it is stopped part-way (Ctrl-C in `nianbao ingest`)."""
    during: list[int] = []
    ingest_paths([corpus], hash_settings, progress=lambda done, total, name: during.append(gc.get_freeze_count()))
    assert during and min(during) > 1000 and gc.get_freeze_count() == 0

    target = next(corpus.glob("*.txt"))
    target.write_text(target.read_text(encoding="utf-8") + "\n本段为修改后新增的说明。\n", encoding="utf-8")

    def stop(done: int, total: int, name: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_paths([target], hash_settings, progress=stop)
    assert gc.get_freeze_count() == 0


def test_changed_file_replaces_its_old_version(hash_settings, corpus):
    target = next(corpus.glob("*.txt"))
    ingest_paths([target], hash_settings)
    old_id = list_reports(hash_settings)[0].report_id
    target.write_text(target.read_text(encoding="utf-8") + "\n本段为修改后新增的说明。\n", encoding="utf-8")
    res = ingest_paths([target], hash_settings)
    assert res.ingested == 0 and res.replaced == 1  # a replacement is not an addition
    rows = list_reports(hash_settings)
    assert len(rows) == 1 and rows[0].report_id != old_id
    _consistent(hash_settings)


def test_missing_path_is_reported_not_raised(hash_settings, tmp_path):
    res = ingest_paths([tmp_path / "nope.txt"], hash_settings)
    assert res.ingested == 0 and res.failed[0].code == "input_file"


def test_remove_by_unit_and_unknown_key(hash_settings, corpus):
    from assistant.library.ingest import NotInLibraryError

    ingest_paths([corpus], hash_settings)
    unit = list_reports(hash_settings)[0].unit
    removed = remove_report(hash_settings, unit)
    assert removed and all(r.unit == unit for r in removed)
    assert all(r.unit != unit for r in list_reports(hash_settings))
    with pytest.raises(NotInLibraryError):
        remove_report(hash_settings, "没有这个单位")
    _consistent(hash_settings)


def _alive_with_arg(arg: str) -> list[int]:
    """Pids of live processes whose command line contains ``arg``."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if (entry.name.isdigit() and arg.encode() in (entry / "cmdline").read_bytes()
                    and (entry / "stat").read_text().split(")")[-1].split()[0] != "Z"):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def _descendants(pid: int) -> list[int]:
    """Live (non-zombie) descendants of ``pid``: the pool's forkserver and its workers."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit():
                fields = (entry / "stat").read_text().split(")")[-1].split()
                if fields[0] != "Z":
                    children.setdefault(int(fields[1]), []).append(int(entry.name))
        except OSError:
            continue
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z":
                alive.append(pid)
        except OSError:
            continue
    return alive


SCRIPT = """
import sys
from assistant.core.settings import load_settings
from assistant.library import ingest as pipeline, ingest_pool
pipeline.GROUP_CHUNKS = 40  # small groups so that a kill lands between and inside groups
ingest_pool.POOL_MIN = 48  # workers parse these 80 files (the default waits for ~400, where the pool pays off)
def progress(done, total, file):
    print(done, flush=True)
pipeline.ingest_paths([sys.argv[1]], load_settings(), progress=progress)
"""


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_keeps_every_file_once(hash_settings, tmp_path):
    from bench.synth import generate

    folder = tmp_path / "synth"
    files = [name for name, _ in generate(80, seed=7, out_dir=folder)]  # ≥ the script's POOL_MIN: workers parse
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder)], cwd=REPO, stdout=subprocess.PIPE,
                            text=True, env=dict(os.environ))
    assert proc.stdout is not None
    deadline = time.time() + 120
    for line in proc.stdout:
        if int(line) >= 30 or time.time() > deadline:
            break
    helpers = _descendants(proc.pid)
    assert helpers, "80 files are parsed in worker processes"
    # No fork() of the ingesting process (it may be the threaded app): its only children are
    # multiprocessing's forkserver and resource tracker, started fresh; workers fork from the former.
    direct = [pid for pid in helpers if (Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[1]
                                         == str(proc.pid))]
    kinds = {b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
             or b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes() for pid in direct}
    assert kinds == {True}
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while _alive(helpers) and time.time() < deadline:
        time.sleep(0.2)
    assert not _alive(helpers), "the pool's forkserver or workers outlived the killed ingest"
    assert not _alive_with_arg(str(folder)), "parse workers outlived the killed ingest"
    partial = len(list_reports(hash_settings))
    assert 0 < partial < len(files)
    res = ingest_paths([folder], hash_settings)
    assert res.skipped_unchanged == partial and res.ingested == len(files) - partial
    reports, _ = _consistent(hash_settings)
    assert reports == len(files)


def test_sample_library_is_ingested_once(hash_settings):
    from assistant.library.ingest import SAMPLES_DIR, ensure_sample_library

    first = ensure_sample_library(hash_settings)
    n_samples = len(list(SAMPLES_DIR.glob("*.txt")))
    assert first is not None and first.ingested == n_samples and not first.failed
    rows = list_reports(hash_settings)
    assert len(rows) == n_samples and all(r.sample for r in rows)
    assert ensure_sample_library(hash_settings) is None


def test_pool_workers_embed_as_the_writer_would(settings, tmp_path, monkeypatch):
    """Many files go to worker processes that also embed: the stored vectors are the library embedder's."""
    import numpy as np

    from assistant.library import ingest_pool
    from bench.synth import generate

    monkeypatch.setattr(ingest_pool, "POOL_MIN", 48)  # a pool for 52 files (the default waits for ~400)
    folder = tmp_path / "synth"
    files = [name for name, _ in generate(52, seed=11, out_dir=folder)]
    result = ingest_paths([folder], settings)
    assert result.ingested == len(files) and not result.failed
    lib = open_library(settings)
    rows = lib.token_rows()
    assert len(rows) == result.chunks
    ids, sections = [r[0] for r in rows], [r[2] for r in rows]
    texts = lib.fetch(ids)
    assert settings.embedder == "static-zh"  # the embedder the workers load themselves
    expected = np.asarray(lib.embedder.embed_documents([texts[i][0] for i in ids]), dtype=np.float32)
    stored = lib.vectors(ids, sections)
    assert stored is not None
    np.testing.assert_allclose(stored, expected, atol=1e-6)
    assert not list(Path(tempfile.gettempdir()).glob(f"nianbao-spool-{os.getpid()}-*"))  # results' files gone
    # The first files are begun by this process while the pool starts and tokenized by the workers.
    tokens = {r[0]: r[1] for r in rows}
    assert [tokens[i] for i in ids] == bm25_tokens([texts[i][0] for i in ids])


def test_the_pool_preload_imports_without_a_built_model(tmp_path: Path) -> None:
    """The forkserver survives only ImportError in its preload: with no static model built (an empty model
    cache) importing the preload module still succeeds, and the tokenizer's dictionary cache is written."""
    cache = tmp_path / "model-cache"
    env = {**os.environ, "NIANBAO_MODEL_CACHE": str(cache), "NIANBAO_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", "import assistant.library.ingest_worker"], cwd=REPO, env=env,
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert list(cache.glob("bm25-pieces-*.marshal")) and not (cache / "models").exists()


def test_the_pool_preload_freezes_what_it_loaded() -> None:
    """The workers inherit the preload's objects (~37,000: modules, classes, the parsers' tables) frozen: their
    collections do not walk them, and the pages holding them stay shared with the forkserver."""
    code = "import gc, assistant.library.ingest_worker; print(gc.get_freeze_count())"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=dict(os.environ), check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 20_000


def test_the_pool_preload_leaves_the_database_layer_out() -> None:
    """Every pool ingest waits for the forkserver's preload: the workers parse, tokenize and embed, and their
    preload imports neither SQLAlchemy nor the store nor chromadb (SQLAlchemy alone was ~0.2 s of it)."""
    code = ("import sys, assistant.library.ingest_worker; "
            "print([m for m in ('sqlalchemy', 'chromadb', 'vectorstore.store', 'assistant.library.ingest') "
            "if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=dict(os.environ), check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


LOCK_SCRIPT = """
import os, sys
from pathlib import Path
from assistant.core.settings import load_settings
from assistant.library import ingest as pipeline, ingest_pool
from vectorstore.sidecar import LOCK_FILE

settings = load_settings()
lock = str((settings.home / LOCK_FILE).resolve())
with pipeline.ingest_lock(settings), ingest_pool.mapper(ingest_pool.POOL_MIN) as (mapper, embed):
    assert embed, "a pool"
    assert list(mapper(ingest_pool.each(abs), [-1, -2])) == [(-1, 1), (-2, 2)]
    holders = []
    for pid in [p for p in os.listdir("/proc") if p.isdigit() and p != str(os.getpid())]:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            if any(os.path.realpath(f"/proc/{pid}/fd/{fd}") == lock for fd in fds):
                holders.append(pid)
        except OSError:
            continue
    print("holders", holders)
"""


def test_a_pool_started_under_the_ingest_lock_holds_no_descriptor_of_it(hash_settings) -> None:
    """The pool starts once the files to parse are known, under the lock: its forkserver (started here,
    in a fresh process) and workers must not hold the lock file, or a killed ingest would keep it."""
    done = subprocess.run([sys.executable, "-c", LOCK_SCRIPT], cwd=REPO, env=dict(os.environ), check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "holders []"


def test_unchanged_files_start_no_pool(hash_settings, tmp_path, monkeypatch) -> None:
    """Re-importing a folder whose files are all in the library already parses nothing: no pool starts."""
    import multiprocessing

    from assistant.library import ingest_pool
    from bench.synth import generate

    monkeypatch.setattr(ingest_pool, "POOL_MIN", 10)
    folder = tmp_path / "synth"
    files = [name for name, _ in generate(12, seed=13, out_dir=folder)]
    contexts: list[str] = []
    real = multiprocessing.get_context

    def counted(method: str | None = None):
        contexts.append(str(method))
        return real(method)

    monkeypatch.setattr(ingest_pool.multiprocessing, "get_context", counted)
    assert ingest_paths([folder], hash_settings).ingested == len(files)
    assert contexts == ["forkserver"]  # 12 files ≥ POOL_MIN: a pool
    again = ingest_paths([folder], hash_settings)
    assert again.skipped_unchanged == len(files) and again.ingested == 0
    assert contexts == ["forkserver"]  # none this time


PARALLEL_SCRIPT = """
import sys
from assistant.core.settings import load_settings
from assistant.library import ingest as pipeline, ingest_pool
ingest_pool.POOL_MIN = 10  # a pool for these 12 files
result = pipeline.ingest_paths([sys.argv[1]], load_settings())
print(result.ingested, len(result.failed))
"""


@pytest.mark.slow
def test_a_pool_ingest_finishes_when_tokenizers_parallelism_is_forced_on(tmp_path) -> None:
    """``TOKENIZERS_PARALLELISM=true`` (set by many ML set-ups to silence a warning) keeps tokenizers' thread
    pool across fork(): a worker forked from the forkserver, which tokenized in its preload, then waits forever
    on threads it does not have. The workers turn it off for themselves."""
    from bench.synth import generate

    folder = tmp_path / "synth"
    files = [name for name, _ in generate(12, seed=5, out_dir=folder)]
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "true"}
    try:
        done = subprocess.run([sys.executable, "-c", PARALLEL_SCRIPT, str(folder)], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("the pool's workers hung with TOKENIZERS_PARALLELISM=true")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(files)), "0"]


BROKEN_PRELOAD_SCRIPT = """
import sys
from assistant.core.settings import load_settings
from assistant.library import ingest as pipeline, ingest_pool
ingest_pool.POOL_MIN = 10
ingest_pool.WORKER_PRELOAD = "broken_preload"  # raises RuntimeError: the forkserver dies before any worker
result = pipeline.ingest_paths([sys.argv[1]], load_settings())
print(result.ingested, len(result.failed))
"""


def test_a_pool_that_cannot_start_leaves_the_files_to_this_process(hash_settings, tmp_path) -> None:
    from bench.synth import generate

    folder = tmp_path / "synth"
    files = [name for name, _ in generate(12, seed=17, out_dir=folder)]
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "broken_preload.py").write_text("raise RuntimeError('broken')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(modules)}  # the forkserver's path (3.11's ignores the caller's sys.path)
    done = subprocess.run([sys.executable, "-c", BROKEN_PRELOAD_SCRIPT, str(folder)], cwd=REPO, env=env,
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(files)), "0"]
    assert "the ingest pool did not start" in done.stderr


def test_the_pool_start_is_used_to_open_what_the_writer_needs() -> None:
    """While the pool starts (this process's core idle), ``meanwhile`` runs on a thread: once, only when a
    pool starts, and its failure is left to the writer, which meets it again where it needs the result."""
    import threading

    from assistant.library import ingest_pool

    calls: list[str] = []

    def note() -> None:
        calls.append(threading.current_thread().name)

    with ingest_pool.mapper(ingest_pool.POOL_MIN, meanwhile=note) as (mapper, embed):
        assert embed
    assert len(calls) == 1 and calls[0] != threading.current_thread().name
    with ingest_pool.mapper(ingest_pool.POOL_MIN - 1, meanwhile=note) as (mapper, embed):
        assert not embed and list(mapper(ingest_pool.each(abs), [-4])) == [(-4, 4)]
    assert len(calls) == 1

    def fail() -> None:
        raise RuntimeError("server down")

    with ingest_pool.mapper(ingest_pool.POOL_MIN, meanwhile=fail) as (mapper, embed):
        assert embed and list(mapper(ingest_pool.each(abs), [-3, -5])) == [(-3, 3), (-5, 5)]


def test_jobs_begun_while_the_pool_starts_are_finished_in_it_in_order() -> None:
    """While the pool starts, the mapper begins jobs here (at most half); a worker finishes each one that
    needs it; every job comes back in order, the rest run in the pool alone."""
    import operator
    import os

    from assistant.library import ingest_pool

    here_pids: set[int] = set()

    def here(job: int) -> tuple[object, object]:
        here_pids.add(os.getpid())
        return (("begun", job), None) if job % 5 == 0 else (("begun", job), job)  # a failed job needs no finish

    def join(partial: tuple[str, int], finished: int) -> tuple[str, int, int]:
        return (*partial, finished)

    head = ingest_pool.HeadStart(here, ingest_pool.each(operator.neg), join)
    jobs = list(range(1, 41))
    with ingest_pool.mapper(ingest_pool.POOL_MIN) as (mapper, embed):
        assert embed
        results = list(mapper(ingest_pool.each(operator.neg), jobs, head))
    assert [job for job, _ in results] == jobs
    begun = [r for _, r in results if isinstance(r, tuple)]
    assert 0 < len(begun) <= len(jobs) // 2 and here_pids == {os.getpid()}
    for job, result in results[: len(begun)]:
        assert result == (("begun", job) if job % 5 == 0 else ("begun", job, -job))
    assert [r for _, r in results[len(begun):]] == [-j for j in jobs[len(begun):]]


class _Unreadable:
    """Pickles in a worker, but cannot be read back here (as a result pickled by newer code on disk)."""

    def __reduce__(self):
        return (_refuse, ())


def _refuse() -> None:
    raise RuntimeError("cannot be read back here")


def _unreadable_at_three(jobs: list[int]) -> list[object]:
    return [_Unreadable() if job == 3 else job for job in jobs]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the result thread's death
def test_a_pool_that_stops_delivering_results_fails_fast_instead_of_hanging() -> None:
    """A result the caller cannot unpickle kills the pool's result thread, and imap would then wait forever;
    the guarded results raise PoolBroken, on which the ingest parses the rest itself."""
    import multiprocessing

    from assistant.library import ingest_pool

    got: list[object] = []
    pool = multiprocessing.get_context("forkserver").Pool(1)
    workers = [p.pid for p in pool._pool]
    started = time.monotonic()
    with pytest.raises(ingest_pool.PoolBroken):
        got.extend(ingest_pool.guarded(pool, _unreadable_at_three, list(range(6))))
    assert time.monotonic() - started < 30
    assert got == []  # the chunk of four holding it is lost whole
    ingest_pool.stop(pool)  # and its workers still end
    deadline = time.monotonic() + 10
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(workers)
