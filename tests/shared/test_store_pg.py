"""The app's Store (reports, versions, drafts, chat, review rounds) on a real PostgreSQL: the SQLite suite
of tests/app/test_store_db.py runs again against a fresh database of the throwaway cluster, plus the
optimistic-concurrency conflict between two Store objects (two app processes) on one database."""

from __future__ import annotations

import pytest

from assistant.core.errors import ConflictError
from assistant.core.report import AnnualReport
from assistant.persistence.drafts_db import Store
from tests.app import test_store_db as sqlite_suite
from tests.app.conftest import make_filled_report

# The SQLite suite's tests, collected here with this module's ``store`` (PostgreSQL) and ``settings``.
globals().update({k: v for k, v in vars(sqlite_suite).items()
                  if k.startswith("test_") and k != "test_migrations_run_once"})


@pytest.fixture
def store(pg_url: str) -> Store:
    return Store(pg_url)


@pytest.fixture
def filled_report() -> AnnualReport:
    return make_filled_report()


def test_migrations_run_once_on_postgresql(pg_url: str) -> None:
    first = Store(pg_url)
    assert Store(pg_url).migrate() == []
    assert first.list_reports() == []


def test_two_stores_share_reports_and_conflict(pg_url: str) -> None:
    a, b = Store(pg_url), Store(pg_url)
    report = make_filled_report()
    rid = a.create_report(report)
    loaded = b.load_report(rid)
    assert loaded == report
    base = b.current_hash(rid)
    report.facts.staff_count = 7
    a.save_report(rid, report)
    assert b.load_report(rid).facts.staff_count == 7  # one process's save is seen by the other
    loaded.facts.staff_count = 9
    with pytest.raises(ConflictError):
        b.save_report(rid, loaded, base_hash=base)
    assert a.load_report(rid).facts.staff_count == 7  # the other session's work is not overwritten
    assert any(v.note == "conflict" for v in a.versions(rid))


def test_app_processes_starting_together_migrate_once(pg_url: str) -> None:
    """Several processes opening a fresh database at once: the advisory lock lets one create the tables."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    code = "import sys; from assistant.persistence.drafts_db import Store; print(Store(sys.argv[1]).list_reports())"
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_url], cwd=repo, env={"PYTHONPATH": str(repo)},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err[-500:] for _, err in outs]
    assert Store(pg_url).migrate() == []
