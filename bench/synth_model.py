"""Data of one fictional report (unit, year, figures, planted mistakes) and consistent figure drawing.

Figures are drawn so that every 勾稽 rule of spec §2.1 holds (T3-R1/R2/R3, T4-R1..3, T2-R1); planted
mistakes then break exactly the rule they name. Used by the sample library and the synthetic corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional

from assistant.core.labels import T3_ROWS

T3_KEYS: tuple[str, ...] = tuple(T3_ROWS)  # 25 data rows in official order
SUB21: tuple[str, ...] = T3_KEYS[2:23]  # the result rows summed into （七）总计
NCOL = 7  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计

# Rule ids from the spec where one exists, else a short English tag.
MISTAKES: dict[str, str] = {
    "N-1": "narrative application count differs from table 三",
    "N-2": "narrative says no review/litigation but table 四 has cases",
    "CELL-1": "blank table cells",
    "FMT-1": "2019 trial layout used for a report year >= 2021",
    "T3-R3": "table 三 intake != outcome + carried forward",
    "T2-R1": "township reports 规章",
    "jiezhi": "截止 used for 截至 before a date",
    "qita_org": "其它组织 instead of 其他组织",
    "plan_year": "improvement plan dated the report year instead of Y+1",
    "six_wu": "section 六 is a bare 无",
    "foreign_unit": "another township's name left in the text",
    "title_gongzuo": "title says 工作报告 instead of 工作年度报告",
    "no_closing": "no 落款 (organ and date)",
    "no_assessment": "no 工作考核、社会评议和责任追究结果",
    "no_rectify": "section 五 does not report 上年问题整改",
}

Cell = Optional[int]


@dataclass
class Unit:
    """A fictional township-level unit."""

    name: str  # 青禾镇
    level: str  # 乡 / 镇 / 街道
    province: str
    city: str
    county: str
    feature: tuple[str, str]  # (industry, flagship project)
    villages: int
    wechat: str
    office: str
    phone: str
    postcode: str

    @property
    def organ(self) -> str:
        """机关全称 as used in title and 落款."""
        suffix = "办事处" if self.level == "街道" else "人民政府"
        return f"{self.county}{self.name}{suffix}"


@dataclass
class Figures:
    """All numbers of one report; None is a blank cell."""

    t2: dict[str, Cell | float]
    t3: dict[str, list[Cell]]
    t4: list[Cell]
    active: tuple[int, int, int]  # website, wechat, notice boards
    fee: tuple[int, int, int] = (0, 0, 0)  # notices, paid, yuan
    proposals: tuple[int, int] = (0, 0)  # 人大建议, 政协提案
    misc: dict[str, int] = field(default_factory=dict)


@dataclass
class ReportSpec:
    """Everything needed to render one report text."""

    unit: Unit
    year: int
    fmt: str  # "2021" or "2019"
    figures: Figures
    problems: tuple[str, ...]
    prev_problems: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    foreign_name: str = ""
    closing_day: int = 15
    style: dict[str, str] = field(default_factory=dict)
    seed: int = 0


_OUTCOME_WEIGHTS = {
    "granted": 40, "partial": 8, "d_third_party": 3, "d_process": 3, "d_internal": 2, "d_admin_query": 2,
    "u_not_held": 20, "u_need_create": 4, "u_unclear": 3, "n_petition": 5, "n_repeat": 4, "n_confirm": 2,
    "o_no_correction": 4, "o_other": 2,
}


def draw_t3(rng: random.Random, n_new: int, carried_over: list[int] | None = None,
            forward: int = 0, org_share: float = 0.15, no_fee: int = 0) -> dict[str, list[Cell]]:
    """Table 三 with ``n_new`` new applications; all of T3-R1/R2/R3 hold."""
    t3: dict[str, list[Cell]] = {k: [0] * NCOL for k in T3_KEYS}
    new = [0] * 6
    for _ in range(n_new):
        col = 0 if rng.random() >= org_share else rng.choice((1, 1, 1, 2, 3, 4, 5))
        new[col] += 1
    over = list(carried_over[:6]) if carried_over else [0] * 6
    avail = [a + b for a, b in zip(new, over)]
    fwd = [0] * 6
    for _ in range(forward):
        cols = [c for c in range(6) if avail[c] - fwd[c] > 0]
        if cols:
            fwd[rng.choice(cols)] += 1
    keys, weights = zip(*_OUTCOME_WEIGHTS.items())
    for c in range(6):
        todo = avail[c] - fwd[c]
        if c == 0 and no_fee:
            take = min(no_fee, todo)
            t3["o_no_fee"][c] = take
            todo -= take
        for _ in range(todo):
            t3[rng.choices(keys, weights)[0]][c] += 1  # type: ignore[index]
    t3["new_received"][:6], t3["carried_over"][:6], t3["carried_forward"][:6] = new, over, fwd
    t3["total_processed"][:6] = [sum(t3[r][c] for r in SUB21) for c in range(6)]  # type: ignore[misc]
    for row in t3.values():
        row[6] = sum(row[:6])  # type: ignore[arg-type]
    return t3


def draw_t4(rng: random.Random, cases: int) -> list[Cell]:
    """Table 四 with ``cases`` review/litigation cases; T4-R1..3 hold."""
    t4: list[Cell] = [0] * 15
    for _ in range(cases):
        group = rng.choice((0, 0, 1, 2))
        field_ = rng.choices((0, 1, 2, 3), (6, 1, 1, 2))[0]
        t4[group * 5 + field_] += 1  # type: ignore[operator]
        t4[group * 5 + 4] += 1  # type: ignore[operator]
    return t4


def draw_t2(rng: random.Random, level: str, prev_in_force: int | None = None) -> dict[str, Cell | float]:
    """Table 二 (2021 keys plus the extra 2019 counts); 规章 = 0."""
    issued = rng.choices((0, 1, 2, 3), (6, 2, 1, 1))[0]
    base = prev_in_force if prev_in_force is not None else rng.choice((0, 0, 1, 2, 3, 5))
    abolished = min(base, rng.choices((0, 1, 2), (6, 2, 1))[0])
    urban = level == "街道"
    return {
        "reg_issued": 0, "reg_abol": 0, "reg_force": 0,
        "norm_issued": issued, "norm_abol": abolished, "norm_force": base + issued - abolished,
        "license": rng.choice((0, 0, 2, 5, 8, 13, 21, 34)) if not urban else rng.choice((0, 0, 1, 3)),
        "penalty": rng.choice((0, 0, 1, 3, 6, 12, 19)) if not urban else rng.choice((0, 4, 9, 17, 26)),
        "coercion": rng.choices((0, 1, 2), (8, 1, 1))[0],
        "fee": rng.choices((0.0, 0.35, 1.2, 3.06), (10, 1, 1, 1))[0],
        "lic_items": rng.choice((3, 5, 6, 8)), "svc_items": rng.choice((4, 7, 9, 12)),
        "svc_dec": rng.choice((0, 15, 36, 58)), "pen_items": rng.choice((12, 26, 41)),
        "coer_items": rng.choice((2, 4, 5)), "fee_items": rng.choice((0, 1, 2)),
        "proc_count": rng.choice((0, 0, 1, 2, 4)), "proc_amount": 0.0,
    }


def draw_figures(rng: random.Random, level: str, n_new: int, *, cases: int = 0,
                 carried_over: list[int] | None = None, forward: int = 0,
                 prev_in_force: int | None = None, fee: tuple[int, int, int] = (0, 0, 0)) -> Figures:
    """A consistent set of figures for one report."""
    t2 = draw_t2(rng, level, prev_in_force)
    if t2["proc_count"]:
        t2["proc_amount"] = round(rng.uniform(3, 60), 2)
    unpaid = fee[0] - fee[1]
    t3 = draw_t3(rng, n_new, carried_over, forward, no_fee=unpaid)
    web, wx = rng.randint(12, 160), rng.randint(30, 420)
    misc = {
        "trainings": rng.randint(2, 6), "trainees": rng.randint(25, 180), "meetings": rng.randint(2, 5),
        "opinions": rng.randint(18, 260), "satisfaction": rng.randint(92, 99), "followers": rng.randint(1800, 26000),
        "closed": rng.randint(1, 3), "relief": rng.randint(4, 12), "warn": rng.randint(9, 80),
        "interp": rng.randint(3, 24),
    }
    return Figures(t2=t2, t3=t3, t4=draw_t4(rng, cases), active=(web, wx, rng.randint(8, 96)), fee=fee,
                   proposals=rng.choice(((0, 0), (1, 0), (2, 1), (3, 2), (0, 1))), misc=misc)


def apply_figure_mistakes(fig: Figures, mistakes: tuple[str, ...], rng: random.Random) -> None:
    """Break the figures as the planted numeric mistakes require (in place)."""
    if "T3-R3" in mistakes:
        fig.t3["new_received"][0] += 1  # type: ignore[operator]
        fig.t3["new_received"][6] += 1  # type: ignore[operator]
    if "T2-R1" in mistakes:
        fig.t2["reg_issued"], fig.t2["reg_force"] = 1, 1
    if "N-2" in mistakes and not any(fig.t4):
        fig.t4[0], fig.t4[4] = 1, 1
    if "CELL-1" in mistakes:
        if rng.random() < 0.5:
            fig.t4[0:5] = [None] * 5
        else:
            for row in fig.t3.values():
                row[2] = None
