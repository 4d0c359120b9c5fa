"""Options and edge cases of the checks: gazetteer, deadline, last year's report, whitelists, ordering."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.checks import InvalidDeadlineError, check_report
from assistant.core.findings import Severity
from assistant.core.report import AnnualReport, Channel, SourceInfo
from assistant.messages_zh import message, zh
from tests.assistant.checks.conftest import clean_report


def _rules(report: AnnualReport, **kw: object) -> set[str]:
    return {f.rule for f in check_report(report, **kw)}  # type: ignore[arg-type]


def test_gazetteer_names_other_units_but_not_own(clean: AnnualReport) -> None:
    clean.sections.problems += "学习借鉴红石乡的做法。"
    found = [f for f in check_report(clean, gazetteer=["红石乡", "青山镇", "某某县", "白水镇"]) if f.rule == "UNIT-1"]
    assert [f.ctx["name"] for f in found] == ["红石乡"]
    assert "红石乡" in found[0].evidence and found[0].location == "sections.problems"
    assert "UNIT-1" not in _rules(clean)  # no gazetteer, no check


def test_deadline_is_configurable(clean: AnnualReport) -> None:
    clean.closing.date = dt.date(2024, 2, 15)
    assert "YEAR-5" in _rules(clean)
    assert "YEAR-5" not in _rules(clean, deadline="02-20")
    (f,) = [f for f in check_report(clean) if f.rule == "YEAR-5"]
    assert f.ctx["days"] == 15 and f.severity == Severity.WARNING


@pytest.mark.parametrize("bad", ["1月31日", "13-01", "02-30", ""])
def test_invalid_deadline_is_a_report_error(clean: AnnualReport, bad: str) -> None:
    with pytest.raises(InvalidDeadlineError) as info:
        check_report(clean, deadline=bad)
    assert "01-31" in zh(info.value)


def test_copied_problems_from_last_year() -> None:
    previous, current = clean_report(), clean_report()
    previous.profile.report_year = 2022
    previous.sections.problems = current.sections.problems.replace("2024年", "2023年")
    previous.sections.overview = "本年度，我镇围绕重点领域信息公开，更新了网站栏目。"
    (f,) = [f for f in check_report(current, previous) if f.rule == "X-3"]
    assert f.ctx["previous_year"] == 2022 and f.severity == Severity.WARNING and f.section == "problems"
    assert "五、存在的主要问题及改进情况" in message(f)
    previous.sections.problems = "一是网站栏目设置不合理。二是人员培训不足。2023年将调整栏目、加强培训。"
    assert "X-3" not in _rules(current, previous=previous)


def test_copied_overview_from_last_year() -> None:
    previous, current = clean_report(), clean_report()
    previous.profile.report_year = 2022
    previous.sections.problems = "一是网站栏目设置不合理。二是人员培训不足。2023年将调整栏目、加强培训。"
    (f,) = [f for f in check_report(current, previous) if f.rule == "X-3"]
    assert f.section == "overview" and "一、总体情况" in message(f) and "2022" in message(f)
    assert "X-3" not in _rules(current)  # needs last year's report


def test_unaddressed_last_year_problems(clean: AnnualReport) -> None:
    clean.sections.problems = "一是解读材料形式单一。2024年，我镇将丰富解读形式。"
    previous = clean_report()
    previous.facts.problems = ["栏目更新慢", "培训不足"]
    (f,) = [f for f in check_report(clean, previous) if f.rule == "X-3B"]
    assert f.ctx["count"] == 2


def test_draft_channel_counts_must_add_up(clean: AnnualReport) -> None:
    clean.facts.active_total = 20
    clean.facts.website_count = 12
    clean.facts.other_channels = [Channel(name="公开栏", count=8)]
    assert "N-3" not in _rules(clean)
    clean.facts.website_count = 10
    (f,) = [f for f in check_report(clean) if f.rule == "N-3"]
    assert f.ctx["stated"] == 20 and f.ctx["table"] == 18 and "18" in message(f)


def test_processed_count_compared_with_total_processed(clean: AnnualReport) -> None:
    clean.sections.overview = clean.sections.overview.replace("办结2件", "办结1件")
    (f,) = [f for f in check_report(clean) if f.rule == "N-1"]
    assert f.location == "t3.total_processed.total" and f.ctx["stated"] == 1


def test_stated_review_count_vs_table(clean: AnnualReport) -> None:
    clean.sections.overview = clean.sections.overview.replace("全年未发生行政复议、行政诉讼。", "被申请行政复议1件。")
    (f,) = [f for f in check_report(clean) if f.rule == "N-2"]
    assert f.ctx["stated"] == 1 and f.ctx["table"] == 0


def test_fee_notice_required_when_fee_unpaid(clean: AnnualReport) -> None:
    clean.t3.o_no_fee.natural_person = 1
    clean.t3.o_no_fee.total = 1
    found = [f for f in check_report(clean) if f.rule == "N-4"]
    assert [f.location for f in found] == ["t3.o_no_fee.total"]


def test_other_missing_most_items_is_an_error_and_2019_bare_none_a_warning(clean: AnnualReport) -> None:
    clean.sections.other = "本年度未收取信息处理费。"
    (f,) = [f for f in check_report(clean) if f.rule == "STRUCT-12"]
    assert f.severity == Severity.ERROR and f.ctx["count"] == 6
    old = clean_report()
    old.profile.report_year, old.format_version = 2019, "2019"
    old.title = old.title.replace("2023", "2019")
    old.sections.other = "无"
    (g,) = [f for f in check_report(old) if f.rule == "STRUCT-10"]
    assert g.severity == Severity.WARNING


@pytest.mark.parametrize("text", ["国家有关规定规定应当主动公开", "深入学习习近平新时代中国特色社会主义思想",
                                  "转变工作作风", "层层压实责任", "研究研究再定", "看看群众需要什么"])
def test_duplicated_character_whitelist(clean: AnnualReport, text: str) -> None:
    clean.sections.overview += text + "。"
    assert "TEXT-1" not in _rules(clean)


@pytest.mark.parametrize("written, fixed", [("国办函【2020】109号", "〔2020〕109号"),
                                            ("国办公开办函[2021]30号", "〔2021〕30号"),
                                            ("某政办发（2023）5号", "〔2023〕5号")])
def test_document_number_brackets(clean: AnnualReport, written: str, fixed: str) -> None:
    clean.preamble += f"依据{written}。"
    (f,) = [f for f in check_report(clean) if f.rule == "TEXT-4"]
    assert f.suggestion == fixed


def test_plenum_mentions_fit_the_date(clean: AnnualReport) -> None:
    clean.profile.report_year = 2024
    clean.title = clean.title.replace("2023", "2024")
    clean.closing.date = dt.date(2025, 1, 10)
    clean.sections.overview = clean.sections.overview.replace("2023", "2024") + "学习二十届历次全会和二十届三中全会精神。"
    clean.sections.problems = clean.sections.problems.replace("2024年，我镇将", "2025年，我镇将")
    clean.sections.other = clean.sections.other.replace("2023", "2024")
    clean.preamble = clean.preamble.replace("2023", "2024")
    assert check_report(clean) == []
    clean.sections.overview += "贯彻二十届四中全会精神。"
    (f,) = [f for f in check_report(clean) if f.rule == "YEAR-6"]
    assert "四中" in f.ctx["phrase"]


def test_mixed_self_reference_and_level_from_name(clean: AnnualReport) -> None:
    clean.profile.level = None
    clean.sections.problems += "我镇乡将继续努力。全乡干部参加培训。"
    written = {f.ctx["written"] for f in check_report(clean) if f.rule == "UNIT-2"}
    assert written == {"我镇乡", "全乡"}


def test_findings_sorted_by_severity_then_report_order(clean: AnnualReport) -> None:
    clean.title = "某某县青山镇人民政府2023年政府信息公开 工作年度报告"  # warning, title
    clean.sections.other = "无"  # error, other
    clean.closing.organ = ""  # error, closing
    clean.source = SourceInfo(headings=[], section_keys=[])
    found = check_report(clean)
    assert [f.rule for f in found][:2] == ["STRUCT-10", "STRUCT-9"]
    assert found[2].severity == Severity.WARNING and found[2].section == "title"


def test_tables_only_worksheet_is_judged_on_its_figures() -> None:
    assert {f.rule for f in check_report(AnnualReport())} == {"CELL-1"}
    assert "STRUCT-1" in {f.rule for f in check_report(AnnualReport(title="某镇2023年政府信息公开工作年度报告"))}


def test_empty_parsed_report_does_not_crash() -> None:
    found = check_report(AnnualReport(source=SourceInfo(file="x.txt")))
    rules = {f.rule for f in found}
    assert {"STRUCT-1", "STRUCT-6", "STRUCT-9", "CELL-1"} <= rules
    assert not rules & {"YEAR-1", "YEAR-3", "YEAR-4", "N-1"}  # nothing to compare without a year or figures
    assert all("{" not in message(f) for f in found)


def test_draft_facts_used_when_text_states_no_count(clean: AnnualReport) -> None:
    clean.sections.overview = clean.sections.overview.replace("本年度我镇收到政府信息公开申请2件，办结2件，均按期答复。", "")
    assert "N-1" not in _rules(clean)
    clean.facts.applications_stated = 5
    (f,) = [f for f in check_report(clean) if f.rule == "N-1"]
    assert f.ctx["stated"] == 5 and f.ctx["table"] == 2
