"""The library's sidecar on a real PostgreSQL: its writer lock is a database advisory lock (it protects a
library that several machines share), and the library tables live beside the app's in one database."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import inspect

from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from vectorstore import sidecar

REPO = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from assistant.core.settings import load_settings
from vectorstore.sidecar import writer_lock
with writer_lock(load_settings(database_url=sys.argv[1])) as got:
    print("held" if got else "refused", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_the_writer_lock_is_held_across_processes(pg_url: str, tmp_path: Path) -> None:
    settings = load_settings(database_url=pg_url)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, pg_url, "30"], cwd=REPO, stdout=subprocess.PIPE,
                              text=True, env={"PYTHONPATH": str(REPO), "NIANBAO_DATA_DIR": str(tmp_path / "other")})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with sidecar.writer_lock(settings, blocking=False) as got:
            assert got is False  # another process (another machine, as far as the database knows) writes
    finally:
        holder.kill()  # a killed writer's session ends, and with it its lock
        holder.wait()
    # The server ends the killed writer's session when it sees the connection close, a moment after the kill.
    deadline = time.monotonic() + 10
    while True:
        with sidecar.writer_lock(settings, blocking=False) as got:
            if got or time.monotonic() > deadline:
                assert got is True
                with sidecar.writer_lock(settings, blocking=False) as again:
                    assert again is False  # one writer at a time, also within one process
                break
        time.sleep(0.05)
    assert not (settings.home / sidecar.LOCK_FILE).exists()  # no local lock file for a shared database


def test_library_and_app_tables_share_one_database(pg_url: str) -> None:
    settings = load_settings(database_url=pg_url)
    Store.from_settings(settings)
    tables = set(inspect(sidecar.engine_for(settings)).get_table_names())
    assert {"reports", "versions", "drafts", "library_reports", "library_chunks", "library_files",
            "library_bm25_segments", "_migrations"} <= tables
    assert sidecar.exists(settings) is False  # no report yet
    assert not (settings.home / "library.db").exists() and not (settings.home / "nianbao.db").exists()
