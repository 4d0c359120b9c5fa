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
            handle = result_spool.spooled(folder, lambda j: {"job": j, "text": "公开" * j}, job)
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
