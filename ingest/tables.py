"""Read tables 二, 三 and 四 out of section text, whatever the extraction layout.

Three plain-text layouts occur (spec §7.2): one ``\\t``-prefixed cell per line with rows separated
by blank lines (seeds 000/001/004), tab-separated rows (seed 002, and what our docx/html/pdf
parsers emit), and one cell per line with blank cells (seed 003). ``table_rows`` turns all of them
into rows of cells; the extractors then find each row by its label and read the cells after it.
A blank cell stays ``None`` (CELL-1 reports it), never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.core.labels import T3_ROWS
from assistant.core.report import T3_COLS, T4_FIELDS, T4_GROUPS
from ingest.normalize import core_label, numbering

Value = int | Decimal | None
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")
_BLANKISH = {"", "-", "—", "/", "／", "－"}


@dataclass
class Row:
    """One table row as a list of cell texts; ``tabbed`` is False for a prose line."""

    cells: list[str]
    tabbed: bool = True


@dataclass(frozen=True)
class Label:
    """A row label: its canonical core text and, for very short ones, the numbering it needs."""

    key: str
    text: str
    needs_number: str = ""


_MAX_SPAN = 200  # a rowspan/colspan beyond this is a broken page, not a table


def span_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, rowspan, colspan) cells, as an HTML table lays them out, into a rectangular grid.

    Each cell keeps its column; the places a spanned cell also covers are left blank (""), so a value
    never moves into its neighbour's column and a blank cell stays blank. Spans are capped at ``_MAX_SPAN``.
    """
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) covered by a rowspan from above
    for r, cells in enumerate(rows):
        out: list[str] = []
        col = 0
        for text, rowspan, colspan in cells:
            while (r, col) in pending:
                out.append(pending.pop((r, col)))
                col += 1
            rowspan, colspan = max(1, min(rowspan, _MAX_SPAN)), max(1, min(colspan, _MAX_SPAN))
            out.append(text)
            out.extend([""] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    pending[(r + dr, col + dc)] = ""
            col += colspan
        while (r, col) in pending:
            out.append(pending.pop((r, col)))
            col += 1
        grid.append(out)
    return grid


def table_rows(lines: list[str]) -> list[Row]:
    """Group normalised lines into rows (one-cell-per-line runs, tab rows, prose lines)."""
    rows: list[Row] = []
    run: list[str] | None = None
    for line in lines:
        parts = line.split("\t")
        if len(parts) == 2 and parts[0] == "":
            run = run if run is not None else []
            run.append(parts[1].strip())
            continue
        if run is not None:
            rows.append(Row(run))
            run = None
        if len(parts) > 1:
            rows.append(Row([p.strip() for p in parts]))
        elif line.strip():
            rows.append(Row([line.strip()], tabbed=False))
    if run is not None:
        rows.append(Row(run))
    return rows


@lru_cache(maxsize=16_384)
def cell_value(cell: str) -> tuple[str, Value]:
    """Classify a cell: ("blank", None), ("number", value) or ("text", None). Memoised: the same few cells
    ("0", "", "—") fill every table (the result is immutable)."""
    s = _SPACE.sub("", cell).replace(",", "")
    if s in _BLANKISH:
        return "blank", None
    if _NUMBER.fullmatch(s):
        try:
            number = Decimal(s)
        except InvalidOperation:  # pragma: no cover - the regex already guards this
            return "text", None
        return "number", int(number) if number == number.to_integral_value() and "." not in s else number
    return "text", None


_MATCHES: dict[tuple[int, str], str | None] = {}
_MATCHES_MAX = 50_000


def match_label(cell: str, labels: tuple[Label, ...]) -> str | None:
    """The key of the label ``cell`` names, memoised: the same cells recur in every report and the
    fuzzy fallback (difflib) dominated parse time. Keyed by the label set's identity, since the sets
    are module constants (hashing a tuple of Labels per call cost more than the match itself)."""
    key = (id(labels), cell)
    if key in _MATCHES:
        return _MATCHES[key]
    found = _match_label(cell, labels)
    if len(_MATCHES) < _MATCHES_MAX:
        _MATCHES[key] = found
    return found


def _match_label(cell: str, labels: tuple[Label, ...]) -> str | None:
    """Exact core match, then a fuzzy fallback (≥ 4 chars)."""
    core = core_label(cell)
    if not core or cell_value(cell)[0] != "text":
        return None
    num = numbering(cell)
    for label in labels:
        if core == label.text and (not label.needs_number or label.needs_number == num):
            return label.key
    if len(core) < 4:
        return None
    best, best_ratio = None, 0.0
    for label in labels:
        if len(label.text) < 4:
            continue
        ratio = SequenceMatcher(None, core, label.text).ratio()
        if label.text.startswith(core) or core.startswith(label.text):
            ratio = max(ratio, 0.9)
        if ratio > best_ratio:
            best, best_ratio = label.key, ratio
    return best if best_ratio >= 0.8 else None


def labelled_rows(rows: list[Row], labels: tuple[Label, ...], start_key: str = "") -> dict[str, list[str]]:
    """Map each label key to the cells that follow it in its row (up to the next label).

    Rows before the first one naming ``start_key`` are skipped (table headers). The first
    occurrence of a key wins.
    """
    found: dict[str, list[str]] = {}
    started = not start_key
    for row in rows:
        if not row.tabbed:
            continue
        keys = [match_label(c, labels) for c in row.cells]
        if not started and start_key in keys:
            started = True
        if not started:
            continue
        for i, key in enumerate(keys):
            if key is None or key in found:
                continue
            end = next((j for j in range(i + 1, len(keys)) if keys[j]), len(keys))
            found[key] = row.cells[i + 1 : end]
    return found


def fit(cells: list[str], n: int) -> tuple[list[Value], list[str]]:
    """Reduce a row's cells to ``n`` values: trim surplus blanks (trailing, then leading), pad with None.

    Returns the values and the texts of non-numeric cells that had to be dropped.
    """
    kinds = [cell_value(c) for c in cells]
    while len(kinds) > n and kinds[-1][0] == "blank":
        kinds.pop()
    while len(kinds) > n and kinds[0][0] == "blank":
        kinds.pop(0)
    dropped = [c for c, (kind, _) in zip(cells, kinds, strict=False) if kind == "text"]
    values = [v for _, v in kinds[:n]]
    return values + [None] * (n - len(values)), dropped


def trailing_values(rows: list[Row]) -> list[str]:
    """The value cells (numbers or blanks) at the end of a region, after its last label row."""
    collected: list[list[str]] = []
    for row in reversed(rows):
        kinds = {cell_value(c)[0] for c in row.cells}
        if not row.tabbed and not collected:
            continue
        if "text" in kinds:
            break
        collected.insert(0, row.cells)
    return [c for cells in collected for c in cells]


# ---------------------------------------------------------------- table labels (from labels.py)
def _labels(mapping: dict[str, str], short: dict[str, str]) -> tuple[Label, ...]:
    return tuple(Label(k, core_label(v), short.get(k, "")) for k, v in mapping.items())


_T3_GROUPS = {"g_results": "三、本年度办理结果", "g_d": "（三）不予公开", "g_u": "（四）无法提供",
              "g_n": "（五）不予处理", "g_o": "（六）其他处理"}
T3_LABELS = _labels({**T3_ROWS, **_T3_GROUPS}, {"o_other": "3", "total_processed": "七"})
T2_LABELS = _labels(
    {"regulations": "规章", "normative_docs": "行政规范性文件", "normative_docs_2019": "规范性文件",
     "admin_license": "行政许可", "other_services": "其他对外管理服务事项", "admin_penalty": "行政处罚",
     "admin_coercion": "行政强制", "admin_fees": "行政事业性收费", "procurement": "政府集中采购"},
    {},
)
# (group, row, value columns in the 2021 layout)
_T2_2021 = {"regulations": ("art20_1", "regulations", ("issued", "abolished", "in_force")),
            "normative_docs": ("art20_1", "normative_docs", ("issued", "abolished", "in_force")),
            "admin_license": ("art20_5", "admin_license", ("decisions",)),
            "admin_penalty": ("art20_6", "admin_penalty", ("decisions",)),
            "admin_coercion": ("art20_6", "admin_coercion", ("decisions",)),
            "admin_fees": ("art20_8", "admin_fees", ("amount_wan",))}
# 2019 trial layout: its columns, and which 2021 field each maps to ("" = no 2021 counterpart).
_T2_2019 = {"regulations": ("art20_1", "regulations", (("本年新制作数量", "issued"), ("本年新公开数量", ""), ("对外公开总数量", "in_force"))),
            "normative_docs": ("art20_1", "normative_docs", (("本年新制作数量", "issued"), ("本年新公开数量", ""), ("对外公开总数量", "in_force"))),
            "admin_license": ("art20_5", "admin_license", (("上一年项目数量", ""), ("本年增/减", ""), ("处理决定数量", "decisions"))),
            "other_services": ("art20_5", "", (("上一年项目数量", ""), ("本年增/减", ""), ("处理决定数量", ""))),
            "admin_penalty": ("art20_6", "admin_penalty", (("上一年项目数量", ""), ("本年增/减", ""), ("处理决定数量", "decisions"))),
            "admin_coercion": ("art20_6", "admin_coercion", (("上一年项目数量", ""), ("本年增/减", ""), ("处理决定数量", "decisions"))),
            "admin_fees": ("art20_8", "admin_fees", (("上一年项目数量", ""), ("本年增/减", ""))),
            "procurement": ("art20_9", "", (("采购项目数量", ""), ("采购总金额", "")))}


def _is_count(value: Value) -> bool:
    """None or a whole number ≥ 0 (what ``_count`` keeps without a warning; checked first so that the
    warning's cell name is formatted only for the few bad cells)."""
    return value is None or (type(value) is int and value >= 0)


def _count(value: Value, where: str, warnings: list[str]) -> int | None:
    if isinstance(value, Decimal) or (isinstance(value, int) and value < 0):
        warnings.append(f"bad_count:{where}={value}")
        return None
    return value


def extract_t2(lines: list[str], fmt: str, warnings: list[str]) -> dict:
    """Table 二 as a dict shaped like ``Table2`` (blank cells None)."""
    found = labelled_rows(table_rows(lines), T2_LABELS)
    if "normative_docs_2019" in found and "normative_docs" not in found:
        found["normative_docs"] = found.pop("normative_docs_2019")
    out: dict[str, dict[str, dict]] = {g: {} for g in ("art20_1", "art20_5", "art20_6", "art20_8")}
    layout = _T2_2019 if fmt == "2019" else {k: (g, r, tuple((c, c) for c in cols)) for k, (g, r, cols) in _T2_2021.items()}
    for key, (group, row, cols) in layout.items():
        if key not in found:
            continue
        values, dropped = fit(found[key], len(cols))
        warnings += [f"unexpected_text:t2.{key}={d}" for d in dropped]
        for (col_label, field), value in zip(cols, values, strict=False):
            if not field or not row:
                if value is not None:
                    warnings.append(f"unmapped_2019_cell:t2.{key}.{col_label}={value}")
                continue
            if field != "amount_wan":
                value = _count(value, f"t2.{row}.{field}", warnings)
            out[group].setdefault(row, {})[field] = value
    return out


def extract_t3(lines: list[str], warnings: list[str]) -> dict:
    """Table 三 as a dict shaped like ``Table3``; the 2019 single （六）其他处理 row goes to o_other."""
    found = labelled_rows(table_rows(lines), T3_LABELS, start_key="new_received")
    if "g_o" in found and not any(k in found for k in ("o_no_correction", "o_no_fee", "o_other")):
        found["o_other"] = found["g_o"]
    out: dict[str, dict] = {}
    for key in T3_ROWS:
        if key not in found:
            warnings.append(f"missing_row:t3.{key}")
            continue
        values, dropped = fit(found[key], len(T3_COLS))
        warnings += [f"unexpected_text:t3.{key}={d}" for d in dropped]
        out[key] = {c: v if _is_count(v) else _count(v, f"t3.{key}.{c}", warnings)
                    for c, v in zip(T3_COLS, values, strict=False)}
    return out


def extract_t4(lines: list[str], warnings: list[str]) -> dict:
    """Table 四 (15 cells in the order review, direct litigation, litigation after review)."""
    cells = trailing_values(table_rows(lines))
    if not cells:
        warnings.append("missing_table:t4")
        return {}
    values, _ = fit(cells, 15)
    out: dict[str, dict] = {}
    for i, group in enumerate(T4_GROUPS):
        chunk = values[i * 5 : i * 5 + 5]
        out[group] = {f: _count(v, f"t4.{group}.{f}", warnings) for f, v in zip(T4_FIELDS, chunk, strict=False)}
    return out
