"""Pool results through files: read back whole and in order, each worker's files deleted once read, folders
of killed ingests cleaned up."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.library import result_spool


def test_results_come_back_in_order_and_read_files_are_deleted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(result_spool, "PER_FILE", 3)
    with result_spool.spool() as folder:
        reader = result_spool.Reader()
        seen_files: list[int] = []
        for job in range(10):
            handle = result_spool.spooled(folder, lambda js: [{"job": j, "text": "公开" * j} for j in js], [job])[0]
            assert reader(handle) == {"job": job, "text": "公开" * job}
            seen_files.append(len(list(Path(folder).iterdir())))
        reader.close()
        assert max(seen_files) <= 2  # the file being read, and the one being written
        assert sorted(p.name for p in Path(folder).iterdir()) == [f"{os.getpid()}-3.bin"]
    assert not Path(folder).exists()


def test_a_new_spool_removes_the_folders_of_processes_that_are_gone(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    stale = tmp_path / f"{result_spool.PREFIX}{gone}-abc"
    live = tmp_path / f"{result_spool.PREFIX}{os.getppid()}-def"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "1-0.bin").write_bytes(b"x")
    with result_spool.spool() as folder:
        assert Path(folder).parent == tmp_path
        assert not stale.exists() and live.exists()


def test_a_result_that_cannot_be_written_comes_back_whole(tmp_path: Path) -> None:
    """A full (here: missing) temp folder costs the spool, not the file: the result goes back through the
    pipe, and the next one tries a new file, never the name of one the reader may still need."""
    folder = tmp_path / "spool"
    reader = result_spool.Reader()
    first = result_spool.spooled(str(folder), lambda js: [("报告", j) for j in js], [1])[0]
    assert not isinstance(first, result_spool.Spooled) and reader(first) == ("报告", 1)
    folder.mkdir()
    second = result_spool.spooled(str(folder), lambda js: [("报告", j) for j in js], [2])[0]
    assert isinstance(second, result_spool.Spooled) and second.file.endswith(f"{os.getpid()}-1.bin")
    assert reader(second) == ("报告", 2)
    reader.close()
