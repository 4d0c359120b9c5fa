"""The checklist view: one item per rule with pass / fail / pending, for the drafting UI and reviewers.

An item is *pending* when what it checks is not filled in yet: a draft (no source file) with blank
tables or empty section text, or a cross-year rule without last year's report. A parsed file is
complete by definition, so there a missing part fails instead of pending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from assistant.checks.engine import all_rules, check_report
from assistant.core.findings import Finding, Severity
from assistant.core.report import AnnualReport

Status = Literal["pass", "fail", "pending"]

_TABLE = {"t2": lambda r: any(v is not None for *_, v in r.t2.cells()),
          "t3": lambda r: any(v is not None for row in r.t3.model_dump().values() for v in row.values()),
          "t4": lambda r: any(v is not None for g in r.t4.model_dump().values() for v in g.values())}
INPUTS: dict[str, Callable[[AnnualReport], bool]] = {
    **_TABLE,
    "tables": lambda r: any(f(r) for f in _TABLE.values()),
    "title": lambda r: bool(r.title.strip()),
    "preamble": lambda r: bool(r.preamble.strip()),
    "overview": lambda r: bool(r.sections.overview.strip()),
    "problems": lambda r: bool(r.sections.problems.strip()),
    "other": lambda r: bool(r.sections.other.strip()),
    "closing": lambda r: bool(r.closing.organ.strip()) or r.closing.date is not None,
    "closing_date": lambda r: r.closing.date is not None,
    "year": lambda r: r.year is not None,
    "text": lambda r: bool(r.full_text().strip()),
}

# What each rule reads; the first input also gives the item's location when it has no finding.
NEEDS: dict[str, tuple[str, ...]] = {
    "CELL-1": ("tables",), "T2-R1": ("t2",), "T3-R1": ("t3",), "T3-R2": ("t3",), "T3-R3": ("t3",),
    "T4-R1": ("t4",), "T4-R2": ("t4",), "T4-R3": ("t4",), "X-1": ("t3",), "X-2": ("t2",),
    "STRUCT-1": ("overview", "problems", "other"), "STRUCT-6": ("title",), "STRUCT-7": ("title",),
    "STRUCT-8": ("preamble",), "STRUCT-9": ("closing",), "STRUCT-10": ("other",), "STRUCT-11": ("other",),
    "STRUCT-12": ("other",), "STRUCT-13": ("overview",), "STRUCT-14": ("overview",),
    "FMT-1": ("year",), "FMT-2": ("text",),
    "YEAR-1": ("title", "year"), "YEAR-2": ("text", "year"), "YEAR-3": ("problems", "year"),
    "YEAR-4": ("closing_date", "year"), "YEAR-5": ("closing_date", "year"), "YEAR-6": ("text",),
    "YEAR-7": ("overview", "year"),
    "META-1": ("title",), "META-2": ("title", "year"), "META-3": ("title",),
    "UNIT-1": ("text",), "UNIT-2": ("text",), "UNIT-3": ("text",),
    "TEXT-1": ("text",), "TEXT-2": ("text",), "TEXT-3": ("text",), "TEXT-4": ("text",), "TEXT-5": ("title",),
    "TEXT-6": ("text",), "TEXT-7": ("text",),
    "N-1": ("overview", "t3"), "N-2": ("overview", "t4"), "N-3": ("overview",), "N-4": ("other", "t3"),
    "X-3": ("problems",), "X-3B": ("problems",),
}
_LOCATION = {"tables": "t3", "closing_date": "closing.date", "year": "profile.report_year", "text": "sections",
             "overview": "sections.overview", "problems": "sections.problems", "other": "sections.other"}


class ChecklistItem(BaseModel):
    """One line of the checklist."""

    rule: str
    doc: str  # the rule's one-line meaning; the front doors show messages_zh "item:<rule>"
    status: Status
    severity: Severity
    location: str = ""
    findings: list[Finding] = Field(default_factory=list)


def _pending(rule: str, needs_previous: bool, report: AnnualReport, previous: AnnualReport | None) -> bool:
    if needs_previous and previous is None:
        return True
    if report.source is not None:
        return False
    return not all(INPUTS[name](report) for name in NEEDS.get(rule, ()))


def checklist(report: AnnualReport, previous: AnnualReport | None = None, *,
              findings: list[Finding] | None = None, **kw: object) -> list[ChecklistItem]:
    """One item per rule (table rules first), each pass / fail / pending, with its findings.

    Keyword arguments are passed to ``check_report`` (``gazetteer``, ``deadline``); ``findings`` already
    computed by ``check_report`` with the same inputs are used as they are (the export gate does this).
    """

    by_rule: dict[str, list[Finding]] = {}
    if findings is None:
        findings = check_report(report, previous, **kw)  # type: ignore[arg-type]
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    items = []
    for info in all_rules():
        found = by_rule.get(info.rule, [])
        if _pending(info.rule, info.needs_previous, report, previous):
            status: Status = "pending"
            found = []
        else:
            status = "fail" if found else "pass"
        needs = NEEDS.get(info.rule, ("",))
        location = found[0].location if found else _LOCATION.get(needs[0], needs[0])
        items.append(ChecklistItem(rule=info.rule, doc=info.doc,
                                   status=status, severity=info.severity, location=location, findings=found))
    return items
