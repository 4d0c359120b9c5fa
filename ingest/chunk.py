"""Cut a parsed report into paragraph-sized chunks for the library (tables are not chunked as text).

Chunks follow the report's structure: preamble, each section, and the 一、总体情况 sub-parts.
Very short paragraphs are merged (≥ MIN_CHARS), very long ones split at sentence ends (≤ MAX_CHARS).
Ids are derived from content, so re-importing the same report gives the same ids.
"""

from __future__ import annotations

import hashlib
from typing import Any

from assistant.core.labels import SECTION_KEYS
from assistant.core.passages import Chunk, ChunkMeta
from assistant.core.report import AnnualReport
from assistant.core.textpatterns import sentences_kept
from ingest.sections import overview_subparts

MIN_CHARS = 80
MAX_CHARS = 600


def split_long(paragraph: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Split a paragraph at sentence ends into pieces of at most ``max_chars`` (hard cut as a last resort)."""
    if len(paragraph) <= max_chars:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in sentences_kept(paragraph):
        while len(sentence) > max_chars:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        if len(current) + len(sentence) > max_chars:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def merge_short(paragraphs: list[str], min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS) -> list[str]:
    """Merge consecutive short paragraphs until each piece has at least ``min_chars``."""
    out: list[str] = []
    current = ""
    for para in paragraphs:
        if current and len(current) + len(para) + 1 > max_chars:
            out.append(current)
            current = ""
        current = f"{current}\n{para}" if current else para
        if len(current) >= min_chars:
            out.append(current)
            current = ""
    if current:
        if out and len(out[-1]) + len(current) + 1 <= max_chars:
            out[-1] = f"{out[-1]}\n{current}"
        else:
            out.append(current)
    return out


def paragraphs_of(text: str) -> list[str]:
    """Chunk texts of one section body: split long paragraphs, then merge short ones."""
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    return merge_short([piece for p in paras for piece in split_long(p)])


def chunk_id(report_id: str, section: str, subpart: str, paragraph: int, text: str) -> str:
    """Stable chunk id: the report id's first 16 hex digits, then 16 of the sha256 of report id, section,
    sub-part, paragraph index and text.

    The report's prefix keeps a report's chunks together in every index keyed by chunk id (ours and
    Chroma's): a write of 10,000 chunks then touches a page per report instead of a page per chunk, which in
    a library of 1M chunks is most of the cost of adding rows (an id that is all hash lands each row on a
    random page of an index as large as the library). Ids written before stay valid: an id is only ever
    compared, never parsed.
    """
    key = "\x1f".join((report_id, section, subpart, str(paragraph), text))
    return report_id[:16] + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _pieces(report: AnnualReport) -> list[tuple[str, str, str]]:
    """(section, subpart, text) in reading order."""
    pieces = [("preamble", "", report.preamble)]
    for key in SECTION_KEYS:
        text = report.section_text(key)
        if key == "overview":
            pieces += [(key, sub, body) for sub, body in overview_subparts(text).items()]
        else:
            pieces.append((key, "", text))
    return [p for p in pieces if p[2].strip()]


def chunk_report(report: AnnualReport, report_id: str, source: str, sample: bool = False) -> list[Chunk]:
    """The chunks of one report, with metadata for filtering (unit, year, section, …)."""
    p = report.profile
    base: dict[str, Any] = {"report_id": report_id, "unit": p.short_name, "organ": p.organ_name, "level": p.level or "",
                "province": p.province, "city": p.city, "county": p.county, "year": p.report_year or 0,
                "source": source, "format_version": report.format_version, "sample": sample}
    chunks: list[Chunk] = []
    index: dict[str, int] = {}
    for section, subpart, text in _pieces(report):
        for para in paragraphs_of(text):
            i = index.get(section, 0)
            index[section] = i + 1
            meta = ChunkMeta(section=section, subpart=subpart, paragraph=i, **base)
            chunks.append(Chunk(id=chunk_id(report_id, section, subpart, i, para), text=para, meta=meta))
    return chunks
