"""The one layout of 表二/三/四 as the official format draws them: the app's grids, the .docx and the .md all
read it, so a row group or a column is defined once."""

from __future__ import annotations

from typing import Any

from assistant.core import labels
from assistant.core.report import T3_ROWS, figure_text

# 表二: the four 第二十条 sub-tables, each (group, rows, columns).
T2_BLOCKS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("art20_1", ("regulations", "normative_docs"), ("issued", "abolished", "in_force")),
    ("art20_5", ("admin_license",), ("decisions",)),
    ("art20_6", ("admin_penalty", "admin_coercion"), ("decisions",)),
    ("art20_8", ("admin_fees",), ("amount_wan",)),
)


def t3_rows_of(caption: str) -> tuple[str, ...]:
    """The data rows a 表三 group caption heads (labels.T3_GROUPS), in table order."""
    first, last = labels.T3_GROUPS[caption]
    return tuple(T3_ROWS[T3_ROWS.index(first):T3_ROWS.index(last) + 1])


def t3_groups_of(key: str) -> tuple[str, ...]:
    """Every group caption a 表三 row sits under, outermost first (三、本年度办理结果 · （三）不予公开)."""
    return tuple(caption for caption in labels.T3_GROUPS if key in t3_rows_of(caption))


def t3_subgroup_of(key: str) -> str:
    """The innermost group caption of a 表三 row (（三）不予公开 …), "" for rows with none."""
    inner = [c for c in t3_groups_of(key) if c != labels.T3_RESULTS_GROUP]
    return inner[-1] if inner else ""


def cell_text(value: Any) -> str:
    """A cell as printed: blank stays blank (never 0); money without trailing zeros."""
    return "" if value is None else figure_text(value)
