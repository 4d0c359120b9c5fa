"""The county review desk: one batch of this year's reports (and last year's), checked together.

``load_desk`` reads every file, keeps its parsed model (tables, facts, sections) so figures can be
compared, pairs each report with the same unit's report of last year, runs the per-report checks
(with the batch's other unit names as the UNIT-1 gazetteer) and then the batch rules (SIM-1).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.checks._base import unit_level, unit_name
from assistant.core.errors import Problem, ReportError
from assistant.core.findings import Finding, by_severity
from assistant.core.labels import SECTION_KEYS, SECTION_TITLES
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.review.batch import check_one, expand_paths, read_any
from assistant.review.crossunit import batch_findings

log = logging.getLogger(__name__)

STATUSES = ("pending", "returned", "passed")  # 待审 / 已退回 / 已通过
Progress = Callable[[int, int, str], None]


@dataclass
class DeskReport:
    """One file of the batch: its parsed report, last year's report of the unit and the findings."""

    file: str
    content_hash: str
    report: AnnualReport | None = None
    previous: AnnualReport | None = None
    findings: list[Finding] = field(default_factory=list)
    problem: Problem | None = None  # why the file could not be read (rendered by the front door)
    status: str = "pending"

    @property
    def unit(self) -> str:
        return unit_name(self.report) if self.report is not None else Path(self.file).stem

    @property
    def year(self) -> int | None:
        return self.report.year if self.report is not None else None

    @property
    def level(self) -> str:
        return (unit_level(self.report) or "") if self.report is not None else ""

    @property
    def format_version(self) -> str:
        return self.report.format_version if self.report is not None else ""

    def counts(self) -> dict[str, int]:
        """Findings by severity (error / warning / info)."""
        return by_severity(self.findings)


def reading_text(report: AnnualReport) -> str:
    """The report as the reviewer reads it beside the findings: title, preamble, each section under its
    official heading, and the 落款."""
    parts = [report.title, report.preamble]
    for key in SECTION_KEYS:
        parts += [SECTION_TITLES[key], report.section_text(key)]
    parts += [report.closing.organ, str(report.closing.date or "")]
    return "\n".join(p for p in parts if p)


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes: the key of the reviewer's status."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(path: Path, settings: Settings) -> tuple[AnnualReport | None, Problem | None]:
    try:
        return read_any(path, settings), None
    except ReportError as err:
        return None, Problem.of(err)
    except Exception as exc:  # one bad file must not stop a county's batch; it is logged
        log.exception("could not read %s", path)
        return None, Problem.of(exc)


def _key(report: AnnualReport) -> str:
    return unit_name(report)


def read_previous(paths: Iterable[Path], settings: Settings) -> dict[str, AnnualReport]:
    """Last year's reports by unit name (unreadable files are skipped and logged)."""
    out: dict[str, AnnualReport] = {}
    for path in expand_paths(paths):
        report, problem = _read(path, settings)
        if report is None:
            log.warning("could not read previous report %s: %s", path, problem and problem.code)
            continue
        out[_key(report)] = report
    return out


def load_desk(paths: Sequence[Path], settings: Settings, *, previous: Sequence[Path] = (),
              progress: Progress | None = None) -> list[DeskReport]:
    """Read, pair and check a batch; batch rules run after every report's own checks.

    :param paths: this year's files or folders (searched recursively).
    :param previous: last year's files or folders of the same units (paired by unit name).
    :param progress: called with (done, total, file) after each file.
    """
    files = list(expand_paths(paths))
    last = read_previous(previous, settings) if previous else {}
    entries = []
    for i, path in enumerate(files):
        report, problem = _read(path, settings)
        entry = DeskReport(file=str(path), content_hash=file_hash(path), report=report, problem=problem)
        if report is not None:
            entry.previous = last.get(_key(report))
        entries.append(entry)
        if progress:
            progress(i + 1, len(files) * 2, str(path))
    names = sorted({e.unit for e in entries if e.report is not None})
    for i, entry in enumerate(entries):
        if entry.report is not None:
            entry.findings = check_one(entry.report, entry.previous, gazetteer=names, deadline=settings.deadline)
        if progress:
            progress(len(files) + i + 1, len(files) * 2, entry.file)
    add_batch_findings(entries)
    return entries


def add_batch_findings(entries: Sequence[DeskReport]) -> None:
    """Append the batch rules' findings (SIM-1) to the entries they concern."""
    readable = {i: e.report for i, e in enumerate(entries) if e.report is not None}
    for i, finding in batch_findings(readable):
        entries[i].findings.append(finding)
