"""The checker: every rule a 政府信息公开工作年度报告 is reviewed against, beyond the table 勾稽 rules.

Public API::

    check_report(report, previous=None, *, gazetteer=(), deadline="01-31") -> list[Finding]
    all_rules() -> list[RuleInfo]
    checklist(report, previous=None, **kw) -> list[ChecklistItem]
    render.render_json / render_table / render_csv / render_html (results) -> str

Families, one module each: structure (STRUCT-1…9), contents (STRUCT-10…14), formats (FMT-*), years
(YEAR-*), units (UNIT-*), text (TEXT-*), narrative (N-*), yoy (X-3, X-3B). Table rules (CELL-1, T2/T3/T4,
X-1, X-2) live in assistant/tables/rules.py and are run from here.
"""

from assistant.checks._base import CHECKS, CheckOptions, InvalidDeadlineError
from assistant.checks.checklist import ChecklistItem, checklist
from assistant.checks.engine import SECTION_ORDER, all_rules, check_report, run_checks

__all__ = ["CHECKS", "SECTION_ORDER", "CheckOptions", "ChecklistItem", "InvalidDeadlineError", "all_rules",
           "check_report", "checklist", "run_checks"]
