"""What differs between two versions of one report, part by part (shown after a save conflict)."""

from __future__ import annotations

import json

from assistant.core.report import AnnualReport

TEXT_PARTS = ("title", "preamble")
DATA_PARTS = ("profile", "t2", "t3", "t4", "facts", "closing")


def _data(report: AnnualReport, part: str) -> str:
    return json.dumps(getattr(report, part).model_dump(mode="json"), ensure_ascii=False, indent=1, sort_keys=True)


def part_texts(report: AnnualReport) -> dict[str, str]:
    """Every comparable part of a report as text: title, preamble, the six sections (``sections.<key>``),
    then the profile, tables, facts and closing as JSON."""
    parts = {p: str(getattr(report, p) or "") for p in TEXT_PARTS}
    parts |= {f"sections.{k}": v or "" for k, v in report.sections.model_dump().items()}
    parts |= {p: _data(report, p) for p in DATA_PARTS}
    return parts


def differences(theirs: AnnualReport, mine: AnnualReport) -> list[tuple[str, str, str]]:
    """(part, their text, my text) of every part that differs, in report order."""
    a, b = part_texts(theirs), part_texts(mine)
    return [(k, a[k], b[k]) for k in a if a[k] != b[k]]
