"""Fixed sections, report assembly for export, and facts told in words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.core.labels import SECTION_TITLES
from assistant.core.report import Channel
from assistant.drafting.draft import apply_fact, assemble_report_text, draft_section, parse_fact
from assistant.drafting.facts_text import FactNotUnderstoodError
from assistant.drafting.fixed_sections import other_section, preamble, title
from assistant.drafting.guard import guard_text
from assistant.messages_zh import fact_confirm, zh
from tests.assistant.drafting.factsheets import fact_sheet


def test_assembled_report_has_everything_in_order(settings) -> None:
    r = fact_sheet(1)
    r.sections.overview = draft_section(r, "overview", settings=settings).text
    r.sections.problems = draft_section(r, "problems", settings=settings).text
    text = assemble_report_text(r)
    y = r.profile.report_year
    assert text.startswith(f"{r.profile.organ_name}{y}年政府信息公开工作年度报告\n")
    positions = [text.index("\n" + h + "\n") for h in SECTION_TITLES.values()]
    assert positions == sorted(positions)
    assert f"统计期限为{y}年1月1日至{y}年12月31日" in text
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in text
    assert "\t25\t" not in text.split("一、本年新收政府信息公开申请数量")[0]
    new_row = next(line for line in text.splitlines() if line.startswith("一、本年新收政府信息公开申请数量"))
    assert new_row.endswith("\t25")
    d = r.closing.date
    assert text.rstrip().endswith(f"{r.profile.organ_name}\n{d.year}年{d.month}月{d.day}日")


def test_other_section_seven_items_and_fee_always_stated() -> None:
    r = fact_sheet(1)  # fee collected
    lines = other_section(r).splitlines()
    assert [line[:3] for line in lines] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）"]
    assert "收取信息处理费1件" in lines[0] and "〔2020〕109号" in lines[0]
    r0 = fact_sheet(0)
    assert "未收取信息处理费" in other_section(r0)
    r0.facts.info_fee_count = r0.facts.info_fee_amount_yuan = None
    assert "信息处理费" in other_section(r0).splitlines()[0] and "【待补充" in other_section(r0)
    r0.facts.npc_suggestions, r0.facts.cppcc_proposals = 2, 0
    assert "承办人大代表建议2件、未承办政协委员提案" in other_section(r0)


def test_fixed_text_passes_the_guard() -> None:
    for i in range(10):
        r = fact_sheet(i)
        for text in (title(r), preamble(r), other_section(r)):
            assert guard_text(text, r)[1] == [], text


@pytest.mark.parametrize(("sentence", "field", "value"), [
    ("今年新开通了抖音号，发布信息35条", "other_channels", Channel(name="抖音号", count=35)),
    ("通过视频号发布信息十二条", "other_channels", Channel(name="视频号", count=12)),
    ("政府网站发布信息40条", "website_count", 40),
    ("微信公众号全年推送信息二百三十条", "wechat_count", 230),
    ("政务公开栏更新12期", "bulletin_count", 12),
    ("全年主动公开政府信息156条", "active_total", 156),
    ("配备专兼职人员3名", "staff_count", 3),
    ("本年度未收取信息处理费", "info_fee_amount_yuan", 0),
    ("收取信息处理费80.5元", "info_fee_amount_yuan", Decimal("80.5")),
    ("承办人大代表建议4件", "npc_suggestions", 4),
    ("问题：网站栏目更新不及时", "problems", "网站栏目更新不及时"),
    ("去年报告的问题是公开栏更新不及时", "last_year_problems", "公开栏更新不及时"),
    ("在县年度政务公开考核中获评优秀等次", "assessment_result", "在县年度政务公开考核中获评优秀等次"),
])
def test_parse_fact(sentence: str, field: str, value: object) -> None:
    fact = parse_fact(sentence)
    assert any(u.field == field and u.value == value for u in fact.updates), fact.updates


def test_parse_fact_multiple_and_confirmation_text() -> None:
    fact = parse_fact("全年组织培训3次，参训45人次")
    assert {(u.field, u.value) for u in fact.updates} == {("training_sessions", 3), ("training_participants", 45)}
    assert any("组织培训（次）" in fact_confirm(u) for u in fact.updates)


def test_apply_fact_returns_new_report_and_drafts_use_it(settings) -> None:
    r = fact_sheet(4)
    fact = parse_fact("今年新开通了抖音号，发布信息35条")
    assert fact.channel == Channel(name="抖音号", count=35)
    new = apply_fact(r, fact)
    assert r.facts.other_channels == [] and new.facts.other_channels == [Channel(name="抖音号", count=35)]
    again = apply_fact(new, parse_fact("开通抖音号，发布40条"))
    assert again.facts.other_channels == [Channel(name="抖音号", count=40)]
    text = draft_section(new, "overview", settings=settings).text
    assert "抖音号发布信息35条" in text


def test_unknown_fact_raises_chinese_error() -> None:
    with pytest.raises(FactNotUnderstoodError) as info:
        parse_fact("今天天气不错")
    assert "没能从“今天天气不错”中识别" in zh(info.value)
