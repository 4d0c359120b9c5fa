"""Last year's report of a unit: the one policy both front doors use.

In order: the saved report this one was carried forward from (recorded in its first version's note), a
saved report of the same unit for the year before, then the library's report of the unit for the year
before (parsed from its source file). The drafts database is optional (the CLI has none for a file).
"""

from __future__ import annotations

from assistant.core.errors import ReportError
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.persistence.drafts_db import Store

CARRY_NOTE = "carry_forward"


def carry_note(source_id: int | None) -> str:
    """Version note of a report carried forward from saved report ``source_id``."""
    return CARRY_NOTE if source_id is None else f"{CARRY_NOTE}:{source_id}"


def carried_from(store: Store, rid: int) -> int | None:
    """The saved report ``rid`` was carried forward from, if its first version says so."""
    history = store.versions(rid)
    note = history[-1].note if history else ""
    head, _, tail = note.partition(":")
    return int(tail) if head == CARRY_NOTE and tail.isdigit() else None


def unit_of(report: AnnualReport) -> str:
    """The report's unit as listed: short name, else organ name."""
    return report.profile.short_name or report.profile.organ_name


def saved_previous(store: Store, report: AnnualReport, rid: int | None = None) -> AnnualReport | None:
    """Last year's report among the saved drafts (the carried-forward source first)."""
    year = report.profile.report_year
    candidates = [carried_from(store, rid)] if rid is not None else []
    if year:
        candidates += [r.id for r in store.list_reports()
                       if r.id != rid and r.year == year - 1 and r.unit == unit_of(report)]
    for cid in candidates:
        if cid is None or cid == rid:
            continue
        try:
            last = store.load_report(cid)
        except ReportError:
            continue
        if not year or not last.profile.report_year or last.profile.report_year == year - 1:
            return last
    return None


def has_library(settings: Settings) -> bool:
    """True when a library may exist (its SQLite file, or a configured database; nothing heavy is opened)."""
    from vectorstore.sidecar import exists

    return exists(settings)


def library_previous(settings: Settings, report: AnnualReport) -> AnnualReport | None:
    """The library's report of the same unit for the year before, as stored in the library's database."""
    from assistant.library.ingest import stored_report
    from vectorstore.store import open_library

    year, unit = report.profile.report_year, report.profile.short_name
    if not year or not unit or not has_library(settings):
        return None
    for row in open_library(settings).reports():
        if row.unit == unit and row.year == year - 1:
            found = stored_report(settings, row.report_id, row.source)
            if found is not None:
                return found
    return None
