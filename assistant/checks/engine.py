"""Running the checker: every registered check plus the table rules, sorted for display."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from assistant.checks import (  # noqa: F401  (registers)
    contents,
    formats,
    narrative,
    profile,
    structure,
    text,
    units,
    years,
    yoy,
)
from assistant.checks._base import CHECKS, CheckOptions, make_options
from assistant.core.findings import Finding, RuleInfo, Severity, make
from assistant.core.report import AnnualReport
from assistant.tables.rules import TABLE_RULES, table_findings

MAX_PER_RULE = 30  # a crafted text must not yield thousands of findings of one rule …
MAX_PER_FILE = 200  # … nor of all rules together
LIMIT_RULE = "LIMIT"  # the note that findings were left out (message in messages_zh/safety.py)
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# Report order: where a finding sits, for sorting and display (t2/t3/t4 sit with their sections).
SECTION_ORDER = ("title", "preamble", "overview", "active", "t2", "requests", "t3", "review_litigation", "t4",
                 "problems", "other", "closing", "")
_SECTION_RANK = {s: i for i, s in enumerate(SECTION_ORDER)}


def _sort_key(f: Finding) -> tuple[int, int]:
    return SEVERITY_ORDER[f.severity], _SECTION_RANK.get(f.section, len(SECTION_ORDER))


# Rules about parts being present; a table worksheet (a model with no text at all) is not judged by them.
PRESENCE_RULES = frozenset({"STRUCT-1", "STRUCT-6", "STRUCT-8", "STRUCT-9"})


def is_worksheet(report: AnnualReport) -> bool:
    """A hand-filled model holding only figures: no source file, no text, no 落款 date."""
    return report.source is None and report.closing.date is None and not report.full_text().strip()


def run_checks(report: AnnualReport, opts: CheckOptions) -> list[Finding]:
    """Run the table rules and every registered check with prepared options (unsorted)."""
    found = table_findings(report, opts.previous)
    skip = PRESENCE_RULES if is_worksheet(report) else frozenset()
    for info, fn in CHECKS.rules.values():
        if (info.needs_previous and opts.previous is None) or info.rule in skip:
            continue
        found.extend(_capped(info.rule, fn(report, opts)))
    return found


def _capped(rule: str, findings: Iterator[Finding]) -> list[Finding]:
    """The first MAX_PER_RULE findings of one rule (the rest is never computed), plus a note when cut."""
    kept = list(islice(findings, MAX_PER_RULE + 1))
    if len(kept) <= MAX_PER_RULE:
        return kept
    return [*kept[:MAX_PER_RULE], make(LIMIT_RULE, Severity.INFO, of_rule=rule, shown=MAX_PER_RULE)]


def check_report(report: AnnualReport, previous: AnnualReport | None = None, *,
                 gazetteer: Iterable[str] = (), deadline: str = "01-31") -> list[Finding]:
    """All findings on one report, sorted by severity, then by position in the report.

    :param previous: last year's report of the same unit (enables X-1, X-2, X-3).
    :param gazetteer: names of other units (乡/镇/街道); one appearing in the text is flagged (UNIT-1).
    :param deadline: publication deadline as MM-DD of year Y+1 (local notices differ; default 01-31).
    :raises InvalidDeadlineError: ``deadline`` is not a valid MM-DD.
    """
    opts = make_options(previous, gazetteer=gazetteer, deadline=deadline)
    found = sorted(run_checks(report, opts), key=_sort_key)
    if len(found) > MAX_PER_FILE:
        found = [*found[:MAX_PER_FILE], make(LIMIT_RULE, Severity.INFO, of_rule="*", shown=MAX_PER_FILE)]
    return found


def all_rules() -> list[RuleInfo]:
    """Every rule the checker runs: the table rules first, then the checks, in registration order."""
    return TABLE_RULES.info() + CHECKS.info()

