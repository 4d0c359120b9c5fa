"""Peers from the library: reports of the same level (乡/镇/街道) and year as the batch's units, parsed
from their source files, so a county's figures can be set beside other places' (the library itself
keeps text chunks; the parsed tables and facts are read again from the kept source)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from assistant.core.errors import ReportError
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.review.desk import DeskReport

log = logging.getLogger(__name__)
MAX_PEERS = 200  # parsing is ~50 ms a report; a larger library is sampled in its listed order


def peer_key(unit: str, year: int) -> str:
    """How a peer is named on charts and sheets: 青禾镇 2024."""
    return f"{unit} {year}"


def library_peers(settings: Settings, entries: Sequence[DeskReport]) -> dict[str, AnnualReport]:
    """Library reports with the level and year of some unit of the batch, other than the batch's units."""
    from assistant.library.ingest import list_reports, stored_report
    from vectorstore.sidecar import exists

    if not exists(settings):
        return {}  # no library yet: nothing heavy (the embedding model) is loaded
    wanted = {(e.level, e.year) for e in entries if e.report is not None}
    units = {e.unit for e in entries}
    try:
        rows = list_reports(settings)
    except ReportError as err:  # no library, or one built with another model: no peers
        log.warning("library not available for peers: %s", err.code)
        return {}
    out: dict[str, AnnualReport] = {}
    for row in rows:
        if (row.level, row.year) not in wanted or row.unit in units:
            continue
        try:
            peer = stored_report(settings, row.report_id, row.source)
            if peer is not None:
                out[peer_key(row.unit, row.year)] = peer
        except ReportError as err:
            log.warning("could not parse library report %s: %s", row.source, err.code)
        if len(out) >= MAX_PEERS:
            break
    return out
