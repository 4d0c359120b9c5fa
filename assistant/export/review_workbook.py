"""The county reviewer's summary workbook (.xlsx, openpyxl): units × rule families, every finding, and
the key figures of every unit with outliers and last year's values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from assistant.core.findings import Finding
from assistant.core.report import AnnualReport
from assistant.review.words import Words

BOLD = Font(bold=True)
OUTLIER = PatternFill("solid", fgColor="F4C7C3")


class Entry(Protocol):
    """What the workbook reads of one checked file (assistant.review.desk.DeskReport)."""

    file: str
    findings: list[Finding]
    status: str
    report: AnnualReport | None
    previous: AnnualReport | None

    @property
    def unit(self) -> str: ...

    @property
    def year(self) -> int | None: ...


def _family(rule: str) -> str:
    return rule.split("-", 1)[0]


def _family_label(words: Words, key: str) -> str:
    label = words.ui(f"family:{key}")
    return key if label == f"family:{key}" else label


def _header(ws: Any, cells: Sequence[str]) -> None:
    ws.append(list(cells))
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    ws.freeze_panes = "B2"


def units_sheet(ws: Any, entries: Sequence[Entry], families: Sequence[str], words: Words) -> None:
    """One row per unit: status, counts by severity, then counts by rule family."""
    ws.title = words.ui("sheet.units")
    _header(ws, [words.ui("col.unit"), words.ui("col.year"), words.ui("col.status"), words.ui("col.error"), words.ui("col.warning"),
                 words.ui("col.info"), words.ui("col.total"), *(_family_label(words, f) for f in families)])
    for e in entries:
        sev = Counter(f.severity.value for f in e.findings)
        fam = Counter(_family(f.rule) for f in e.findings)
        ws.append([e.unit, e.year, words.ui(f"status:{e.status}"), sev["error"], sev["warning"], sev["info"],
                   len(e.findings), *(fam[f] for f in families)])


def findings_sheet(ws: Any, entries: Sequence[Entry], words: Words) -> None:
    """One row per finding of every unit."""
    ws.title = words.ui("sheet.findings")
    _header(ws, [words.ui("col.unit"), words.ui("col.year"), words.ui("col.rule"), words.ui("col.family"), words.ui("col.severity"),
                 words.ui("col.section"), words.ui("col.message"), words.ui("col.evidence"), words.ui("col.suggestion"), words.ui("col.file")])
    for e in entries:
        for f in e.findings:
            ws.append([e.unit, e.year, f.rule, _family_label(words, _family(f.rule)), words.ui("severity:" + f.severity.value),
                       words.ui(f"checks.section.{f.section or 'none'}"), words.message(f), f.evidence, words.suggestion(f),
                       Path(e.file).name])


def figures_sheet(ws: Any, rows: Sequence[Mapping[str, Any]], figures: Sequence[str], words: Words) -> None:
    """One row per unit: each key figure this year (outliers shaded) and last year."""
    ws.title = words.ui("sheet.figures")
    heads = [words.ui("col.unit"), words.ui("col.source")]
    for key in figures:
        heads += [words.ui(f"figure:{key}"), words.ui("col.last_year", figure=words.ui(f"figure:{key}"))]
    _header(ws, heads)
    for row in rows:
        values: list[Any] = [row["unit"], words.ui("chart.group_peer") if row.get("peer") else words.ui("chart.group_batch")]
        for key in figures:
            values += [row["this"].get(key), row["last"].get(key)]
        ws.append(values)
        for i, key in enumerate(figures):
            if key in row["outliers"]:
                ws.cell(row=ws.max_row, column=3 + 2 * i).fill = OUTLIER


def write_workbook(path: Path, entries: Sequence[Entry], figure_rows: Sequence[Mapping[str, Any]],
                   figures: Sequence[str], words: Words) -> Path:
    """Write the three sheets and return the path.

    :param figure_rows: per unit ``{"unit", "this": {figure: value}, "last": {…}, "outliers": {figure}}``
        (``"peer": True`` for a library report of the same level and year).
    """
    families = sorted({_family(f.rule) for e in entries for f in e.findings})
    wb = Workbook()
    units_sheet(wb.active, entries, families, words)
    findings_sheet(wb.create_sheet(), entries, words)
    figures_sheet(wb.create_sheet(), figure_rows, figures, words)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path
