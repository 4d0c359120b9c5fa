"""Checking report files for the reviewer's CLI: load each file, run the checks, collect results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator, Optional

from pydantic import BaseModel, Field

from assistant.errors import ReportError
from assistant.findings import Finding
from assistant.messages_zh import zh
from assistant.report import AnnualReport
from assistant.report_io import load_report
from assistant.rules import table_findings
from assistant.settings import Settings

REPORT_SUFFIXES = (".json", ".txt", ".docx", ".pdf", ".html", ".htm", ".doc")


class ReportResult(BaseModel):
    """The findings of one checked file (or why it could not be read)."""

    file: str
    unit: str = ""
    year: Optional[int] = None
    format_version: str = ""
    findings: list[Finding] = Field(default_factory=list)
    error: str = ""  # Chinese reason when the file could not be read


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and report files found recursively in folders given, in sorted order."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        else:
            yield path


def read_any(path: Path, settings: Settings) -> AnnualReport:
    """A report model from a .json model file or, through the ingest parsers, a report document."""
    if path.suffix.lower() == ".json":
        return load_report(path)
    from ingest.parse import parse_file

    return parse_file(path, settings)


def check_one(report: AnnualReport, previous: Optional[AnnualReport] = None, **options: object) -> list[Finding]:
    """All checks on one report model."""
    try:
        from assistant.checks import check_report
    except ImportError:  # the checker package is optional during bootstrap
        return table_findings(report, previous)
    return check_report(report, previous, **options)  # type: ignore[arg-type]


def review_paths(paths: Iterable[Path], settings: Settings, **options: object) -> Iterator[ReportResult]:
    """Check every file; an unreadable file yields a result with ``error`` set and the batch goes on."""
    for path in expand_paths(paths):
        try:
            report = read_any(path, settings)
        except ReportError as err:
            yield ReportResult(file=str(path), error=zh(err))
            continue
        yield ReportResult(file=str(path), unit=report.profile.short_name or report.profile.organ_name,
                           year=report.year, format_version=report.format_version,
                           findings=check_one(report, **options))


def rule_infos() -> list:
    """Every rule id with its severity and meaning."""
    try:
        from assistant.checks import all_rules
    except ImportError:
        from assistant.rules import TABLE_RULES

        return TABLE_RULES.info()
    return all_rules()


def results_json(results: list[ReportResult]) -> str:
    """The JSON list defined for `nianbao check --format json`."""
    out = []
    for r in results:
        item = {"file": r.file, "unit": r.unit, "year": r.year, "format_version": r.format_version,
                "findings": [{"rule": f.rule, "severity": f.severity.value, "message": f.message,
                              "section": f.section, "evidence": f.evidence, "location": f.location,
                              "suggestion": f.suggestion} for f in r.findings]}
        if r.error:
            item["error"] = r.error
        out.append(item)
    return json.dumps(out, ensure_ascii=False, indent=2)


def results_table(results: list[ReportResult]) -> str:
    """Plain text: one block per file, one line per finding."""
    from assistant.messages_zh import MESSAGES

    lines = []
    for r in results:
        head = f"{r.file}  {r.unit} {r.year or ''}".rstrip()
        lines.append(head)
        if r.error:
            lines.append("  " + r.error.replace("\n", "\n  "))
        elif not r.findings:
            lines.append("  " + MESSAGES["check_ok"].format(file=Path(r.file).name))
        for f in r.findings:
            lines.append(f"  [{MESSAGES['severity:' + f.severity.value]}] {f.rule}  {f.message}")
    return "\n".join(lines)


def render(results: list[ReportResult], fmt: str) -> str:
    """Render results as table, json, csv or html."""
    if fmt == "json":
        return results_json(results)
    if fmt == "table":
        return results_table(results)
    from assistant.checks import render as renderers

    return getattr(renderers, f"render_{fmt}")(results)
