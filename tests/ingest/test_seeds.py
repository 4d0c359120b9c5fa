"""The five real township reports parse into the right sections, unit, year, tables and facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assistant.core.labels import SECTION_KEYS
from assistant.core.report import T3_COLS, T3_ROWS, T4_FIELDS, T4_GROUPS


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_six_sections_in_order(seeds, seed):
    report = seeds[seed]
    assert report.source.section_keys == list(SECTION_KEYS)
    assert report.sections.overview and report.sections.problems and report.sections.other


@pytest.mark.parametrize(
    ("seed", "unit", "level", "year", "year_from"),
    [
        ("000", "东山乡", "乡", 2022, "title"),
        ("001", "乔官镇", "镇", 2021, "title"),
        ("002", "阿北乡", "乡", 2023, "title"),
        ("003", "定远乡", "乡", 2019, "text"),
        ("004", "肖寨门镇", "镇", 2022, "title"),
    ],
)
def test_unit_and_year(seeds, seed, unit, level, year, year_from):
    report = seeds[seed]
    assert report.profile.short_name == unit
    assert report.profile.level == level
    assert report.profile.report_year == year
    assert report.source.year_inferred_from == year_from


def test_admin_divisions_and_organ(seeds):
    assert seeds["001"].profile.county == "昌乐县"
    assert seeds["001"].profile.organ_name == "昌乐县乔官镇人民政府"
    assert seeds["002"].profile.county == "虎林市"
    assert seeds["004"].profile.organ_name == "肖寨门镇人民政府"


def test_headings_kept_as_written(seeds):
    assert seeds["000"].source.headings[1] == "二、主动公开政务信息情况"
    assert seeds["000"].source.headings[4].startswith("5、")
    assert seeds["003"].source.headings[4].startswith("5、")
    assert seeds["003"].source.headings[5] == "六、其他需要报告的事项"  # was run into the previous paragraph
    assert seeds["003"].sections.other == "无"


def test_closing(seeds):
    assert seeds["000"].closing.organ == "东山乡人民政府"
    assert seeds["000"].closing.date == dt.date(2023, 1, 5)
    assert seeds["001"].closing.date == dt.date(2022, 1, 17)
    assert seeds["003"].closing.date == dt.date(2019, 12, 12)
    for seed in ("002", "004"):
        assert seeds[seed].closing.organ == "" and seeds[seed].closing.date is None
    assert not seeds["004"].sections.other.endswith("1")  # the stray page number is not text


def test_format_detection(seeds):
    assert seeds["003"].format_version == "2019"
    assert {seeds[s].format_version for s in ("000", "001", "002", "004")} == {"2021"}


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_complete_tables_are_all_zero(seeds, seed):
    report = seeds[seed]
    assert [v for *_, v in report.t2.cells()] == [0] * 9 + [Decimal(0)]
    assert all(getattr(report.t3.row(r), c) == 0 for r in T3_ROWS for c in T3_COLS)
    assert all(getattr(getattr(report.t4, g), f) == 0 for g in T4_GROUPS for f in T4_FIELDS)


def test_seed_002_tab_rows_keep_five_blank_review_cells(seeds):
    t4 = seeds["002"].t4
    assert t4.review.model_dump() == dict.fromkeys(T4_FIELDS)
    assert t4.lit_direct.total == 0 and t4.lit_after_review.upheld == 0
    assert all(getattr(seeds["002"].t3.row(r), c) == 0 for r in T3_ROWS for c in T3_COLS)
    assert seeds["002"].t3.n_publication.total == 0  # a row with an extra empty cell after its label


def test_seed_003_blank_columns(seeds):
    t3 = seeds["003"].t3
    assert t3.new_received.natural_person == 0
    assert t3.new_received.total is None and t3.granted.commercial is None
    assert t3.o_other.natural_person == 0  # 2019: the single （六）其他处理 row
    assert t3.o_no_correction.natural_person is None
    assert t3.carried_forward.natural_person == 0 and t3.carried_forward.other_org is None
    filled = [(g, f) for g in T4_GROUPS for f in T4_FIELDS if getattr(getattr(seeds["003"].t4, g), f) is not None]
    assert filled == [("review", "upheld"), ("lit_direct", "upheld")]
    t2 = seeds["003"].t2
    assert t2.art20_1.regulations.issued == 0 and t2.art20_1.regulations.in_force is None
    assert t2.art20_5.admin_license.decisions is None
    assert any(w.startswith("unmapped_2019_cell:t2.procurement") for w in seeds["003"].source.warnings)


def test_application_counts_stated(seeds):
    assert seeds["002"].facts.applications_stated == 1
    assert seeds["001"].facts.applications_stated == 0
    assert seeds["000"].facts.applications_stated == 0
    assert seeds["004"].facts.applications_stated == 0


def test_disclosure_facts(seeds):
    f4 = seeds["004"].facts
    assert (f4.active_total, f4.website_count, f4.wechat_count) == (128, 51, 53)
    assert [(c.name, c.count) for c in f4.other_channels] == [("辽中政讯", 3)]
    f1 = seeds["001"].facts
    assert (f1.website_count, f1.wechat_count, f1.wechat_name) == (8, 280, "火山小镇")
    assert "火山小镇" in f1.platform_names
    assert seeds["000"].facts.active_total == 11
    assert seeds["002"].facts.website_count == 6  # 一是…1条 … 十是…2条
    assert seeds["002"].facts.active_total is None  # the total is left blank in the text


def test_fee_and_proposals(seeds):
    assert seeds["001"].facts.info_fee_amount_yuan == 0
    assert seeds["001"].facts.npc_suggestions == 0 and seeds["001"].facts.cppcc_proposals == 0
    assert seeds["002"].facts.info_fee_amount_yuan == 0  # "没有产生息公开处理费"
    assert seeds["000"].facts.info_fee_amount_yuan is None  # 六 = 无


def test_problems_and_measures(seeds):
    f4 = seeds["004"].facts
    assert len(f4.problems) == 3 and f4.problems[0].startswith("信息公开内容")  # the ordinal 一是 is stripped
    assert len(f4.measures) == 3
    f2 = seeds["002"].facts
    assert len(f2.problems) == 3 and len(f2.measures) == 5
    f1 = seeds["001"].facts
    assert len(f1.measures) == 4
    assert not any("进一步加强了政务公开工作的领导" in p for p in f1.problems)  # last year's 整改, not a problem
