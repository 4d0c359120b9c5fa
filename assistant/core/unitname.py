"""Township unit names in one place: level, short name, administrative prefix, organ name, title, self-reference.

A reporting unit is written many ways — 青禾镇, 青禾镇政府, 临溪县青禾镇人民政府, 青禾街道办, 青禾街道办事处 —
and every part of the project (ingest, drafting, checks, export) must read them the same way. These are
pure string functions; this module imports only the standard library and ``assistant.core.labels`` so that
``ingest/`` may use it too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.core.labels import LEVELS
from assistant.core.textpatterns import TITLE_ENDING

if TYPE_CHECKING:
    from assistant.core.report import UnitProfile


# Organ suffixes, longest first, each with the part that stays in the short name (街道办事处 keeps 街道).
_ORGAN_SUFFIXES = (("街道办事处", "街道"), ("人民政府", ""), ("街道办", "街道"), ("办事处", ""), ("政府", ""))
_LEVEL_BY_ORGAN = re.compile(r"(街道|乡|镇)(?:人民政府|办事处|政府)")
_ADMIN = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗)(?![市县区旗盟州省]))")
UNIT_RE = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:街道|镇|乡)")
_PROVINCE_END = ("省", "自治区", "特别行政区")
_CITY_END = ("市", "州", "盟", "地区", "自治州")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")  # province level, though they end in 市
_STEM_END = re.compile(r"(?:街道|乡|镇|自治州|自治县|县|市|区|省|州)$")

# A unit name as it may appear in running text (参考青禾镇政府的写法): short name plus an optional organ suffix.
UNIT_IN_TEXT = r"[\u4e00-\u9fff]{1,12}?(?:街道|乡|镇)(?:人民政府|办事处|办|政府)?"

# 我镇 / 本乡 / 全街道: the level word must not start a compound (乡镇, 镇村, 镇长, 乡级; 乡村 is fine), and 全 must not end
# a word (健全, 安全, 完全 …). 我镇政府 / 我镇党委 are kept: a 乡 report saying 我镇政府 was copied.
SELF_REF = re.compile(r"(?:我|本|(?<![健安完齐周保成万顾])全)(街道|乡|镇)(?!镇|乡(?!村)|长|村|级)")
_SELF_REF_MIXED = re.compile(r"我(?:镇乡(?!村)|乡镇)")  # 我镇乡村振兴 is 我镇 + 乡村


def strip_organ(name: str) -> str:
    """``name`` without its organ suffix (人民政府/政府/办事处/街道办/街道办事处); the admin prefix stays."""
    name = "".join(name.split())
    for suffix, keep in _ORGAN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + keep
    return name


def level_of(name: str) -> str | None:
    """乡 / 镇 / 街道 of a unit name, or None when the name does not say.

    Tolerant of organ suffixes (青禾镇政府 → 镇, 青禾街道办 → 街道, 某某办事处 → 街道) and of words after the
    organ (青禾镇人民政府关于… → 镇).
    """
    core = strip_organ(name)
    for level in ("街道", "乡", "镇"):
        if core.endswith(level):
            return level
    compact = "".join(name.split())
    if compact.endswith("办事处"):
        return "街道"
    found = _LEVEL_BY_ORGAN.findall(compact)
    return found[-1] if found else None


def split_admin(name: str) -> tuple[str, str, str, str]:
    """Split "沈阳市辽中区肖寨门镇" into (province, city, county, short name) — empty where not stated.

    The division right above a township is county level (县、县级市、区、旗), so the last
    division before the unit is the county even when it ends in 市 (e.g. 虎林市).
    """
    rest = strip_organ(name)
    parts: list[str] = []
    while m := _ADMIN.match(rest):
        after = rest[m.end():]
        # Keep a division only if a real unit name is left after it (not "新市镇" → "新市" + "镇").
        if not (UNIT_RE.fullmatch(after) or _ADMIN.match(after)):
            break
        parts.append(m.group(1))
        rest = after
    province = city = county = ""
    if parts and not parts[-1].endswith(_PROVINCE_END) and parts[-1] not in _MUNICIPALITIES:
        county = parts.pop()
    for part in parts:
        if part.endswith(_PROVINCE_END) or part in _MUNICIPALITIES:
            province = part
        elif part.endswith(_CITY_END):
            city = part
    return province, city, county, rest


def short_name(name: str) -> str:
    """The short name (简称): 临溪县青禾镇人民政府 → 青禾镇, 青禾街道办 → 青禾街道."""
    return split_admin(name)[3]


def stem(name: str) -> str:
    """A name without organ and level/division suffix (青禾镇 → 青禾, 临溪县 → 临溪); "" when under two characters."""
    core = _STEM_END.sub("", strip_organ(name))
    return core if len(core) >= 2 else ""


def organ_for(short: str, level: str | None = None) -> str:
    """The organ (机关全称) of a unit: 镇/乡 → …人民政府, 街道 → …办事处; "" for an empty name.

    ``level`` defaults to the level the name itself shows.
    """
    if not short:
        return ""
    level = level or level_of(short)
    return short + ("办事处" if level == "街道" else "人民政府")


def organ_name(name: str, level: str | None = None) -> str:
    """The organ for a typed unit name: kept as written when already correct for its level
    (虎林市阿北乡人民政府, 转塘街道办事处), else built from the short name (青禾镇政府 → 青禾镇人民政府,
    青禾街道办 → 青禾街道办事处, 临溪县青禾镇 → 青禾镇人民政府)."""
    name = "".join(name.split())
    level = level or level_of(name)
    core = strip_organ(name)
    if level and core.endswith(level) and name == organ_for(core, level):
        return name
    return organ_for(short_name(name), level)


def normalise_organ(name: str) -> str:
    """The organ with its suffix set right for its level, admin prefix kept (青禾街道政府 → 青禾街道办事处,
    某某县青山镇 → 某某县青山镇人民政府); a name that does not end in a unit (…党政办公室) is returned as is."""
    name = "".join(name.split())
    core = strip_organ(name)
    level = next((lv for lv in LEVELS if core.endswith(lv)), None)
    return organ_for(core, level) if level else name


def canonical_title(organ: str, year: int | str | None) -> str:
    """``{organ}{year}年政府信息公开工作年度报告``; a missing year is written YYYY."""
    return f"{organ}{year or 'YYYY'}年{TITLE_ENDING}"


def title_for(profile: UnitProfile) -> str:
    """The canonical title of a profile's report (organ built from the short name when not given)."""
    organ = profile.organ_name or organ_for(profile.short_name, profile.level)
    return canonical_title(organ, profile.report_year)


