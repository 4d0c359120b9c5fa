"""The reviewer's 审核意见 of a county server, written from the workflow record itself: the findings,
comment, reviewer and date of one return or approval (:class:`assistant.accounts.workflow.Transition`),
so the letter says exactly what the clerk's checklist shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assistant.accounts.workflow import Transition
from assistant.core.report import AnnualReport
from assistant.export.review_letter import write_letter
from assistant.review.outputs import letter_name
from assistant.review.words import Words


def write_transition_letter(folder: Path, words: Words, report: AnnualReport, unit: str,
                            record: Transition, file: str) -> Path:
    """Write the letter of one return or approval into ``folder``; returns its path.

    :param file: how the letter names the report (the front door's words).
    """
    organ = report.profile.organ_name or report.closing.organ or unit
    return write_letter(folder / letter_name(unit, set()), words, unit=unit, organ=organ,
                        year=report.profile.report_year, file=file,
                        findings=record.finding_models(), letter_date=dt.date.fromisoformat(record.at[:10]),
                        reviewer=record.user_name, comment=record.comment)
