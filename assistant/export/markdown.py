"""Export a report as Markdown: the same content as the .docx, tables as pipe tables.

Markdown has no merged cells, so the group captions of table 三 become a 分组 column and table 四's
two header levels are folded into its column names.
"""

from __future__ import annotations

from assistant.core import labels
from assistant.core.report import T3_COLS, T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport
from assistant.core.unitname import title_for
from assistant.export.docx import TABLE_BUILDERS, date_zh, exportable, preamble_text, section_body
from assistant.tables.layout import T2_BLOCKS, t3_subgroup_of
from assistant.tables.layout import cell_text as show


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "｜") for c in cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_pipe(header), _pipe(["---"] * len(header)), *(_pipe(r) for r in rows)]


def table2_md(report: AnnualReport) -> list[str]:
    """Table 二 as four small tables, each under its 第二十条第（x）项 caption."""
    out: list[str] = []
    for group, rows, cols in T2_BLOCKS:
        out.append(f"**{labels.T2_GROUPS[group]}**")
        out.append("")
        body = []
        for row in rows:
            cells = getattr(getattr(report.t2, group), row)
            body.append([labels.T2_ROWS[row], *(show(getattr(cells, c)) for c in cols)])
        out += _table([labels.T2_ROW_HEADER, *(labels.T2_COLUMNS[c] for c in cols)], body)
        out.append("")
    return out


def table3_md(report: AnnualReport) -> list[str]:
    """Table 三: the header note, then one line per data row."""
    header = ["分组", "项目", *(labels.t3_column_header(c) for c in T3_COLS)]
    body = []
    for key in T3_ROWS:
        row = report.t3.row(key)
        body.append([t3_subgroup_of(key), labels.T3_ROWS[key], *(show(getattr(row, c)) for c in T3_COLS)])
    return [labels.T3_HEADER_NOTE, "", *_table(header, body), ""]


def table4_md(report: AnnualReport) -> list[str]:
    """Table 四: one row of 15 cells."""
    header, row = [], []
    for group in T4_GROUPS:
        prefix = labels.T4_REVIEW if group == "review" else labels.T4_LITIGATION + "·" + labels.T4_LIT_GROUPS[group]
        values = getattr(report.t4, group)
        for field in T4_FIELDS:
            header.append(f"{prefix}·{labels.T4_FIELDS[field]}")
            row.append(show(getattr(values, field)))
    return [*_table(header, [row]), ""]


MD_TABLES = {"active": table2_md, "requests": table3_md, "review_litigation": table4_md}


def export_md(report: AnnualReport) -> str:
    """The whole report as Markdown text (control characters removed)."""
    report = exportable(report)
    lines = [f"# {report.title or title_for(report.profile)}", ""]
    if preamble := preamble_text(report).strip():
        lines += [preamble, ""]
    for key in labels.SECTION_KEYS:
        lines += [f"## {labels.SECTION_TITLES[key]}", ""]
        body = section_body(report, key).strip()
        if body:
            lines += [body, ""]
        if key in TABLE_BUILDERS:
            lines += MD_TABLES[key](report)
    organ = report.closing.organ or report.profile.organ_name
    closing = [x for x in (organ, date_zh(report.closing.date)) if x]
    if closing:
        lines += ['<div align="right">', "", *[f"{x}  " for x in closing], "", "</div>", ""]
    return "\n".join(lines)
