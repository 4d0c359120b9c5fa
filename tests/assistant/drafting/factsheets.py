"""Varied, internally consistent fact sheets (reports with tables and facts) for drafting tests and the bench.

Unit names are invented. ``fact_sheet(i)`` is deterministic; the first few cover the edge cases named
in the brief (zero applications, many applications, no website, only 公开栏, fees collected,
last year's problems present/absent, 街道 and 乡).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from assistant.core.report import (
    T3_COLS,
    T3_COLS6,
    T3_SUB21,
    AnnualReport,
    Channel,
    Closing,
    NarrativeFacts,
    T3Row,
    T4Group,
    Table3,
    Table4,
    UnitProfile,
)

UNITS = [("柳河镇", "镇", "青石县"), ("东坪乡", "乡", "云岭县"), ("新华街道", "街道", "江北区"), ("白沙镇", "镇", "临水县"),
         ("石门乡", "乡", "北山县"), ("城南街道", "街道", "河西区"), ("大营镇", "镇", "平川县"), ("高岭乡", "乡", "松原县")]
EXTRA_CHANNELS = ["抖音号", "视频号", "政务微博", "快手号", "今日头条号"]
PROBLEMS = ["政策解读形式较为单一", "网站信息更新不够及时", "专职工作人员不足，人员身兼多职", "公开内容以工作动态为主，深度不够"]
LAST_PROBLEMS = ["公开栏更新不及时", "依申请公开答复文书不够规范", "业务培训不足"]


def _row(values: dict[str, int]) -> T3Row:
    cells = {c: values.get(c, 0) for c in T3_COLS6}
    return T3Row(**cells, total=sum(cells.values()))


def _table3(rng: random.Random, new_total: int, carried_total: int) -> Table3:
    rows: dict[str, dict[str, int]] = {r: {} for r in Table3.model_fields}
    for key, total in (("new_received", new_total), ("carried_over", carried_total)):
        for _ in range(total):
            col = rng.choice(["natural_person"] * 4 + ["commercial", "other_org", "legal_service"])
            rows[key][col] = rows[key].get(col, 0) + 1
    intake = {c: rows["new_received"].get(c, 0) + rows["carried_over"].get(c, 0) for c in T3_COLS6}
    outcome_pool = ["granted"] * 5 + ["partial", "u_not_held", "u_need_create", "n_repeat", "d_third_party", "o_no_fee"]
    for col, n in intake.items():
        forward = rng.randint(0, min(n, 2)) if n else 0
        rows["carried_forward"][col] = forward
        for _ in range(n - forward):
            r = rng.choice(outcome_pool)
            rows[r][col] = rows[r].get(col, 0) + 1
        rows["total_processed"][col] = n - forward
    return Table3(**{k: _row(v) for k, v in rows.items()})


def _group(rng: random.Random, total: int) -> T4Group:
    upheld = rng.randint(0, total)
    pending = total - upheld
    return T4Group(upheld=upheld, corrected=0, other=0, pending=pending, total=total)


def fact_sheet(i: int) -> AnnualReport:
    """The i-th fact sheet; i < 8 are the named edge cases, the rest random but consistent."""
    rng = random.Random(1000 + i)
    short, level, county = UNITS[i % len(UNITS)]
    year = 2021 + i % 5
    applications = [0, 25, 1, 3, 0, 6, 0, 12][i] if i < 8 else rng.choice([0, 0, 0, 1, 2, 4, 9, 17])
    carried = [0, 2, 0, 1, 0, 0, 0, 0][i] if i < 8 else rng.choice([0, 0, 1])
    facts = NarrativeFacts(
        leading_group=rng.choice(["", "政务公开工作领导小组"]),
        staff_count=rng.choice([None, 1, 2, 3]),
        training_sessions=rng.choice([None, 1, 2, 4]),
        problems=rng.sample(PROBLEMS, rng.randint(0, 2)) if i >= 8 else ([] if i % 2 else PROBLEMS[:2]),
        last_year_problems=(LAST_PROBLEMS[: 1 + i % 3] if i % 3 == 0 else []),
    )
    if facts.training_sessions is not None and rng.random() < 0.7:
        facts.training_participants = facts.training_sessions * rng.randint(8, 30)
    website = i not in (2, 4) and rng.random() < 0.85
    wechat = i not in (2, 4) and rng.random() < 0.7
    facts.bulletin_count = rng.randint(4, 24) if (i in (2, 4) or rng.random() < 0.6) else None
    parts = []
    if website:
        facts.website_count = rng.randint(5, 90)
        facts.website_name = rng.choice(["", f"{county}人民政府门户网站{short}信息公开专栏"])
        parts.append(facts.website_count)
    if wechat:
        facts.wechat_count = rng.randint(20, 300)
        facts.wechat_name = rng.choice(["", f"{short[:2]}发布"])
        parts.append(facts.wechat_count)
    if i not in (2, 4) and rng.random() < 0.4:
        ch = Channel(name=rng.choice(EXTRA_CHANNELS), count=rng.randint(3, 60))
        facts.other_channels = [ch]
        parts.append(ch.count)
    if parts and rng.random() < 0.8:
        facts.active_total = sum(parts) + (facts.bulletin_count or 0)
    if i in (1, 5) or (i >= 8 and applications and rng.random() < 0.3):
        facts.info_fee_count, facts.info_fee_amount_yuan = 1, Decimal(rng.choice(["100", "250", "80.5"]))
    else:
        facts.info_fee_count, facts.info_fee_amount_yuan = 0, Decimal(0)
    if rng.random() < 0.5:
        facts.npc_suggestions, facts.cppcc_proposals = rng.randint(0, 6), rng.randint(0, 4)
    if rng.random() < 0.4:
        facts.assessment_result = rng.choice(["在县政务公开年度考核中获评优秀等次", "年度考核结果为良好"])
        facts.accountability = "本年度未发生因政府信息公开工作引起的责任追究"
    review = 1 if i in (1, 7) else 0
    report = AnnualReport(
        profile=UnitProfile(organ_name=f"{county}{short}{'办事处' if level == '街道' else '人民政府'}",
                            short_name=short, level=level, county=county, report_year=year),
        t3=_table3(rng, applications, carried),
        t4=Table4(review=_group(rng, review), lit_direct=_group(rng, 1 if i == 7 else 0),
                  lit_after_review=_group(rng, 0)),
        facts=facts,
        closing=Closing(organ="", date=dt.date(year + 1, 1, rng.randint(5, 28))),
    )
    t2 = report.t2
    t2.art20_1.regulations.issued = t2.art20_1.regulations.abolished = t2.art20_1.regulations.in_force = 0
    docs = t2.art20_1.normative_docs
    docs.issued, docs.abolished = rng.randint(0, 3), rng.randint(0, 1)
    docs.in_force = docs.issued + rng.randint(0, 8)
    t2.art20_5.admin_license.decisions = rng.choice([0, 0, 2, 15])
    t2.art20_6.admin_penalty.decisions = rng.choice([0, 3, 27])
    t2.art20_6.admin_coercion.decisions = rng.choice([0, 0, 1])
    t2.art20_8.admin_fees.amount_wan = rng.choice([Decimal(0), Decimal("1.25"), None])
    return report


# 公开重点 as clerks type them in (invented for these sheets; a township names its own, a 街道 its own).
RURAL_TOPICS = ["高标准农田建设", "耕地地力保护补贴发放", "农村低保和特困供养", "河道清淤整治", "农村公路养护", "宅基地审批",
                "土地征收补偿", "村级集体经济项目", "秸秆禁烧", "防汛抗旱物资储备", "农村改厕", "产业奖补资金",
                "易地搬迁后续扶持", "森林防火", "乡村公益性岗位招聘"]
STREET_TOPICS = ["老旧小区改造", "社区养老服务站建设", "垃圾分类", "背街小巷整治", "城市低保", "物业服务纠纷调处",
                 "燃气安全排查", "社区医疗服务", "夜市摊点管理", "退役军人优待", "停车泊位规划", "未成年人关爱服务"]


def topics_for(i: int) -> list[str]:
    """The 公开重点 the clerk of sheet ``i`` would enter (2–4 of its kind), for tests and the bench."""
    rng = random.Random(5000 + i)
    pool = STREET_TOPICS if UNITS[i % len(UNITS)][1] == "街道" else RURAL_TOPICS
    return rng.sample(pool, rng.randint(2, 4))


def fact_sheets(n: int) -> list[AnnualReport]:
    """The first ``n`` fact sheets."""
    return [fact_sheet(i) for i in range(n)]


__all__ = ["T3_COLS", "T3_SUB21", "UNITS", "fact_sheet", "fact_sheets", "topics_for"]
