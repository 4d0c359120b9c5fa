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

from assistant.core.labels import SECTION_KEYS, SECTION_TITLES
from assistant.core.textpatterns import parse_date

_NUM = r"(?:[一二三四五六七八九十]|[1-9])"
_HEADING = re.compile(rf"^\s*(?P<num>{_NUM})\s*[、.．]\s*(?P<body>\S.{{1,30}}?)\s*[。：:]?\s*$")
# Heading bodies without their numbering, as canonical text and a tolerant pattern.
_BODIES = {key: SECTION_TITLES[key].split("、", 1)[1] for key in SECTION_KEYS}
_PATTERNS = {
    "overview": re.compile(r"^(?:总体情况|概述|概况)"),
    "active": re.compile(r"^主动公开(?:政府|政务)?信息(?:的)?情况"),
    "requests": re.compile(r"^收到和处理(?:政府|政务)?信息公开申请(?:的)?情况"),
    "review_litigation": re.compile(r"^(?:政府|政务)?信息公开(?:的)?行政复议[、和及]?行政诉讼(?:的)?情况"),
    "problems": re.compile(r"^存在的?主要问题(?:及|和)改进(?:情况|措施)"),
    "other": re.compile(r"^其他需要报告的事项"),
}
_ORGAN = re.compile(r"^\S{2,30}(?:人民政府|政府|办事处|街道办|委员会)$")


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


def heading_key(line: str) -> str | None:
    """The section key if ``line`` is one of the six section headings (as written, tolerant)."""
    if "\t" in line:
        return None
    m = _HEADING.match(line)
    if not m:
        return None
    body = re.sub(r"\s+", "", m.group("body"))
    for key, pattern in _PATTERNS.items():
        if pattern.match(body):
            return key
    for key, canonical in _BODIES.items():
        if len(body) <= len(canonical) + 4 and SequenceMatcher(None, body, canonical).ratio() >= 0.8:
            return key
    return None


def split_runin_headings(lines: list[str]) -> list[str]:
    """Put a section heading that was run into the end of a paragraph onto its own line."""
    out: list[str] = []
    tail = re.compile(rf"^(?P<head>.*?[。；！？.])\s*(?P<heading>{_NUM}\s*、\s*\S{{4,24}})\s*$")
    for line in lines:
        m = tail.match(line) if "\t" not in line else None
        if m and heading_key(m.group("heading")):
            out += [m.group("head"), m.group("heading")]
        else:
            out.append(line)
    return out


def _take_closing(lines: list[str], split: Split) -> list[str]:
    """Remove the 落款 (organ, date) and a stray page number from the end of the last section."""
    end = len(lines)
    while end > 0:
        body = lines[end - 1].strip()
        if not body or re.fullmatch(r"[-—\d\s]{1,4}", body):
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


TITLE_MAX = 200  # characters; real titles are under 60


def split_report(text: str) -> Split:
    """Split normalised text into title, preamble, sections (key → lines) and closing."""
    lines = split_runin_headings(text.split("\n"))
    split = Split()
    current: list[str] | None = None
    for line in lines:
        if (not split.title and current is None and not split.preamble and line.strip()
                and len(line) <= TITLE_MAX and not heading_key(line)):
            split.title = line.strip()  # a longer first line is prose, not a title
            continue
        key = heading_key(line)
        if key and key not in split.sections:
            split.headings.append(line.strip())
            split.section_keys.append(key)
            current = split.sections[key] = []
        elif current is None:
            if line.strip():
                split.preamble.append(line.strip())
        else:
            current.append(line)
    if split.section_keys:
        last = split.section_keys[-1]
        split.sections[last] = _take_closing(split.sections[last], split)
    return split


_SUBHEAD = re.compile(r"^\s*[（(]\s*(?:[一二三四五六七八九十]|\d)\s*[)）]\s*(?P<head>[^。：:]{2,30})(?P<rest>[。：:].*)?$")
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
