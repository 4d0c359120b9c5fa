"""Split a normalised report text into title, preamble, the six sections and the closing (落款).

Tolerates the variants seen in real reports: "5、" for 五、 (seeds 000/003), 政务信息 for 政府信息
(seed 000), a heading run into the end of the previous paragraph (seed 003), and mixed sub-heading
numbering such as "（1）" beside "（三）" (seed 004).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.core.labels import SECTION_KEYS, SECTION_TITLES
from assistant.core.textpatterns import parse_date

_NUM = r"(?:[一二三四五六七八九十]|[1-9])"
_HEADING = re.compile(rf"^\s*(?P<num>{_NUM})\s*(?:[、.．]|\s)\s*(?P<body>\S.{{1,34}}?)\s*[。：:]?\s*$")
# Heading bodies without their numbering, as canonical text and a tolerant pattern.
_BODIES = {key: SECTION_TITLES[key].split("、", 1)[1] for key in SECTION_KEYS}
# The 2021 and 2019 headings and the variants real reports write (工作基本情况, 政府信息公开工作的基本概况,
# 依申请公开政府信息情况, 因政府信息公开申请行政复议、提起行政诉讼的情况 …). Each pattern matches the heading's
# body from its start, and its end is where a heading run into its paragraph stops.
_GOV = r"(?:政府|政务)?"
_PATTERNS = {
    "overview": re.compile(rf"^(?:{_GOV}信息公开(?:工作)?的?)?(?:工作)?(?:总体|基本|整体)?(?:情况|概况|概述)(?:综述)?"
                           r"|^(?:总体情况|概述|概况|基本情况|工作概况|工作基本情况|总体工作情况)"),
    "active": re.compile(rf"^主动公开{_GOV}信息(?:工作)?的?(?:情况|工作情况)|^主动公开(?:工作)?情况"),
    "requests": re.compile(rf"^(?:收到和处理|受理和处理|收到与处理){_GOV}信息公开申请(?:的)?(?:情况|办理情况)"
                           rf"|^依申请公开{_GOV}信息(?:的)?情况|^{_GOV}信息公开申请(?:的)?(?:办理|受理|处理)情况"),
    "review_litigation": re.compile(rf"^(?:因)?{_GOV}(?:信息公开)?(?:的)?(?:申请)?(?:提起)?行政复议[、和及与]?(?:提起)?"
                                    r"行政诉讼(?:的)?(?:情况)?"),
    "problems": re.compile(rf"^(?:{_GOV}信息公开(?:工作)?)?存在的?(?:主要)?问题(?:及|和|与)(?:其)?(?:改进|整改)"
                           r"(?:情况|措施|计划|方向)?"),
    "other": re.compile(r"^其他需要?报告的(?:事项|情况)"),
}
_ORDINAL = {key: i + 1 for i, key in enumerate(SECTION_KEYS)}
_CN_NUM = "一二三四五六七八九十"
_PREAMBLE_HEADING = re.compile(r"^\s*(?:引\s*言|前\s*言|导\s*语)\s*[:：]?\s*$")
_RUNIN = re.compile(rf"(?:(?<=^)|(?<=[。；！？!?：:\s]))\s*(?P<num>{_NUM})\s*[、.．]\s*")
_TITLE_WORDS = re.compile(r"(?:信息公开|政务公开).{0,12}(?:报告|年报)|年度报告|工作年报")
_TITLE_HEAD = re.compile(r"^(?:\d{4}\s*年度?|(?:政府|政务)?信息公开|工作年度报告|年度报告)")
_UNIT_LINE = re.compile(r"^\S{2,30}(?:人民政府|政府|办事处|街道办|街道|镇|乡)$")
_ORGAN = re.compile(r"^\S{2,30}(?:人民政府|政府|办事处|街道办|委员会)$")
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"[-—\d\s]{1,4}")
# What every _RUNIN match holds: a section number, then (after spaces) its separator. Lines without one skip
# the look-behind scan.
_RUNIN_HINT = re.compile(rf"{_NUM}\s*[、.．]")


@dataclass
class Split:
    """The pieces of a report text (lines keep tabs; tables are still inside section lines)."""

    title: str = ""
    preamble: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)
    section_keys: list[str] = field(default_factory=list)
    closing_organ: str = ""
    closing_date: dt.date | None = None
    closing_date_text: str = ""
    preamble_heading: str = ""  # "引 言" written as a heading of its own, as written
    before_title: list[str] = field(default_factory=list)  # a site's menus and banners above the title


def _number_fits(num: str, key: str) -> bool:
    """An Arabic number must be the section's own (so "2.依申请公开情况" inside 一 is no heading)."""
    return num in _CN_NUM or int(num) == _ORDINAL[key]


