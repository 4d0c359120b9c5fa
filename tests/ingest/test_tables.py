"""The table extractor on the three plain-text layouts, blanks and label drift."""

from __future__ import annotations

from decimal import Decimal

from ingest.normalize import normalize_text
from ingest.tables import T3_LABELS, Label, extract_t2, extract_t3, extract_t4, fit, match_label


def _lines(text: str) -> list[str]:
    return normalize_text(text).split("\n")


def test_fuzzy_labels():
    assert match_label("三、本 年度 办 理 果", T3_LABELS) == "g_results"
    assert match_label("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", T3_LABELS) == "partial"
    assert match_label("3、危及\"三安全一稳定\"", T3_LABELS) == "d_3s1s"
    assert match_label("2. 没有现成信息需另行制作", T3_LABELS) == "u_need_create"
    assert match_label("3.其他", T3_LABELS) == "o_other"
    assert match_label("其他", T3_LABELS) is None  # the column header, not the row
    assert match_label("（七）总计", T3_LABELS) == "total_processed"
    assert match_label("0", T3_LABELS) is None
    assert match_label("x", (Label("k", "规章"),)) is None


def test_fit_trims_surplus_blanks_and_pads():
    assert fit(["", "1", "2", ""], 2) == ([1, 2], [])
    assert fit(["1"], 3) == ([1, None, None], [])
    assert fit(["1.5"], 1) == ([Decimal("1.5")], [])


def test_one_cell_per_line_with_blanks():
    text = "\t一、本年新收政府信息公开申请数量\n\t 3\n\t\xa0\n\t1\n\n\t二、上年结转政府信息公开申请数量\n\t0\n"
    warnings: list[str] = []
    t3 = extract_t3(_lines(text), warnings)
    assert t3["new_received"] == {"natural_person": 3, "commercial": None, "research": 1, "public_welfare": None,
                                  "legal_service": None, "other_org": None, "total": None}
    assert t3["carried_over"]["natural_person"] == 0
    assert "missing_row:t3.granted" in warnings


def test_tab_rows_and_t4_blanks():
    t4 = extract_t4(_lines("行政复议\t行政诉讼\n结果维持\t总计\n\t\t\t\t\t1\t2\t3\t4\t10\t0\t0\t0\t0\t0\n"), [])
    assert t4["review"]["total"] is None
    assert t4["lit_direct"] == {"upheld": 1, "corrected": 2, "other": 3, "pending": 4, "total": 10}


def test_t2_2021_and_2019_layouts():
    t2 = extract_t2(_lines("规章\t0\t0\t0\n行政 规范性文件\t2\t1\t9\n行政事业性收费\t1.25\n"), "2021", [])
    assert t2["art20_1"]["normative_docs"] == {"issued": 2, "abolished": 1, "in_force": 9}
    assert t2["art20_8"]["admin_fees"]["amount_wan"] == Decimal("1.25")
    warnings: list[str] = []
    t2 = extract_t2(_lines("规范性文件\t4\t3\t20\n行政许可\t5\t-1\t7\n"), "2019", warnings)
    assert t2["art20_1"]["normative_docs"] == {"issued": 4, "in_force": 20}
    assert t2["art20_5"]["admin_license"] == {"decisions": 7}
    assert "unmapped_2019_cell:t2.normative_docs.本年新公开数量=3" in warnings
