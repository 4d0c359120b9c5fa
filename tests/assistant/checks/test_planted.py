"""One planted defect per rule on a clean hand-made report: the clean report passes, the defect is found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from assistant.checks import all_rules, check_report
from assistant.core.findings import Severity
from assistant.core.labels import SECTION_KEYS, SECTION_TITLES
from assistant.core.report import AnnualReport, FieldEvidence, ProfileEvidence, SourceInfo
from assistant.messages_zh import message
from tests.assistant.checks.conftest import clean_report

HEADINGS = [SECTION_TITLES[k] for k in SECTION_KEYS]


def _source(headings: list[str] = HEADINGS, keys: tuple[str, ...] = SECTION_KEYS) -> SourceInfo:
    return SourceInfo(file="x.txt", headings=list(headings), section_keys=list(keys))


def _set(path: str, value: object) -> Callable[[AnnualReport], None]:
    def mutate(r: AnnualReport) -> None:
        *parents, leaf = path.split(".")
        target = r
        for p in parents:
            target = getattr(target, p)
        setattr(target, leaf, value)
    return mutate


def _replace(section: str, old: str, new: str) -> Callable[[AnnualReport], None]:
    def mutate(r: AnnualReport) -> None:
        text = getattr(r.sections, section)
        assert old in text, old
        setattr(r.sections, section, text.replace(old, new))
    return mutate


def _swap_headings(r: AnnualReport) -> None:
    keys = list(SECTION_KEYS)
    keys[4], keys[5] = keys[5], keys[4]
    r.source = _source([SECTION_TITLES[k] for k in keys], tuple(keys))


def _review_case(r: AnnualReport) -> None:
    r.t4.review.upheld = 1
    r.t4.review.total = 1


def _fee_without_requests(r: AnnualReport) -> None:
    for row in ("new_received", "granted", "total_processed"):
        r.t3.row(row).natural_person = 0
        r.t3.row(row).total = 0
    _replace("overview", "收到政府信息公开申请2件，办结2件", "未收到政府信息公开申请")(r)
    _replace("other", "本年度未收取信息处理费", "本年度收取信息处理费200元")(r)


def _unsure(field: str) -> Callable[[AnnualReport], None]:
    """The parser's evidence for ``field`` is weak; the others are sure."""
    sure = FieldEvidence(confidence=0.95)
    evidence = {f: sure for f in ("short_name", "level", "county", "city", "province", "report_year")}
    evidence[field] = FieldEvidence(confidence=0.3, candidates=["青山镇", "青山乡"])
    return _set("profile_evidence", ProfileEvidence(**evidence))


