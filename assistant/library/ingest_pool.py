"""Who parses an ingest's files: this process alone for a few, a pool of worker processes for many.

Workers come from a forkserver, never a fork of the caller: the caller may be the threaded Streamlit
server, where fork() can copy a held lock. The forkserver imports :mod:`assistant.library.ingest_worker`
once (parsers loaded, tokenizer built, model shared), so workers start warm. The pool may start while
the caller holds the ingest lock: multiprocessing execs the forkserver with its own descriptors only, so
no helper holds the lock file (tested). A pool that cannot start (its forkserver died) leaves the files to
this process: the batch goes on, slower.

This process does not parse while the pool starts (about a second, one core idle): it would need its own
BM25 tokenizer, whose build grew this process by 400 MB and made a 1,000-report ingest 30 % slower
(measured; the workers share the forkserver's copy).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

# Parse in worker processes from this many files on. Below it one process is quicker: the pool's start
# (forkserver, tokenizer) costs ~1.1 s on 2 cores and is won back only at ~400 reports (measured, one
# process vs the pool: 60 files 1.24 / 1.71 s, 200 files 2.19 / 2.55 s, 400 files 3.57 / 3.53 s, 600
# files 5.03 / 4.41 s).
POOL_MIN = 400
WORKER_PRELOAD = "assistant.library.ingest_worker"
Mapper = Callable[[Callable[[Any], Any], list[Any]], Iterator[tuple[Any, Any]]]  # (fn, jobs) -> (job, result)


def _die_with_parent() -> None:
    """Worker initializer: a worker never outlives a killed ingest (Linux PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def in_process(fn: Callable[[Any], Any], jobs: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each job run here, in order, with its result."""
    for job in jobs:
        yield job, fn(job)


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


@contextmanager
def mapper(n_files: int, meanwhile: Callable[[], object] | None = None) -> Iterator[tuple[Mapper, bool]]:
    """How to run the jobs of ``n_files`` files, and whether the jobs should embed.

    Fewer than POOL_MIN files: here, one after the other, without embedding (the writer embeds a whole
    group at once, quicker than report by report). More: a pool of one worker per core that parse,
    tokenize and embed, while this process writes (the writer's share, SQLite rows and the Chroma upsert,
    is about a third of the CPU per report, so with a worker per core every core stays busy).

    :param meanwhile: work this process will need (opening the Chroma client: importing chromadb is
        ~1 s in a fresh process), done on a thread while the pool starts and this process's core is idle.
    """
    cpus = os.cpu_count() or 1
    if n_files < POOL_MIN or cpus < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        yield in_process, False
        return
    helper = threading.Thread(target=_quietly, args=(meanwhile,), daemon=True) if meanwhile else None
    if helper is not None:
        helper.start()
    pool = _start_pool(max(1, min(4, cpus)))
    if helper is not None:
        helper.join()
    if pool is None:
        yield in_process, False
        return
    try:
        yield (lambda fn, jobs: zip(jobs, pool.imap(fn, jobs, chunksize=4), strict=True)), True
    finally:
        pool.terminate()
