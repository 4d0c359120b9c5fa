"""Who parses an ingest's files: this process alone for a few, a pool of worker processes for many.

Workers come from a forkserver, never a fork of the caller: the caller may be the threaded Streamlit
server, where fork() can copy a held lock. The forkserver imports :mod:`assistant.library.ingest_worker`
once (parsers loaded, tokenizer built, model shared), so workers start warm. The pool may start while
the caller holds the ingest lock: multiprocessing execs the forkserver with its own descriptors only, so
no helper holds the lock file (tested). A pool that cannot start (its forkserver died) leaves the files to
this process: the batch goes on, slower. Results come back through files (:mod:`result_spool`), so a
worker never waits for this process while it holds the GIL in a Chroma write.

While the pool starts (about a second with one core idle), this process parses and chunks the first files
(:class:`HeadStart`) and the workers tokenize and embed them in their batches: building its own BM25
tokenizer grew this process by 400 MB and made a 1,000-report ingest 30 % slower (measured; the workers
share the forkserver's copy), and embedding here a file at a time cost four times what it costs there.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from assistant.library import result_spool

log = logging.getLogger(__name__)

# Parse in worker processes from this many files on. Below it one process is quicker: the pool's start
# (forkserver, tokenizer) costs ~1.1 s on 2 cores and is won back only at ~400 reports (measured, one
# process vs the pool: 60 files 1.24 / 1.71 s, 200 files 2.19 / 2.55 s, 400 files 3.57 / 3.53 s, 600
# files 5.03 / 4.41 s).
POOL_MIN = 400
WORKER_PRELOAD = "assistant.library.ingest_worker"
Run = Callable[[list[Any]], list[Any]]  # a batch of jobs -> their results, in order
Mapper = Callable[..., Iterator[tuple[Any, Any]]]  # (run, jobs, head=None) -> (job, result), in order
CHUNK = 4  # jobs per batch (a worker's task): the job function runs them together


def _die_with_parent() -> None:
    """Worker initializer: a worker never outlives a killed ingest (Linux PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def batches(jobs: list[Any]) -> list[list[Any]]:
    """``jobs`` in batches of ``CHUNK``, in order."""
    return [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]


def _each_of(fn: Callable[[Any], Any], jobs: list[Any]) -> list[Any]:
    return [fn(job) for job in jobs]


def each(fn: Callable[[Any], Any]) -> Run:
    """A function of one job as a :data:`Run` (picklable when ``fn`` is)."""
    return functools.partial(_each_of, fn)


def in_process(run: Run, jobs: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each job run here, a batch at a time, in order, with its result."""
    for batch in batches(list(jobs)):
        yield from zip(batch, run(batch), strict=True)


def _here(run: Run, jobs: list[Any]) -> Iterator[Any]:
    return (result for _, result in in_process(run, jobs))


def _start_pool(processes: int) -> Any:
    """A pool of ``processes`` workers forked from the forkserver, or None when it cannot start (its
    preload failed): the batch then goes on in this process."""
    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([WORKER_PRELOAD])
        return ctx.Pool(processes=processes, initializer=_die_with_parent)
    except Exception:  # no pool: this process parses every file, the batch goes on
        log.warning("the ingest pool did not start; parsing in this process", exc_info=True)
        return None


def _quietly(fn: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):  # the caller meets the same error where it needs the result
        fn()


class HeadStart(NamedTuple):
    """What this process does with its idle core while the pool starts (about a second: the forkserver's
    preload builds the BM25 tokenizer, which only the workers hold).

    ``here(job)`` runs a job here as far as this process can: ``(result, None)`` when that is the whole
    result, else ``(partial, rest)``; ``finish`` runs a batch of rests in a worker; ``join(partial,
    finished)`` gives the job's result.
    """

    here: Callable[[Any], tuple[Any, Any]]
    finish: Run
    join: Callable[[Any, Any], Any]


class _Starting:
    """A pool starting on a thread (its start waits on the forkserver's preload, with the GIL let go)."""

    def __init__(self, processes: int) -> None:
        self.pool: Any = None
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._start, args=(processes,), daemon=True)
        self.thread.start()

    def _start(self, processes: int) -> None:
        try:
            self.pool = _start_pool(processes)
        finally:
            self.ready.set()

    def wait(self) -> Any:
        self.thread.join()
        return self.pool


WATCH_S = 2.0  # how often a wait for the pool's next result checks that the pool can still deliver it


class PoolBroken(RuntimeError):
    """The pool's result thread died: results the workers send are never read."""


def guarded(pool: Any, run: Run, jobs: list[Any]) -> Iterator[Any]:
    """The results of ``jobs`` run in ``pool`` a batch at a time, in order (all queued now, not on the first
    read), but PoolBroken instead of waiting forever once the pool's result thread has died (it dies on a
    result this process cannot read back, e.g. one pickled by newer code on disk)."""
    chunks = batches(jobs)
    return _guarded_results(pool, pool.imap(run, chunks), len(chunks))


def _guarded_results(pool: Any, results: Any, n_chunks: int) -> Iterator[Any]:
    for _ in range(n_chunks):
        while True:
            try:
                yield from results.next(timeout=WATCH_S)
                break
            except multiprocessing.TimeoutError:
                if _results_dead(pool):
                    raise PoolBroken("the ingest pool's result thread died") from None


def stop(pool: Any) -> None:
    """Terminate ``pool``'s workers, also once its result thread has died (multiprocessing then refuses to
    terminate a pool with results pending and leaves the workers running: they are dropped first)."""
    if _results_dead(pool):
        getattr(pool, "_cache", {}).clear()
    pool.terminate()


def _results_dead(pool: Any) -> bool:
    """Whether ``pool``'s result thread (multiprocessing's, private) has died."""
    handler = getattr(pool, "_result_handler", None)
    return handler is not None and not handler.is_alive()


def _pooled(starting: _Starting, spool: str, run: Run, jobs: list[Any],
            head: HeadStart | None) -> Iterator[tuple[Any, Any]]:
    """Each job with its result, in order: the first ones begun here while the pool starts (at most half of
    them) and finished in the pool, the rest in the pool; a pool that did not start leaves all to this process."""
    begun: list[tuple[Any, Any]] = []
    while head is not None and not starting.ready.is_set() and len(begun) < len(jobs) // 2:
        begun.append(head.here(jobs[len(begun)]))
    pool = starting.wait()
    rest = jobs[len(begun):]
    lefts = [left for _, left in begun if left is not None]
    finished: Iterator[Any] = iter(())
    if head is not None and lefts:
        finished = _here(head.finish, lefts) if pool is None else _or_here(guarded(pool, head.finish, lefts),
                                                                            head.finish, lefts)
    reader = result_spool.Reader()
    if pool is None:
        results: Iterator[Any] = _here(run, rest)
    else:  # queued after the finishing jobs, which the pool serves first; results through the spool
        results = _or_here(map(reader, guarded(pool, functools.partial(result_spool.spooled, spool, run), rest)),
                           run, rest)
    try:
        for job, (partial, left) in zip(jobs, begun, strict=False):
            yield job, partial if left is None or head is None else head.join(partial, next(finished))
        yield from zip(rest, results, strict=True)
    finally:
        reader.close()


def _or_here(pooled: Iterator[Any], run: Run, jobs: list[Any]) -> Iterator[Any]:
    """``pooled``'s results of ``jobs``, in order; once the pool stops delivering them (PoolBroken), the rest
    run here: the batch goes on, slower."""
    done = 0
    try:
        for result in pooled:
            yield result
            done += 1
    except PoolBroken:
        log.warning("the ingest pool stopped delivering results; going on in this process", exc_info=True)
        yield from _here(run, jobs[done:])


@contextmanager
def mapper(n_files: int, meanwhile: Callable[[], object] | None = None) -> Iterator[tuple[Mapper, bool]]:
    """How to run the jobs of ``n_files`` files, and whether the jobs should embed.

    Fewer than POOL_MIN files: here, one after the other, without embedding (the writer embeds a whole
    group at once, quicker than report by report). More: a pool of one worker per core that parse,
    tokenize and embed, while this process writes (the writer's share, SQLite rows and the Chroma upsert,
    is about a third of the CPU per report, so with a worker per core every core stays busy). The pool
    starts on a thread: the mapper runs the first jobs here meanwhile, as far as its ``head`` allows.

    :param meanwhile: work this process will need (opening the Chroma client: importing chromadb is
        ~1 s in a fresh process), done on a thread while the pool starts.
    """
    cpus = os.cpu_count() or 1
    if n_files < POOL_MIN or cpus < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        yield (lambda run, jobs, head=None: in_process(run, jobs)), False
        return
    helper = threading.Thread(target=_quietly, args=(meanwhile,), daemon=True) if meanwhile else None
    if helper is not None:
        helper.start()
    starting = _Starting(max(1, min(4, cpus)))
    with result_spool.spool() as folder:
        try:
            yield (lambda run, jobs, head=None: _pooled(starting, folder, run, jobs, head)), True
        finally:  # the workers end before their spool folder goes
            if helper is not None:
                helper.join()
            pool = starting.wait()
            if pool is not None:
                stop(pool)