PLANTED: list[tuple[str, Severity, Callable[[AnnualReport], None], str]] = [
    ("STRUCT-1", Severity.ERROR, _set("sections.problems", ""), "sections.problems"),
    ("STRUCT-2", Severity.ERROR, _swap_headings, "source.section_keys"),
    ("STRUCT-3", Severity.ERROR, _set("source", _source(HEADINGS[:4] + ["5、存在的主要问题及改进情况"] + HEADINGS[5:])),
     "source.headings.problems"),
    ("STRUCT-4", Severity.ERROR, _set("source", _source(["一、总体情况", "二、主动公开政务信息情况"] + HEADINGS[2:])),
     "source.headings.active"),
    ("STRUCT-5", Severity.WARNING, _set("source", _source(HEADINGS[:5] + ["六、其他事项"])), "source.headings.other"),
    ("STRUCT-6", Severity.ERROR, _set("title", "某某县青山镇人民政府政府信息公开工作年度报告"), "title"),
    ("STRUCT-7", Severity.WARNING, _set("title", "某某县青山镇人民政府2023年政府信息公开工作报告"), "title"),
    ("STRUCT-8", Severity.WARNING, lambda r: (_set("preamble", "根据条例编制本报告。")(r),
                                              _replace("other", "统计期限为2023年1月1日至2023年12月31日", "略")(r)),
     "preamble"),
    ("STRUCT-9", Severity.ERROR, _set("closing.organ", ""), "closing.organ"),
    ("STRUCT-10", Severity.ERROR, _set("sections.other", "无。"), "sections.other"),
    ("STRUCT-11", Severity.ERROR, _replace("other", "（一）本年度未收取信息处理费。\n", ""), "sections.other"),
    ("STRUCT-12", Severity.WARNING, _replace("other", "（四）本年度政务公开工作创新情况：开设“政策明白卡”栏目。\n", ""),
     "sections.other"),
    ("STRUCT-13", Severity.WARNING, _replace("overview", "，开展社会评议，本年度无责任追究情况", ""), "sections.overview"),
    ("STRUCT-14", Severity.WARNING, _replace("overview", "（四）政府信息公开平台建设\n维护镇政府网站专栏和微信公众号。\n", ""),
     "sections.overview"),
    ("FMT-1", Severity.ERROR, _set("format_version", "2019"), "format_version"),
    ("FMT-2", Severity.WARNING, _replace("problems", "丰富解读形式", "做好公开和免于公开的界定"), "sections.problems"),
    ("YEAR-1", Severity.ERROR, _set("title", "某某县青山镇人民政府2022年政府信息公开工作年度报告"), "title"),
    ("YEAR-2", Severity.ERROR, _set("preamble", "本报告所列数据统计期限为2022年1月1日至12月31日。"), "preamble"),
    ("YEAR-3", Severity.ERROR, _replace("problems", "2024年，我镇将", "2023年，我镇将"), "sections.problems"),
    ("YEAR-4", Severity.ERROR, _set("closing.date", dt.date(2023, 12, 12)), "closing.date"),
    ("YEAR-5", Severity.WARNING, _set("closing.date", dt.date(2024, 3, 5)), "closing.date"),
    ("YEAR-6", Severity.WARNING, _replace("overview", "认真贯彻", "深入学习二十届三中全会精神，认真贯彻"),
     "sections.overview"),
    ("YEAR-7", Severity.WARNING, _replace("overview", "落实保密审查制度", "2025年落实保密审查制度"), "sections.overview"),
    ("META-1", Severity.WARNING, _unsure("short_name"), "profile.short_name"),
    ("META-2", Severity.WARNING, _unsure("report_year"), "profile.report_year"),
    ("META-3", Severity.INFO, _unsure("province"), "profile.province"),
    ("UNIT-2", Severity.WARNING, _replace("problems", "2024年，我镇将", "2024年，我乡将"), "sections.problems"),
    ("UNIT-3", Severity.WARNING, _replace("overview", "扎实推进政务公开", "扎实推进工信工作"), "sections.overview"),
    ("TEXT-1", Severity.WARNING, _replace("problems", "丰富解读形式", "丰富解读的的形式"), "sections.problems"),
    ("TEXT-2", Severity.WARNING, _replace("overview", "全年共发布", "截止2023年12月31日，全年共发布"), "sections.overview"),
    ("TEXT-3", Severity.WARNING, _replace("overview", "扎实推进政务公开", "保障公民、法人和其它组织的知情权"),
     "sections.overview"),
    ("TEXT-4", Severity.WARNING, _set("preamble", "根据国办公开办函[2021]30号要求。统计期限为2023年1月1日至12月31日。"),
     "preamble"),
    ("TEXT-5", Severity.WARNING, _set("title", "某某县青山镇人民政府2023年政府信息公开 工作年度报告"), "title"),
    ("TEXT-6", Severity.WARNING, _replace("overview", "（二）依申请公开", "（二）依法申请公开"), "sections.overview"),
    ("TEXT-7", Severity.WARNING, _replace("problems", "丰富解读形式", "丰富图解、视频、等解读形式"), "sections.problems"),
    ("TEXT-8", Severity.ERROR, _replace("problems", "丰富解读形式", "丰富解读形式【待核实：35条】"), "sections.problems"),
    ("N-1", Severity.ERROR, _replace("overview", "收到政府信息公开申请2件", "收到政府信息公开申请3件"),
     "t3.new_received.total"),
    ("N-2", Severity.WARNING, _review_case, "t4"),
    ("N-3", Severity.WARNING, _replace("overview", "占25.0%", "占30.0%"), "sections.overview"),
    ("N-4", Severity.WARNING, _fee_without_requests, "sections.other"),
    ("X-3B", Severity.WARNING, _set("sections.problems", "一是解读材料形式单一。2024年，我镇将丰富解读形式。"),
     "sections.problems"),
]


def test_clean_report_has_no_findings(clean: AnnualReport) -> None:
    assert check_report(clean) == []


def test_every_rule_has_a_planted_defect() -> None:
    planted = {rule for rule, *_ in PLANTED} | {"UNIT-1", "X-3", "N-3"}
    mine = {info.rule for info in all_rules()} - {"CELL-1", "T2-R1", "T3-R1", "T3-R2", "T3-R3", "T4-R1", "T4-R2",
                                                  "T4-R3", "X-1", "X-2"}
    assert mine <= planted, sorted(mine - planted)


@pytest.mark.parametrize("rule, severity, mutate, location", PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_defect_is_found(rule: str, severity: Severity, mutate: Callable[[AnnualReport], None],
                                 location: str) -> None:
    report = clean_report()
    mutate(report)
    found = [f for f in check_report(report) if f.rule == rule]
    assert found, f"{rule} not reported"
    assert found[0].severity == severity
    assert found[0].location == location
    assert message(found[0]) and "{" not in message(found[0])
    assert len(found[0].evidence) <= 80
