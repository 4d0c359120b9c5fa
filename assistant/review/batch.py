"""Checking report files for the reviewer's CLI: load each file, run the checks, collect results."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.checks import all_rules, check_report
from assistant.core.errors import CheckTimeoutError, InputFileError, Problem, ReportError
from assistant.core.findings import Finding, RuleInfo
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.persistence.report_files import load_report
from assistant.review.crossunit import BATCH_RULES, batch_findings
from ingest.assets import is_page_asset

log = logging.getLogger(__name__)

NAME_MAX = 100  # characters of a unit name shown in a result
REPORT_SUFFIXES = (".json", ".txt", ".docx", ".pdf", ".html", ".htm", ".doc")


class ReportResult(BaseModel):
    """The findings of one checked file (or why it could not be read)."""

    file: str
    unit: str = ""
    year: int | None = None
    format_version: str = ""
    findings: list[Finding] = Field(default_factory=list)
    problem: Problem | None = None  # why the file could not be read (rendered by messages_zh.zh_problem)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and report files found recursively in folders given, in sorted order."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not is_page_asset(p))
        else:
            yield path


def read_any(path: Path, settings: Settings) -> AnnualReport:
    """A report model from a .json model file or, through the ingest parsers, a report document."""
    if path.suffix.lower() == ".json":
        return load_report(path, max_mb=settings.max_json_mb)
    from ingest.parse import parse_file

    return parse_file(path, settings)


def check_one(report: AnnualReport, previous: AnnualReport | None = None, **options: Any) -> list[Finding]:
    """All checks on one report model."""
    return check_report(report, previous, **options)  # type: ignore[arg-type]


def options_from_files(settings: Settings, *, previous: Path | None = None,
                       gazetteer: Path | None = None) -> dict[str, object]:
    """Checker options from the reviewer's files: last year's report and a list of other units' names."""
    options: dict[str, object] = {"deadline": settings.deadline}
    if previous is not None:
        options["previous"] = read_any(previous, settings)
    if gazetteer is not None:
        try:
            names = gazetteer.read_text(encoding="utf-8-sig").split()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(file=str(gazetteer), reason=str(exc)) from None
        options["gazetteer"] = [n for n in names if n]
    return options


def report_options(settings: Settings, report: AnnualReport, *, previous: Path | None = None,
                   gazetteer: Path | None = None, library: bool = False) -> dict[str, Any]:
    """Checker options for one report, as ``review_paths`` builds them: the reviewer's files first, then
    (with ``library``) the library's unit names and this unit's report of the year before."""
    options: dict[str, Any] = options_from_files(settings, previous=previous, gazetteer=gazetteer)
    if library:
        from assistant.library.context import library_units

        options.setdefault("gazetteer", library_units(settings))
        if options.get("previous") is None:
            options["previous"] = _last_year(settings, report)
    return options


class _TimeUp(BaseException):
    """Raised by the alarm inside a file's checks. A BaseException, so that a parser's ``except Exception``
    does not turn it into a read error."""


REPEAT_S = 0.05  # the alarm repeats until the step ends: a raise can land where it is swallowed


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_TimeUp` in the main thread after ``seconds`` (a no-op elsewhere or when 0): one
    file's parsing and checks never hold up a reviewer's batch for long.

    A signal handler's exception can be raised inside a garbage-collector callback or a ``__del__``,
    where Python only reports it as unraisable; so the alarm fires again every ``REPEAT_S`` until the
    step is over, and stops raising before it is disarmed.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    live = True

    def _ring(signum: int, frame: object) -> None:
        if live:
            raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_S)
    try:
        yield
    finally:
        while live:  # a ring can land on this very line; the loop tries again
            try:
                live = False
            except _TimeUp:
                pass
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def review_paths(paths: Iterable[Path], settings: Settings, *, library: bool = False,
                 **options: Any) -> Iterator[ReportResult]:
    """Check every file; an unreadable file yields a result with ``error`` set and the batch goes on.

    After the last file the batch rules (SIM-1, assistant/review/crossunit.py) run over every report
    read and append their findings to the results already yielded.

    :param library: use the library: other units' names as the gazetteer, and each unit's report of
        the year before (when the library holds it) for the cross-year rules X-1/X-2/X-3.
    """
    if library:
        from assistant.library.context import library_units

        options.setdefault("gazetteer", library_units(settings))
    read: dict[int, AnnualReport] = {}
    results: list[ReportResult] = []
    for path in expand_paths(paths):
        try:
            with time_limit(settings.check_seconds):
                result, report = _review_one(path, settings, library, options)
        except _TimeUp:
            result, report = ReportResult(file=str(path), problem=Problem.of(CheckTimeoutError(
                file=str(path), seconds=settings.check_seconds))), None
        if report is not None:
            read[len(results)] = report
            results.append(result)
        yield result
    for i, finding in batch_findings(read):
        results[i].findings.append(finding)


def _review_one(path: Path, settings: Settings, library: bool,
                options: dict[str, object]) -> tuple[ReportResult, AnnualReport | None]:
    """Read and check one file; a file that cannot be read gives a result with ``problem`` set (and no report)."""
    try:
        report = read_any(path, settings)
        previous = options.get("previous") or (_last_year(settings, report) if library else None)
    except ReportError as err:
        return ReportResult(file=str(path), problem=Problem.of(err)), None
    except Exception as exc:  # a bug on one file must not stop a reviewer's batch; it is logged
        log.exception("could not read %s", path)
        return ReportResult(file=str(path), problem=Problem.of(exc)), None
    opts: dict[str, Any] = {**options, "previous": previous}
    unit = (report.profile.short_name or report.profile.organ_name)[:NAME_MAX]
    result = ReportResult(file=str(path), unit=unit, year=report.year, format_version=report.format_version,
                          findings=check_one(report, **opts))
    return result, report


def _last_year(settings: Settings, report: AnnualReport) -> AnnualReport | None:
    from assistant.library.previous import library_previous

    return library_previous(settings, report)



def rule_infos() -> list[RuleInfo]:
    """Every rule id with its severity and meaning (per-report rules, then the batch rules)."""
    return all_rules() + BATCH_RULES.info()
