"""The checklist view: pass / fail / pending per rule."""

from __future__ import annotations

from assistant.checks import all_rules, checklist
from assistant.core.report import AnnualReport, UnitProfile
from assistant.messages_zh import MESSAGES, rule_title
from tests.assistant.checks.conftest import clean_report


def _status(items) -> dict[str, str]:
    return {i.rule: i.status for i in items}


def test_every_rule_has_a_message_and_a_title() -> None:
    for info in all_rules():
        assert info.rule in MESSAGES, info.rule
        assert f"item:{info.rule}" in MESSAGES, info.rule
        assert info.doc, info.rule


def test_clean_report_passes_except_cross_year(clean: AnnualReport) -> None:
    status = _status(checklist(clean))
    assert {r for r, s in status.items() if s != "pass"} == {"X-1", "X-2", "X-3"}
    assert {status[r] for r in ("X-1", "X-2", "X-3")} == {"pending"}
    previous = clean_report()
    previous.profile.report_year = 2022
    previous.sections.problems = "一是栏目更新慢。二是培训少。2023年，我镇将按周更新栏目。"
    previous.sections.overview = "上年我镇围绕重点领域信息公开，更新了网站栏目。"  # X-3 reads 一 too
    assert set(_status(checklist(clean, previous)).values()) == {"pass"}
    previous.sections.problems = clean.sections.problems
    assert _status(checklist(clean, previous))["X-3"] == "fail"


def test_empty_draft_is_pending_not_failing() -> None:
    draft = AnnualReport(profile=UnitProfile(short_name="青山镇", level="镇", report_year=2023))
    items = checklist(draft)
    status = _status(items)
    for rule in ("CELL-1", "T3-R1", "STRUCT-1", "STRUCT-9", "STRUCT-10", "N-1", "YEAR-4", "X-3B", "TEXT-1"):
        assert status[rule] == "pending", rule
    assert all(not i.findings for i in items if i.status == "pending")
    assert status["FMT-1"] == "pass"  # year known, 2021 layout


def test_half_filled_draft(clean: AnnualReport) -> None:
    clean.sections.other = ""
    clean.closing.date = None
    clean.sections.problems = clean.sections.problems.replace("2024年，我镇将", "2023年，我镇将")
    items = {i.rule: i for i in checklist(clean)}
    assert items["STRUCT-11"].status == "pending"
    assert items["YEAR-5"].status == "pending"
    assert items["YEAR-3"].status == "fail"
    assert items["YEAR-3"].location == "sections.problems"
    assert items["YEAR-3"].findings[0].ctx["expected"] == 2024
    assert rule_title("YEAR-3", items["YEAR-3"].doc) == MESSAGES["item:YEAR-3"]


def test_parsed_report_never_pending_for_missing_parts(seeds: dict[str, AnnualReport]) -> None:
    items = {i.rule: i for i in checklist(seeds["004"])}
    assert items["STRUCT-9"].status == "fail"
    assert items["STRUCT-9"].severity.value == "error"
    assert items["X-1"].status == "pending"
    assert items["CELL-1"].status == "pass"
