"""Worker results through files instead of the pool's pipe.

A pool worker sends each result back through one pipe (64 KB), read by a thread of the ingesting process.
That process holds the GIL for up to a second in each Chroma upsert (its Rust binding never lets it go), so
the reading thread stops, the pipe fills after one or two results (a parsed report is ~50 KB) and both
workers wait: measured, the workers' CPU fell to 0.1-0.3 of a core during every write of a 1,000-report
ingest. Through a spool a worker writes its result to its own file and sends only where it lies (~100
bytes); it never waits for the writer.

Each worker starts a new file every ``PER_FILE`` results. The caller reads results in job order, and each
worker takes its jobs in that order, so when the caller reads the first result of a worker's next file it
has read all of the previous one, which is then deleted: the spool holds about two files per worker, not
the whole batch (~25 MB each). A worker that cannot write its file (a full temp disk) sends the result
itself, as before. A killed ingest leaves its folder behind; the next spool removes folders of processes
that are gone.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

PREFIX = "nianbao-spool-"
PER_FILE = 256  # results per file


class Spooled(NamedTuple):
    """Where a worker wrote one result."""

    file: str
    offset: int
    length: int


_open: dict[str, tuple[BinaryIO | None, int, int]] = {}  # in a worker: folder -> (file, its index, results in it)


def spooled(folder: str, run: Callable[[list[Any]], list[Any]], jobs: list[Any]) -> list[Any]:
    """Run a batch of jobs in a worker (``run(jobs)``) and write each result to this worker's file in
    ``folder``: where each lies; a result whose file cannot be written (a full temp disk) goes back itself,
    through the pipe."""
    return [_spool(folder, result) for result in run(jobs)]


def _spool(folder: str, result: Any) -> Any:
    try:
        handle, index, count = _open.get(folder, (None, -1, PER_FILE))
        if handle is None or count >= PER_FILE:
            if handle is not None:
                handle.close()
            index, count = index + 1, 0
            handle = open(os.path.join(folder, f"{os.getpid()}-{index}.bin"), "wb")  # noqa: SIM115
            _open[folder] = (handle, index, count)
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        offset = handle.tell()
        handle.write(data)
        handle.flush()  # to the page cache, where the caller reads it
    except OSError:
        _open[folder] = (None, index, PER_FILE)  # the next result tries a new file (never an earlier name)
        return result
    _open[folder] = (handle, index, count + 1)
    return Spooled(handle.name, offset, len(data))


class Reader:
    """Reads spooled results back in job order, deleting each worker's files once read."""

    def __init__(self) -> None:
        self.current: dict[str, tuple[str, BinaryIO]] = {}  # worker pid -> (file, open handle)

    def __call__(self, handle: Any) -> Any:
        if not isinstance(handle, Spooled):  # sent whole: the worker could not write it
            return handle
        name, offset, length = handle
        worker = Path(name).stem.rsplit("-", 1)[0]
        now = self.current.get(worker)
        if now is None or now[0] != name:
            if now is not None:  # every result of the worker's previous file has been read
                now[1].close()
                Path(now[0]).unlink(missing_ok=True)
            now = self.current[worker] = (name, open(name, "rb"))  # noqa: SIM115
        now[1].seek(offset)
        return pickle.loads(now[1].read(length))

    def close(self) -> None:
        for _, fh in self.current.values():
            fh.close()
        self.current.clear()


@contextlib.contextmanager
def spool() -> Iterator[str]:
    """A fresh spool folder (removed afterwards), after removing those of processes that are gone."""
    root = Path(tempfile.gettempdir())
    for old in root.glob(f"{PREFIX}*") if Path("/proc/self").exists() else ():  # Linux: who is alive
        pid = old.name[len(PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(old, ignore_errors=True)
    folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
