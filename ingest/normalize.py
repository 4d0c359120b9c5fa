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
_SPACES = str.maketrans({"\xa0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u200b": "", "\ufeff": ""})
# A wrapped header cell ("商业" / "企业") or a value pushed to its own line ("\t" / "0", seed 004).
_MAX_WRAP = 6


def strip_markers(text: str) -> str:
    """Remove ``[bookmark: …]`` and ``[image: …]`` artifacts."""
    return _MARKER.sub("", text)


def normalize_spaces(line: str) -> str:
    """Map NBSP, ideographic and other odd spaces to plain spaces (tabs are kept)."""
    return line.translate(_SPACES)


def collapse_label_spaces(cell: str) -> str:
    """Remove spaces between CJK characters inside a label ("结 果 维 持" → "结果维持")."""
    return re.sub(r"(?<=[\u4e00-\u9fff\uff08\uff09()])\s+(?=[\u4e00-\u9fff\uff08\uff09()])", "", cell.strip())


def _is_wrap_tail(prev: str, line: str) -> bool:
    """True if ``line`` is the wrapped rest of the tab cell on ``prev``."""
    if "\t" not in prev or "\t" in line:
        return False
    body = line.strip()
    if not body or len(body) > _MAX_WRAP or HEADING_START.match(body):
        return False
    last = prev.rsplit("\t", 1)[1].strip()
    if re.fullmatch(r"[\d.]+", body):  # a value pushed below its empty cell (seed 004)
        return last == ""
    # A header word wrapped inside its cell ("商业" / "企业"); never text after a value or a sentence.
    return bool(last) and not re.search(r"[\d。，；：]", last) and not re.search(r"[。，；：]", body)


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
    line = normalize_spaces(line)
    if "\t" in line:
        return "\t".join(collapse_label_spaces(c) for c in line.split("\t"))
    return line.strip()


def normalize_text(text: str) -> str:
    """Normalise a whole report text: markers, control characters, spaces, wrapped cells; keep tabs and
    line structure."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = strip_controls(strip_markers(text))
    lines = [_clean_line(raw) for raw in text.split("\n")]
    return "\n".join(join_wrapped_cells(lines))


def core_label(label: str) -> str:
    """Canonical comparison form of a table label: no spaces, brackets, quotes or numbering.

    "（二） 部分公开（区分处理的…）" → "部分公开区分处理的…"; "1. 属于国家秘密" → "属于国家秘密".
    """
    s = re.sub(r"\s+", "", label)
    s = re.sub(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）]?[、.．]?", "", s)
    s = re.sub(r"[（()）\[\]【】“”\"'‘’「」：:，,。、；;]", "", s)
    return s


def numbering(label: str) -> str:
    """The numbering prefix of a label ("3.其他" → "3", "（七）总计" → "七"), or ""."""
    m = re.match(r"^\s*(?:[（(]\s*([一二三四五六七八九十\d]{1,3})\s*[)）]|([一二三四五六七八九十\d]{1,3})\s*[、.．])", label)
    if not m:
        return ""
    return m.group(1) or m.group(2)
