"""Engines and append-only migrations for our databases: a SQLite file by default, PostgreSQL for a server.

One mechanism for every schema: a registry is a list of ``(name, fn)`` migrations; :func:`run_migrations`
applies, in order and once per database, those not yet recorded in the ``_migrations`` table. The app's
Store (assistant/persistence/drafts_db.py) and the library (vectorstore/store.py, names ``library_*``)
keep their own registries and share that table when they share a database. On PostgreSQL the run holds a
transaction-scoped advisory lock, so app processes starting together do not race on ``CREATE TABLE``.

SQLite engines run in WAL mode with a 30 s busy timeout, so the app and the CLI can write side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text

BUSY_TIMEOUT_S = 30
MIGRATIONS_TABLE = "_migrations"
MIGRATION_LOCK_KEY = 0x6E69616E  # pg_advisory_xact_lock key of the migration run ("nian")
Migration = tuple[str, Callable[[Connection], None]]


def is_sqlite(url_or_engine: str | Engine | Connection) -> bool:
    """Whether a URL, engine or connection is SQLite."""
    if isinstance(url_or_engine, str):
        return url_or_engine.startswith("sqlite")
    return url_or_engine.dialect.name == "sqlite"


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL and a busy timeout on every connection of a SQLite engine."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite with WAL and a busy timeout, others with a pre-ping pool (a restarted
    server's dropped connections are replaced, not handed out)."""
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
        _sqlite_pragmas(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def run_migrations(engine: Engine, registry: list[Migration]) -> list[str]:
    """Apply the migrations of ``registry`` not yet recorded; return their names."""
    applied: list[str] = []
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} "
                          "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"))
        done = {r[0] for r in conn.execute(text(f"SELECT name FROM {MIGRATIONS_TABLE}"))}
        for name, fn in registry:
            if name not in done:
                fn(conn)
                conn.execute(text(f"INSERT INTO {MIGRATIONS_TABLE} VALUES (:n, :t)"),
                             {"n": name, "t": dt.datetime.now().isoformat(timespec="seconds")})
                applied.append(name)
    return applied
