"""Report metadata: format version (spec §3), reporting unit and report year (spec §7.3)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from assistant.report import UnitProfile

# Words that only the 2019 trial layout (国办公开办函〔2019〕60号) uses.
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                 "第二十条第（九）项", "政府集中采购", "采购总金额", "其他对外管理服务事项")
_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
_TITLE_TAIL = re.compile(r"(?:\d{4}\s*年(?:度)?)?\s*(?:政府|政务)?信息公开.*$")
_ADMIN = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗)(?![市县区旗盟州]))")
_UNIT = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:街道|镇|乡)")
_PROVINCE_END = ("省", "自治区", "特别行政区")
_CITY_END = ("市", "州", "盟", "地区", "自治州")


def detect_format(text: str) -> str:
    """ "2019" if the text uses the 2019 trial table wording, else "2021"."""
    compact = re.sub(r"\s+", "", text)
    hits_2019 = sum(m in compact for m in _MARKERS_2019)
    hits_2021 = sum(m in compact for m in _MARKERS_2021)
    if re.search(r"(?<!行政)规范性文件", compact) and "行政规范性文件" not in compact:
        hits_2019 += 1
    return "2019" if hits_2019 > hits_2021 else "2021"


def split_admin(name: str) -> tuple[str, str, str, str]:
    """Split "沈阳市辽中区肖寨门镇" into (province, city, county, unit) — empty where not stated.

    The division right above a township is county level (县、县级市、区、旗), so the last
    division before the unit is the county even when it ends in 市 (e.g. 虎林市).
    """
    rest = re.sub(r"(?:人民政府|政府|办事处)$", "", name)
    parts: list[str] = []
    while m := _ADMIN.match(rest):
        after = rest[m.end():]
        # Keep a division only if a real unit name is left after it (not "新市镇" → "新市" + "镇").
        if not (_UNIT.fullmatch(after) or _ADMIN.match(after)):
            break
        parts.append(m.group(1))
        rest = after
    province = city = county = ""
    if parts and not parts[-1].endswith(_PROVINCE_END):
        county = parts.pop()
    for part in parts:
        if part.endswith(_PROVINCE_END):
            province = part
        elif part.endswith(_CITY_END):
            city = part
    return province, city, county, rest


def _organ_from_text(text: str, short: str) -> str:
    if not short:
        return ""
    m = re.search(rf"{re.escape(short)}(人民政府|街道办事处|办事处)", text)
    return short + m.group(1) if m else ""


def _level(short: str) -> Optional[str]:
    for level in ("街道", "镇", "乡"):
        if short.endswith(level):
            return level
    return None


def unit_profile(title: str, closing_organ: str, text: str) -> UnitProfile:
    """The reporting unit from the title, the 落款 and (for the full organ name) the text."""
    from_title = _TITLE_TAIL.sub("", re.sub(r"\s+", "", title))
    candidates = [c for c in (from_title, closing_organ) if _UNIT.search(re.sub(r"(?:人民政府|政府|办事处)$", "", c))]
    best = max(candidates, key=len) if candidates else ""
    province, city, county, short = split_admin(best)
    organ = closing_organ if closing_organ.endswith(("人民政府", "办事处")) else ""
    if not organ and best.endswith(("人民政府", "办事处")):
        organ = best
    organ = organ or _organ_from_text(text, short)
    if not organ and short:
        organ = short + ("办事处" if short.endswith("街道") else "人民政府")
    return UnitProfile(organ_name=organ, short_name=short, level=_level(short),
                       county=county, city=city, province=province)


def infer_year(title: str, preamble: str, body: str, closing_date: Optional[dt.date]) -> tuple[Optional[int], str]:
    """Report year by the spec §7.3 order; returns (year, "title"|"period"|"text"|"closing"|"")."""
    m = re.search(r"((?:19|20)\d{2})\s*年", title)
    if m:
        return int(m.group(1)), "title"
    m = re.search(r"统计期限[^。\d]{0,6}((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日", preamble + "\n" + body)
    if m:
        return int(m.group(1)), "period"
    m = re.search(r"((?:19|20)\d{2})\s*年(?:以来|[，,]\s*(?:我|全))", body)
    if m:
        return int(m.group(1)), "text"
    if closing_date:
        return closing_date.year - 1, "closing"
    return None, ""
