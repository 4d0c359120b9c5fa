"""Table rules (spec §2.1–2.2): one passing and one failing case per rule, and the seed figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.findings import Severity
from assistant.core.report import T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport, T3Row, T4Group
from assistant.messages_zh import message
from assistant.persistence.report_files import load_report
from assistant.tables.rules import TABLE_RULES, table_findings

SEED_JSON = Path(__file__).resolve().parents[1] / "data" / "seeds"


def clean_report() -> AnnualReport:
    """A consistent report with a few applications, built by hand."""
    r = AnnualReport()
    for g in ("art20_1", "art20_5", "art20_6", "art20_8"):
        grp = getattr(r.t2, g)
        for row in type(grp).model_fields:
            cell = getattr(grp, row)
            for c in type(cell).model_fields:
                setattr(cell, c, 0)
    r.t2.art20_1.normative_docs.issued = 3
    r.t2.art20_1.normative_docs.in_force = 7
    for row in T3_ROWS:
        setattr(r.t3, row, T3Row.zeros())
    r.t3.new_received = T3Row(natural_person=4, commercial=1, research=0, public_welfare=0, legal_service=0,
                              other_org=0, total=5)
    r.t3.carried_over = T3Row(natural_person=1, commercial=0, research=0, public_welfare=0, legal_service=0,
                              other_org=0, total=1)
    r.t3.granted = T3Row(natural_person=3, commercial=1, research=0, public_welfare=0, legal_service=0,
                         other_org=0, total=4)
    r.t3.u_not_held = T3Row(natural_person=1, commercial=0, research=0, public_welfare=0, legal_service=0,
                            other_org=0, total=1)
    r.t3.total_processed = T3Row(natural_person=4, commercial=1, research=0, public_welfare=0, legal_service=0,
                                 other_org=0, total=5)
    r.t3.carried_forward = T3Row(natural_person=1, commercial=0, research=0, public_welfare=0, legal_service=0,
                                 other_org=0, total=1)
    for g in T4_GROUPS:
        setattr(r.t4, g, T4Group(**{f: 0 for f in T4_FIELDS}))
    r.t4.review = T4Group(upheld=1, corrected=0, other=0, pending=1, total=2)
    r.profile.level = "镇"
    r.profile.report_year = 2024
    return r


def rules_of(report: AnnualReport, previous: AnnualReport | None = None) -> list[str]:
    return [f.rule for f in table_findings(report, previous)]


def test_clean_report_passes_every_rule() -> None:
    assert table_findings(clean_report()) == []


def test_every_rule_has_message_and_docstring() -> None:
    from assistant.messages_zh import MESSAGES

    for info in TABLE_RULES.info():
        assert info.rule in MESSAGES and info.doc, info.rule


def test_cell1_blank_is_not_zero() -> None:
    r = clean_report()
    r.t3.granted.research = None
    found = table_findings(r)
    assert [f.rule for f in found] == ["CELL-1"]
    assert found[0].location == "t3.granted"
    assert "科研机构" in message(found[0]) and "（一）予以公开" in message(found[0])


def test_cell1_on_blank_fee() -> None:
    r = clean_report()
    r.t2.art20_8.admin_fees.amount_wan = None
    found = table_findings(r)
    assert [f.rule for f in found] == ["CELL-1"] and "本年收费金额" in message(found[0])


def test_t2_r1_regulations_must_be_zero() -> None:
    r = clean_report()
    r.t2.art20_1.regulations.issued = 1
    found = table_findings(r)
    assert [f.rule for f in found] == ["T2-R1"]
    assert found[0].location == "t2.art20_1.regulations.issued" and "规章" in message(found[0])


def test_t3_r1_row_total() -> None:
    r = clean_report()
    r.t3.new_received.total = 6
    assert "T3-R1" in rules_of(r)
    f = next(f for f in table_findings(r) if f.rule == "T3-R1")
    assert f.location == "t3.new_received.total"
    assert "6" in message(f) and "5" in message(f) and "本年新收" in message(f)


def test_t3_r2_result_total() -> None:
    r = clean_report()
    r.t3.granted = T3Row(natural_person=2, commercial=1, research=0, public_welfare=0, legal_service=0, other_org=0, total=3)
    found = [f for f in table_findings(r) if f.rule == "T3-R2"]
    assert {f.location for f in found} == {"t3.total_processed.natural_person", "t3.total_processed.total"}
    assert "自然人" in message(found[0]) and "4" in message(found[0]) and "3" in message(found[0])


def test_t3_r3_intake_equals_outcome() -> None:
    r = clean_report()
    r.t3.carried_forward = T3Row(natural_person=2, commercial=0, research=0, public_welfare=0, legal_service=0,
                                 other_org=0, total=2)
    found = [f for f in table_findings(r) if f.rule == "T3-R3"]
    assert {f.ctx["column"] for f in found} == {"自然人", "总计"}
    assert "5 + 上年结转 1 = 6" in message(found[-1]) and "= 7" in message(found[-1])


@pytest.mark.parametrize("rule_id,group", [("T4-R1", "review"), ("T4-R2", "lit_direct"), ("T4-R3", "lit_after_review")])
def test_t4_totals(rule_id: str, group: str) -> None:
    r = clean_report()
    assert rule_id not in rules_of(r)
    getattr(r.t4, group).corrected = 3
    found = [f for f in table_findings(r) if f.rule == rule_id]
    assert len(found) == 1 and found[0].location == f"t4.{group}.total"


def test_x1_carried_over_must_match_last_year() -> None:
    last, now = clean_report(), clean_report()
    last.profile.report_year = 2023
    assert "X-1" not in rules_of(now, last)
    last.t3.carried_forward = T3Row(natural_person=2, commercial=0, research=0, public_welfare=0, legal_service=0,
                                    other_org=0, total=2)
    found = [f for f in table_findings(now, last) if f.rule == "X-1"]
    assert {f.ctx["column"] for f in found} == {"自然人", "总计"} and found[0].severity == Severity.ERROR
    assert "2023年" in message(found[0])
    last.format_version = "2019"
    assert all(f.severity == Severity.WARNING for f in table_findings(now, last) if f.rule == "X-1")
    assert "X-1" not in rules_of(now)  # needs last year's report


def test_x2_in_force_carries() -> None:
    last, now = clean_report(), clean_report()
    last.t2.art20_1.normative_docs.in_force = 4  # 4 + 3 issued − 0 abolished = 7
    assert "X-2" not in rules_of(now, last)
    last.t2.art20_1.normative_docs.in_force = 5
    found = [f for f in table_findings(now, last) if f.rule == "X-2"]
    assert len(found) == 1 and found[0].severity == Severity.WARNING and found[0].ctx["expected"] == 8


# ---------------------------------------------------------------- the five seeds, transcribed


def seed(name: str) -> AnnualReport:
    return load_report(next(SEED_JSON.glob(f"{name}_*.json")))


@pytest.mark.parametrize("name", ["000", "001", "004"])
def test_clean_seeds_pass_every_table_rule(name: str) -> None:
    assert table_findings(seed(name)) == []


def test_seed_002_blank_review_cells_give_cell1() -> None:
    found = table_findings(seed("002"))
    assert [f.rule for f in found] == ["CELL-1"]
    assert found[0].location == "t4.review"
    assert found[0].ctx["cells"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_seed_003_blank_columns_give_cell1_and_no_arithmetic_noise() -> None:
    found = table_findings(seed("003"))
    assert found and {f.rule for f in found} == {"CELL-1"}
    t3_rows = {f.location for f in found if f.section == "t3"}
    assert len(t3_rows) == 23  # every row of the 2019 table 三 has blank columns
    blank_t3 = sum(len(f.ctx["cells"]) for f in found if f.section == "t3")
    assert blank_t3 == 138  # spec §2.4: only 自然人 filled
    blank_t4 = sum(len(f.ctx["cells"]) for f in found if f.section == "t4")
    assert blank_t4 == 13
