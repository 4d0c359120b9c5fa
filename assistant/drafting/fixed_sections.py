"""The deterministic parts of a report: title, preamble, 二/三/四 (lead sentence + table as text),
六、其他需要报告的事项 (the seven items of the 2021 format, 信息处理费 always stated) and the 落款.

Wording is data (phrasebank/fixed.toml), the title comes from assistant.core.unitname.title_for and table
labels from assistant/core/labels.py.
"""

from __future__ import annotations

from assistant.core.labels import (
    OTHER_ITEM_NUMBERS,
    OTHER_ITEMS,
    SECTION_TITLES,
    T2_COLUMNS,
    T2_GROUPS,
    T2_ROW_HEADER,
    T2_ROWS,
    T3_APPLICANTS,
    T3_COLUMNS,
    T3_GROUPS,
    T3_HEADER_NOTE,
    T3_ROWS,
    T4_FIELDS,
    T4_GROUPS,
)
from assistant.core.report import T3_COLS, AnnualReport, figure_text
from assistant.core.report import T3_ROWS as T3_KEYS
from assistant.core.report import T4_FIELDS as T4_KEYS
from assistant.core.textpatterns import format_date
from assistant.core.unitname import title_for
from assistant.drafting.phrasebank import Picker, picker
from assistant.tables.layout import cell_text


def _p(report: AnnualReport) -> Picker:
    return picker("fixed", report)


def title(report: AnnualReport) -> str:
    """{机关全称}{Y}年政府信息公开工作年度报告."""
    return title_for(report.profile)


def preamble(report: AnnualReport) -> str:
    """Basis, contents, 统计期限, where the electronic copy is, contact."""
    p, f = _p(report), report.facts
    where = p.text("preamble_where_site", name=f.website_name) if f.website_name else p.text("preamble_where_none")
    return p.text("preamble", where=where)


def lead_sentence(report: AnnualReport, section: str) -> str:
    """The one-line lead of 二 (active), 三 (requests) or 四 (review_litigation)."""
    key = {"active": "lead_active", "requests": "lead_requests", "review_litigation": "lead_review"}[section]
    return _p(report).text(key)


def _fee_item(p: Picker, report: AnnualReport) -> str:
    count, amount = report.facts.info_fee_count, report.facts.info_fee_amount_yuan
    if count is None and amount is None:
        return p.text("other_fee_unknown")
    if not count and not amount:
        return p.text("other_fee_zero")
    if count:
        return p.text("other_fee_some", n=count, m=figure_text(amount or 0))
    return p.text("other_fee_amount", m=figure_text(amount))


def _npc_item(p: Picker, report: AnnualReport) -> str:
    npc, cppcc = report.facts.npc_suggestions, report.facts.cppcc_proposals
    if npc is None and cppcc is None:
        return p.text("other_npc_unknown")
    if not npc and not cppcc:
        return p.text("other_npc_none")
    parts = []
    if npc is not None:
        parts.append(p.text("npc_part", n=npc) if npc else p.text("npc_zero"))
    if cppcc is not None:
        parts.append(p.text("cppcc_part", n=cppcc) if cppcc else p.text("cppcc_zero"))
    return p.text("other_npc", what="、".join(parts))


def other_section(report: AnnualReport) -> str:
    """六、其他需要报告的事项: the seven items in order, one per line."""
    p = _p(report)
    notes = report.facts.notes.strip()
    items = [
        _fee_item(p, report),
        _npc_item(p, report),
        p.text("other_tasks"),
        p.text("other_innovation", what=p.text("other_innovation_default")),
        p.text("other_stats"),
        p.text("other_self_notes", what=notes) if notes else p.text("other_self"),
        p.text("other_docs"),
    ]
    return "\n".join(items)


def _body_of(item: str, n: int) -> str:
    """An item's text without its （n）heading。 prefix."""
    text = item.strip().removeprefix(OTHER_ITEM_NUMBERS[n]).strip()
    return text.removeprefix(OTHER_ITEMS[n]).lstrip("。：: ").strip()


def drafted_other_items(report: AnnualReport) -> list[str]:
    """The bodies of the seven items of 六 as drafted from the facts (headings removed)."""
    return [_body_of(line, n) for n, line in enumerate(other_section(report).split("\n"))]


