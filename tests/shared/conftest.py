"""Fixtures of the shared-store tests: one PostgreSQL cluster and one ``chroma run`` server per test run,
a fresh database per test (see tests/servers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers import ChromaServer, PgCluster, chroma_server, pg_cluster


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    """The run's throwaway PostgreSQL cluster."""
    with pg_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg: PgCluster) -> str:
    """A fresh, empty database of the cluster (its SQLAlchemy URL)."""
    return pg.create_database()


@pytest.fixture(scope="session")
def chroma() -> Iterator[ChromaServer]:
    """The run's ``chroma run`` server."""
    with chroma_server() as server:
        yield server
