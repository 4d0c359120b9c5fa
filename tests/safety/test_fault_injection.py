"""SIGKILL at instrumented stage boundaries of ingest, reindex and remove (``fault_kill_step``), then
``nianbao library check``: the store must be consistent and every file present exactly once.

Kill points are drawn by step count from a fixed seed, so a failing trial replays (its id names the step).
The hash embedder keeps each trial to a few seconds; the processes, Chroma and SQLite are real.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "library" / "samples"
SEED = 20261201
RNG = random.Random(SEED)
# (operation, kill step) trials: 10 ingests (fresh, or replacing changed files), 6 reindexes, 6 removals.
TRIALS = ([("ingest", RNG.randint(1, 40)) for _ in range(6)] + [("replace", RNG.randint(1, 30)) for _ in range(4)]
          + [("reindex", RNG.randint(1, 12)) for _ in range(6)] + [("remove", RNG.randint(1, 12)) for _ in range(6)])


def nianbao(home: Path, *args: str, kill_step: int = 0) -> subprocess.CompletedProcess:
    """Run the real CLI in a child process (our code first on the path), optionally killed at a step."""
    env = {**os.environ, "NIANBAO_DATA_DIR": str(home), "NIANBAO_EMBEDDER": "hash", "PYTHONPATH": str(REPO),
           "NIANBAO_FAULT_KILL_STEP": str(kill_step)}
    return subprocess.run([sys.executable, "-c", "from cli import main; main()", *args], env=env,
                          capture_output=True, text=True, timeout=300, cwd=REPO, check=False)


def assert_consistent(home: Path) -> list[tuple[str, str]]:
    """Every chunk belongs to a listed report with all its chunks and each chunk has exactly one vector;
    no source is listed twice; the marker is clear. :returns: (report id, source) of the listed reports."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    db = sqlite3.connect(home / "library.db")
    try:
        assert db.execute("SELECT value FROM library_meta WHERE key='dirty'").fetchone() is None
        reports = db.execute("SELECT report_id, source, n_chunks FROM library_reports").fetchall()
        counts = dict(db.execute("SELECT report_id, COUNT(*) FROM library_chunks GROUP BY report_id").fetchall())
        assert {r[0]: r[2] for r in reports} == counts
        sources = [r[1] for r in reports]
        assert len(sources) == len(set(sources))
        by_section: dict[str, set[str]] = {}
        for cid, section in db.execute("SELECT id, section FROM library_chunks"):
            by_section.setdefault(section, set()).add(cid)
        collection = db.execute("SELECT value FROM library_meta WHERE key='model_id'").fetchone()
    finally:
        db.close()
    if by_section:
        assert collection is not None
        client = chromadb.PersistentClient(path=str(home / "chroma"),
                                           settings=ChromaSettings(anonymized_telemetry=False))
        try:
            for section, ids in by_section.items():
                col = client.get_collection(f"reports-{section or 'none'}")
                stored = col.get(include=[])["ids"]
                assert len(stored) == len(set(stored)) and set(stored) == ids, section
        finally:
            client.close()
    return [(r[0], r[1]) for r in reports]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:8]:
        shutil.copy(path, folder / path.name)
    return folder


def _sources(folder: Path) -> set[str]:
    return {str(p.resolve()) for p in folder.iterdir()}


@pytest.mark.parametrize(("operation", "step"), TRIALS, ids=[f"{op}-step{n}" for op, n in TRIALS])
def test_a_killed_step_is_repaired(operation: str, step: int, corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "data"
    if operation != "ingest":
        assert nianbao(home, "ingest", str(corpus)).returncode == 0
    if operation == "replace":  # the same files re-imported with new content: each must replace its old report
        for path in sorted(corpus.iterdir())[::2]:
            path.write_text(path.read_text(encoding="utf-8") + "\n本报告已更正。\n", encoding="utf-8")
    args = {"ingest": ["ingest", str(corpus)], "replace": ["ingest", str(corpus)],
            "reindex": ["library", "reindex"], "remove": ["library", "remove", str(min(corpus.iterdir()).resolve())]}[operation]

    killed = nianbao(home, *args, kill_step=step)

    assert killed.returncode in (-signal.SIGKILL, 0, 1), killed.stderr
    check = nianbao(home, "library", "check")
    assert check.returncode == 0, check.stderr
    assert "资料库检查完毕" in check.stdout
    assert_consistent(home)
    again = nianbao(home, *args)  # finishing the step afterwards gives the state an uninterrupted run gives
    finished_already = operation == "remove" and "没有找到" in again.stderr  # the manifest row went first
    assert again.returncode == 0 or finished_already, again.stderr
    listed = assert_consistent(home)
    sources = [s for _, s in listed]
    expected = _sources(corpus)
    if operation == "remove":
        assert sorted(sources) == sorted(expected - {str(min(corpus.iterdir()).resolve())})
    else:
        assert sorted(sources) == sorted(expected)  # every file present exactly once
    if operation == "replace":
        from assistant.library.ingest import file_sha256

        assert {rid for rid, _ in listed} == {file_sha256(Path(s)) for s in expected}


def test_trials_kill_at_least_most_of_the_time(corpus: Path, tmp_path: Path) -> None:
    """The drawn steps fall inside the operations (else the trials above would prove nothing)."""
    killed = 0
    for n, (_operation, step) in enumerate(TRIALS[:10:3]):
        home = tmp_path / f"d{n}"
        killed += nianbao(home, "ingest", str(corpus), kill_step=step).returncode == -signal.SIGKILL
    assert killed >= 3
    assert len(TRIALS) >= 20
