"""审核意见: the letter a county reviewer sends back to one unit, as a Word document.

Official layout: 标题 (宋体 22pt, centred), 单位 (the addressee), an introduction with the counts, the
findings grouped by section in report order, each with the original text and the suggestion, the
整改时限, and the reviewer's name and date right-aligned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from assistant.checks.engine import SECTION_ORDER
from assistant.core.findings import Finding, by_severity
from assistant.export.docx import BODY_FONT, HEADING_FONT, TITLE_FONT, _paragraph, date_zh
from assistant.review.words import Words

RECTIFY_DAYS = 7  # default 整改时限: seven days after the letter


def default_deadline(letter_date: dt.date) -> dt.date:
    """The default 整改时限: seven days after the letter."""
    return letter_date + dt.timedelta(days=RECTIFY_DAYS)


def grouped(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by section, sections in report order (findings keep their order)."""
    rank = {s: i for i, s in enumerate(SECTION_ORDER)}
    sections = sorted({f.section for f in findings}, key=lambda s: rank.get(s, len(rank)))
    return [(s, [f for f in findings if f.section == s]) for s in sections]


def _findings(doc: Any, findings: Sequence[Finding], words: Words) -> None:
    n = 0
    for section, items in grouped(findings):
        _paragraph(doc, words.ui(f"checks.section.{section or 'none'}"), HEADING_FONT, 16)
        for f in items:
            n += 1
            _paragraph(doc, words.ui("letter.item", n=n, severity=words.ui("severity:" + f.severity.value), message=words.message(f)),
                       BODY_FONT, 16, indent=True)
            if f.evidence:
                _paragraph(doc, words.ui("letter.original", text=f.evidence), BODY_FONT, 14, indent=True)
            if advice := words.suggestion(f):
                _paragraph(doc, words.ui("letter.suggestion", text=advice), BODY_FONT, 14, indent=True)


def write_letter(path: Path, words: Words, *, unit: str, organ: str, year: int | None, file: str, findings: Sequence[Finding],
                 letter_date: dt.date, deadline: dt.date | None = None, reviewer: str = "", comment: str = "") -> Path:
    """Write one unit's 审核意见 (.docx) and return its path.

    :param words: the labels and finding texts (``assistant.messages_zh``, from the front door).
    :param organ: the addressee (机关全称, or the unit's name).
    :param deadline: 整改时限; seven days after ``letter_date`` when not given.
    :param comment: the reviewer's own words (the county server's return or approval), after the addressee.
    """
    doc = Document()
    _paragraph(doc, words.ui("letter.title", unit=unit, year=year or ""), TITLE_FONT, 22, bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, words.ui("letter.to", organ=organ or unit), BODY_FONT, 16)
    if comment:
        _paragraph(doc, words.ui("letter.comment", text=comment), BODY_FONT, 16, indent=True)
    name = Path(file).name
    if findings:
        _paragraph(doc, words.ui("letter.intro", year=year or "", file=name, count=len(findings), **by_severity(list(findings))),
                   BODY_FONT, 16, indent=True)
        _findings(doc, findings, words)
        due = deadline or default_deadline(letter_date)
        _paragraph(doc, words.ui("letter.deadline", date=date_zh(due)), BODY_FONT, 16, indent=True)
    else:
        _paragraph(doc, words.ui("letter.clean", year=year or "", file=name), BODY_FONT, 16, indent=True)
    _paragraph(doc, reviewer or words.ui("letter.default_reviewer"), BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, date_zh(letter_date), BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
