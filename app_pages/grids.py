"""Domain helpers the app needs that belong to no other module: tables as editable grids,
findings placed next to grid rows, where a finding's location lives in the UI, content hashes.

Grids are pandas DataFrames with a hidden ``key`` column (the model's row key), a label column and
one column per official table column. Blank cells are ``None``/NaN both ways: never 0.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from assistant.core import labels
from assistant.core.findings import Finding, Severity
from assistant.core.report import T3_COLS, T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport, Table2, Table3, Table4
from assistant.core.similarity import common_spans
from assistant.messages_zh import message
from assistant.tables.layout import T2_BLOCKS, t3_groups_of

KEY = "key"
LABEL = "项目"
GROUP = "分组"
HINT = "提示"

# group → (rows, columns), the four sub-tables of table 二 (the one layout)
T2_LAYOUT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {g: (rows, cols) for g, rows, cols in T2_BLOCKS}

# Which app page shows a finding's location (first matching prefix wins).
PAGE_OF_PREFIX = (
    ("t2", "data"), ("t3", "data"), ("t4", "data"),
    ("facts.info_fee_count", "six"), ("facts.info_fee_amount_yuan", "six"), ("facts.npc_suggestions", "six"),
    ("facts.cppcc_proposals", "six"), ("facts", "data"), ("sections.other", "six"),
    ("sections.overview", "draft"), ("sections.problems", "draft"),
    ("sections", "draft"), ("profile", "basic"), ("title", "basic"), ("preamble", "basic"),
    ("closing", "basic"), ("format", "basic"),
)


def too_large(size_bytes: int, limit_mb: float) -> bool:
    """True when an upload exceeds the configured limit."""
    return size_bytes > limit_mb * 1024 * 1024


def _cell_in(value: Any) -> int | None:
    """Grid value → model cell: NaN/None/'' stay blank, everything else becomes an int."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if pd.isna(value):
        return None
    return int(value)


def _money_in(value: Any) -> Decimal | None:
    if value is None or value == "" or pd.isna(value):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.0001")).normalize()
    except InvalidOperation:
        return None


def _cell_out(value: Any) -> Any:
    if value is None:
        return None
    return float(value)


def _numeric(frame: pd.DataFrame, cols: Iterable[str]) -> pd.DataFrame:
    """Figure columns as float64 (NaN = blank) so an all-blank column is still a number column."""
    for c in cols:
        frame[c] = frame[c].astype("float64")
    return frame


def row_hints(findings: Iterable[Finding], table: str) -> dict[str, str]:
    """Findings of one table keyed by the grid row they point at (``t3.granted.total`` → granted)."""
    hints: dict[str, list[str]] = {}
    for f in findings:
        parts = f.location.split(".")
        if parts[0] != table or len(parts) < 2:
            continue
        row = parts[2] if table == "t2" and len(parts) > 2 else parts[1]
        mark = "✗" if f.severity == Severity.ERROR else "⚠"
        hints.setdefault(row, []).append(f"{mark} {message(f)}")
    return {k: "；".join(v) for k, v in hints.items()}


def table_level_findings(findings: Iterable[Finding], table: str) -> list[Finding]:
    """Findings of ``table`` (t2/t3/t4), for the list shown under its grid."""
    return [f for f in findings if f.location.split(".")[0] == table or (not f.location and f.section == table)]


# ---------------------------------------------------------------- table 三
def t3_grid(report: AnnualReport, findings: Iterable[Finding] = ()) -> pd.DataFrame:
    """Table 三 as 25 grid rows: group caption, official row label, 7 numeric columns, hint."""
    hints = row_hints(findings, "t3")
    group_of = _t3_group_of()
    records = []
    for key in T3_ROWS:
        row = report.t3.row(key)
        rec: dict[str, Any] = {KEY: key, GROUP: group_of.get(key, ""), LABEL: labels.T3_ROWS[key]}
        rec.update({c: _cell_out(getattr(row, c)) for c in T3_COLS})
        rec[HINT] = hints.get(key, "")
        records.append(rec)
    return _numeric(pd.DataFrame.from_records(records), T3_COLS)


def _t3_group_of() -> dict[str, str]:
    return {key: " · ".join(t3_groups_of(key)) for key in T3_ROWS if t3_groups_of(key)}


def table3_from_grid(grid: pd.DataFrame) -> Table3:
    """Grid rows → Table3 (validated)."""
    data = {}
    for rec in grid.to_dict("records"):
        data[rec[KEY]] = {c: _cell_in(rec.get(c)) for c in T3_COLS}
    return Table3.model_validate(data)


# ---------------------------------------------------------------- table 四
def t4_grid(report: AnnualReport, findings: Iterable[Finding] = ()) -> pd.DataFrame:
    """Table 四 as 3 grid rows (行政复议, 未经复议直接起诉, 复议后起诉) × 5 result columns."""
    hints = row_hints(findings, "t4")
    records = []
    for g in T4_GROUPS:
        grp = getattr(report.t4, g)
        rec: dict[str, Any] = {KEY: g, LABEL: labels.T4_GROUPS[g]}
        rec.update({f: _cell_out(getattr(grp, f)) for f in T4_FIELDS})
        rec[HINT] = hints.get(g, "")
        records.append(rec)
    return _numeric(pd.DataFrame.from_records(records), T4_FIELDS)