def _body_key(body: str) -> tuple[str | None, int]:
    """(section key, length of the heading) when ``body`` starts with a section heading's wording."""
    compact = _SPACE.sub("", body)
    for key, pattern in _PATTERNS.items():
        m = pattern.match(compact)
        if m:
            return key, _written_length(body, m.end())
    return None, 0


def _written_length(body: str, compact_len: int) -> int:
    """How many characters of ``body`` (spaces included) hold its first ``compact_len`` non-space ones."""
    seen = 0
    for i, ch in enumerate(body):
        if seen == compact_len:
            return i
        if not ch.isspace():
            seen += 1
    return len(body)


@lru_cache(maxsize=8192)
def heading_key(line: str) -> str | None:
    """The section key if ``line`` is one of the six section headings (as written, tolerant). Memoised: the
    splitter asks twice per line, and the same lines recur across reports."""
    if "\t" in line:
        return None
    m = _HEADING.match(line)
    if not m:
        return None
    body = _SPACE.sub("", m.group("body"))
    key, length = _body_key(body)
    if key and len(body) - length <= 6 and _number_fits(m.group("num"), key):
        return key
    for key, canonical in _BODIES.items():
        if len(body) <= len(canonical) + 4 and SequenceMatcher(None, body, canonical).ratio() >= 0.8:
            return key if _number_fits(m.group("num"), key) else None
    return None


def _split_line(line: str) -> list[str]:
    """A line holding headings run into its text, split into paragraph, heading, paragraph …"""
    if "\t" in line or not _RUNIN_HINT.search(line) or heading_key(line):
        return [line]
    pieces: list[str] = []
    start = 0
    for m in _RUNIN.finditer(line):
        if m.start() < start:
            continue
        key, length = _body_key(line[m.end():])
        if not key or not _number_fits(m.group("num"), key):
            continue
        pieces.append(line[start:m.start()])
        end = m.end() + length
        pieces.append(line[m.start():end])
        start = end
        while start < len(line) and line[start] in "。：: ":
            start += 1
    pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()] if len(pieces) > 1 else [line]


def split_runin_headings(lines: list[str]) -> list[str]:
    """Put section headings run into a paragraph (before or after its text) onto their own lines."""
    return [piece for line in lines for piece in _split_line(line)]


def _title_span(lines: list[str]) -> tuple[int, int]:
    """(first, end) indexes of the title lines among the leading lines; (0, 0) when there is no title.

    A title may be split over two or three lines ("某某镇人民政府" / "2023年政府信息公开工作年度报告").
    """
    leading = [i for i, line in enumerate(lines[:40]) if line.strip()][:8]
    for n, i in enumerate(leading):
        body = _SPACE.sub("", lines[i])
        if heading_key(lines[i]) or _PREAMBLE_HEADING.match(lines[i]):
            break
        if "。" in body or len(body) > 70 or not _TITLE_WORDS.search(body + _next(lines, leading, n)):
            continue
        first, end = i, i + 1
        if n > 0 and _TITLE_HEAD.match(body) and _UNIT_LINE.match(_SPACE.sub("", lines[leading[n - 1]])):
            first = leading[n - 1]
        if not _TITLE_WORDS.search(body) and n + 1 < len(leading):
            end = leading[n + 1] + 1
        return first, end
    return 0, 0


