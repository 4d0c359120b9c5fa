"""Report metadata: format version (spec §3), reporting unit and report year (spec §7.3)."""

from __future__ import annotations

import datetime as dt
import re

from assistant.core.report import UnitProfile
from assistant.core.textpatterns import TITLE_TAIL, years_in
from assistant.core.unitname import UNIT_RE, level_of, organ_for, split_admin, strip_organ

# Words that only the 2019 trial layout (国办公开办函〔2019〕60号) uses.
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                 "第二十条第（九）项", "政府集中采购", "采购总金额", "其他对外管理服务事项")
_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")


def detect_format(text: str) -> str:
    """ "2019" if the text uses the 2019 trial table wording, else "2021"."""
    compact = re.sub(r"\s+", "", text)
    hits_2019 = sum(m in compact for m in _MARKERS_2019)
    hits_2021 = sum(m in compact for m in _MARKERS_2021)
    if re.search(r"(?<!行政)规范性文件", compact) and "行政规范性文件" not in compact:
        hits_2019 += 1
    return "2019" if hits_2019 > hits_2021 else "2021"


def _organ_from_text(text: str, short: str) -> str:
    if not short:
        return ""
    m = re.search(rf"{re.escape(short)}(人民政府|街道办事处|办事处)", text)
    return short + m.group(1) if m else ""


NAME_SOURCE_MAX = 200  # characters of a title or 落款 line read for the unit's name


def unit_profile(title: str, closing_organ: str, text: str) -> UnitProfile:
    """The reporting unit from the title, the 落款 and (for the full organ name) the text."""
    title, closing_organ = title[:NAME_SOURCE_MAX], closing_organ[:NAME_SOURCE_MAX]  # never a 1M-character name
    from_title = TITLE_TAIL.sub("", re.sub(r"\s+", "", title))
    candidates = [c for c in (from_title, closing_organ) if UNIT_RE.search(strip_organ(c))]
    best = max(candidates, key=len) if candidates else ""
    province, city, county, short = split_admin(best)
    for other in candidates:  # the title may name divisions the longer 落款 leaves out, or the reverse
        more = split_admin(other)
        if more[3] == short:
            province, city, county = province or more[0], city or more[1], county or more[2]
    organ = closing_organ if closing_organ.endswith(("人民政府", "办事处")) else ""
    if not organ and best.endswith(("人民政府", "办事处")):
        organ = best
    organ = organ or _organ_from_text(text, short)
    organ = organ or organ_for(short)
    return UnitProfile(organ_name=organ, short_name=short, level=level_of(short),  # type: ignore[arg-type]
                       county=county, city=city, province=province)


def infer_year(title: str, preamble: str, body: str, closing_date: dt.date | None) -> tuple[int | None, str]:
    """Report year by the spec §7.3 order; returns (year, "title"|"period"|"text"|"closing"|"")."""
    in_title = years_in(title)
    if in_title:
        return in_title[0], "title"
    m = re.search(r"统计期限[^。\d]{0,6}((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日", preamble + "\n" + body)
    if m:
        return int(m.group(1)), "period"
    m = re.search(r"((?:19|20)\d{2})\s*年(?:以来|[，,]\s*(?:我|全))", body)
    if m:
        return int(m.group(1)), "text"
    if closing_date:
        return closing_date.year - 1, "closing"
    return None, ""
