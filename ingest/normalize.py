"""Text normalisation before sectioning (spec §7.1).

Every parser produces plain text in one shape: paragraphs as lines, table rows as
tab-separated lines (or, in Word's own plain-text export, one ``\\t``-prefixed cell per line).
This module cleans the artifacts seen in real reports so one section splitter and one table
extractor serve all formats.
"""

from __future__ import annotations

import re

from assistant.core.controlchars import strip_controls
from assistant.core.textpatterns import HEADING_START

# Word's plain-text export leaves these markers in place of bookmarks and pictures (seeds 000/001/004).
_MARKER = re.compile(r"\[(?:bookmark|image):[^\]]*\]")
# NBSP, ideographic, en and em spaces become plain spaces; zero-width spaces and BOMs go. (Two regex passes
# over the whole text: ``str.translate`` with a mapping looked up every character in a dict, per line.)
_ODD_SPACE = re.compile("[\xa0\u3000\u2002\u2003]")
_ZERO_WIDTH = re.compile("[\u200b\ufeff]")
# Spaces between CJK characters (or brackets) inside a table label.
_LABEL_GAP = re.compile(r"(?<=[\u4e00-\u9fff\uff08\uff09()])\s+(?=[\u4e00-\u9fff\uff08\uff09()])")
_NUMBER_ONLY = re.compile(r"[\d.]+")
_DIGIT_OR_STOP = re.compile(r"[\d。，；：]")
_STOP = re.compile(r"[。，；：]")
_SPACE_NOT_TAB = re.compile(r"[^\S\t]")
# Table labels: spaces, a leading numbering, brackets and punctuation (core_label); the numbering (numbering).
_SPACE = re.compile(r"\s+")
_LEAD_NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）]?[、.．]?")
_LABEL_PUNCT = re.compile(r"[（()）\[\]【】“”\"'‘’「」：:，,。、；;]")
_NUMBERING = re.compile(r"^\s*(?:[（(]\s*([一二三四五六七八九十\d]{1,3})\s*[)）]|([一二三四五六七八九十\d]{1,3})\s*[、.．])")
# A wrapped header cell ("商业" / "企业") or a value pushed to its own line ("\t" / "0", seed 004).
_MAX_WRAP = 6


def strip_markers(text: str) -> str:
    """Remove ``[bookmark: …]`` and ``[image: …]`` artifacts."""
    return _MARKER.sub("", text)


def normalize_spaces(line: str) -> str:
    """Map NBSP, ideographic and other odd spaces to plain spaces, drop zero-width ones (tabs are kept)."""
    return _ZERO_WIDTH.sub("", _ODD_SPACE.sub(" ", line))


def collapse_label_spaces(cell: str) -> str:
    """Remove spaces between CJK characters inside a label ("结 果 维 持" → "结果维持")."""
    return _LABEL_GAP.sub("", cell.strip())


def _is_wrap_tail(prev: str, line: str) -> bool:
    """True if ``line`` is the wrapped rest of the tab cell on ``prev``."""
    if "\t" not in prev or "\t" in line:
        return False
    body = line.strip()
    if not body or len(body) > _MAX_WRAP or HEADING_START.match(body):
        return False
    last = prev.rsplit("\t", 1)[1].strip()
    if _NUMBER_ONLY.fullmatch(body):  # a value pushed below its empty cell (seed 004)
        return last == ""
    # A header word wrapped inside its cell ("商业" / "企业"); never text after a value or a sentence.
    return bool(last) and not _DIGIT_OR_STOP.search(last) and not _STOP.search(body)


def join_wrapped_cells(lines: list[str]) -> list[str]:
    """Join a short tab-less line onto the tab line before it ("\\t商业"+"企业", "\\t"+"0")."""
    out: list[str] = []
    for line in lines:
        if out and _is_wrap_tail(out[-1], line):
            out[-1] = out[-1].rstrip(" ") + line.strip()
        else:
            out.append(line)
    return out


def _clean_line(line: str) -> str:
    if "\t" in line:
        if not _SPACE_NOT_TAB.search(line):
            return line  # no space to strip or collapse in any cell (most table rows)
        return "\t".join(collapse_label_spaces(c) for c in line.split("\t"))
    return line.strip()


def normalize_text(text: str) -> str:
    """Normalise a whole report text: markers, control characters, spaces, wrapped cells; keep tabs and
    line structure."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = normalize_spaces(strip_controls(strip_markers(text)))
    lines = [_clean_line(raw) for raw in text.split("\n")]
    return "\n".join(join_wrapped_cells(lines))


def core_label(label: str) -> str:
    """Canonical comparison form of a table label: no spaces, brackets, quotes or numbering.

    "（二） 部分公开（区分处理的…）" → "部分公开区分处理的…"; "1. 属于国家秘密" → "属于国家秘密".
    """
    return _LABEL_PUNCT.sub("", _LEAD_NUMBER.sub("", _SPACE.sub("", label)))


def numbering(label: str) -> str:
    """The numbering prefix of a label ("3.其他" → "3", "（七）总计" → "七"), or ""."""
    m = _NUMBERING.match(label)
    if not m:
        return ""
    return m.group(1) or m.group(2)