def self_names(level: str | None, unit: str = "") -> tuple[str, str]:
    """(我X, 本X) for a level (街道 → 我街道/本街道); unknown level: from ``unit``, else (我单位, 本单位)."""
    level = level or level_of(unit)
    if level is None:
        return "我单位", "本单位"
    return f"我{level}", f"本{level}"


def wrong_self_refs(text: str, level: str | None) -> list[tuple[int, int, str]]:
    """(start, end, written) of self-references in ``text`` that do not fit a ``level`` report.

    Flags 我镇/本镇/全镇 (also 我镇政府) in a 乡 report and so on, and the mixed 我乡镇/我镇乡 whatever the
    level; with ``level`` None only the mixed forms. 乡镇, 镇村, 城镇, 全县各乡镇 are not self-references.
    """
    hits = [(m.start(), m.end(), m.group(0)) for m in _SELF_REF_MIXED.finditer(text)]
    if level in LEVELS:
        hits += [(m.start(), m.end(), m.group(0)) for m in SELF_REF.finditer(text) if m.group(1) != level]
    return sorted(hits)


def is_mixed_self_ref(written: str) -> bool:
    """True for 我乡镇/我镇乡, which fit no level (no single replacement to suggest)."""
    return bool(_SELF_REF_MIXED.fullmatch(written))
