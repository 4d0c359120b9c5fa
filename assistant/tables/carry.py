"""Carry-forward: start next year's report from this year's."""

from __future__ import annotations

from assistant.core.report import (
    T3_COLS,
    AnnualReport,
    Closing,
    NarrativeFacts,
    T3Row,
    Table2,
    Table3,
    Table4,
    UnitProfile,
)


def carry_forward(report: AnnualReport) -> AnnualReport:
    """Next year's report: profile with year + 1; 上年结转 ← 结转下年度 (per column); 现行有效件数
    carried; this year's problems become next year's 整改 list; everything else starts blank."""
    year = report.profile.report_year
    profile = UnitProfile(**{**report.profile.model_dump(), "report_year": year + 1 if year else None})
    t3 = Table3()
    t3.carried_over = T3Row(**{c: getattr(report.t3.carried_forward, c) for c in T3_COLS})
    t2 = Table2()
    for row in ("regulations", "normative_docs"):
        getattr(t2.art20_1, row).in_force = getattr(report.t2.art20_1, row).in_force
    facts = NarrativeFacts(
        website_name=report.facts.website_name,
        wechat_name=report.facts.wechat_name,
        platform_names=list(report.facts.platform_names),
        leading_group=report.facts.leading_group,
        last_year_problems=list(report.facts.problems),
    )
    return AnnualReport(profile=profile, t2=t2, t3=t3, t4=Table4(), facts=facts,
                        closing=Closing(organ=report.closing.organ or report.profile.organ_name))
