"""Regressions found on the 示例 sample library: one test per fixed false positive or missed defect."""

from __future__ import annotations

import pytest

from assistant.checks import check_report
from assistant.checks.yoy import problem_key
from assistant.core.findings import Finding, Severity
from assistant.core.report import AnnualReport, T3Row, T4Group
from assistant.messages_zh import message
from tests.assistant.checks.conftest import clean_report

RECEIVED = "本年度我镇收到政府信息公开申请2件，办结2件，均按期答复。"
NO_CASES = "全年未发生行政复议、行政诉讼。"


def _found(report: AnnualReport, rule: str, previous: AnnualReport | None = None) -> list[Finding]:
    return [f for f in check_report(report, previous=previous) if f.rule == rule]


def _with_overview(old: str, new: str) -> AnnualReport:
    report = clean_report()
    assert old in report.sections.overview
    report.sections.overview = report.sections.overview.replace(old, new)
    return report


def _one_review_case(report: AnnualReport) -> None:
    report.t4.review = T4Group(upheld=1, corrected=0, other=0, pending=0, total=1)


# --------------------------------------------------------------- TEXT-1: 耕地|地力 is two words
@pytest.mark.parametrize("phrase", ["对耕地地力保护补贴对象名单进行公示", "开展土地地力调查", "为实现目的的实现路径"])
def test_doubled_character_across_word_boundary_is_not_a_slip(phrase: str) -> None:
    assert _found(_with_overview("扎实推进政务公开", phrase), "TEXT-1") == []


@pytest.mark.parametrize("phrase, written", [("认真地地处理群众诉求", "地地"), ("我们的的工作", "的的")])
def test_doubled_particle_still_a_slip(phrase: str, written: str) -> None:
    (f,) = _found(_with_overview("扎实推进政务公开", phrase), "TEXT-1")
    assert f.ctx["written"] == written


# --------------------------------------------------------------- N-2: a longer gap before 行政复议
def test_no_review_wording_with_long_gap() -> None:
    report = _with_overview(NO_CASES, "全年未发生因政府信息公开工作引起的行政复议、行政诉讼。")
    _one_review_case(report)
    (f,) = _found(report, "N-2")
    assert f.ctx["kind"] == "none_stated" and f.ctx["table"] == 1


def test_review_count_then_no_litigation_is_not_none_stated() -> None:
    report = _with_overview(NO_CASES, "全年被申请行政复议1件，未发生行政诉讼。")
    _one_review_case(report)
    assert _found(report, "N-2") == []


# --------------------------------------------------------------- N-1: 新收, and clauses about 复议/诉讼
def test_xinshou_count_is_read() -> None:
    report = _with_overview(RECEIVED, "本年度新收政府信息公开申请3件，办结2件。")
    (f,) = _found(report, "N-1")
    assert f.ctx["stated"] == 3 and f.ctx["table"] == 2 and f.severity == Severity.ERROR


def test_review_clause_is_not_an_application_count() -> None:
    report = _with_overview(RECEIVED + NO_CASES, "本年度依申请公开工作平稳，被申请行政复议1件，未发生行政诉讼。" + RECEIVED)
    _one_review_case(report)
    assert _found(report, "N-1") == []


# --------------------------------------------------------------- N-1 severity
def test_processed_and_none_wording_mismatch_are_warnings() -> None:
    processed = _found(_with_overview("办结2件", "办结1件"), "N-1")
    assert [(f.location, f.severity) for f in processed] == [("t3.total_processed.total", Severity.WARNING)]
    (none,) = _found(_with_overview(RECEIVED, "本年度我镇未收到政府信息公开申请。"), "N-1")
    assert none.ctx["stated"] == 0 and none.severity == Severity.WARNING


# --------------------------------------------------------------- X-3B: ordinals of last year's problems
@pytest.mark.parametrize("problem, key", [("一是解读材料形式单一", "解读材料形式"), ("（二）村级公开栏更新慢", "村级公开栏更"),
                                          ("1、针对栏目更新慢的问题", "栏目更新慢的"), ("2.政务新媒体运维", "政务新媒体运")])
def test_problem_key_strips_ordinals(problem: str, key: str) -> None:
    assert problem_key(problem) == key


def _previous(problems: list[str]) -> AnnualReport:
    prev = clean_report()
    prev.profile.report_year = 2022
    prev.facts.problems = problems
    prev.t3.carried_forward = T3Row.zeros()
    return prev


def test_numbered_problems_reported_on_pass() -> None:
    prev = _previous(["一是栏目更新慢，部分信息滞后", "二是解读材料形式单一"])
    assert _found(clean_report(), "X-3B", prev) == []


def test_problems_never_returned_to_are_reported() -> None:
    prev = _previous(["一是依申请公开答复文书不规范", "（二）保密审查记录不全"])
    (f,) = _found(clean_report(), "X-3B", prev)
    assert f.ctx["count"] == 2 and "依申请公开答复文书" in f.evidence


def test_open_drafting_marks_block_publication(clean) -> None:
    from assistant.checks import check_report

    assert not [f for f in check_report(clean) if f.rule == "TEXT-8"]
    marked = clean.model_copy(deep=True)
    marked.sections.problems += "\n【待补充：上年度报告所列问题及整改情况】"
    found = [f for f in check_report(marked) if f.rule == "TEXT-8"]
    assert len(found) == 1 and found[0].severity.value == "error" and "上年度报告所列问题" in message(found[0])
