"""Year checks (YEAR-1 … YEAR-7): review year, 统计期限, plan year, 落款 date, deadline, anachronisms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, snippet
from assistant.core.findings import Finding, Severity, make
from assistant.core.report import AnnualReport
from assistant.core.textpatterns import SENTENCE_SPLIT, period_years


@CHECKS.rule("YEAR-1", Severity.ERROR)
def title_year(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """标题中的年度应为报告年度。"""
    y = report.year
    m = P.TITLE_YEAR.search(report.title)
    if y and m and int(m.group(1)) != y:
        yield make("YEAR-1", Severity.ERROR, section="title", location="title", written=int(m.group(1)),
                   year=y, evidence=snippet(report.title, pad=0))


@CHECKS.rule("YEAR-2", Severity.ERROR)
def period_year(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """统计期限应为报告年度的1月1日至12月31日（“自…起至…止”“…至…”“统计期限为…年度”“数据统计截至…”各种写法）。"""
    y = report.year
    if not y:
        return
    for location, text in (("preamble", report.preamble), ("sections.other", report.sections.other),
                           ("sections.overview", report.sections.overview)):
        for start, end, first, last in period_years(text):
            wrong = next((v for v in (first, last) if v is not None and v != y), None)
            if wrong is not None:
                yield make("YEAR-2", Severity.ERROR, section=location.split(".")[-1], location=location,
                           written=wrong, year=y, evidence=snippet(text, start, end))


@CHECKS.rule("YEAR-3", Severity.ERROR)
def plan_year(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """五、改进情况中的工作打算应针对报告年度的下一年（Y+1）。"""
    y = report.year
    text = report.sections.problems
    if not y:
        return
    for m in P.PLAN_YEAR.finditer(text):
        written = int(m.group(1))
        if written != y + 1:
            yield make("YEAR-3", Severity.ERROR, section="problems", location="sections.problems",
                       written=written, expected=y + 1, evidence=snippet(text, m.start(), m.end()),
                       suggestion=f"{y + 1}{m.group(0)[4:]}")


@CHECKS.rule("YEAR-4", Severity.ERROR)
def closing_after_year_end(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """落款日期应在报告年度12月31日之后，否则报告不能覆盖全年。"""
    y, date = report.year, report.closing.date
    if y and date and date <= dt.date(y, 12, 31):
        yield make("YEAR-4", Severity.ERROR, section="closing", location="closing.date", date=date.isoformat(),
                   year=y, evidence=f"{date.year}年{date.month}月{date.day}日")


@CHECKS.rule("YEAR-5", Severity.WARNING)
def closing_before_deadline(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """年度报告应在规定期限前公布（默认次年1月31日；各地通知可另定，可配置）。"""
    y, date = report.year, report.closing.date
    if not (y and date):
        return
    month, day = opts.deadline
    deadline = _deadline_date(y + 1, month, day)
    if date > deadline:
        yield make("YEAR-5", Severity.WARNING, section="closing", location="closing.date",
                   date=date.isoformat(), deadline=deadline.isoformat(), days=(date - deadline).days,
                   evidence=f"{date.year}年{date.month}月{date.day}日")


def _deadline_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 02-29 in a common year
        return dt.date(year, month, day - 1)


def _reference_date(report: AnnualReport, opts: CheckOptions) -> dt.date | None:
    """When the report was written: its 落款 date, else the deadline of year Y+1."""
    if report.closing.date:
        return report.closing.date
    return _deadline_date(report.year + 1, *opts.deadline) if report.year else None


@CHECKS.rule("YEAR-6", Severity.WARNING)
def event_anachronism(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """提及的党的二十大、二十届历次全会应在报告成文之前召开（一中全会2022-10-23，二中2023-02，三中2024-07）。"""
    ref = _reference_date(report, opts)
    if ref is None:
        return
    text = report.full_text()
    plenums_held = sum(1 for k, d in P.EVENTS.items() if k != "二十大" and d <= ref)
    for m in P.PLENUMS.finditer(text):
        phrase = m.group(0)
        if "历次" in phrase:
            late = plenums_held < 2
        elif "二十大" in phrase:
            late = P.EVENTS["二十大"] > ref
        else:
            late = any(P.EVENTS[n + "中"] > ref for n in P.PLENUM_ITEM.findall(m.group(1) or ""))
        if late:
            section = _section_of(report, phrase)
            location = f"sections.{section}" if section not in ("", "preamble") else section
            yield make("YEAR-6", Severity.WARNING, section=section, location=location,
                       phrase=phrase, date=ref.isoformat(), evidence=snippet(text, m.start(), m.end()))


def _section_of(report: AnnualReport, phrase: str) -> str:
    for key in ("overview", "active", "requests", "review_litigation", "problems", "other"):
        if phrase in report.section_text(key):
            return key
    return "preamble" if phrase in report.preamble else ""


@CHECKS.rule("YEAR-7", Severity.WARNING)
def overview_future_year(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """一、总体情况回顾报告年度的工作，不应出现报告年度之后的年份（疑为套用其他年度的报告）。"""
    y = report.year
    text = report.sections.overview
    if not y:
        return
    for sentence in SENTENCE_SPLIT.split(text):
        years = [int(v) for v in P.YEAR_IN_TEXT.findall(sentence)]
        late = [v for v in years if v > y]
        if late and not P.FUTURE_WORDS.search(sentence):
            start = sentence.index(str(late[0]))
            yield make("YEAR-7", Severity.WARNING, section="overview", location="sections.overview",
                       written=late[0], year=y, evidence=snippet(sentence, start, start + 4))
            return
