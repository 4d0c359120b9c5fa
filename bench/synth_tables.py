"""Plain-text tables (tab-separated rows, as exported from Word) for sections 二、三、四.

2021 labels come from assistant/core/labels.py; the 2019 trial labels follow spec §3. A blank cell (None)
is written as an empty field, so the number of cells per row stays the same.
"""

from __future__ import annotations

from assistant.core.labels import T2_COLUMNS, T3_COLUMNS, T3_HEADER_NOTE, T3_ROWS, T4_FIELDS
from bench.synth_model import Cell, Figures

_GROUP_FIRST = {  # result rows that carry their group caption as a prefix cell
    "granted": "三、本年度办理结果\t",
    "d_state_secret": "\t（三）不予公开\t",
    "u_not_held": "\t（四）无法提供\t",
    "n_petition": "\t（五）不予处理\t",
    "o_no_correction": "\t（六）其他处理\t",
}
_IN_GROUP = ("d_", "u_", "n_", "o_")


def _cell(value: Cell | float) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if value else "0"
    return str(value)


def _row(label: str, values: list[Cell]) -> str:
    return label + "\t" + "\t".join(_cell(v) for v in values)


def table2_2021(fig: Figures) -> str:
    """Table 二 in the 2021 format."""
    t = fig.t2
    c = T2_COLUMNS
    lines = [
        "第二十条第（一）项",
        f"信息内容\t{c['issued']}\t{c['abolished']}\t{c['in_force']}",
        _row("规章", [t["reg_issued"], t["reg_abol"], t["reg_force"]]),  # type: ignore[list-item]
        _row("行政规范性文件", [t["norm_issued"], t["norm_abol"], t["norm_force"]]),  # type: ignore[list-item]
        "第二十条第（五）项",
        f"信息内容\t{c['decisions']}",
        _row("行政许可", [t["license"]]),  # type: ignore[list-item]
        "第二十条第（六）项",
        f"信息内容\t{c['decisions']}",
        _row("行政处罚", [t["penalty"]]),  # type: ignore[list-item]
        _row("行政强制", [t["coercion"]]),  # type: ignore[list-item]
        "第二十条第（八）项",
        f"信息内容\t{c['amount_wan']}",
        "行政事业性收费\t" + _cell(t["fee"]),
    ]
    return "\n".join(lines)


def table2_2019(fig: Figures) -> str:
    """Table 二 in the 2019 trial layout (国办公开办函〔2019〕60号)."""
    t = fig.t2
    lines = [
        "第二十条第（一）项",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        _row("规章", [t["reg_issued"], t["reg_issued"], t["reg_force"]]),  # type: ignore[list-item]
        _row("规范性文件", [t["norm_issued"], t["norm_issued"], t["norm_force"]]),  # type: ignore[list-item]
        "第二十条第（五）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        _row("行政许可", [t["lic_items"], 0, t["license"]]),  # type: ignore[list-item]
        _row("其他对外管理服务事项", [t["svc_items"], 0, t["svc_dec"]]),  # type: ignore[list-item]
        "第二十条第（六）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        _row("行政处罚", [t["pen_items"], 0, t["penalty"]]),  # type: ignore[list-item]
        _row("行政强制", [t["coer_items"], 0, t["coercion"]]),  # type: ignore[list-item]
        "第二十条第（八）项",
        "信息内容\t上一年项目数量\t本年增/减",
        _row("行政事业性收费", [t["fee_items"], 0]),  # type: ignore[list-item]
        "第二十条第（九）项",
        "信息内容\t采购项目数量\t采购总金额",
        "政府集中采购\t" + _cell(t["proc_count"]) + "\t" + _cell(t["proc_amount"]),
    ]
    return "\n".join(lines)


def _t3_header() -> list[str]:
    cols = T3_COLUMNS
    orgs = "\t".join(cols[k] for k in ("commercial", "research", "public_welfare", "legal_service", "other_org"))
    return [
        f"{T3_HEADER_NOTE}\t申请人情况",
        f"\t{cols['natural_person']}\t法人或其他组织\t\t\t\t\t{cols['total']}",
        f"\t\t{orgs}\t",
    ]


def table3(fig: Figures, fmt: str, prefixed: bool = True) -> str:
    """Table 三; ``prefixed`` puts group captions in front of each group's first row (as the seeds do)."""
    lines = _t3_header()
    t3 = fig.t3
    for key, label in T3_ROWS.items():
        if fmt == "2019" and key.startswith("o_"):
            if key == "o_no_correction":
                merged = [_sum_cells(t3["o_no_correction"][c], t3["o_no_fee"][c], t3["o_other"][c]) for c in range(7)]
                lines.append(_row("\t（六）其他处理" if prefixed else "（六）其他处理", merged))
            continue
        prefix = ""
        if prefixed:
            prefix = _GROUP_FIRST.get(key, "\t\t" if key.startswith(_IN_GROUP) else "")
            if key in ("partial", "total_processed"):
                prefix = "\t"
        lines.append(_row(prefix + label, t3[key]))
    return "\n".join(lines)


def _sum_cells(*cells: Cell) -> Cell:
    return None if any(c is None for c in cells) else sum(cells)  # type: ignore[arg-type]


def table4(fig: Figures) -> str:
    """Table 四: three header lines, then one data row of 15 cells."""
    f = [T4_FIELDS[k] for k in ("upheld", "corrected", "other", "pending", "total")]
    five = "\t".join(f)
    lines = [
        "行政复议\t\t\t\t\t行政诉讼",
        f"{five}\t未经复议直接起诉\t\t\t\t\t复议后起诉",
        f"\t\t\t\t\t{five}\t{five}",
        "\t".join(_cell(v) for v in fig.t4),
    ]
    return "\n".join(lines)
