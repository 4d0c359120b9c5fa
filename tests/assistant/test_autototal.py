"""Auto-total fills every 总计 and never overwrites a typed value without saying so."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.report import T3_COLS6, T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport, T3Row, T4Group
from assistant.messages_zh import message
from assistant.tables.autototal import auto_total
from assistant.tables.rules import table_findings

cell = st.one_of(st.none(), st.integers(min_value=0, max_value=500))


number = st.integers(min_value=0, max_value=500)


@st.composite
def reports(draw: st.DrawFn, parts: st.SearchStrategy = cell) -> AnnualReport:
    """Reports with arbitrary (often inconsistent) totals; part cells drawn from ``parts``."""
    r = AnnualReport()
    for row in T3_ROWS:
        setattr(r.t3, row, T3Row(**{c: draw(parts) for c in T3_COLS6}, total=draw(cell)))
    for g in T4_GROUPS:
        setattr(r.t4, g, T4Group(**{f: draw(parts) for f in T4_FIELDS if f != "total"}, total=draw(cell)))
    return r


SUM_RULES = {"T3-R1", "T3-R2", "T4-R1", "T4-R2", "T4-R3"}


@settings(max_examples=300, deadline=None)
@given(reports(parts=number))
def test_auto_total_with_overwrite_always_adds_up(report: AnnualReport) -> None:
    """A grid whose part cells are filled always adds up after auto-total, whatever totals were typed."""
    fixed, notes = auto_total(report, overwrite=True)
    assert not [n for n in notes if n.rule == "AUTO-UNRESOLVED"]
    assert not [f for f in table_findings(fixed) if f.rule in SUM_RULES]
    # Only totals change; every part cell is exactly as typed.
    for row in T3_ROWS:
        for c in T3_COLS6:
            if row != "total_processed":
                assert getattr(fixed.t3.row(row), c) == getattr(report.t3.row(row), c)


@settings(max_examples=300, deadline=None)
@given(reports())
def test_auto_total_adds_up_unless_it_says_it_cannot(report: AnnualReport) -> None:
    """With blank part cells too: every sum rule passes unless a row had only its 总计 typed."""
    fixed, notes = auto_total(report, overwrite=True)
    if not [n for n in notes if n.rule == "AUTO-UNRESOLVED"]:
        assert not [f for f in table_findings(fixed) if f.rule in SUM_RULES]


@settings(max_examples=200, deadline=None)
@given(reports())
def test_auto_total_keeps_typed_values_and_says_so(report: AnnualReport) -> None:
    fixed, notes = auto_total(report)
    kept = {n.location for n in notes if n.rule == "AUTO-KEPT"}
    for row in T3_ROWS:
        before, after = report.t3.row(row).total, fixed.t3.row(row).total
        if before is not None:
            assert after == before
            if f"t3.{row}.total" not in kept:
                assert not [f for f in table_findings(fixed) if f.rule == "T3-R1" and f.location == f"t3.{row}.total"]
    if not kept and not [n for n in notes if n.rule == "AUTO-UNRESOLVED"]:
        assert not [f for f in table_findings(fixed) if f.rule in SUM_RULES]


def test_auto_total_fills_blanks_and_reports_each() -> None:
    r = AnnualReport()
    r.t3.granted = T3Row(natural_person=2, commercial=1, research=0, public_welfare=0, legal_service=0, other_org=0)
    r.t4.review = T4Group(upheld=1, corrected=1, other=0, pending=0)
    fixed, notes = auto_total(r)
    assert fixed.t3.granted.total == 3 and fixed.t3.total_processed.natural_person == 2
    assert fixed.t3.total_processed.total == 3 and fixed.t4.review.total == 2
    assert {n.rule for n in notes} == {"AUTO-FILL"}
    assert any("表四“行政复议·总计”：2" in message(n) for n in notes)


def test_typed_total_conflict_is_kept_unless_overwrite() -> None:
    r = AnnualReport()
    r.t4.review = T4Group(upheld=1, corrected=1, other=0, pending=0, total=5)
    kept, notes = auto_total(r)
    assert kept.t4.review.total == 5
    assert [n.rule for n in notes] == ["AUTO-KEPT"] and "5" in message(notes[0]) and "2" in message(notes[0])
    replaced, notes = auto_total(r, overwrite=True)
    assert replaced.t4.review.total == 2 and [n.rule for n in notes] == ["AUTO-REPLACED"]
    assert r.t4.review.total == 5  # the input object is untouched
