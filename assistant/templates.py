"""A blank report model to fill in (``nianbao new``)."""

from __future__ import annotations

from typing import Optional

from assistant.report import AnnualReport, UnitProfile

_LEVEL_SUFFIXES = ("街道办事处", "街道", "乡", "镇")


def guess_level(name: str) -> Optional[str]:
    """乡 / 镇 / 街道 from a unit name such as 某某镇 or 某某乡人民政府."""
    core = name.removesuffix("人民政府").removesuffix("办事处")
    for suffix, level in (("街道", "街道"), ("乡", "乡"), ("镇", "镇")):
        if core.endswith(suffix):
            return level
    return None


def new_report(unit: str, year: int, *, county: str = "", city: str = "", province: str = "",
               level: Optional[str] = None) -> AnnualReport:
    """A blank report for ``unit`` and ``year``: every cell blank (None) until the clerk fills it."""
    short = unit.removesuffix("人民政府").removesuffix("办事处")
    level = level or guess_level(unit)
    if unit.endswith(("人民政府", "办事处")):
        organ = unit
    else:
        organ = short + ("办事处" if level == "街道" else "人民政府")
    profile = UnitProfile(organ_name=organ, short_name=short, level=level, county=county, city=city,
                          province=province, report_year=year)
    return AnnualReport(profile=profile, title=f"{organ}{year}年政府信息公开工作年度报告",
                        closing={"organ": organ})
