"""Unit names read one way everywhere: level, short name, divisions, organ, title and self-reference."""

from __future__ import annotations

import pytest

from assistant.checks import check_report
from assistant.core.report import AnnualReport, UnitProfile
from assistant.core.unitname import (
    canonical_title,
    level_of,
    normalise_organ,
    organ_for,
    organ_name,
    self_names,
    short_name,
    split_admin,
    stem,
    title_for,
    wrong_self_refs,
)
from assistant.drafting import intents
from assistant.drafting.guard import guard_text
from assistant.drafting.phrasebank import report_context, unit_short
from assistant.tables.templates import new_report
from ingest.parse import parse_text

# The five seeds' unit names as their reports write them.
SEED_NAMES = [
    ("东山乡", ("", "", "", "东山乡"), "乡"),
    ("昌乐县乔官镇", ("", "", "昌乐县", "乔官镇"), "镇"),
    ("虎林市阿北乡人民政府", ("", "", "虎林市", "阿北乡"), "乡"),
    ("定远乡政府", ("", "", "", "定远乡"), "乡"),
    ("沈阳市辽中区肖寨门镇", ("", "沈阳市", "辽中区", "肖寨门镇"), "镇"),
]


@pytest.mark.parametrize(("name", "divisions", "level"), SEED_NAMES)
def test_seed_names(name, divisions, level) -> None:
    assert split_admin(name) == divisions
    assert short_name(name) == divisions[3]
    assert level_of(name) == level


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("青禾镇", "镇"), ("青禾镇政府", "镇"), ("青禾镇人民政府", "镇"), ("青禾乡人民政府", "乡"),
        ("青禾街道", "街道"), ("青禾街道办", "街道"), ("青禾街道办事处", "街道"), ("青禾街道政府", "街道"),
        ("转塘办事处", "街道"), ("青禾镇人民政府关于", "镇"), ("临溪县", None), ("", None),
    ],
)
def test_level_of(name, level) -> None:
    assert level_of(name) == level


@pytest.mark.parametrize(
    ("name", "short"),
    [("青禾镇政府", "青禾镇"), ("青禾街道办", "青禾街道"), ("临溪县青禾镇", "青禾镇"), ("新市镇", "新市镇"),
     ("杭州市西湖区转塘街道办事处", "转塘街道"), ("山东省潍坊市昌乐县乔官镇人民政府", "乔官镇")],
)
def test_short_name(name, short) -> None:
    assert short_name(name) == short


def test_organ_building() -> None:
    assert organ_for("青禾镇", "镇") == "青禾镇人民政府"
    assert organ_for("青禾乡") == "青禾乡人民政府"
    assert organ_for("青禾街道") == "青禾街道办事处"
    assert organ_for("") == ""
    assert organ_name("青禾镇政府") == "青禾镇人民政府"
    assert organ_name("青禾街道办") == "青禾街道办事处"
    assert organ_name("临溪县青禾镇") == "青禾镇人民政府"
    assert organ_name("虎林市阿北乡人民政府") == "虎林市阿北乡人民政府"  # already right: kept as written
    assert normalise_organ("青禾街道政府") == "青禾街道办事处"
    assert normalise_organ("某某县青山镇") == "某某县青山镇人民政府"
    assert normalise_organ("青禾镇党政办公室") == "青禾镇党政办公室"
    assert stem("青禾镇") == "青禾" and stem("临溪县") == "临溪" and stem("青禾街道办事处") == "青禾"


