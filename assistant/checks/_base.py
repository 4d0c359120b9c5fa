"""Shared plumbing of the checker: the registry, the options every check receives, and small helpers.

Every check is ``fn(report, opts) -> Iterator[Finding]`` registered in ``CHECKS``; the table rules
(assistant/tables/rules.py) are run separately through ``table_findings``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.core.errors import InvalidDeadlineError
from assistant.core.findings import Registry
from assistant.core.report import AnnualReport
from assistant.core.unitname import level_of

CHECKS = Registry()

SNIPPET_MAX = 80

_DEADLINE_RE = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_TITLE_UNIT_RE = re.compile(r"^\s*([^\d]*?)\s*(?:\d{4}|政府信息公开|政务信息公开)")
_BLANK_NO_RE = re.compile(r"^[\s。．.、，,：:（）()]*无[\s。．.]*$")


@dataclass(frozen=True)
class CheckOptions:
    """What a check may need besides the report itself."""

    previous: AnnualReport | None = None
    gazetteer: frozenset[str] = field(default_factory=frozenset)
    deadline: tuple[int, int] = (1, 31)


def parse_deadline(text: str) -> tuple[int, int]:
    """Parse a ``MM-DD`` deadline (of year Y+1).

    :raises InvalidDeadlineError: not MM-DD or not a real calendar day.
    """
    m = _DEADLINE_RE.match(text.strip())
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        try:
            dt.date(2024, month, day)  # a leap year, so 02-29 is accepted
            return month, day
        except ValueError:
            pass
    raise InvalidDeadlineError(value=text)


def make_options(previous: AnnualReport | None = None, *, gazetteer: Iterable[str] = (),
                 deadline: str = "01-31") -> CheckOptions:
    """Build validated options from the public keyword arguments."""
    names = frozenset(n.strip() for n in gazetteer if n and len(n.strip()) >= 2)
    return CheckOptions(previous=previous, gazetteer=names, deadline=parse_deadline(deadline))


def snippet(text: str, start: int = 0, end: int | None = None, pad: int = 12) -> str:
    """The text around ``text[start:end]``, one line, at most SNIPPET_MAX characters."""
    end = len(text) if end is None else end
    lo, hi = max(0, start - pad), min(len(text), end + pad, max(0, start - pad) + SNIPPET_MAX * 4)
    piece = " ".join(text[lo:hi].split())
    if len(piece) > SNIPPET_MAX:
        piece = piece[: SNIPPET_MAX - 1] + "…"
    return piece


def is_bare_none(text: str) -> bool:
    """True when a section says only 无 (possibly with punctuation)."""
    return bool(_BLANK_NO_RE.match(text))


def unit_name(report: AnnualReport) -> str:
    """The reporting unit as best known: short name, organ, or the title's leading words."""
    p = report.profile
    if p.short_name or p.organ_name:
        return p.short_name or p.organ_name
    m = _TITLE_UNIT_RE.match(report.title)
    return m.group(1).strip() if m else report.closing.organ.strip()


def unit_level(report: AnnualReport) -> str | None:
    """乡 / 镇 / 街道 from the profile, else from the unit's name, title or 落款."""
    if report.profile.level:
        return report.profile.level
    for name in (report.profile.short_name, report.profile.organ_name, unit_name(report), report.closing.organ):
        level = level_of(name or "")
        if level:
            return level
    return None


def own_names(report: AnnualReport) -> tuple[str, ...]:
    """Names a report may use for itself and its parents (not a sign of copying)."""
    p = report.profile
    names = (p.organ_name, p.short_name, p.county, p.city, p.province, unit_name(report), report.closing.organ)
    return tuple(n.strip() for n in names if n and n.strip())


def is_2021_format(report: AnnualReport) -> bool:
    """The 2021 format rules apply: layout 2021, or a report year from 2021 on."""
    return report.format_version == "2021" or (report.year or 0) >= 2021
