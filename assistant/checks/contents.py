"""Content checks (STRUCT-10 … STRUCT-14): what 一 and 六 must report under the 2021 format."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, is_2021_format, is_bare_none, snippet
from assistant.core.findings import Finding, Severity, make
from assistant.core.report import AnnualReport


def _other_filled(report: AnnualReport) -> bool:
    """六 has real content (not empty and not a bare 无)."""
    text = report.sections.other.strip()
    return bool(text) and not is_bare_none(text)


@CHECKS.rule("STRUCT-10", Severity.ERROR)
def other_not_bare_none(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """“六、其他需要报告的事项”不得只写“无”：至少应报告信息处理费收取情况。"""
    text = report.sections.other.strip()
    if text and is_bare_none(text):
        severity = Severity.ERROR if is_2021_format(report) else Severity.WARNING
        yield make("STRUCT-10", severity, section="other", location="sections.other", evidence=text[:80],
                   suggestion_code="checks.suggest.STRUCT-10")


@CHECKS.rule("STRUCT-11", Severity.ERROR)
def other_states_info_fee(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """六应报告按《政府信息公开信息处理费管理办法》收取信息处理费的情况（件数、金额或“本年度未收取信息处理费”）。"""
    if not is_2021_format(report) or not _other_filled(report):
        return
    if report.facts.info_fee_count is not None or report.facts.info_fee_amount_yuan is not None:
        return
    if not P.INFO_FEE.search(report.sections.other):
        yield make("STRUCT-11", Severity.ERROR, section="other", location="sections.other",
                   evidence=snippet(report.sections.other, pad=0))


@CHECKS.rule("STRUCT-12", Severity.ERROR)
def other_items_complete(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """六应逐项报告：信息处理费、人大代表建议和政协提案办理结果公开、落实上级年度政务公开工作要点、工作创新、数据统计说明、其他事项。"""
    if not is_2021_format(report) or not _other_filled(report):
        return
    text = report.sections.other
    missing = [key for key, rx in P.OTHER_ITEMS if not rx.search(text)]
    if not missing:
        return
    # Most items absent is the defect the spec rates E (seed 002); one or two gaps is a warning.
    severity = Severity.ERROR if len(missing) >= 4 else Severity.WARNING
    yield make("STRUCT-12", severity, section="other", location="sections.other",
               evidence=snippet(text, pad=0), missing_codes=[f"checks.part.other.{k}" for k in missing],
               count=len(missing))


@CHECKS.rule("STRUCT-13", Severity.WARNING)
def art50_results(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """《条例》第五十条（四）：各级人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况。"""
    f = report.facts
    if (f.assessment_result and f.public_evaluation and f.accountability) or not report.sections.overview.strip():
        return
    text = report.full_text()
    missing = [key for key, rx in P.ART50_4 if not rx.search(text)]
    if missing:
        yield make("STRUCT-13", Severity.WARNING, section="overview", location="sections.overview",
                   missing_codes=[f"checks.part.art50.{k}" for k in missing])


@CHECKS.rule("STRUCT-14", Severity.WARNING)
def overview_parts(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """一、总体情况应包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五方面内容。"""
    text = report.sections.overview
    if not text.strip() or not is_2021_format(report):
        return
    missing = [key for key, rx in P.OVERVIEW_PARTS if not rx.search(text)]
    if missing:
        yield make("STRUCT-14", Severity.WARNING, section="overview", location="sections.overview",
                   missing_codes=[f"checks.part.overview.{k}" for k in missing])
