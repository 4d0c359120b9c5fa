"""Batch rules: checks that need every report of a county's batch at once (run after per-report rules).

SIM-1 与其他单位报告雷同: a unit's 总体情况 or 五 shares more than ``BATCH_COPY_LIMIT`` of its character
5-grams with another unit's same section (assistant/core/similarity.py, thresholds documented there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from assistant.checks._base import snippet, unit_name
from assistant.core.findings import Finding, RuleInfo, Severity, make
from assistant.core.labels import SECTION_TITLES
from assistant.core.report import AnnualReport
from assistant.core.similarity import matrix, shared_passages, similar_pairs

K = TypeVar("K")
BatchRule = Callable[[Mapping[Any, AnnualReport]], Iterator[tuple[Any, Finding]]]


class BatchRegistry:
    """Rules over a whole batch of reports, each yielding (key of the report concerned, finding)."""

    def __init__(self) -> None:
        self.rules: dict[str, tuple[RuleInfo, BatchRule]] = {}

    def rule(self, rule_id: str, severity: Severity) -> Callable[[BatchRule], BatchRule]:
        def register(fn: BatchRule) -> BatchRule:
            doc = (fn.__doc__ or "").strip().splitlines()[0]
            self.rules[rule_id] = (RuleInfo(rule=rule_id, severity=severity, doc=doc), fn)
            return fn

        return register

    def info(self) -> list[RuleInfo]:
        return [info for info, _ in self.rules.values()]


BATCH_RULES = BatchRegistry()
COMPARED = ("overview", "problems")
PASSAGES = 3


@BATCH_RULES.rule("SIM-1", Severity.WARNING)
def other_units_copied(reports: Mapping[K, AnnualReport]) -> Iterator[tuple[K, Finding]]:
    """一、总体情况或五、存在的主要问题及改进情况不应与同批其他单位的报告雷同。"""
    keys = list(reports)
    for section in COMPARED:
        texts = {str(i): getattr(reports[k].sections, section) for i, k in enumerate(keys)
                 if unit_name(reports[k])}
        for a, b, score in similar_pairs(texts):
            ka, kb = keys[int(a)], keys[int(b)]
            ra, rb = reports[ka], reports[kb]
            if unit_name(ra) == unit_name(rb):
                continue  # the same unit twice (two rounds, or this year's and last year's)
            yield ka, _finding(ra, rb, section, score)
            yield kb, _finding(rb, ra, section, score)


def _finding(mine: AnnualReport, other: AnnualReport, section: str, score: float) -> Finding:
    text, theirs = getattr(mine.sections, section), getattr(other.sections, section)
    passages = shared_passages(text, theirs, min_chars=16, limit=PASSAGES)
    return make("SIM-1", Severity.WARNING, section=section, location=f"sections.{section}",
                other=unit_name(other), part=SECTION_TITLES[section], similarity=f"{score:.0%}",
                passages=passages, evidence=" …… ".join(snippet(p, pad=0) for p in passages))


def batch_findings(reports: Mapping[K, AnnualReport]) -> list[tuple[K, Finding]]:
    """Every batch rule over the reports, as (key of the report, finding)."""
    found: list[tuple[K, Finding]] = []
    for _info, fn in BATCH_RULES.rules.values():
        found.extend(fn(reports))
    return found


def similarity_matrix(reports: Mapping[str, AnnualReport], section: str) -> list[tuple[str, str, float]]:
    """(unit, other unit, score) for every ordered pair, for the matrix chart."""
    return matrix({name: getattr(r.sections, section) for name, r in reports.items()})
