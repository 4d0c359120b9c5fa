"""Auto-total: fill every 总计 of tables 三 and 四 from its parts.

Blank parts count as nothing (they stay blank; CELL-1 still reports them). A total the user typed
is never overwritten silently: by default it is kept and a note says what the sum would be; with
``overwrite=True`` it is replaced and a note says so.
"""

from __future__ import annotations

from assistant.core import labels
from assistant.core.findings import Finding, Severity, make
from assistant.core.report import T3_COLS6, T3_ROWS, T3_SUB21, T4_FIELDS, T4_GROUPS, AnnualReport


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _settle(current: int | None, computed: int | None, where: str, location: str,
            overwrite: bool, notes: list[Finding]) -> int | None:
    if computed is None or current == computed:
        return current
    if current is None:
        notes.append(make("AUTO-FILL", Severity.INFO, section=location.split(".")[0], location=location,
                          where=where, value=computed))
        return computed
    if overwrite:
        notes.append(make("AUTO-REPLACED", Severity.WARNING, section=location.split(".")[0], location=location,
                          where=where, old=current, value=computed))
        return computed
    notes.append(make("AUTO-KEPT", Severity.WARNING, section=location.split(".")[0], location=location,
                      where=where, old=current, value=computed))
    return current


def auto_total(report: AnnualReport, overwrite: bool = False) -> tuple[AnnualReport, list[Finding]]:
    """Return a copy of ``report`` with the totals filled in, and notes on every change or conflict."""
    data = report.model_dump()
    t3, t4 = data["t3"], data["t4"]
    notes: list[Finding] = []
    # （七）总计 row first (per part column), then the 总计 column of every row.
    for col in T3_COLS6:
        computed = _sum([t3[r][col] for r in T3_SUB21])
        t3["total_processed"][col] = _settle(
            t3["total_processed"][col], computed, labels.t3_cell_label("total_processed", col),
            f"t3.total_processed.{col}", overwrite, notes)
    for row in T3_ROWS:
        computed = _sum([t3[row][c] for c in T3_COLS6])
        if computed is None and row == "total_processed":
            computed = _sum([t3[r]["total"] for r in T3_SUB21])
        if computed is None and t3[row]["total"] is not None and row in T3_SUB21:
            # Only the 总计 was typed: nothing to add up, and （七）总计 cannot agree with both
            # its own parts and this row; say so rather than guess a breakdown.
            notes.append(make("AUTO-UNRESOLVED", Severity.WARNING, section="t3", location=f"t3.{row}",
                              where=f"表三“{labels.T3_ROWS[row]}”行", value=t3[row]["total"]))
            continue
        t3[row]["total"] = _settle(t3[row]["total"], computed, labels.t3_cell_label(row, "total"),
                                   f"t3.{row}.total", overwrite, notes)
    for group in T4_GROUPS:
        g = t4[group]
        computed = _sum([g[f] for f in T4_FIELDS if f != "total"])
        g["total"] = _settle(g["total"], computed, labels.t4_cell_label(group, "total"),
                             f"t4.{group}.total", overwrite, notes)
    return AnnualReport.model_validate(data), notes

