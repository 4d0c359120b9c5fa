"""Profile checks (META-1 … META-3): what the parser could not tell for sure about who reports and for which year.

The parser votes the unit, its divisions and the year from every place a report names them and records its
confidence beside the profile (``AnnualReport.profile_evidence``). A weak vote is shown to the clerk or reviewer
as a finding with the evidence and the other candidates, never kept as a silent guess. Typed reports and files
read before evidence was recorded have no ``profile_evidence`` and are not judged here.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.checks._base import CHECKS, CheckOptions
from assistant.core.findings import Finding, Severity, make
from assistant.core.report import AnnualReport, FieldEvidence

LOW_CONFIDENCE = 0.5  # the parser's threshold (ingest.profile_vote.LOW_CONFIDENCE): checks may not import ingest


def _weak(fe: FieldEvidence, value: object) -> bool:
    return not value or fe.confidence < LOW_CONFIDENCE


def _finding(rule: str, severity: Severity, location: str, fe: FieldEvidence, value: object) -> Finding:
    reason = "meta.reason.none" if not value else "meta.reason.weak"
    shown = fe.evidence[:2]
    return make(rule, severity, section="title", location=location, value=value or "",
                confidence=round(fe.confidence, 2), candidates=list(fe.candidates[:4]) or ["无"], reason_code=reason,
                where_codes=list(dict.fromkeys(f"meta.source.{e.source}" for e in shown)) or ["meta.source.none"],
                evidence="；".join(e.text for e in shown)[:80])


@CHECKS.rule("META-1", Severity.WARNING)
def unit_unsure(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """报告单位应能从标题、落款或正文中确定；解析把握不大时请人工确认。"""
    ev = report.profile_evidence
    if ev is not None and _weak(ev.short_name, report.profile.short_name):
        yield _finding("META-1", Severity.WARNING, "profile.short_name", ev.short_name, report.profile.short_name)


@CHECKS.rule("META-2", Severity.WARNING)
def year_unsure(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """报告年度应能从标题、统计期限、落款或正文中确定；解析把握不大时请人工确认。"""
    ev = report.profile_evidence
    if ev is not None and _weak(ev.report_year, report.year):
        yield _finding("META-2", Severity.WARNING, "profile.report_year", ev.report_year, report.year)


@CHECKS.rule("META-3", Severity.INFO)
def division_unsure(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """所属县（市、区）、市和省应能确定（由文中地名或内置行政区划推得）；不能确定时请人工补充。"""
    ev = report.profile_evidence
    if ev is None or not report.profile.short_name:
        return
    if _weak(ev.province, report.profile.province):
        yield _finding("META-3", Severity.INFO, "profile.province", ev.province, report.profile.province)
