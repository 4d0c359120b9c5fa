"""Grid conversions and the small helpers the pages use."""

from __future__ import annotations

import math

from app_pages import grids as session
from assistant.core.findings import Severity, make
from assistant.core.report import T3_ROWS, AnnualReport, content_hash
from assistant.drafting import intents


def test_t3_grid_round_trip_keeps_blanks(filled_report: AnnualReport) -> None:
    filled_report.t3.d_internal.research = None
    grid = session.t3_grid(filled_report)
    assert list(grid[session.KEY]) == list(T3_ROWS)
    assert grid.loc[T3_ROWS.index("granted"), session.LABEL] == "（一）予以公开"
    assert grid.loc[T3_ROWS.index("d_state_secret"), session.GROUP] == "三、本年度办理结果 · （三）不予公开"
    assert math.isnan(grid.loc[T3_ROWS.index("d_internal"), "research"])
    grid.loc[T3_ROWS.index("granted"), "natural_person"] = 7
    t3 = session.table3_from_grid(grid)
    assert t3.granted.natural_person == 7
    assert t3.d_internal.research is None
    assert t3.total_processed.total == 4


def test_t2_and_t4_grids(filled_report: AnnualReport) -> None:
    grid = session.t2_grid(filled_report, "art20_8")
    grid.loc[0, "amount_wan"] = 2.25
    t2 = session.table2_with_grid(filled_report.t2, "art20_8", grid)
    assert str(t2.art20_8.admin_fees.amount_wan) == "2.25"
    assert t2.art20_1.normative_docs.in_force == 5
    t4grid = session.t4_grid(filled_report)
    assert list(t4grid[session.LABEL]) == ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"]
    t4grid.loc[2, "pending"] = None
    assert session.table4_from_grid(t4grid).lit_after_review.pending is None


def test_hints_sit_on_the_finding_row(filled_report: AnnualReport) -> None:
    f = make("T3-R1", Severity.ERROR, section="t3", location="t3.granted.total", row="x", total=1, sum=2)
    grid = session.t3_grid(filled_report, [f])
    assert grid.loc[T3_ROWS.index("granted"), session.HINT].startswith("✗")
    assert grid.loc[T3_ROWS.index("partial"), session.HINT] == ""


def test_small_helpers(filled_report: AnnualReport) -> None:
    assert session.page_for_location("t3.granted.total") == "data"
    assert session.page_for_location("sections.problems") == "draft"
    assert session.page_for_location("closing.date") == "basic"
    assert session.too_large(3 * 1024 * 1024, 2.0) and not session.too_large(100, 2.0)
    assert intents.intent_section("请写存在的问题") == "problems"
    assert session.common_spans("我镇建立了工作机制", "工作机制健全") == [(5, 9)]
    updated = session.with_field(filled_report, "profile.county", "新县")
    assert updated.profile.county == "新县" and filled_report.profile.county == "某某县"
    assert content_hash(updated) != content_hash(filled_report)