def split_other_items(text: str) -> list[str] | None:
    """The bodies of the seven items of a written 六 that numbers them （一）…（七） in order, else None."""
    starts, pos = [], 0
    for number in OTHER_ITEM_NUMBERS:
        pos = text.find(number, pos)
        if pos < 0:
            return None
        starts.append(pos)
    ends = starts[1:] + [len(text)]
    return [_body_of(text[a:b], n) for n, (a, b) in enumerate(zip(starts, ends, strict=True))]


def other_items(report: AnnualReport) -> list[str]:
    """The seven item bodies of 六: as the clerk wrote them, else drafted from the facts."""
    written = report.sections.other.strip()
    return (split_other_items(written) if written else None) or drafted_other_items(report)


def join_other_items(bodies: list[str]) -> str:
    """六 as stored and exported: one line per item, each with its official heading."""
    assert len(bodies) == len(OTHER_ITEMS), bodies
    lines = []
    for number, label, body in zip(OTHER_ITEM_NUMBERS, OTHER_ITEMS, bodies, strict=True):
        body = " ".join(body.split())
        lines.append(f"{number}{label}。{body}" if body else f"{number}{label}。")
    return "\n".join(lines)


def redraft_fee_and_proposals(report: AnnualReport, bodies: list[str]) -> list[str]:
    """``bodies`` with items （一） 信息处理费 and （二） 人大建议/政协提案 drafted again from the facts."""
    fresh = drafted_other_items(report)
    return fresh[:2] + list(bodies[2:])


def closing_lines(report: AnnualReport) -> list[str]:
    """落款: organ and date (a visible placeholder when the date is not set)."""
    p = _p(report)
    organ = report.closing.organ or p.ctx["organ"]
    d = report.closing.date
    date = format_date(d) if d else p.text("closing_date_todo")
    return [organ, date]


def table2_text(report: AnnualReport) -> str:
    """Table 二 as tab-separated lines (label, then the group's columns)."""
    lines = []
    for group_key, group_label in T2_GROUPS.items():
        group = getattr(report.t2, group_key)
        lines.append(group_label)
        for row_key in type(group).model_fields:
            row = getattr(group, row_key)
            cols = list(type(row).model_fields)
            lines.append("\t".join([T2_ROW_HEADER] + [T2_COLUMNS[c] for c in cols]))
            lines.append("\t".join([T2_ROWS[row_key]] + [cell_text(getattr(row, c)) for c in cols]))
    return "\n".join(lines)


def table3_text(report: AnnualReport) -> str:
    """Table 三 as tab-separated lines: header note, columns, 25 rows with group captions."""
    starts = {first: caption for caption, (first, _) in T3_GROUPS.items()}
    lines = [T3_HEADER_NOTE, "\t".join([T3_APPLICANTS] + [T3_COLUMNS[c] for c in T3_COLS])]
    for key in T3_KEYS:
        if key in starts:
            lines.append(starts[key])
        row = report.t3.row(key)
        lines.append("\t".join([T3_ROWS[key]] + [cell_text(getattr(row, c)) for c in T3_COLS]))
    return "\n".join(lines)


def table4_text(report: AnnualReport) -> str:
    """Table 四 as tab-separated lines: group header, field header, one data row of 15 cells."""
    groups = "\t".join(T4_GROUPS[g] for g in T4_GROUPS for _ in T4_KEYS)
    fields = "\t".join(T4_FIELDS[f] for _ in T4_GROUPS for f in T4_KEYS)
    values = "\t".join(cell_text(getattr(getattr(report.t4, g), f)) for g in T4_GROUPS for f in T4_KEYS)
    return f"{groups}\n{fields}\n{values}"


def fixed_section(report: AnnualReport, section: str) -> str:
    """Body of 二/三/四/六 as deterministic text."""
    if section == "other":
        return other_section(report)
    table = {"active": table2_text, "requests": table3_text, "review_litigation": table4_text}[section]
    return lead_sentence(report, section) + "\n" + table(report)


__all__ = [
    "SECTION_TITLES",
    "closing_lines",
    "drafted_other_items",
    "fixed_section",
    "join_other_items",
    "lead_sentence",
    "other_items",
    "other_section",
    "preamble",
    "redraft_fee_and_proposals",
    "split_other_items",
    "table2_text",
    "table3_text",
    "table4_text",
    "title",
]
