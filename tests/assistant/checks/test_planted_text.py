"""Defects planted in whole report texts, found through the parser as a reviewer would run the checker.

Two defects real reviews miss: the statistical period of another year in each of its written forms
(YEAR-2), and another township's name with no library and no --gazetteer (UNIT-1, from the shipped
gazetteer's townships of the unit's county and city). The bases are the variant corpus, the seeds and the
示例 samples; recall must be ≥ 95 %, and the unplanted bases must not gain these findings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.checks import check_report
from assistant.core.gazetteer import gazetteer
from assistant.core.report import AnnualReport
from assistant.core.textpatterns import period_years
from ingest.parse import parse_text

ROOT = Path(__file__).resolve().parents[3]
VARIANTS = ROOT / "tests" / "data" / "variants"
SEEDS = ROOT / ".." / "shared" / "seeds"
SAMPLES = ROOT / "library" / "samples"

# The shifted period in each form reports write it; {w} is the wrong year, {y} the report year.
PERIOD_FORMS = (
    "自{y}年1月1日起至{w}年12月31日止",
    "统计期限为{w}年1月1日至{w}年12月31日",
    "统计期限为{w}年1月1日至12月31日",
    "统计期限为{w}年度",
    "数据统计截至{w}年12月31日",
    "{w}年1月1日—{w}年12月31日",
)


def _bases() -> Iterator[tuple[str, str]]:
    manifest = json.loads((VARIANTS / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        if entry["file"].endswith(".txt"):
            yield entry["file"], (VARIANTS / entry["file"]).read_text(encoding="utf-8")
    for folder in (SEEDS, SAMPLES):
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                yield path.name, path.read_text(encoding="utf-8-sig")


BASES = list(_bases())


@pytest.fixture(scope="module")
def parsed() -> dict[str, AnnualReport]:
    return {name: parse_text(text, name) for name, text in BASES}


def _rules(report: AnnualReport, rule: str) -> list[str]:
    return [f.evidence for f in check_report(report) if f.rule == rule]


def _with_period(text: str, year: int, form: str) -> str | None:
    """``text`` with its first statistical period replaced by ``form`` for the year before; None if it has none."""
    spans = period_years(text)
    if not spans:
        return None
    start, end, *_ = spans[0]
    return text[:start] + form.format(y=year, w=year - 1) + text[end:]


def _neighbour(report: AnnualReport) -> str:
    """A township of the unit's own county (else of its city) from the shipped gazetteer, not the unit."""
    p = report.profile
    gaz = gazetteer()
    places = gaz.places_of_township(p.short_name, county=p.county, city=p.city, province=p.province)
    if len(places) != 1:
        return ""
    own_county = set(gaz.townships_by_county.get(places[0].county_code, ()))
    names = sorted(n for n in gaz.neighbour_townships(places[0])
                   if len(n) >= 3 and p.short_name not in n and n not in p.short_name)
    near = [n for n in names if n in own_county] or names
    return near[len(near) // 2] if near else ""


def _with_name(text: str, name: str) -> str:
    """``text`` with a sentence naming ``name`` after the first sentence of 一、总体情况."""
    m = re.search(r"一\s*、[^\n]*\n?[^。]*。", text)
    assert m, "no 一、 section"
    return text[: m.end()] + f"学习借鉴{name}的经验做法，完善公开工作机制。" + text[m.end():]


def test_period_forms_are_found(parsed) -> None:
    planted = found = 0
    missed = []
    for name, text in BASES:
        year = parsed[name].year
        if not year:
            continue
        for form in PERIOD_FORMS:
            shifted = _with_period(text, year, form)
            if shifted is None:
                continue
            planted += 1
            if _rules(parse_text(shifted, name), "YEAR-2"):
                found += 1
            else:
                missed.append(f"{name}:{form}")
    print(f"\nYEAR-2 planted {planted}, found {found} ({found / planted:.1%})")
    assert planted >= 300
    assert found / planted >= 0.95, missed


def test_other_unit_name_found_without_library(parsed) -> None:
    planted = found = 0
    missed = []
    for name, text in BASES:
        other = _neighbour(parsed[name])
        if not other:
            continue
        planted += 1
        hits = _rules(parse_text(_with_name(text, other), name), "UNIT-1")
        if any(other in h for h in hits):
            found += 1
        else:
            missed.append(f"{name}:{other}")
    print(f"\nUNIT-1 planted {planted}, found {found} ({found / planted:.1%})")
    assert planted >= 50
    assert found / planted >= 0.95, missed


@pytest.mark.parametrize("rule", ["YEAR-2", "UNIT-1", "META-1", "META-2"])
def test_no_new_findings_on_seeds_and_samples(parsed, rule) -> None:
    """The unplanted seeds and 示例 samples stay clean of the rules this work changed or added."""
    noisy = {name: _rules(report, rule) for name, report in parsed.items()
             if not name.startswith("v") and _rules(report, rule)}
    assert not noisy