def _next(lines: list[str], leading: list[int], n: int) -> str:
    """The next leading line, when it carries only the rest of a title ("工作年度报告")."""
    if n + 1 >= len(leading):
        return ""
    body = _SPACE.sub("", lines[leading[n + 1]])
    return body if len(body) <= 12 and "。" not in body and _TITLE_WORDS.search(body) else ""


def _take_closing(lines: list[str], split: Split) -> list[str]:
    """Remove the 落款 (organ, date) and a stray page number from the end of the last section."""
    end = len(lines)
    while end > 0:
        body = lines[end - 1].strip()
        if not body or _PAGE_NUMBER.fullmatch(body):
            end -= 1
        elif not split.closing_date and len(body) <= 20 and parse_date(body):
            split.closing_date, split.closing_date_text = parse_date(body), body
            end -= 1
        elif not split.closing_organ and _ORGAN.match(body.replace(" ", "")):
            split.closing_organ = body.replace(" ", "")
            end -= 1
        else:
            break
    return lines[:end]


def split_report(text: str) -> Split:
    """Split normalised text into title, preamble, sections (key → lines) and closing."""
    lines = split_runin_headings(text.split("\n"))
    split = Split()
    first, end = _title_span(lines)
    if end:
        split.title = "".join(line.strip() for line in lines[first:end] if line.strip())
        split.before_title = [line.strip() for line in lines[:first] if line.strip()]
        lines = lines[end:]
    current: list[str] | None = None
    for line in lines:
        key = heading_key(line)
        if key and key not in split.sections:
            split.headings.append(line.strip())
            split.section_keys.append(key)
            current = split.sections[key] = []
        elif current is None:
            if _PREAMBLE_HEADING.match(line):
                split.preamble_heading = line.strip()
            elif line.strip():
                split.preamble.append(line.strip())
        else:
            current.append(line)
    if split.section_keys:
        last = split.section_keys[-1]
        split.sections[last] = _take_closing(split.sections[last], split)
    return split


_SUBHEAD = re.compile(r"^\s*(?:[（(]\s*(?:[一二三四五六七八九十]|\d)\s*[)）]|\d{1,2}\s*[、.．](?!\d)|[一二三四五六七八九十]是)"
                      r"\s*(?P<head>[^。：:，,]{2,30})(?P<rest>[。：:，,].*)?$")
# Order matters: "依申请公开" also contains 公开, "平台建设" may mention 管理.
_SUBPART_WORDS = (
    ("requests", ("依申请", "申请公开", "依法申请")),
    ("platform", ("平台",)),
    ("supervision", ("监督", "保障")),
    ("management", ("管理",)),
    ("active", ("主动公开",)),
)


def subpart_key(line: str) -> str | None:
    """The 一、总体情况 sub-part key of a sub-heading line such as "（1） 主动公开情况", else None."""
    m = _SUBHEAD.match(line)
    if not m or "\t" in line:
        return None
    head = m.group("head")
    for key, words in _SUBPART_WORDS:
        if any(w in head for w in words):
            return key
    return None


def overview_subparts(text: str) -> dict[str, str]:
    """Split 一、总体情况 text into its sub-parts (active/requests/management/platform/supervision).

    Text before the first recognised sub-heading is returned under the key "" (omitted when empty).
    A sub-heading that carries its text on the same line ("（一）主动公开。本年度…") keeps that text.
    """
    parts: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.split("\n"):
        key = subpart_key(line)
        if key and key not in parts:
            current = key
            parts[key] = []
            head_match = _SUBHEAD.match(line)
            rest = ((head_match.group("rest") if head_match else "") or "").lstrip("。：: ")
            if rest:
                parts[key].append(rest)
        elif line.strip():
            parts[current].append(line.strip())
    return {k: "\n".join(v) for k, v in parts.items() if v or k}
