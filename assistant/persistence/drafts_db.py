"""Persistence of reports, their version history, drafts and chat messages (SQLAlchemy).

``Settings.db_url`` chooses the database: a SQLite file under the data directory by default, any
SQLAlchemy URL (e.g. PostgreSQL) otherwise. Schema changes are append-only migrations, each
recorded once in ``_migrations`` (as llm/migrations.py). Reports are stored with
``model_dump_json()`` and read back with ``model_validate_json()``, so old rows are validated again.

Saves are optimistic: a session passes the hash of the report it loaded (``base_hash``); when another
session saved in between, the save raises :class:`ConflictError` and writes nothing over the other
session's work, but keeps this session's state as a version (note ``conflict``), so both survive.
Every save adds a version; autosaves are then thinned (:func:`keep_versions`): the newest autosave of each
10 minutes is kept for the last day, of each day before that. Named versions are always kept.
Engines and the migration runner are assistant/core/database.py's (WAL and a busy timeout on SQLite; an
advisory lock around migrations and ``SELECT … FOR UPDATE`` around a save on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)

from assistant.core.database import make_engine, run_migrations
from assistant.core.errors import ConflictError, ReportNotFoundError, StoredReportInvalidError
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings

MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = []
AUTOSAVE_NOTE = "autosave"
CONFLICT_NOTE = "conflict"
RECENT_BUCKET = dt.timedelta(minutes=10)  # the last day keeps one autosave per 10 minutes …
RECENT_SPAN = dt.timedelta(days=1)  # … older autosaves one per day
Clock = Callable[[], dt.datetime]


def migration(fn: Callable[[Connection], None]) -> Callable[[Connection], None]:
    """Register a schema migration; it runs once per database, in order."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


METADATA = MetaData()
reports = Table("reports", METADATA,
                Column("id", Integer, primary_key=True, autoincrement=True),
                Column("unit", String(200), nullable=False, default=""),
                Column("year", Integer),
                Column("created_at", String(32), nullable=False),
                Column("updated_at", String(32), nullable=False),
                Column("content_hash", String(64), nullable=False),
                Column("report_json", Text, nullable=False))
versions = Table("versions", METADATA,
                 Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("report_id", Integer, nullable=False, index=True),
                 Column("n", Integer, nullable=False),
                 Column("saved_at", String(32), nullable=False),
                 Column("report_json", Text, nullable=False),
                 Column("note", String(200), nullable=False, default=""))
drafts = Table("drafts", METADATA,
               Column("id", Integer, primary_key=True, autoincrement=True),
               Column("report_id", Integer, nullable=False, index=True),
               Column("section", String(40), nullable=False),
               Column("text", Text, nullable=False),
               Column("backend", String(100), nullable=False, default=""),
               Column("sources_json", Text, nullable=False, default="[]"),
               Column("findings_json", Text, nullable=False, default="[]"),
               Column("adopted", Boolean, nullable=False, default=False),
               Column("created_at", String(32), nullable=False))
chat_messages = Table("chat_messages", METADATA,
                      Column("id", Integer, primary_key=True, autoincrement=True),
                      Column("report_id", Integer, nullable=False, index=True),
                      Column("role", String(20), nullable=False),
                      Column("content", Text, nullable=False),
                      Column("created_at", String(32), nullable=False))


@migration
def m001_initial(conn: Connection) -> None:
    METADATA.create_all(conn, tables=[reports, versions, drafts, chat_messages])


class ReportRow(BaseModel):
    """One saved report as listed (without its content)."""

    id: int
    unit: str
    year: int | None
    updated_at: str


class VersionRow(BaseModel):
    """One entry of a report's version history."""

    n: int
    saved_at: str
    note: str


class DraftRow(BaseModel):
    """A stored draft of one section."""

    id: int
    section: str
    text: str
    backend: str
    sources: list[Any]
    findings: list[Any]
    adopted: bool


