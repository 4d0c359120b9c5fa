"""The five seed reports, parsed with the real parser: every defect spec §6 rates E is reported."""

from __future__ import annotations

import pytest

from assistant.checks import check_report
from assistant.core.findings import Finding, Severity
from assistant.core.report import AnnualReport


def _rules(findings: list[Finding], severity: Severity | None = None) -> set[str]:
    return {f.rule for f in findings if severity is None or f.severity == severity}


def _by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


@pytest.fixture(scope="module")
def results(seeds: dict[str, AnnualReport]) -> dict[str, list[Finding]]:
    return {k: check_report(r) for k, r in seeds.items()}


def test_000_plan_year(results: dict[str, list[Finding]]) -> None:
    (f,) = _by_rule(results["000"], "YEAR-3")
    assert f.severity == Severity.ERROR and f.ctx["written"] == 2022 and f.ctx["expected"] == 2023
    assert "2022年，我乡将" in f.evidence


def test_000_section_numbered_5(results: dict[str, list[Finding]]) -> None:
    (f,) = _by_rule(results["000"], "STRUCT-3")
    assert f.severity == Severity.ERROR and f.section == "problems" and f.evidence.startswith("5、")


def test_000_other_is_bare_none(results: dict[str, list[Finding]]) -> None:
    (f,) = _by_rule(results["000"], "STRUCT-10")
    assert f.severity == Severity.ERROR and f.location == "sections.other"


def test_000_government_information_headings(results: dict[str, list[Finding]]) -> None:
    found = _by_rule(results["000"], "STRUCT-4")
    assert {f.section for f in found} == {"active", "requests", "review_litigation"}
    assert all(f.severity == Severity.ERROR for f in found)


def test_000_warnings(results: dict[str, list[Finding]]) -> None:
    warnings = _rules(results["000"], Severity.WARNING)
    assert {"STRUCT-7", "FMT-2", "YEAR-6", "UNIT-3", "TEXT-6", "X-3B", "STRUCT-13"} <= warnings
    assert "N-3" not in _rules(results["000"])  # 11/46 = 23.9% recomputes


def test_001_has_no_error(results: dict[str, list[Finding]]) -> None:
    assert _rules(results["001"], Severity.ERROR) == set()
    assert {"TEXT-2", "TEXT-3", "STRUCT-13"} <= _rules(results["001"], Severity.WARNING)
    assert "X-3B" not in _rules(results["001"])  # it reports 2020年问题整改情况


def test_002_narrative_conflicts_with_table(results: dict[str, list[Finding]]) -> None:
    (f,) = _by_rule(results["002"], "N-1")
    assert f.ctx["stated"] == 1 and f.ctx["table"] == 0 and f.location == "t3.new_received.total"
    assert f.severity == Severity.ERROR  # spec §6: an explicit count contradicting table 三 is E-level
    assert "1件" in f.evidence


def test_002_blank_review_cells(results: dict[str, list[Finding]]) -> None:
    found = _by_rule(results["002"], "CELL-1")
    assert [f.location for f in found] == ["t4.review"]


def test_002_missing_closing(results: dict[str, list[Finding]]) -> None:
    found = _by_rule(results["002"], "STRUCT-9")
    assert {f.location for f in found} == {"closing.organ", "closing.date"}
    assert all(f.severity == Severity.ERROR for f in found)


def test_002_other_lacks_items_and_brackets(results: dict[str, list[Finding]]) -> None:
    (items,) = _by_rule(results["002"], "STRUCT-12")
    assert items.severity == Severity.ERROR and items.ctx["count"] == 6
    (doc_no,) = _by_rule(results["002"], "TEXT-4")
    assert doc_no.suggestion == "〔2020〕109号" and doc_no.ctx["written"] == "【2020】109号"


def test_002_warnings(results: dict[str, list[Finding]]) -> None:
    assert {"TEXT-5", "FMT-2", "UNIT-2", "STRUCT-8", "TEXT-6"} <= _rules(results["002"], Severity.WARNING)
    assert not [f for f in _by_rule(results["002"], "TEXT-1") if "规定规定" in f.ctx["written"]]


def test_003_dated_before_year_end(results: dict[str, list[Finding]]) -> None:
    (f,) = _by_rule(results["003"], "YEAR-4")
    assert f.severity == Severity.ERROR and f.ctx["date"] == "2019-12-12"


def test_003_old_layout_is_right_for_2019_but_cells_are_blank(results: dict[str, list[Finding]],
                                                                seeds: dict[str, AnnualReport]) -> None:
    assert seeds["003"].format_version == "2019"
    assert "FMT-1" not in _rules(results["003"])
    assert {f.section for f in _by_rule(results["003"], "CELL-1")} == {"t2", "t3", "t4"}


def test_003_title_without_year(results: dict[str, list[Finding]]) -> None:
    (f,) = _by_rule(results["003"], "STRUCT-6")
    assert f.severity == Severity.ERROR and f.location == "title"
    assert "STRUCT-3" in _rules(results["003"], Severity.ERROR)
    assert {f.ctx["written"] for f in _by_rule(results["003"], "TEXT-1")} == {"的的", "信息信息"}


def test_004_bare_none_and_no_closing(results: dict[str, list[Finding]]) -> None:
    assert {"STRUCT-10", "STRUCT-9"} <= _rules(results["004"], Severity.ERROR)
    assert "STRUCT-7" in _rules(results["004"], Severity.WARNING)  # 工作报告
    assert "N-3" not in _rules(results["004"])  # 51+3+53+21 = 128


def test_seed_errors_are_only_the_listed_ones(results: dict[str, list[Finding]]) -> None:
    expected = {
        "000": {"YEAR-3", "STRUCT-3", "STRUCT-10", "STRUCT-4"},
        "001": set(),
        "002": {"CELL-1", "STRUCT-9", "STRUCT-12", "N-1"},
        "003": {"STRUCT-6", "CELL-1", "STRUCT-3", "YEAR-4"},
        "004": {"STRUCT-10", "STRUCT-9"},
    }
    assert {k: _rules(v, Severity.ERROR) for k, v in results.items()} == expected