def test_titles() -> None:
    assert canonical_title("青禾镇人民政府", 2023) == "青禾镇人民政府2023年政府信息公开工作年度报告"
    assert canonical_title("青禾镇人民政府", None) == "青禾镇人民政府YYYY年政府信息公开工作年度报告"
    profile = UnitProfile(short_name="青禾街道", level="街道", report_year=2024)
    assert title_for(profile) == "青禾街道办事处2024年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("unit", "organ", "short", "level", "county"),
    [
        ("青禾镇政府", "青禾镇人民政府", "青禾镇", "镇", ""),
        ("青禾街道办", "青禾街道办事处", "青禾街道", "街道", ""),
        ("临溪县青禾镇", "青禾镇人民政府", "青禾镇", "镇", "临溪县"),
        ("定远乡", "定远乡人民政府", "定远乡", "乡", ""),
    ],
)
def test_new_report_normalises_the_unit(unit, organ, short, level, county) -> None:
    r = new_report(unit, 2023)
    p = r.profile
    assert (p.organ_name, p.short_name, p.level, p.county) == (organ, short, level, county)
    assert r.title == f"{organ}2023年政府信息公开工作年度报告" and r.closing.organ == organ
    assert report_context(r)["self"] == f"我{level}"


def test_new_report_matches_ingest() -> None:
    """A unit typed for ``new`` and the same unit read from a report share short name and county."""
    made = new_report("临溪县青禾镇", 2023).profile
    read = parse_text("临溪县青禾镇2023年政府信息公开工作年度报告\n一、总体情况\n略。\n青禾镇人民政府\n2024年1月20日").profile
    assert (made.short_name, made.county, made.level) == (read.short_name, read.county, read.level)


def test_short_and_self_names_from_organ() -> None:
    r = AnnualReport(profile=UnitProfile(organ_name="临溪县青禾镇人民政府"))
    assert unit_short(r) == "青禾镇"
    assert self_names(None, "青禾镇政府") == ("我镇", "本镇")
    assert self_names(None, "青禾街道办") == ("我街道", "本街道")
    assert self_names(None, "某单位") == ("我单位", "本单位")


def test_chat_reference_unit_is_short_name() -> None:
    assert intents.chat_intent("参考临溪县青禾镇政府的写法起草总体情况") == ("draft", "青禾镇")
    assert intents.chat_intent("参考云溪街道办的表述") == ("draft", "云溪街道")


SELF_TEXT = "我镇政府高度重视，全镇上下协同。乡镇、镇村两级、城镇、全县各乡镇、健全镇村机制均正常。"


def test_wrong_self_refs() -> None:
    assert [w for _s, _e, w in wrong_self_refs(SELF_TEXT, "乡")] == ["我镇", "全镇"]
    assert wrong_self_refs(SELF_TEXT, "镇") == []
    assert wrong_self_refs("本街道和我乡", "镇") == [(0, 3, "本街道"), (4, 6, "我乡")]
    assert wrong_self_refs("我乡镇干部", None) == [(0, 3, "我乡镇")]
    assert wrong_self_refs("全县各乡镇、城镇化、乡镇长", "街道") == []
    assert wrong_self_refs("我镇乡村振兴", "乡") == [(0, 2, "我镇")]
    assert wrong_self_refs("我镇乡村振兴", "镇") == []


def test_check_and_guard_agree_on_self_reference() -> None:
    r = new_report("定远乡", 2023)
    r.sections.overview = SELF_TEXT
    unit2 = [f for f in check_report(r) if f.rule == "UNIT-2"]
    assert sorted(f.ctx["written"] for f in unit2) == ["全镇", "我镇"]
    assert {f.suggestion for f in unit2} == {"全乡", "我乡"}
    marked, findings = guard_text(SELF_TEXT, r)
    guard = [f for f in findings if f.rule == "GUARD-SELF"]
    assert sorted((f.ctx["token"], f.ctx["expected"]) for f in guard) == [("全镇", "全乡"), ("我镇", "我乡")]
    assert marked.count("【待核实") == 2


def test_structure_title_suggestion_for_street_office() -> None:
    r = AnnualReport(title="青禾街道政府2023年政务信息公开工作报告", closing={"organ": "青禾街道政府"},
                     profile=UnitProfile(report_year=2023))
    struct7 = [f for f in check_report(r) if f.rule == "STRUCT-7"]
    assert struct7 and struct7[0].suggestion == "青禾街道办事处2023年政府信息公开工作年度报告"
