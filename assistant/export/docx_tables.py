"""The three statistical tables of the 2021 format as Word tables, with the official merged headers.

Labels come from assistant/core/labels.py; a blank cell is written as an empty cell, never as 0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell

from assistant.core import labels
from assistant.core.report import T3_COLS, T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport
from assistant.tables.layout import T2_BLOCKS, t3_rows_of
from assistant.tables.layout import cell_text as show

CellWriter = Callable[[_Cell, str], None]

T3_LABEL_COLS = 3  # the official table spends three columns on the row captions
# Column widths in mm; each table spans the 156 mm text block of the GB/T 9704 page. Table 三's captions get
# 86 mm (a group caption in two lines, a row label of up to 14 characters a line), its seven figure columns
# 10 mm each (two characters a line in the header), so the table fits on one or two pages.
T2_WIDTHS_MM = (48, 36, 36, 36)
T3_WIDTHS_MM = (9, 21, 56) + (10,) * 7
T4_WIDTHS_MM = (156 / 15,) * 15
CELL_MARGIN_MM = 1.0  # left and right padding inside a cell (Word's default is 1.9 mm)
_AFTER_CELL_MAR = ("tblLook", "tblCaption", "tblDescription")


def _new_table(doc: Any, rows: int, widths_mm: tuple[float, ...]) -> Table:
    """A centred grid table with fixed column widths (set before any merge, which adds them up)."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths below are kept
    _cell_margins(table, CELL_MARGIN_MM)
    for grid_col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths_mm, strict=True):
        grid_col.set(qn("w:w"), str(Mm(width).twips))
    for column, width in zip(table.columns, widths_mm, strict=True):
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _cell_margins(table: Table, mm: float) -> None:
    """Left and right padding of every cell of ``table`` (w:tblCellMar, in its schema position)."""
    tbl_pr = table._tbl.tblPr
    mar = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        mar.append(mar.makeelement(qn(f"w:{side}"), {qn("w:w"): str(Mm(mm).twips), qn("w:type"): "dxa"}))
    insert_before(tbl_pr, mar, _AFTER_CELL_MAR)


def insert_before(parent: Any, child: Any, later: tuple[str, ...]) -> None:
    """Insert ``child`` into ``parent`` before the first existing element named in ``later`` (its schema place)."""
    for tag in later:
        found = parent.find(qn(f"w:{tag}"))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _put(table: Table, r: int, c: int, text: str, write: CellWriter, r2: int | None = None,
         c2: int | None = None) -> None:
    cell = table.cell(r, c)
    if r2 is not None or c2 is not None:
        cell = cell.merge(table.cell(r if r2 is None else r2, c if c2 is None else c2))
    write(cell, text)


def table2(doc: Any, report: AnnualReport, write: CellWriter) -> Table:
    """二、主动公开政府信息情况: one 4-column table with four captioned blocks."""
    n_rows = sum(2 + len(rows) for _, rows, _ in T2_BLOCKS)
    table = _new_table(doc, n_rows, T2_WIDTHS_MM)
    r = 0
    for group, rows, cols in T2_BLOCKS:
        _put(table, r, 0, labels.T2_GROUPS[group], write, c2=3)
        _put(table, r + 1, 0, labels.T2_ROW_HEADER, write)
        if len(cols) == 3:
            for i, col in enumerate(cols):
                _put(table, r + 1, 1 + i, labels.T2_COLUMNS[col], write)
        else:
            _put(table, r + 1, 1, labels.T2_COLUMNS[cols[0]], write, c2=3)
        r += 2
        for row in rows:
            cells = getattr(getattr(report.t2, group), row)
            _put(table, r, 0, labels.T2_ROWS[row], write)
            if len(cols) == 3:
                for i, col in enumerate(cols):
                    _put(table, r, 1 + i, show(getattr(cells, col)), write)
            else:
                _put(table, r, 1, show(getattr(cells, cols[0])), write, c2=3)
            r += 1
    return table


def _t3_caption_layout() -> list[tuple[int, int, int, int, str]]:
    """(row, col, row2, col2, text) of every caption cell of table 三's left part, data rows from 3."""
    out = []
    base = 3
    idx = {key: base + i for i, key in enumerate(T3_ROWS)}
    wide = ("new_received", "carried_over", "carried_forward")
    for key in wide:
        out.append((idx[key], 0, idx[key], 2, labels.T3_ROWS[key]))
    out.append((idx["granted"], 0, idx["total_processed"], 0, labels.T3_RESULTS_GROUP))
    for key in ("granted", "partial", "total_processed"):
        out.append((idx[key], 1, idx[key], 2, labels.T3_ROWS[key]))
    for caption in labels.T3_GROUPS:
        if caption == labels.T3_RESULTS_GROUP:
            continue
        rows = t3_rows_of(caption)
        out.append((idx[rows[0]], 1, idx[rows[-1]], 1, caption))
        for key in rows:
            out.append((idx[key], 2, idx[key], 2, labels.T3_ROWS[key]))
    return out


def table3(doc: Any, report: AnnualReport, write: CellWriter) -> Table:
    """三、收到和处理政府信息公开申请情况: 3 header rows + 25 data rows, 3 caption + 7 figure columns."""
    ncols = T3_LABEL_COLS + len(T3_COLS)
    table = _new_table(doc, 3 + len(T3_ROWS), T3_WIDTHS_MM)
    c0 = T3_LABEL_COLS
    _put(table, 0, 0, labels.T3_HEADER_NOTE, write, r2=2, c2=c0 - 1)
    _put(table, 0, c0, labels.T3_APPLICANTS, write, c2=ncols - 1)
    _put(table, 1, c0, labels.T3_COLUMNS["natural_person"], write, r2=2)
    _put(table, 1, c0 + 1, labels.T3_LEGAL_PERSONS, write, c2=c0 + 5)
    _put(table, 1, ncols - 1, labels.T3_COLUMNS["total"], write, r2=2)
    for i, col in enumerate(T3_COLS[1:6]):
        _put(table, 2, c0 + 1 + i, labels.T3_COLUMNS[col], write)
    for r, c, r2, c2, text in _t3_caption_layout():
        _put(table, r, c, text, write, r2=r2, c2=c2)
    for i, key in enumerate(T3_ROWS):
        row = report.t3.row(key)
        for j, col in enumerate(T3_COLS):
            _put(table, 3 + i, c0 + j, show(getattr(row, col)), write)
    return table


def table4(doc: Any, report: AnnualReport, write: CellWriter) -> Table:
    """四、政府信息公开行政复议、行政诉讼情况: 行政复议(5) | 行政诉讼(10), one data row of 15."""
    table = _new_table(doc, 4, T4_WIDTHS_MM)
    _put(table, 0, 0, labels.T4_REVIEW, write, r2=1, c2=4)
    _put(table, 0, 5, labels.T4_LITIGATION, write, c2=14)
    _put(table, 1, 5, labels.T4_LIT_GROUPS["lit_direct"], write, c2=9)
    _put(table, 1, 10, labels.T4_LIT_GROUPS["lit_after_review"], write, c2=14)
    for g, group in enumerate(T4_GROUPS):
        values = getattr(report.t4, group)
        for f, field in enumerate(T4_FIELDS):
            col = g * 5 + f
            _put(table, 2, col, labels.T4_FIELDS[field], write)
            _put(table, 3, col, show(getattr(values, field)), write)
    return table
