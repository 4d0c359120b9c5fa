"""Year-over-year checks on 五、存在的主要问题及改进情况 (X-3, X-3B; spec §2.2, §4 M1).

X-1 and X-2 (table carry-over) are table rules in assistant/tables/rules.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, snippet
from assistant.core.findings import Finding, Severity, make
from assistant.core.labels import SECTION_TITLES
from assistant.core.report import AnnualReport
from assistant.core.similarity import SAME_UNIT_LIMIT, jaccard

KEY_CHARS = 6  # a problem counts as reported on when its first characters recur in this year's 五
_NOISE = re.compile(r"[\s\d　，。；：、,.;:（）()“”\"'—\-]+")


def _normalise(text: str) -> str:
    """Drop digits, spaces and punctuation so a new year number does not hide a copy."""
    return _NOISE.sub("", text)


COPY_CHECKED = ("overview", "problems")  # the sections a unit is tempted to carry over from last year


@CHECKS.rule("X-3", Severity.WARNING, needs_previous=True)
def problems_not_copied(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """一、总体情况和五、存在的主要问题及改进情况不应与上年报告雷同（5字片段重合率超过 SAME_UNIT_LIMIT）。"""
    prev = opts.previous
    if prev is None:
        return
    for key in COPY_CHECKED:
        text, old = getattr(report.sections, key), getattr(prev.sections, key)
        if not text.strip() or not old.strip():
            continue
        score = jaccard(text, old)
        if score > SAME_UNIT_LIMIT:
            yield make("X-3", Severity.WARNING, section=key, location=f"sections.{key}",
                       similarity=f"{score:.0%}", previous_year=prev.year or "", part=SECTION_TITLES[key],
                       evidence=snippet(text, pad=0))


def _previous_problems(opts: CheckOptions) -> list[str]:
    prev = opts.previous
    if prev is None:
        return []
    return [p for p in prev.facts.problems if p.strip()]


def problem_key(problem: str) -> str:
    """The first KEY_CHARS characters of a problem, without its ordinal (一是/（一）/1.) or 针对."""
    return _normalise(P.PROBLEM_PREFIX.sub("", problem.strip()))[:KEY_CHARS]


def _returned_to(problem: str, text: str) -> bool:
    key = problem_key(problem)
    return not key or key in text


@CHECKS.rule("X-3B", Severity.WARNING)
def last_year_rectified(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """五应报告上一年度报告所列问题的整改情况。"""
    text = report.sections.problems
    if not text.strip():
        return
    facts = report.facts
    if facts.last_year_problems and P.RECTIFY.search(text):
        return
    if not P.RECTIFY.search(text):
        yield make("X-3B", Severity.WARNING, section="problems", location="sections.problems",
                   evidence=snippet(text, pad=0), count=len(_previous_problems(opts)) or "")
        return
    # 整改 is mentioned: with last year's list at hand, name the problems the text never returns to.
    body = _normalise(text)
    missed = [p for p in _previous_problems(opts) if not _returned_to(p, body)]
    if missed and len(missed) == len(_previous_problems(opts)):
        yield make("X-3B", Severity.WARNING, section="problems", location="sections.problems",
                   evidence=snippet(missed[0], pad=0), count=len(missed))
