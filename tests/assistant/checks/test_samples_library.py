"""The 35 示例 sample reports (library/samples), parsed with the real parser and checked.

Every planted mistake listed in manifest.json is reported under its rule; a clean sample has no error and
none of the narrative / year-over-year false positives; consecutive-year pairs pass X-1 and X-2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.checks import check_report
from assistant.core.findings import Finding, Severity
from assistant.core.report import AnnualReport
from assistant.core.settings import load_settings
from assistant.messages_zh import message
from bench.make_samples import FOREIGN
from ingest.parse import parse_file

SAMPLES = Path(__file__).resolve().parents[3] / "library" / "samples"
MANIFEST: list[dict[str, Any]] = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
CLEAN = [e for e in MANIFEST if not e["mistakes"]]
PLANTED = [e for e in MANIFEST if e["mistakes"]]
PAIRS = [e for e in MANIFEST if e["previous_year_file"]]

# Manifest tags (bench/synth_model.py MISTAKES) → the rule that must report them; rule ids map to themselves.
TAG_RULES = {
    "jiezhi": "TEXT-2",         # 截止 for 截至
    "qita_org": "TEXT-3",       # 其它组织
    "no_closing": "STRUCT-9",   # no 落款
    "six_wu": "STRUCT-10",      # 六 is a bare 无
    "plan_year": "YEAR-3",      # plan dated the report year
    "title_gongzuo": "STRUCT-7",  # 工作报告 instead of 工作年度报告
    "foreign_unit": "UNIT-1",   # another township's name left in the text
    "no_rectify": "X-3B",       # 五 does not report last year's 整改
    "no_assessment": "STRUCT-13",  # no 考核、评议、责任追究
}
# Errors that follow from a planted mistake: the 2019 layout's 六 lacks the 2021 items.
CONSEQUENCES = {"FMT-1": {"STRUCT-11", "STRUCT-12"}}
FALSE_POSITIVE_WATCH = {"N-1", "N-2", "N-3", "X-3B", "TEXT-1", "UNIT-1", "UNIT-2"}


def _planted_rules(entry: dict[str, Any]) -> set[str]:
    return {TAG_RULES.get(tag, tag) for tag in entry["mistakes"]}


def _rules(findings: list[Finding], severity: Severity | None = None) -> set[str]:
    return {f.rule for f in findings if severity is None or f.severity == severity}


@pytest.fixture(scope="module")
def parsed() -> dict[str, AnnualReport]:
    settings = load_settings()
    return {e["file"]: parse_file(SAMPLES / e["file"], settings) for e in MANIFEST}


@pytest.fixture(scope="module")
def results(parsed: dict[str, AnnualReport]) -> dict[str, list[Finding]]:
    """Each sample checked with last year's report (if any) and every other unit's name as gazetteer."""
    names = {e["unit"] for e in MANIFEST} | set(FOREIGN.values())
    out = {}
    for e in MANIFEST:
        prev = parsed[e["previous_year_file"]] if e["previous_year_file"] else None
        out[e["file"]] = check_report(parsed[e["file"]], previous=prev, gazetteer=names - {e["unit"]})
    return out


def test_manifest_tags_all_mapped() -> None:
    rule_ids = {"N-1", "N-2", "CELL-1", "FMT-1", "T2-R1", "T3-R3"}
    tags = {t for e in MANIFEST for t in e["mistakes"]}
    assert tags <= set(TAG_RULES) | rule_ids, sorted(tags - set(TAG_RULES) - rule_ids)
    assert len(MANIFEST) == 35 and len(CLEAN) >= 20 and len(PAIRS) == 4


@pytest.mark.parametrize("entry", PLANTED, ids=[e["file"] for e in PLANTED])
def test_planted_mistakes_reported(entry: dict[str, Any], results: dict[str, list[Finding]]) -> None:
    found = results[entry["file"]]
    planted = _planted_rules(entry)
    assert planted <= _rules(found), sorted(planted - _rules(found))
    allowed = planted | set().union(*(CONSEQUENCES.get(r, set()) for r in planted))
    assert _rules(found, Severity.ERROR) <= allowed, sorted(_rules(found, Severity.ERROR) - allowed)


@pytest.mark.parametrize("entry", CLEAN, ids=[e["file"] for e in CLEAN])
def test_clean_sample_has_no_error_or_false_positive(entry: dict[str, Any],
                                                      results: dict[str, list[Finding]]) -> None:
    found = results[entry["file"]]
    assert _rules(found, Severity.ERROR) == set(), [message(f) for f in found if f.severity == Severity.ERROR]
    assert not _rules(found) & FALSE_POSITIVE_WATCH, [(f.rule, f.evidence) for f in found]


@pytest.mark.parametrize("entry", PAIRS, ids=[e["file"] for e in PAIRS])
def test_consecutive_years_carry_over(entry: dict[str, Any], parsed: dict[str, AnnualReport],
                                      results: dict[str, list[Finding]]) -> None:
    assert not _rules(results[entry["file"]]) & {"X-1", "X-2", "X-3", "X-3B"}
    # The pairing is real: a changed 结转 last year is caught.
    prev = parsed[entry["previous_year_file"]].model_copy(deep=True)
    prev.t3.carried_forward.total = (prev.t3.carried_forward.total or 0) + 1
    assert "X-1" in _rules(check_report(parsed[entry["file"]], previous=prev))


def test_luzhu_review_wording_and_foreign_name(results: dict[str, list[Finding]]) -> None:
    found = results["sample_luzhu_jiedao_2023.txt"]
    (n2,) = [f for f in found if f.rule == "N-2"]
    assert n2.ctx["kind"] == "none_stated" and "行政复议" in n2.evidence and "诉讼" in n2.evidence
    (unit,) = [f for f in found if f.rule == "UNIT-1"]
    assert unit.ctx["name"] == FOREIGN["luzhu_jiedao_2023"]


def test_songwan_count_conflict_is_an_error(results: dict[str, list[Finding]]) -> None:
    (f,) = [f for f in results["sample_songwan_jiedao_2021.txt"] if f.rule == "N-1"]
    assert f.severity == Severity.ERROR and f.location == "t3.new_received.total" and f.ctx["stated"] == 4
