"""Shared fixtures: every test gets its own data directory and runs offline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh NIANBAO_DATA_DIR for each test; the model cache stays shared (it is built once)."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    return data


@pytest.fixture
def settings(home: Path):
    from assistant.core.settings import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return SEEDS


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "002")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


# --------------------------------------------------------------------------- real servers (tests/servers.py)


@pytest.fixture(scope="session")
def pg():
    """The run's throwaway PostgreSQL cluster (started on first use, stopped at the end)."""
    from tests.servers import pg_cluster

    with pg_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg) -> str:
    """A fresh, empty database of the run's cluster (its SQLAlchemy URL)."""
    return pg.create_database()


@pytest.fixture(scope="session")
def chroma():
    """The run's ``chroma run`` server (started on first use, stopped at the end)."""
    from tests.servers import chroma_server

    with chroma_server() as server:
        yield server