def table4_from_grid(grid: pd.DataFrame) -> Table4:
    """Grid rows → Table4."""
    return Table4.model_validate({r[KEY]: {f: _cell_in(r.get(f)) for f in T4_FIELDS} for r in grid.to_dict("records")})


# ---------------------------------------------------------------- table 二
def t2_grid(report: AnnualReport, group: str, findings: Iterable[Finding] = ()) -> pd.DataFrame:
    """One sub-table of table 二 (``art20_1`` … ``art20_8``)."""
    rows, cols = T2_LAYOUT[group]
    hints = row_hints(findings, "t2")
    records = []
    for r in rows:
        cells = getattr(getattr(report.t2, group), r)
        rec: dict[str, Any] = {KEY: r, LABEL: labels.T2_ROWS[r]}
        rec.update({c: _cell_out(getattr(cells, c)) for c in cols})
        rec[HINT] = hints.get(r, "")
        records.append(rec)
    return _numeric(pd.DataFrame.from_records(records), cols)


def table2_with_grid(t2: Table2, group: str, grid: pd.DataFrame) -> Table2:
    """``t2`` with one sub-table replaced by the grid's values."""
    _rows, cols = T2_LAYOUT[group]
    conv = _money_in if group == "art20_8" else _cell_in
    sub = {r[KEY]: {c: conv(r.get(c)) for c in cols} for r in grid.to_dict("records")}
    data = t2.model_dump()
    data[group] = sub
    return Table2.model_validate(data)


def with_tables(report: AnnualReport, **tables: Any) -> AnnualReport:
    """A copy of ``report`` with t2/t3/t4 replaced (validated)."""
    data = report.model_dump()
    for name, table in tables.items():
        data[name] = table.model_dump()
    return AnnualReport.model_validate(data)


def page_for_location(location: str, section: str = "") -> str:
    """The page key (basic/data/draft/six) that shows a finding's location."""
    target = location or section
    if section in ("t2", "t3", "t4") and not location:
        return "data"
    for prefix, page in PAGE_OF_PREFIX:
        if target == prefix or target.startswith(prefix + "."):
            return page
    if section == "other":
        return "six"
    if section in ("overview", "problems", "active", "requests", "review_litigation"):
        return "draft"
    return "basic"


def with_field(report: AnnualReport, path: str, value: Any) -> AnnualReport:
    """A validated copy of ``report`` with the dotted ``path`` (e.g. ``profile.county``) set to ``value``."""
    data = report.model_dump()
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[last] = value
    return AnnualReport.model_validate(data)


def lines_to_list(text: str) -> list[str]:
    """Text area content → one item per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def field_value(report: AnnualReport, path: str) -> Any:
    """The value at a dotted path of the report."""
    node: Any = report
    for part in path.split("."):
        node = getattr(node, part)
    return node


def count_notes(notes: Iterable[Finding]) -> dict[str, int]:
    """Auto-total notes counted as filled / kept (a typed total that differs from the sum)."""
    filled = sum(1 for n in notes if n.rule == "AUTO-FILL")
    kept = sum(1 for n in notes if n.rule in ("AUTO-KEPT", "AUTO-REPLACED"))
    return {"filled": filled, "kept": kept}


def group_by_report(passages: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """Search passages grouped by their source report, in order of each report's best passage."""
    groups: dict[str, list[Any]] = {}
    for p in passages:
        groups.setdefault(p.meta.report_id, []).append(p)
    return list(groups.items())


def highlighted(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Markdown text with the matched spans in bold (spans sorted, non-overlapping)."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [text[pos:start], "**", text[start:end], "**"]
        pos = end
    out.append(text[pos:])
    return "".join(out).replace("****", "")


def highlight_html(source: str, target: str, min_len: int = 4) -> str:
    """``source`` as escaped HTML with its stretches that also occur in ``target`` (the borrowed words) marked.

    HTML, not Markdown bold: ``**`` next to Chinese punctuation is not emphasis in CommonMark, so it showed as
    literal asterisks and flipped the bold onto the words that were not borrowed.
    """
    spans = common_spans(source, target, min_len)
    out, pos = [], 0
    for start, end in spans:
        out += [html.escape(source[pos:start]), "<mark>", html.escape(source[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(source[pos:]))
    return '<div class="nianbao-source">' + "".join(out).replace("\n", "<br>") + "</div>"


def split_blank(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(blank-cell findings, all others): blanks are shown once per table, the rest one by one."""
    blank: list[Finding] = []
    other: list[Finding] = []
    for f in findings:
        (blank if f.rule == "CELL-1" else other).append(f)
    return blank, other


def as_paragraphs(text: str) -> str:
    """Markdown that keeps each line of a draft as its own paragraph (a single newline would merge them)."""
    return "\n\n".join(line for line in text.split("\n") if line.strip())
