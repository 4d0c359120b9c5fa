"""A blank report model to fill in (``nianbao new``)."""

from __future__ import annotations

from assistant.core.report import AnnualReport, Closing, UnitProfile
from assistant.core.unitname import canonical_title, level_of, organ_name, split_admin


def new_report(unit: str, year: int, *, county: str = "", city: str = "", province: str = "",
               level: str | None = None) -> AnnualReport:
    """A blank report for ``unit`` and ``year``: every cell blank (None) until the clerk fills it.

    ``unit`` may be written any usual way (青禾镇, 青禾镇政府, 临溪县青禾镇, 青禾街道办): the short name,
    level and organ are normalised, and divisions named in it fill county/city/province not given.
    """
    found_province, found_city, found_county, short = split_admin(unit)
    level = level or level_of(unit)
    organ = organ_name(unit, level)
    profile = UnitProfile(organ_name=organ, short_name=short, level=level,  # type: ignore[arg-type]
                          county=county or found_county, city=city or found_city,
                          province=province or found_province, report_year=year)
    return AnnualReport(profile=profile, title=canonical_title(organ, year), closing=Closing(organ=organ))
