"""Format checks (FMT-1, FMT-2): the 2021 layout and pre-2019 vocabulary (spec §3)."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, snippet
from assistant.core.findings import Finding, Severity, make
from assistant.core.labels import SECTION_KEYS
from assistant.core.report import AnnualReport

FORMAT_2021_FROM = 2021  # 国办公开办函〔2021〕30号 applies from report year 2021


@CHECKS.rule("FMT-1", Severity.ERROR)
def uses_2021_format(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """报告年度为2021年及以后的，应使用新版格式（国办公开办函〔2021〕30号），不得沿用2019年试行格式。"""
    if report.format_version == "2019" and (report.year or 0) >= FORMAT_2021_FROM:
        yield make("FMT-1", Severity.ERROR, section="active", location="format_version",
                   year=report.year, evidence="format_version=2019")


def _texts(report: AnnualReport) -> Iterator[tuple[str, str, str]]:
    """(section, location, text) for every narrative part."""
    yield "title", "title", report.title
    yield "preamble", "preamble", report.preamble
    for key in SECTION_KEYS:
        yield key, f"sections.{key}", report.section_text(key)


@CHECKS.rule("FMT-2", Severity.WARNING)
def pre2019_vocabulary(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """不应使用2008年条例的旧提法（如“免于公开”“政府信息公开咨询处理情况”），2019年条例称“不予公开”。"""
    seen: set[str] = set()
    for section, location, text in _texts(report):
        for m in P.PRE2019_RE.finditer(text):
            if m.group(0) in seen:
                continue
            seen.add(m.group(0))
            yield make("FMT-2", Severity.WARNING, section=section, location=location, term=m.group(0),
                       evidence=snippet(text, m.start(), m.end()), suggestion=P.PRE2019_FIX.get(m.group(0), ""))
    headings = report.source.headings if report.source else []
    for heading in headings:
        for term in P.PRE2019_HEADING_TERMS:
            if term in heading and term not in seen:
                seen.add(term)
                yield make("FMT-2", Severity.WARNING, section="", location="source.headings", term=term,
                           evidence=snippet(heading, pad=0))
