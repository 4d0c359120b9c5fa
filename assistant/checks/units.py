"""Unit checks (UNIT-1 … UNIT-3): signs that text was copied from another unit's report (spec §4 M1/M7)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, own_names, snippet, unit_level
from assistant.core.findings import Finding, Severity, make
from assistant.core.gazetteer import Place, gazetteer
from assistant.core.labels import SECTION_KEYS
from assistant.core.report import AnnualReport
from assistant.core.unitname import is_mixed_self_ref, wrong_self_refs


def _parts(report: AnnualReport) -> Iterator[tuple[str, str, str]]:
    """(section, location, text) of the narrative parts a clerk writes."""
    yield "preamble", "preamble", report.preamble
    for key in SECTION_KEYS:
        yield key, f"sections.{key}", report.section_text(key)


@lru_cache(maxsize=8)
def _index(names: frozenset[str]) -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """Index a gazetteer by last character, so a report is scanned once whatever its size."""
    lengths: dict[str, set[int]] = {}
    for n in names:
        lengths.setdefault(n[-1], set()).add(len(n))
    chars = "".join(re.escape(c) for c in sorted(lengths))
    last_chars = re.compile(f"[{chars}]") if chars else re.compile(r"(?!)")
    return last_chars, {c: tuple(sorted(ls)) for c, ls in lengths.items()}


def _gazetteer_hits(text: str, names: frozenset[str]) -> Iterator[tuple[str, int]]:
    last_chars, lengths = _index(names)
    for m in last_chars.finditer(text):
        end = m.end()
        for n in lengths[m.group(0)]:
            candidate = text[max(0, end - n):end]
            if candidate in names:
                yield candidate, end - n


# Shipped township names shorter than this are not looked for (柳林镇 holds 林镇): too many false hits.
_MIN_SHIPPED = 3


def neighbour_names(report: AnnualReport) -> frozenset[str]:
    """Township names of the unit's own county and the other counties of its city, from the shipped gazetteer.

    Empty when the report's place cannot be told (no county, or a township name found in several places).
    """
    p = report.profile
    gaz = gazetteer()
    places: tuple[Place, ...] = ()
    if p.short_name:
        places = gaz.places_of_township(p.short_name, county=p.county, city=p.city, province=p.province)
    if not places and p.county:
        places = gaz.places_of_county(p.county, city=p.city, province=p.province)
    if len(places) != 1:
        return frozenset()
    return frozenset(n for n in gaz.neighbour_townships(places[0]) if len(n) >= _MIN_SHIPPED)


def _inside_own(text: str, start: int, name: str, own: tuple[str, ...]) -> bool:
    """True when the hit lies inside one of the unit's own names written there (东城街道 holds 城街道)."""
    for o in own:
        at = text.find(o, max(0, start - len(o)), start + len(name) + len(o))
        while at != -1 and at <= start:
            if at + len(o) >= start + len(name):
                return True
            at = text.find(o, at + 1, start + len(name) + len(o))
    return False


@CHECKS.rule("UNIT-1", Severity.WARNING)
def other_unit_names(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """报告中不应出现其他乡镇（街道）的名称（本县及本市其他县的乡镇取自内置行政区划，另可用资料库或名录；疑为套用其他单位的报告）。"""
    names = opts.gazetteer | neighbour_names(report)
    if not names:
        return
    own = own_names(report)
    seen: set[str] = set()
    for section, location, text in _parts(report):
        for name, start in _gazetteer_hits(text, names):
            if name in seen or any(name in o or o in name for o in own) or _inside_own(text, start, name, own):
                continue
            seen.add(name)
            yield make("UNIT-1", Severity.WARNING, section=section, location=location, name=name,
                       evidence=snippet(text, start, start + len(name)))


@CHECKS.rule("UNIT-2", Severity.WARNING)
def self_reference_level(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """自称（我乡/我镇/本街道）应与本单位类型一致，不应出现“我镇乡”之类的混用。"""
    level = unit_level(report)
    seen: set[str] = set()
    for section, location, text in _parts(report):
        for start, end, written in wrong_self_refs(text, level):
            if written in seen:
                continue
            seen.add(written)
            suggestion = "" if is_mixed_self_ref(written) else written[0] + str(level)
            yield make("UNIT-2", Severity.WARNING, section=section, location=location, written=written,
                       level=level or "", evidence=snippet(text, start, end), suggestion=suggestion)


@CHECKS.rule("UNIT-3", Severity.WARNING)
def other_department_wording(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """不应出现其他部门的表述（如“工信工作”“我局”），乡镇报告应写本级政府的工作。"""
    seen: set[str] = set()
    for section, location, text in _parts(report):
        for m in P.OTHER_DEPT.finditer(text):
            if m.group(0) not in seen:
                seen.add(m.group(0))
                yield make("UNIT-3", Severity.WARNING, section=section, location=location, written=m.group(0),
                           evidence=snippet(text, m.start(), m.end()))