class ChatRow(BaseModel):
    """One chat message of a report's drafting conversation."""

    role: str
    content: str
    created_at: str


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _bucket(saved_at: dt.datetime, now: dt.datetime) -> str:
    """The retention bucket of a version: its 10 minutes within the last day, else its day."""
    if now - saved_at < RECENT_SPAN:
        return saved_at.replace(minute=saved_at.minute // 10 * 10, second=0, microsecond=0).isoformat()
    return saved_at.date().isoformat()


def keep_versions(autosaves: list[tuple[int, str]], now: dt.datetime) -> set[int]:
    """Which autosave versions (number, saved_at) to keep: the newest of each bucket (:func:`_bucket`)."""
    newest: dict[str, int] = {}
    for n, saved_at in autosaves:
        key = _bucket(dt.datetime.fromisoformat(saved_at), now)
        newest[key] = max(n, newest.get(key, n))
    return set(newest.values())


def _hash(report_json: str) -> str:
    return hashlib.sha256(report_json.encode("utf-8")).hexdigest()


def _unit(report: AnnualReport) -> str:
    return report.profile.short_name or report.profile.organ_name


class Store:
    """All persistence of the app, over one SQLAlchemy engine."""

    def __init__(self, url: str, clock: Clock = dt.datetime.now, *, accounts_required: bool = False) -> None:
        """:param clock: the time of a save (tests pass a clock that advances faster).
        :param accounts_required: a county server's store (Settings.accounts_mode): no report without a
            login, even before the first account."""
        self.engine: Engine = make_engine(url)
        self.clock = clock
        self.accounts_required = accounts_required
        self.migrate()

    def _stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """Open (and migrate) the database named by ``settings.db_url``."""
        settings.home.mkdir(parents=True, exist_ok=True)
        return cls(settings.db_url, accounts_required=settings.accounts_mode)

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        return run_migrations(self.engine, MIGRATIONS)

    # ------------------------------------------------------------ reports
    def create_report(self, report: AnnualReport, note: str = "created") -> int:
        """Insert a new report (and its first version); return its id."""
        body = report.model_dump_json()
        now = self._stamp()
        with self.engine.begin() as conn:
            result = conn.execute(insert(reports).values(
                unit=_unit(report), year=report.profile.report_year, created_at=now, updated_at=now,
                content_hash=_hash(body), report_json=body))
            rid = int(result.inserted_primary_key[0])  # type: ignore[index]
            self._add_version(conn, rid, body, note)
        return rid

    def save_report(self, rid: int, report: AnnualReport, note: str = AUTOSAVE_NOTE,
                    base_hash: str | None = None) -> bool:
        """Write ``report`` through if its content changed; return whether anything was written.

        :param base_hash: the content hash of the report as this session loaded (or last saved) it; when
            the stored report has changed since, nothing is overwritten.
        :raises ConflictError: another session saved in between; this session's state is kept as a
            version (note ``conflict``), the other session's stays current.
        """
        body = report.model_dump_json()
        digest = _hash(body)
        with self.engine.begin() as conn:
            row = conn.execute(select(reports.c.content_hash, reports.c.updated_at).where(reports.c.id == rid)
                               .with_for_update()).first()  # PostgreSQL: concurrent saves of one report queue
            if row is None:
                raise ReportNotFoundError(id=rid)
            if row.content_hash == digest:
                return False
            if base_hash is not None and row.content_hash != base_hash:
                mine = self._add_version(conn, rid, body, CONFLICT_NOTE)
                conflict = ConflictError(id=rid, saved_at=row.updated_at, mine=mine, theirs_hash=row.content_hash)
            else:
                conflict = None
                conn.execute(update(reports).where(reports.c.id == rid).values(
                    unit=_unit(report), year=report.profile.report_year, updated_at=self._stamp(),
                    content_hash=digest, report_json=body))
                self._add_version(conn, rid, body, note)
                self._thin_versions(conn, rid)
        if conflict is not None:
            raise conflict
        return True

    def _thin_versions(self, conn: Connection, rid: int) -> None:
        """Drop the autosaves that :func:`keep_versions` does not keep (the newest version always stays)."""
        rows = conn.execute(select(versions.c.n, versions.c.saved_at).where(
            versions.c.report_id == rid, versions.c.note == AUTOSAVE_NOTE)).all()
        if len(rows) < 2:
            return
        top = conn.execute(select(func.max(versions.c.n)).where(versions.c.report_id == rid)).scalar()
        keep = keep_versions([(r.n, r.saved_at) for r in rows], self.clock()) | {top}
        drop = [r.n for r in rows if r.n not in keep]
        if drop:
            conn.execute(delete(versions).where(versions.c.report_id == rid, versions.c.n.in_(drop)))

    def current_hash(self, rid: int) -> str:
        """The content hash of the stored report (what a session compares with the one it loaded)."""
        with self.engine.connect() as conn:
            digest = conn.execute(select(reports.c.content_hash).where(reports.c.id == rid)).scalar()
        if digest is None:
            raise ReportNotFoundError(id=rid)
        return str(digest)

    def load_version(self, rid: int, n: int) -> AnnualReport:
        """Version ``n`` of a report."""
        with self.engine.connect() as conn:
            body = conn.execute(select(versions.c.report_json).where(
                versions.c.report_id == rid, versions.c.n == n)).scalar()
        if body is None:
            raise ReportNotFoundError(id=rid, version=n)
        return _validate(body, rid)

    def _add_version(self, conn: Connection, rid: int, body: str, note: str) -> int:
        top = conn.execute(select(func.max(versions.c.n)).where(versions.c.report_id == rid)).scalar()
        n = (top or 0) + 1
        conn.execute(insert(versions).values(report_id=rid, n=n, saved_at=self._stamp(), report_json=body, note=note))
        return n

    def load_report(self, rid: int) -> AnnualReport:
        """The saved report ``rid`` (validated again)."""
        with self.engine.connect() as conn:
            body = conn.execute(select(reports.c.report_json).where(reports.c.id == rid)).scalar()
        if body is None:
            raise ReportNotFoundError(id=rid)
        return _validate(body, rid)

    def list_reports(self) -> list[ReportRow]:
        """All saved reports, most recently edited first."""
        query = select(reports.c.id, reports.c.unit, reports.c.year, reports.c.updated_at).order_by(
            reports.c.updated_at.desc(), reports.c.id.desc())
        with self.engine.connect() as conn:
            return [ReportRow(id=r.id, unit=r.unit, year=r.year, updated_at=r.updated_at) for r in conn.execute(query)]

    def delete_report(self, rid: int) -> None:
        """Remove a report with its versions, drafts, chat, binding and workflow record (SQLite may give a
        later report the same id: it must not inherit this one's unit)."""
        with self.engine.begin() as conn:
            for table in (versions, drafts, chat_messages, report_scope, transitions):
                conn.execute(delete(table).where(table.c.report_id == rid))
            conn.execute(delete(reports).where(reports.c.id == rid))

    # ------------------------------------------------------------ versions
    def snapshot(self, rid: int, note: str) -> int:
        """Record the current saved state as a named version; return its number."""
        with self.engine.begin() as conn:
            body = conn.execute(select(reports.c.report_json).where(reports.c.id == rid)).scalar()
            if body is None:
                raise ReportNotFoundError(id=rid)
            return self._add_version(conn, rid, body, note)

    def versions(self, rid: int) -> list[VersionRow]:
        """The version history of a report, newest first."""
        query = select(versions.c.n, versions.c.saved_at, versions.c.note).where(
            versions.c.report_id == rid).order_by(versions.c.n.desc())
        with self.engine.connect() as conn:
            return [VersionRow(n=r.n, saved_at=r.saved_at, note=r.note) for r in conn.execute(query)]

    def restore_version(self, rid: int, n: int) -> AnnualReport:
        """Make version ``n`` the current report (the replaced state stays in the history)."""
        with self.engine.connect() as conn:
            body = conn.execute(select(versions.c.report_json).where(
                versions.c.report_id == rid, versions.c.n == n)).scalar()
        if body is None:
            raise ReportNotFoundError(id=rid, version=n)
        report = _validate(body, rid)
        self.snapshot(rid, f"before-restore:{n}")
        self.save_report(rid, report, note=f"restore:{n}")
        return report

    # ------------------------------------------------------------ drafts and chat
    def add_draft(self, rid: int, section: str, text_: str, *, backend: str = "", sources: list | None = None,
                  findings: list | None = None) -> int:
        """Store one draft of a section; return its id."""
        values = {"report_id": rid, "section": section, "text": text_, "backend": backend, "adopted": False,
                  "sources_json": json.dumps(sources or [], ensure_ascii=False, default=str),
                  "findings_json": json.dumps(findings or [], ensure_ascii=False, default=str), "created_at": _now()}
        with self.engine.begin() as conn:
            return int(conn.execute(insert(drafts).values(**values)).inserted_primary_key[0])  # type: ignore[index]

    def mark_adopted(self, rid: int, draft_id: int) -> None:
        """Mark one draft as the adopted one of its section."""
        with self.engine.begin() as conn:
            section = conn.execute(select(drafts.c.section).where(drafts.c.id == draft_id)).scalar_one()
            conn.execute(update(drafts).where(drafts.c.report_id == rid, drafts.c.section == section)
                         .values(adopted=False))
            conn.execute(update(drafts).where(drafts.c.id == draft_id).values(adopted=True))

    def drafts(self, rid: int, section: str | None = None) -> list[DraftRow]:
        """Stored drafts of a report (optionally of one section), oldest first."""
        query = select(drafts).where(drafts.c.report_id == rid).order_by(drafts.c.id)
        if section:
            query = query.where(drafts.c.section == section)
        with self.engine.connect() as conn:
            return [DraftRow(id=r.id, section=r.section, text=r.text, backend=r.backend,
                             sources=json.loads(r.sources_json), findings=json.loads(r.findings_json),
                             adopted=bool(r.adopted)) for r in conn.execute(query)]

    def add_message(self, rid: int, role: str, content: str) -> None:
        """Append one chat message."""
        with self.engine.begin() as conn:
            conn.execute(insert(chat_messages).values(report_id=rid, role=role, content=content, created_at=_now()))

    def messages(self, rid: int) -> list[ChatRow]:
        """The chat of a report, in order."""
        query = select(chat_messages).where(chat_messages.c.report_id == rid).order_by(chat_messages.c.id)
        with self.engine.connect() as conn:
            return [ChatRow(role=r.role, content=r.content, created_at=r.created_at) for r in conn.execute(query)]

    # ------------------------------------------------------------ county review desk
    def set_review_status(self, content_hash: str, status: str, *, unit: str = "", year: int | None = None) -> None:
        """The reviewer's status (pending / returned / passed) of one report file, keyed by its content hash."""
        with self.engine.begin() as conn:
            done = conn.execute(update(review_status).where(review_status.c.content_hash == content_hash)
                                .values(status=status, unit=unit, year=year, updated_at=_now())).rowcount
            if not done:
                conn.execute(insert(review_status).values(content_hash=content_hash, status=status, unit=unit,
                                                          year=year, updated_at=_now()))

    def review_statuses(self, hashes: list[str]) -> dict[str, str]:
        """Status by content hash for the hashes that have one."""
        query = select(review_status.c.content_hash, review_status.c.status).where(
            review_status.c.content_hash.in_(hashes))
        with self.engine.connect() as conn:
            return {r.content_hash: r.status for r in conn.execute(query)}

    def add_review_round(self, unit: str, year: int | None, content_hash: str, findings: list[dict]) -> bool:
        """Record the findings of one imported file as a review round (once per content hash and unit)."""
        with self.engine.begin() as conn:
            seen = conn.execute(select(review_rounds.c.id).where(
                review_rounds.c.unit == unit, review_rounds.c.content_hash == content_hash)).first()
            if seen is not None:
                return False
            conn.execute(insert(review_rounds).values(
                unit=unit, year=year, content_hash=content_hash, created_at=_now(),
                findings_json=json.dumps(findings, ensure_ascii=False, default=str)))
        return True

    def previous_review_round(self, unit: str, year: int | None, content_hash: str) -> list[dict] | None:
        """The findings of the latest earlier round of this unit and year with other file content, if any."""
        query = (select(review_rounds.c.findings_json)
                 .where(review_rounds.c.unit == unit, review_rounds.c.year == year,
                        review_rounds.c.content_hash != content_hash)
                 .order_by(review_rounds.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            body = conn.execute(query).scalar()
        return None if body is None else json.loads(body)


def _validate(body: str, rid: int) -> AnnualReport:
    try:
        return AnnualReport.model_validate_json(body)
    except ValidationError as exc:
        raise StoredReportInvalidError(id=rid, count=len(exc.errors())) from None


# Tables of the county review desk, added by the migration below (append-only: never edit m001).
review_status = Table("review_status", METADATA,
                      Column("content_hash", String(64), primary_key=True),
                      Column("unit", String(200), nullable=False, default=""),
                      Column("year", Integer),
                      Column("status", String(20), nullable=False),
                      Column("updated_at", String(32), nullable=False))
review_rounds = Table("review_rounds", METADATA,
                      Column("id", Integer, primary_key=True, autoincrement=True),
                      Column("unit", String(200), nullable=False, index=True),
                      Column("year", Integer),
                      Column("content_hash", String(64), nullable=False),
                      Column("findings_json", Text, nullable=False),
                      Column("created_at", String(32), nullable=False))


@migration
def m002_review_desk(conn: Connection) -> None:
    METADATA.create_all(conn, tables=[review_status, review_rounds])


# Tables of the county server (accounts, sessions, who may see which report, the submission workflow),
# added by the migration below. Plain SQLAlchemy Core types only, so PostgreSQL and SQLite agree.
# ``report_scope`` binds a report to the unit and county it was created for: unlike ``reports.unit``
# (a copy of the profile's name, rewritten on every save), nothing a clerk types can change it.
users = Table("users", METADATA,
              Column("id", Integer, primary_key=True, autoincrement=True),
              Column("name", String(80), nullable=False, unique=True),
              Column("password_hash", String(200), nullable=False),
              Column("role", String(20), nullable=False),
              Column("unit", String(200), nullable=False, default=""),
              Column("county", String(200), nullable=False, default=""),
              Column("active", Boolean, nullable=False, default=True),
              Column("created_at", String(32), nullable=False))
sessions = Table("sessions", METADATA,
                 Column("token_hash", String(64), primary_key=True),
                 Column("user_id", Integer, nullable=False, index=True),
                 Column("created_at", Float, nullable=False),
                 Column("last_seen", Float, nullable=False),
                 Column("revoked", Boolean, nullable=False, default=False))
report_scope = Table("report_scope", METADATA,
                     Column("report_id", Integer, primary_key=True),
                     Column("unit", String(200), nullable=False),
                     Column("county", String(200), nullable=False, default=""),
                     Column("state", String(20), nullable=False),
                     Column("updated_at", String(32), nullable=False))
transitions = Table("transitions", METADATA,
                    Column("id", Integer, primary_key=True, autoincrement=True),
                    Column("report_id", Integer, nullable=False, index=True),
                    Column("from_state", String(20), nullable=False),
                    Column("to_state", String(20), nullable=False),
                    Column("user_name", String(80), nullable=False),
                    Column("at", String(32), nullable=False),
                    Column("comment", Text, nullable=False, default=""),
                    Column("findings_json", Text, nullable=False, default="[]"))
login_throttle = Table("login_throttle", METADATA,
                       Column("key", String(300), primary_key=True),
                       Column("failures", Integer, nullable=False),
                       Column("last_at", Float, nullable=False))


@migration
def m003_accounts(conn: Connection) -> None:
    METADATA.create_all(conn, tables=[users, sessions, report_scope, transitions, login_throttle])
