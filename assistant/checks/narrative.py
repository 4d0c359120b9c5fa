"""Narrative ↔ table checks (N-1 … N-4, spec §2.3): figures stated in the text must agree with the tables.

Each check reads report.facts first (drafts) and the section text second (parsed files), so it
works on both. Blank table cells (None) make a comparison impossible: such checks stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, snippet
from assistant.core.findings import Finding, Severity, make
from assistant.core.report import AnnualReport
from assistant.core.textpatterns import SENTENCE_SPLIT
from ingest.facts import StatedCount, stated_applications

Stated = tuple[int, str, bool]  # (value, evidence, written as a number rather than 未收到)


def _finding(rule: str, kind: str, *, section: str, location: str, evidence: str = "", **ctx: Any) -> Finding:
    """A finding whose message depends on ``kind`` (messages_zh key ``checks.<rule>.<kind>``)."""
    return make(rule, Severity.WARNING, section=section, location=location, evidence=evidence, kind=kind,
                detail_code=f"checks.{rule}.{kind}", **ctx)


def _sentences(text: str) -> Iterator[str]:
    for s in SENTENCE_SPLIT.split(text):
        if s.strip():
            yield s


def _stated(fact: int | None, read: StatedCount | None) -> Stated | None:
    """A count from report.facts (with the text's evidence where the text says the same), else from the text."""
    if fact is not None:
        if read is not None and read.value == fact:
            return fact, snippet(read.sentence, read.start, read.end), read.explicit
        return fact, "", True
    if read is None:
        return None
    return read.value, snippet(read.sentence, read.start, read.end), read.explicit


def stated_requests(report: AnnualReport) -> tuple[Stated | None, Stated | None]:
    """(received, processed) application counts: report.facts first, else read from 一（二）依申请公开
    with the parser's own extractor (ingest.facts.stated_applications)."""
    received, processed = stated_applications(report.sections.overview)
    f = report.facts
    return _stated(f.applications_stated, received), _stated(f.applications_processed_stated, processed)


@CHECKS.rule("N-1", Severity.ERROR)
def requests_match_table(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """正文所述收到（受理）申请件数应等于表三“本年新收政府信息公开申请数量”总计；办结件数应等于“（七）总计”。

    A stated number of applications received that contradicts table 三 is an error (spec §6, seed 002);
    a processed count, or a received count read from 未收到 wording, is a warning.
    """
    received, processed = stated_requests(report)
    pairs = ((received, report.t3.new_received.total, "t3.new_received.total", "received"),
             (processed, report.t3.total_processed.total, "t3.total_processed.total", "processed"))
    for stated, table, location, kind in pairs:
        if stated is not None and table is not None and stated[0] != table:
            explicit = kind == "received" and stated[2]
            yield make("N-1", Severity.ERROR if explicit else Severity.WARNING, section="overview",
                       location=location, stated=stated[0], table=table, what_code=f"checks.n1.{kind}",
                       evidence=stated[1])


def _t4_totals(report: AnnualReport) -> tuple[int | None, int | None]:
    t4 = report.t4
    review = t4.review.total
    suits = None
    if t4.lit_direct.total is not None and t4.lit_after_review.total is not None:
        suits = t4.lit_direct.total + t4.lit_after_review.total
    return review, suits


def _t4_cases(report: AnnualReport) -> int:
    """Cases in table 四: the three groups' 总计, or their result cells where a 总计 is blank."""
    cases = 0
    for g in (report.t4.review, report.t4.lit_direct, report.t4.lit_after_review):
        parts = (g.upheld, g.corrected, g.other, g.pending)
        cases += g.total if g.total is not None else sum(c for c in parts if c)
    return cases


@CHECKS.rule("N-2", Severity.WARNING)
def review_litigation_match_table(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """正文称“未发生行政复议、行政诉讼”的，表四15个单元格均应为0；所述复议、诉讼件数应等于表四相应总计。"""
    text = report.sections.overview + "\n" + report.sections.review_litigation
    cells = [getattr(getattr(report.t4, g), f) for g in ("review", "lit_direct", "lit_after_review")
             for f in ("upheld", "corrected", "other", "pending", "total")]
    m = P.NO_REVIEW.search(text)
    if m and any(c for c in cells if c is not None):
        yield _finding("N-2", "none_stated", section="review_litigation", location="t4", stated=0,
                       table=_t4_cases(report), evidence=snippet(text, m.start(), m.end()))
        return
    review, suits = _t4_totals(report)
    for rx, table, kind in ((P.REVIEW_COUNT, review, "review"), (P.SUIT_COUNT, suits, "litigation")):
        m = rx.search(text)
        if m and table is not None and int(m.group(1)) != table:
            yield _finding("N-2", kind, section="review_litigation", location=f"t4.{kind}",
                           stated=int(m.group(1)), table=table, evidence=snippet(text, m.start(), m.end()))


def _channel_findings(report: AnnualReport) -> Iterator[Finding]:
    # Only a clerk's own figures: facts a parser extracted may list some channels and not others.
    if report.source is not None:
        return
    f = report.facts
    parts = [c for c in (f.website_count, f.wechat_count, f.bulletin_count) if c is not None]
    parts += [c.count for c in f.other_channels if c.count is not None]
    if f.active_total is not None and len(parts) >= 2 and sum(parts) != f.active_total:
        yield _finding("N-3", "sum", section="overview", location="facts.active_total",
                       stated=f.active_total, table=sum(parts), parts=parts)


def _clauses(text: str) -> Iterator[str]:
    """The text split at 。 and ； (the span TOTAL_THEN_PARTS may cover), in one pass."""
    yield from P.CLAUSE_SPLIT.split(text)


def _text_sum_findings(text: str) -> Iterator[Finding]:
    """"共N条……其中a条、b条": the parts must add up to the total. Linear: each clause is searched once for
    its first total and the first 其中 after it (the same match as TOTAL_THEN_PARTS, without its
    backtracking over a long clause that has no 其中)."""
    for clause in _clauses(text):
        if "其中" not in clause:
            continue
        m = P.TOTAL.search(clause)
        if m is None:
            continue
        cut = clause.find("其中", m.end())
        if cut < 0:
            continue
        parts = [int(n) for n, _ in P.COUNT.findall(clause, cut + 2)]
        total = int(m.group(1))
        if len(parts) >= 2 and sum(parts) != total:
            yield _finding("N-3", "sum", section="overview", location="sections.overview",
                           stated=total, table=sum(parts), parts=parts,
                           evidence=snippet(clause, m.start(), len(clause), 0))


def _percent_findings(text: str) -> Iterator[Finding]:
    """A percentage after two counts in one sentence must be their ratio. Linear: the counts of each
    sentence are read once, and a pointer follows the percentages."""
    for s in _sentences(text):
        percents = list(P.PERCENT.finditer(s))
        if not percents:
            continue
        counts = [(c.start(), int(c.group(1))) for c in P.COUNT.finditer(s)]
        i = 0
        for pm in percents:
            while i < len(counts) and counts[i][0] < pm.start():
                i += 1
            if i < 2 or max(counts[i - 2][1], counts[i - 1][1]) == 0:
                continue
            a, b = counts[i - 2][1], counts[i - 1][1]
            ratio = Decimal(min(a, b) * 100) / Decimal(max(a, b))
            written = Decimal(pm.group(1))
            tolerance = Decimal("0.05") if "." in pm.group(1) else Decimal("0.5")
            if abs(ratio - written) > tolerance:
                yield _finding("N-3", "percent", section="overview", location="sections.overview",
                               stated=f"{written}%", table=f"{ratio:.1f}%", parts=[a, b],
                               evidence=snippet(s, pm.start() - 20, pm.end(), 0))


@CHECKS.rule("N-3", Severity.WARNING)
def disclosure_counts_add_up(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """主动公开的分项条数之和应等于所述总数；所述百分比应能由所列数字算出（保留1位小数）。"""
    yield from _channel_findings(report)
    text = report.sections.overview + "\n" + report.sections.active
    yield from _text_sum_findings(text)
    yield from _percent_findings(text)


def _fee_collected(report: AnnualReport) -> Decimal | None:
    f = report.facts
    if f.info_fee_amount_yuan is not None:
        return Decimal(f.info_fee_amount_yuan)
    m = P.FEE_AMOUNT.search(report.sections.other)
    if m:
        return Decimal(m.group(1)) * (10000 if m.group(2) == "万元" else 1)
    return None


@CHECKS.rule("N-4", Severity.WARNING)
def info_fee_consistent(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """收取了信息处理费的，本年应有依申请公开申请；表三“逾期未按收费通知要求缴纳费用”大于0的，六应说明收费通知情况。"""
    t3 = report.t3
    fee = _fee_collected(report)
    intake = (t3.new_received.total, t3.carried_over.total)
    if fee and fee > 0 and None not in intake and sum(intake) == 0:  # type: ignore[arg-type]
        yield _finding("N-4", "fee_without_requests", section="other", location="sections.other",
                       amount=str(fee), evidence=snippet(report.sections.other, pad=0))
    no_fee = t3.o_no_fee.total
    if no_fee and not P.FEE_NOTICE.search(report.sections.other):
        yield _finding("N-4", "notice_missing", section="other", location="t3.o_no_fee.total",
                       count=no_fee)
