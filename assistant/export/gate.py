"""The export gate: the checklist and the decision whether 导出 may write, computed by one function.

Both look at the report *as it will be exported* (``exported_view``: an empty preamble, lead or 六 is filled
with the standard text the .docx and .md writers use, so a 【待补充】 in the drafted 六 is seen), with the
same last-year report, gazetteer and deadline. An export is allowed only when no error-level finding is
left — the assistant's own 【待补充】【待核实】【待确认】 marks are errors (TEXT-8) — unless it is forced.
The app's 检查清单 and 导出 pages and the CLI's ``export`` all call ``review_export``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from assistant.checks import ChecklistItem, check_report, checklist
from assistant.core.findings import Finding, Severity
from assistant.core.labels import SECTION_KEYS
from assistant.core.report import AnnualReport
from assistant.core.unitname import title_for
from assistant.export.docx import preamble_text, section_body


class Gate(BaseModel):
    """The checklist of the exported text and what blocks its export."""

    items: list[ChecklistItem]
    findings: list[Finding]

    @property
    def blocking(self) -> list[Finding]:
        """Error-level findings: each one stops an export that is not forced."""
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def ok(self) -> bool:
        """True when the report may be exported without forcing."""
        return not self.blocking

    @property
    def pending(self) -> list[ChecklistItem]:
        """Checklist items whose input is not filled in yet."""
        return [i for i in self.items if i.status == "pending"]


def exported_view(report: AnnualReport) -> AnnualReport:
    """``report`` with the title, preamble and section texts the exporters will write."""
    view = report.model_copy(deep=True)
    view.title = report.title or title_for(report.profile)
    view.preamble = preamble_text(report)
    for key in SECTION_KEYS:
        setattr(view.sections, key, section_body(report, key))
    return view


def review_export(report: AnnualReport, previous: AnnualReport | None = None, *,
                  gazetteer: Iterable[str] = (), deadline: str = "01-31") -> Gate:
    """Check the exported view of ``report`` once; the checklist items and the gate come from that run.

    :raises InvalidDeadlineError: ``deadline`` is not a valid MM-DD.
    """
    view = exported_view(report)
    findings = check_report(view, previous, gazetteer=tuple(gazetteer), deadline=deadline)
    return Gate(items=checklist(view, previous, findings=findings), findings=findings)
