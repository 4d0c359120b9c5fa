"""The library's sidecar schema (SQLAlchemy Core): chunk text and tokens, the report manifest, the stored
files and parsed reports, the BM25 segments, and the writer lock.

Where it lives (:func:`library_url`, the one place that decides): with ``database_url`` set (PostgreSQL for
a server), in that database beside the app's tables, every table prefixed ``library_``; otherwise in the
SQLite file ``<home>/library.db``. The default keeps its own file rather than sharing ``nianbao.db``: an
existing library is migrated in place, and a bulk ingest (thousands of rows per transaction) does not hold
SQLite's single writer lock against the app's draft autosaves.

Migrations use the one mechanism of assistant/core/database.py (append-only, recorded in ``_migrations``,
names ``library_*``). ``library_001_tables`` creates the tables and, in a library.db written before them,
copies the old ``meta``/``chunks``/``reports`` tables over once (the old ``rowid`` order kept).

The writer lock (:func:`writer_lock`): one writer per library at a time. A file lock guards a SQLite file
on one machine; a PostgreSQL library shared by several machines takes a session advisory lock instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from assistant.core.database import Migration, is_sqlite, make_engine, run_migrations
from assistant.core.settings import Settings

LOCK_FILE = "ingest.lock"
METADATA = MetaData()
meta = Table("library_meta", METADATA,
             Column("key", Text, primary_key=True),
             Column("value", Text, nullable=False))
chunks = Table("library_chunks", METADATA,
               Column("rid", Integer, primary_key=True, autoincrement=True),
               Column("id", Text, nullable=False, unique=True),
               Column("report_id", Text, nullable=False, index=True),
               Column("section", Text, nullable=False, index=True),
               Column("subpart", Text, nullable=False, default=""),
               Column("text", Text, nullable=False),
               Column("tokens", Text, nullable=False),
               Column("meta", Text, nullable=False))
reports = Table("library_reports", METADATA,
                Column("seq", Integer, primary_key=True, autoincrement=True),  # insertion order
                Column("report_id", Text, nullable=False, unique=True),
                Column("source", Text, nullable=False, index=True),
                Column("unit", Text), Column("organ", Text), Column("level", Text), Column("province", Text),
                Column("city", Text), Column("county", Text), Column("year", Integer),
                Column("format_version", Text), Column("sample", Boolean), Column("n_chunks", Integer),
                Column("ingested_at", Text),
                Column("parser_version", Integer, nullable=False, default=0))
files = Table("library_files", METADATA,
              Column("report_id", Text, primary_key=True),
              Column("name", Text, nullable=False),
              Column("data", LargeBinary),  # the file's bytes as ingested (None: not stored)
              Column("report_json", Text))  # the parsed AnnualReport (model_dump_json), tables included
segments = Table("library_bm25_segments", METADATA,
                 Column("name", Text, primary_key=True),
                 Column("data", LargeBinary, nullable=False),  # np.savez of the segment's arrays
                 Column("created_at", Float, nullable=False))

MIGRATIONS: list[Migration] = []

_LEGACY_REPORT_COLUMNS = ("report_id", "source", "unit", "organ", "level", "province", "city", "county", "year",
                          "format_version", "sample", "n_chunks", "ingested_at")


def _library_001_tables(conn: Connection) -> None:
    METADATA.create_all(conn)
    if conn.dialect.name != "sqlite" or not inspect(conn).has_table("chunks"):
        return
    legacy = {c["name"] for c in inspect(conn).get_columns("reports")}
    version = "parser_version" if "parser_version" in legacy else "0"
    cols = ", ".join(_LEGACY_REPORT_COLUMNS)
    conn.execute(text("INSERT INTO library_meta(key, value) SELECT key, value FROM meta"))
    conn.execute(text("INSERT INTO library_chunks(rid, id, report_id, section, subpart, text, tokens, meta)"
                      " SELECT rid, id, report_id, section, COALESCE(json_extract(meta, '$.subpart'), ''),"
                      " text, tokens, meta FROM chunks ORDER BY rid"))
    conn.execute(text(f"INSERT INTO library_reports({cols}, parser_version)"
                      f" SELECT {cols}, COALESCE({version}, 0) FROM reports ORDER BY rowid"))
    for old in ("chunks", "reports", "meta"):
        conn.execute(text(f"DROP TABLE {old}"))


MIGRATIONS.append(("library_001_tables", _library_001_tables))


def put_meta(conn: Connection, key: str, value: object) -> None:
    """Insert or replace one meta row (an atomic upsert: concurrent writers of one key never collide)."""
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(meta).values(key=key, value=str(value))
    conn.execute(stmt.on_conflict_do_update(index_elements=[meta.c.key], set_={"value": stmt.excluded.value}))


def library_url(settings: Settings) -> str:
    """The database of the library: ``database_url`` when set, else ``<home>/library.db``."""
    return settings.database_url or f"sqlite:///{(settings.home / 'library.db').resolve()}"


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(settings: Settings) -> Engine:
    """The (cached, migrated) engine of the library of ``settings``."""
    url = library_url(settings)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            if is_sqlite(url):
                settings.home.mkdir(parents=True, exist_ok=True)
            engine = make_engine(url)
            run_migrations(engine, MIGRATIONS)
            _ENGINES[url] = engine
    return engine


def exists(settings: Settings) -> bool:
    """Whether there is a library: its SQLite file (nothing is created to find out), or, with
    ``database_url`` set, a report in that database (one row read)."""
    if not settings.database_url:
        return Path(settings.home / "library.db").is_file()
    try:
        with engine_for(settings).connect() as conn:
            return conn.execute(select(reports.c.seq).limit(1)).first() is not None
    except SQLAlchemyError:  # the server is not reachable: no library to draw on
        return False


def dispose_engines() -> None:
    """Close every cached engine (tests, reindex)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def _lock_key(settings: Settings) -> int:
    """The advisory-lock key of a library (its collection name; a signed 64-bit integer)."""
    return zlib.crc32(f"nianbao-library:{settings.collection}".encode()) - (1 << 31)


@contextlib.contextmanager
def writer_lock(settings: Settings, blocking: bool = True) -> Iterator[bool]:
    """Exclusive lock: one writer per library at a time. Yields False (without waiting) when ``blocking``
    is off and another writer holds it. PostgreSQL: a session advisory lock held on its own connection
    (released when that connection closes, also when the process is killed); SQLite: a file lock."""
    if settings.database_url and not is_sqlite(settings.database_url):
        engine = engine_for(settings)
        key = _lock_key(settings)
        with engine.connect() as conn:
            if blocking:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            elif not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                conn.rollback()
                yield False
                return
            conn.commit()
            try:
                yield True
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
        return
    settings.home.mkdir(parents=True, exist_ok=True)
    with open(settings.home / LOCK_FILE, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
