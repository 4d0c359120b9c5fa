"""Review rounds: the reviewer's status per file and what a corrected report fixed since the last round.

Status and rounds live in the local database (assistant/persistence/drafts_db.py), keyed by the file's
content hash, so re-importing the same file keeps its status and a changed file starts a new round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.core.findings import Finding
from assistant.persistence.drafts_db import Store
from assistant.review.desk import STATUSES, DeskReport


def finding_key(rule: str, section: str, location: str) -> tuple[str, str, str]:
    """What identifies a finding across two versions of a report (its figures and wording may change)."""
    return rule, section, location


def _keys(findings: Sequence[Finding]) -> Counter[tuple[str, str, str]]:
    return Counter(finding_key(f.rule, f.section, f.location) for f in findings)


@dataclass
class RoundDiff:
    """A report compared with the same unit's previous round: findings fixed, still open and new."""

    first: bool = True
    fixed: list[dict] = field(default_factory=list)  # findings of the last round no longer found
    still_open: list[Finding] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)


def compare(findings: Sequence[Finding], last_round: list[dict] | None) -> RoundDiff:
    """Compare this round's findings with the last round's (stored as dicts)."""
    if last_round is None:
        return RoundDiff(first=True, new=list(findings))
    before = Counter(finding_key(d["rule"], d.get("section", ""), d.get("location", "")) for d in last_round)
    now = _keys(findings)
    diff = RoundDiff(first=False)
    left = before.copy()
    for f in findings:
        key = finding_key(f.rule, f.section, f.location)
        if left[key] > 0:
            left[key] -= 1
            diff.still_open.append(f)
        else:
            diff.new.append(f)
    seen: Counter[tuple[str, str, str]] = Counter()
    for d in last_round:
        key = finding_key(d["rule"], d.get("section", ""), d.get("location", ""))
        seen[key] += 1
        if seen[key] > now[key]:
            diff.fixed.append(d)
    return diff


def record_rounds(store: Store, entries: Sequence[DeskReport]) -> dict[str, RoundDiff]:
    """Load statuses, compare each report with its unit's last round, record this round; by content hash."""
    statuses = store.review_statuses([e.content_hash for e in entries])
    diffs = {}
    for e in entries:
        e.status = statuses.get(e.content_hash, STATUSES[0])
        if e.report is None:
            continue
        diffs[e.content_hash] = compare(e.findings, store.previous_review_round(e.unit, e.year, e.content_hash))
        store.add_review_round(e.unit, e.year, e.content_hash, [f.model_dump(mode="json") for f in e.findings])
    return diffs


def set_status(store: Store, entry: DeskReport, status: str) -> None:
    """Record the reviewer's status of one file (待审 / 已退回 / 已通过)."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; valid: {STATUSES}")
    store.set_review_status(entry.content_hash, status, unit=entry.unit, year=entry.year)
    entry.status = status
