"""Fixtures of the checker tests: one clean hand-made report, and the five seeds parsed once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.core.report import (
    T3_ROWS,
    AnnualReport,
    Closing,
    NarrativeFacts,
    Sections,
    T3Row,
    Table3,
    Table4,
    UnitProfile,
)

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"

OVERVIEW = (
    "2023年，青山镇人民政府认真贯彻《中华人民共和国政府信息公开条例》，扎实推进政务公开。\n"
    "（一）主动公开\n全年共发布政府信息20条，其中镇政府网站专栏12条，微信公众号8条。"
    "全年制发文件40件，公开10件，占25.0%。\n"
    "（二）依申请公开\n本年度我镇收到政府信息公开申请2件，办结2件，均按期答复。"
    "全年未发生行政复议、行政诉讼。\n"
    "（三）政府信息管理\n落实保密审查制度，先审后发。\n"
    "（四）政府信息公开平台建设\n维护镇政府网站专栏和微信公众号。\n"
    "（五）监督保障\n将政务公开纳入年度工作考核，开展社会评议，本年度无责任追究情况。"
)
PROBLEMS = (
    "（一）2022年问题整改情况\n针对上年报告所列栏目更新慢的问题，已建立周更新制度，完成整改。\n"
    "（二）存在的问题\n一是解读材料形式单一；二是村级公开栏更新不够及时。\n"
    "（三）改进措施\n2024年，我镇将丰富解读形式，按月检查村级公开栏。"
)
OTHER = (
    "（一）本年度未收取信息处理费。\n"
    "（二）人大代表建议和政协提案办理结果公开情况：本年度承办人大代表建议0件、政协提案0件。\n"
    "（三）落实上级年度政务公开工作要点情况：已按县政务公开工作要点逐项落实。\n"
    "（四）本年度政务公开工作创新情况：开设“政策明白卡”栏目。\n"
    "（五）有关数据统计说明：本报告所列数据统计期限为2023年1月1日至2023年12月31日。\n"
    "（六）本机关认为需要报告的其他事项：无。\n"
    "（七）其他有关文件专门要求通过年度报告予以报告的事项：无。"
)


def _t3() -> Table3:
    rows = {r: T3Row.zeros() for r in T3_ROWS}
    two = T3Row.zeros().model_copy(update={"natural_person": 2, "total": 2})
    rows.update(new_received=two, granted=two, total_processed=two)
    return Table3(**rows)


def clean_report() -> AnnualReport:
    """A complete, correct 2023 report of a 镇 that no check should complain about."""
    report = AnnualReport(
        profile=UnitProfile(organ_name="某某县青山镇人民政府", short_name="青山镇", level="镇", county="某某县",
                            report_year=2023),
        title="某某县青山镇人民政府2023年政府信息公开工作年度报告",
        preamble="根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，编制本报告。"
                 "本报告所列数据统计期限为2023年1月1日至12月31日。",
        sections=Sections(overview=OVERVIEW, active="", requests="", review_litigation="", problems=PROBLEMS,
                          other=OTHER),
        t3=_t3(),
        t4=Table4.model_validate({g: {f: 0 for f in ("upheld", "corrected", "other", "pending", "total")}
                                  for g in ("review", "lit_direct", "lit_after_review")}),
        facts=NarrativeFacts(),
        closing=Closing(organ="某某县青山镇人民政府", date=dt.date(2024, 1, 20)),
    )
    for _group, row, col, _value in list(report.t2.cells()):
        group = getattr(report.t2, _group)
        setattr(getattr(group, row), col, 0)
    return report


@pytest.fixture
def clean() -> AnnualReport:
    return clean_report()


@pytest.fixture(scope="session")
def seeds() -> dict[str, AnnualReport]:
    """The five seed reports parsed with the real parser, keyed by their number ("000" …)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    from ingest.parse import parse_text

    return {p.name[:3]: parse_text(p.read_text(encoding="utf-8"), source=str(p)) for p in sorted(SEEDS.glob("*.txt"))}
