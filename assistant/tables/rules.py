"""勾稽 rules of the three tables (spec §2.1–2.2), one small function per rule id.

Each rule yields Findings with structured ctx; messages_zh/rules.py holds the Chinese text.
A rule only compares cells that are filled in: blank cells are CELL-1's business, so one blank
never produces a cascade of arithmetic errors.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.core import labels
from assistant.core.findings import Finding, Registry, Severity, make
from assistant.core.report import T3_COLS, T3_COLS6, T3_ROWS, T3_SUB21, T4_FIELDS, T4_GROUPS, AnnualReport

TABLE_RULES = Registry()
# Cells the 2019 trial layout does not have (spec §3): a single （六）其他处理 row (kept as o_other),
# no 本年废止件数 column and no 收费金额 (its 第（八）项 has 上一年项目数量/本年增减 instead).
ROWS_ABSENT_IN_2019 = ("o_no_correction", "o_no_fee")
T2_ABSENT_IN_2019 = ("abolished", "amount_wan")
rule = TABLE_RULES.rule


def _filled(*values: int | None) -> bool:
    return all(v is not None for v in values)


@rule("CELL-1", Severity.ERROR)
def cells_filled(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
    """每个数字单元格都应填写（空白不等于0，没有数据应填0）。"""
    for group, row, col, value in report.t2.cells():
        if report.format_version == "2019" and col in T2_ABSENT_IN_2019:
            continue
        if value is None:
            yield make("CELL-1", Severity.ERROR, section="t2", location=f"t2.{group}.{row}.{col}",
                       table="表二",
                       where=f"表二{labels.T2_GROUPS[group]}“{labels.T2_ROWS[row]}”", cells=[labels.T2_COLUMNS[col]])
    for row in T3_ROWS:
        if report.format_version == "2019" and row in ROWS_ABSENT_IN_2019:
            continue
        values = report.t3.row(row)
        blank = [labels.T3_COLUMNS[c] for c in T3_COLS if getattr(values, c) is None]
        if blank:
            yield make("CELL-1", Severity.ERROR, section="t3", location=f"t3.{row}", table="表三",
                       where=f"表三“{labels.T3_ROWS[row]}”行", cells=blank)
    for group in T4_GROUPS:
        values = getattr(report.t4, group)
        blank = [labels.T4_FIELDS[f] for f in T4_FIELDS if getattr(values, f) is None]
        if blank:
            yield make("CELL-1", Severity.ERROR, section="t4", location=f"t4.{group}", table="表四",
                       where=f"表四“{labels.T4_GROUPS[group]}”", cells=blank)


@rule("T2-R1", Severity.ERROR)
def no_regulations(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
    """乡镇人民政府没有规章制定权，表二“规章”各栏应为0。"""
    regs = report.t2.art20_1.regulations
    for col in ("issued", "abolished", "in_force"):
        value = getattr(regs, col)
        if value:
            yield make("T2-R1", Severity.ERROR, section="t2", location=f"t2.art20_1.regulations.{col}",
                       where=labels.t2_cell_label("art20_1", "regulations", col), value=value)


@rule("T3-R1", Severity.ERROR)
def row_totals(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
    """表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。"""
    for row in T3_ROWS:
        r = report.t3.row(row)
        parts = [getattr(r, c) for c in T3_COLS6]
        if _filled(r.total, *parts) and r.total != sum(parts):  # type: ignore[arg-type]
            yield make("T3-R1", Severity.ERROR, section="t3", location=f"t3.{row}.total",
                       row=labels.T3_ROWS[row], total=r.total, sum=sum(parts),  # type: ignore[arg-type]
                       parts="+".join(str(p) for p in parts))


@rule("T3-R2", Severity.ERROR)
def result_totals(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
    """表三每一列：（七）总计 = 予以公开 + 部分公开 + 不予公开8项 + 无法提供3项 + 不予处理5项 + 其他处理3项。"""
    for col in T3_COLS:
        total = getattr(report.t3.total_processed, col)
        parts = [getattr(report.t3.row(r), col) for r in T3_SUB21]
        if _filled(total, *parts) and total != sum(parts):  # type: ignore[arg-type]
            yield make("T3-R2", Severity.ERROR, section="t3", location=f"t3.total_processed.{col}",
                       column=labels.T3_COLUMNS[col], total=total, sum=sum(parts))  # type: ignore[arg-type]


@rule("T3-R3", Severity.ERROR)
def intake_equals_outcome(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
    """表三：第一项加第二项之和，等于第三项加第四项之和（本年新收 + 上年结转 = 办理结果总计 + 结转下年度）。"""
    t3 = report.t3
    for col in T3_COLS:
        a, b = getattr(t3.new_received, col), getattr(t3.carried_over, col)
        c, d = getattr(t3.total_processed, col), getattr(t3.carried_forward, col)
        if _filled(a, b, c, d) and a + b != c + d:  # type: ignore[operator]
            yield make("T3-R3", Severity.ERROR, section="t3", location=f"t3.carried_forward.{col}",
                       column=labels.T3_COLUMNS[col], new=a, carried=b, processed=c, forward=d,
                       lhs=a + b, rhs=c + d)  # type: ignore[operator]


def _t4_rule(rule_id: str, group: str):
    def check(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
        g = getattr(report.t4, group)
        parts = [g.upheld, g.corrected, g.other, g.pending]
        if _filled(g.total, *parts) and g.total != sum(parts):  # type: ignore[arg-type]
            yield make(rule_id, Severity.ERROR, section="t4", location=f"t4.{group}.total",
                       group=labels.T4_GROUPS[group], total=g.total, sum=sum(parts),  # type: ignore[arg-type]
                       parts="+".join(str(p) for p in parts))

    check.__doc__ = f"表四“{labels.T4_GROUPS[group]}”：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。"
    check.__name__ = f"t4_total_{group}"
    return check


for _rid, _group in (("T4-R1", "review"), ("T4-R2", "lit_direct"), ("T4-R3", "lit_after_review")):
    rule(_rid, Severity.ERROR)(_t4_rule(_rid, _group))


@rule("X-1", Severity.ERROR, needs_previous=True)
def carried_over_matches_last_year(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
    """本年表三“上年结转”应等于上年报告“结转下年度继续办理”（逐列）。"""
    if previous is None:
        return
    severity = Severity.WARNING if previous.format_version == "2019" else Severity.ERROR
    for col in T3_COLS:
        now = getattr(report.t3.carried_over, col)
        before = getattr(previous.t3.carried_forward, col)
        if _filled(now, before) and now != before:
            yield make("X-1", severity, section="t3", location=f"t3.carried_over.{col}",
                       column=labels.T3_COLUMNS[col], now=now, before=before, last_year=previous.year)


@rule("X-2", Severity.WARNING, needs_previous=True)
def in_force_carries(report: AnnualReport, previous: AnnualReport | None = None) -> Iterator[Finding]:
    """现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止（各地对修订、失效的统计口径不同，仅作提示）。"""
    if previous is None:
        return
    for row in ("regulations", "normative_docs"):
        now = getattr(report.t2.art20_1, row)
        before = getattr(previous.t2.art20_1, row)
        if _filled(now.in_force, now.issued, now.abolished, before.in_force):
            expected = before.in_force + now.issued - now.abolished  # type: ignore[operator]
            if now.in_force != expected:
                yield make("X-2", Severity.WARNING, section="t2", location=f"t2.art20_1.{row}.in_force",
                           row=labels.T2_ROWS[row], now=now.in_force, before=before.in_force,
                           issued=now.issued, abolished=now.abolished, expected=expected)


def table_findings(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """Run every table rule; cross-year rules only when ``previous`` is given."""
    found: list[Finding] = []
    for info, fn in TABLE_RULES.rules.values():
        if info.needs_previous and previous is None:
            continue
        found.extend(fn(report, previous))
    return found

