"""Everything stored with a report, read and written only under the policy: the report itself, its versions
(history, restore), its stored drafts and chat messages, and last year's saved report. The front doors call
these, never the Store's methods of the same names, so a clerk of one unit reaches another unit's drafts,
versions or chat by no page and no URL. (The review record goes through :mod:`assistant.accounts.workflow`,
which asks the same policy.)

Each function asks :func:`assistant.accounts.policy.require` first: reading needs READ, changing needs WRITE
(so nothing is added to a submitted or approved report either). ``user`` None is the single user.
"""

from __future__ import annotations

from assistant.accounts.policy import Action, require, visible_reports
from assistant.accounts.users import User
from assistant.core.errors import AccessDeniedError, ReportError
from assistant.core.report import AnnualReport
from assistant.library.previous import carried_from, unit_of
from assistant.persistence.drafts_db import AUTOSAVE_NOTE, ChatRow, DraftRow, Store, VersionRow


def load(store: Store, user: User | None, rid: int) -> AnnualReport:
    """The saved report ``rid``. :raises AccessDeniedError: not readable by ``user`` (or missing)."""
    require(store, user, Action.READ, rid)
    return store.load_report(rid)


def save(store: Store, user: User | None, rid: int, report: AnnualReport, note: str = AUTOSAVE_NOTE,
         base_hash: str | None = None) -> None:
    """Save ``report`` as report ``rid`` (see :meth:`Store.save_report` for ``base_hash``).

    :raises AccessDeniedError: ``user`` may not change it now (another unit's, submitted, approved …).
    """
    require(store, user, Action.WRITE, rid)
    store.save_report(rid, report, note=note, base_hash=base_hash)


def versions(store: Store, user: User | None, rid: int) -> list[VersionRow]:
    """The version history of report ``rid``, newest first."""
    require(store, user, Action.READ, rid)
    return store.versions(rid)


def restore(store: Store, user: User | None, rid: int, n: int) -> AnnualReport:
    """Make version ``n`` of report ``rid`` its current state (the replaced state stays in the history)."""
    require(store, user, Action.WRITE, rid)
    return store.restore_version(rid, n)


def drafts(store: Store, user: User | None, rid: int, section: str | None = None) -> list[DraftRow]:
    """The stored drafts of report ``rid`` (optionally of one section), oldest first."""
    require(store, user, Action.READ, rid)
    return store.drafts(rid, section)


def add_draft(store: Store, user: User | None, rid: int, section: str, text: str, *, backend: str = "",
              sources: list | None = None, findings: list | None = None) -> int:
    """Store one draft of a section of report ``rid``; returns its id."""
    require(store, user, Action.WRITE, rid)
    return store.add_draft(rid, section, text, backend=backend, sources=sources, findings=findings)


def adopt(store: Store, user: User | None, rid: int, draft_id: int) -> None:
    """Mark draft ``draft_id`` as the adopted one of its section; it must be a draft of report ``rid``.

    :raises AccessDeniedError: ``user`` may not change report ``rid``, or the draft is another report's.
    """
    require(store, user, Action.WRITE, rid)
    if draft_id not in {d.id for d in store.drafts(rid)}:
        raise AccessDeniedError(id=rid, action_code=f"action.{Action.WRITE.value}")
    store.mark_adopted(rid, draft_id)


def messages(store: Store, user: User | None, rid: int) -> list[ChatRow]:
    """The chat of report ``rid``, in order."""
    require(store, user, Action.READ, rid)
    return store.messages(rid)


def add_message(store: Store, user: User | None, rid: int, role: str, content: str) -> None:
    """Append one chat message to report ``rid``."""
    require(store, user, Action.WRITE, rid)
    store.add_message(rid, role, content)


def previous(store: Store, user: User | None, report: AnnualReport, rid: int | None) -> AnnualReport | None:
    """Last year's saved report of the same unit, among the reports ``user`` may read only: the report
    ``rid`` was carried forward from, else a readable report of the unit for the year before. (A clerk who
    types another unit's name into the form does not get that unit's report as "last year's".)"""
    readable = {row.id: row for row in visible_reports(store, user)}
    year = report.profile.report_year
    candidates: list[int | None] = [carried_from(store, rid)] if rid is not None and rid in readable else []
    if year:
        candidates += [r.id for r in readable.values() if r.id != rid and r.year == year - 1
                       and r.unit == unit_of(report)]
    for cid in candidates:
        if cid is None or cid == rid or cid not in readable:
            continue
        try:
            last = load(store, user, cid)
        except ReportError:
            continue
        if not year or not last.profile.report_year or last.profile.report_year == year - 1:
            return last
    return None
