"""Text patterns every part of nianbao reads reports with: one home each, so the parser, the checker and the
draft guard never disagree about what a year, a date, a 文号, a numeral, an enumerator or a sentence is.

Unit names and self-references (我镇/本街道) live beside the other unit-name functions in
``assistant.core.unitname``. tests/test_textpatterns.py feeds the same strings to every user of a pattern.
"""

from __future__ import annotations

import datetime as dt
import re

# ------------------------------------------------------------------------------------------------ years
# The look-ahead changes no match (the year starts with 1 or 2 anyway) but lets a pattern that starts with a year
# skip the other characters without trying the look-behind at each: 1.3–2× quicker scans of a report.
YEAR = r"(?=[12])(?<!\d)((?:19|20)\d{2})(?!\d)"
# A year written as a year ("2024年", also inside "（2024年）"); a 文号's bracketed year has no 年.
YEAR_RE = re.compile(YEAR + r"(?=\s*年)")
YEAR_WITH_NIAN = re.compile(YEAR + r"\s*年")

# ------------------------------------------------------------------------------------------------ dates
DATE_RE = re.compile(YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_LOOSE = re.compile(r"(\d{4})[年\-./](\d{1,2})[月\-./](\d{1,2})日?")
_DATE_CN = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def years_in(text: str) -> list[int]:
    """Every year written as a year (``2024年``) in ``text``, in order."""
    return [int(m.group(1)) for m in YEAR_RE.finditer(text)]


def parse_date(text: str) -> dt.date | None:
    """A date written as 2023年1月5日, 2023-01-05, 2023.1.5 or 二〇二三年一月五日, else None."""
    s = re.sub(r"\s+", "", text)
    m = _DATE_LOOSE.search(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DATE_CN.search(s)
        if not m:
            return None
        y = int("".join(str(CN_DIGITS[c]) for c in m.group(1)))
        mo, d = cn_to_int(m.group(2)) or 0, cn_to_int(m.group(3)) or 0
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def format_date(date: dt.date) -> str:
    """年月日 as written in a 公文: 2025年1月20日."""
    return f"{date.year}年{date.month}月{date.day}日"


def format_moment(stamp: str) -> str:
    """A stored time stamp (ISO, ``2026-12-01T06:22:57``) as a person reads it: 2026年12月1日 06:22.
    Anything that is not an ISO time stamp comes back unchanged."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    return f"{format_date(moment.date())} {moment:%H:%M}"


# ------------------------------------------------------------------------------------------------ 文号
# A 文号 is an organ's abbreviation, the year in 六角括号 〔〕 and a serial number: 国办发〔2019〕60号.
DOC_NO = re.compile(r"〔\s*(\d{4})\s*〕\s*(\d+)\s*号")
# The common slip: the year in other brackets, right after the organ's abbreviation (依据（2021）30号 too).
DOC_NO_WRONG = re.compile(r"(?<=[\u4e00-\u9fff])\s*([【\[［(（])\s*(\d{4})\s*([】\]］)）])\s*(\d+)\s*号")

# ------------------------------------------------------------------------------------------------ numerals
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"
ORDINAL_CN = "[一二三四五六七八九十]+"


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral up to the 万 place (三十五 → 35, 两万 → 20000); None if not one."""
    if not text:
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


# ------------------------------------------------------------------------------------------------ enumerators
# An item's ordinal: 一是 / 第一， / （一） / (1) / 1. / 1、 / ①.
ENUMERATOR = (rf"(?:{ORDINAL_CN}是|第{ORDINAL_CN}[是，,、]?|[（(]\s*[一二三四五六七八九十\d]{{1,3}}\s*[)）]"
              r"|\d{1,2}\s*[、.．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])")
ENUMERATOR_START = re.compile(r"^\s*" + ENUMERATOR + r"\s*[，,、]?\s*")
# Where a run-on list starts its next item: at the start, or after a sentence or clause end.
ENUMERATOR_SPLIT = re.compile(r"(?:(?<=^)|(?<=[。；;：:\n\s]))\s*(?=" + ENUMERATOR + ")")


def strip_enumerator(text: str) -> str:
    """``text`` without its leading ordinal (一是加强… → 加强…), so numbering is never doubled."""
    previous = None
    while previous != text:  # "1. 一是…" carries two
        previous, text = text, ENUMERATOR_START.sub("", text, count=1)
    return text.strip()


# ------------------------------------------------------------------------------------------------ sentences
SENTENCE_ENDS = "。！？；!?;"
SENTENCE_SPLIT = re.compile(f"[{SENTENCE_ENDS}\n]")
_AFTER_SENTENCE_END = re.compile(f"(?<=[{SENTENCE_ENDS}])")


def sentences(text: str) -> list[str]:
    """The sentences (and clauses ended by ；) of ``text``, without their end marks, stripped, non-empty."""
    return [s.strip() for s in SENTENCE_SPLIT.split(text) if s.strip()]


def sentences_kept(text: str) -> list[str]:
    """The sentences of ``text`` with their end marks kept (for re-joining): split after 。！？；."""
    return [s for s in _AFTER_SENTENCE_END.split(text) if s]


# ------------------------------------------------------------------------------------------------ headings
# The number of a section heading: 一、 五. 5、 (sub-headings are enumerators: （一）).
HEADING_NUMBER = r"(?:[一二三四五六七八九十]+|\d+)"
HEADING_START = re.compile(r"^\s*" + HEADING_NUMBER + r"\s*[、.．]")

# ------------------------------------------------------------------------------------------------ titles
TITLE_ENDING = "政府信息公开工作年度报告"
# Everything from the year or 政府信息公开 on, to leave the unit's name at the front of a title.
TITLE_TAIL = re.compile(r"(?:\d{4}\s*年(?:度)?)?\s*(?:政府|政务)?信息公开.*$")

# ------------------------------------------------------------------------------------------------ statistical period
# The 统计期限 as reports write it: "统计期限为2023年1月1日至12月31日", "自2023年1月1日起至2023年12月31日止",
# "2023年1月1日—2023年12月31日", "统计期限为2023年度", "数据统计截至2023年12月31日".
_TO = r"\s*(?:起\s*)?(?:至|到|—+|-|－|~|～)\s*"
# The look-ahead does for the optional 自 what YEAR's own does for the year (3× quicker scans).
PERIOD_SPAN = re.compile(r"(?=[自12])(?:自\s*)?" + YEAR + r"\s*年\s*1\s*月\s*1\s*日" + _TO
                         + r"(?:" + YEAR + r"\s*年\s*)?12\s*月\s*31\s*日\s*止?")
PERIOD_WHOLE_YEAR = re.compile(r"统计(?:期限|期间|时限|时间|区间|周期)\s*(?:为|是|：|:)?\s*" + YEAR
                               + r"\s*(?:年度|年(?!\s*\d))")
PERIOD_UNTIL = re.compile(r"(?:统计|数据)[^。；;\d]{0,8}?截[至止](?:到)?\s*" + YEAR + r"\s*年\s*12\s*月\s*31\s*日")


def period_years(text: str) -> list[tuple[int, int, int, int | None]]:
    """Every statistical period in ``text`` as (start, end, first year, last year or None), in order.

    A span gives both years (the second may be left out: "2023年1月1日至12月31日"); "统计期限为2023年度" and
    "数据统计截至2023年12月31日" give one.
    """
    found: list[tuple[int, int, int, int | None]] = []
    taken: list[tuple[int, int]] = []
    for m in PERIOD_SPAN.finditer(text):
        found.append((m.start(), m.end(), int(m.group(1)), int(m.group(2)) if m.group(2) else None))
        taken.append((m.start(), m.end()))
    for pattern in (PERIOD_WHOLE_YEAR, PERIOD_UNTIL):
        for m in pattern.finditer(text):
            if not any(a <= m.start(1) < b for a, b in taken):
                found.append((m.start(), m.end(), int(m.group(1)), None))
    return sorted(found)
