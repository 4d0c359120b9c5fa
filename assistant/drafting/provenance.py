"""Where each sentence of a draft comes from.

A draft is a list of paragraphs, each a list of sentences, and every sentence carries one
``SentenceSource``: an input figure (with the cells it states), a fact the clerk entered or confirmed,
a practice the clerk confirmed, the unit's own earlier report, a peer passage (unit, year, chunk id),
the phrase bank, the model (LLM path) or the clerk's own text. The composer records the cells it fills
in (``CellTrace``); ``attribute`` gives each sentence the cells whose values it states.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from assistant.core.passages import Passage

SourceKind = Literal["figure", "fact", "practice", "own_report", "peer", "phrasebank", "model", "clerk"]
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MARK = re.compile(r"【[^】]*】")


class SentenceSource(BaseModel):
    """One sentence's origin; only the fields of its kind are filled."""

    kind: SourceKind
    cells: list[str] = Field(default_factory=list)  # "t3.new_received.total", "facts.active_total"
    practices: list[str] = Field(default_factory=list)  # practice keys the sentence asserts
    unit: str = ""  # peer / own report
    year: int = 0
    chunk_id: str = ""
    passage: str = ""  # the passage text the sentence was adapted from


class DraftSentence(BaseModel):
    """One sentence (or clause ended by ；) of a draft with its source."""

    text: str
    source: SentenceSource


class CellTrace:
    """The input cells (path → value) a composer filled into its sentences, in order."""

    def __init__(self) -> None:
        self.cells: list[tuple[str, object]] = []

    def cell(self, path: str, value: object) -> object:
        """Record that ``value`` of input cell ``path`` is written into a sentence; returns the value."""
        self.cells.append((path, value))
        return value

    def take(self) -> list[tuple[str, object]]:
        """The cells recorded since the last take."""
        out, self.cells = self.cells, []
        return out


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(m.group(0)) for m in _NUMBER.finditer(_MARK.sub("", text))}


def _matches(value: object, text: str, numbers: set[Decimal]) -> bool:
    if isinstance(value, str):
        return bool(value) and value in text
    if isinstance(value, bool) or value is None:
        return False
    try:
        return Decimal(str(value)).normalize() in {n.normalize() for n in numbers}
    except ArithmeticError:
        return False


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` with their end marks kept; never split inside a 【…】 mark or “…” quote."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "【“":
            depth += 1
        elif ch in "】”":
            depth = max(0, depth - 1)
        elif ch in "。！？；!?;" and depth == 0:
            out.append(text[start:i + 1])
            start = i + 1
    if text[start:].strip():
        out.append(text[start:])
    return [s for s in out if s.strip()]


_NEGATION = re.compile(r"未|无|没有|为零")
# A zero is stated in words; these say which words state which cell's zero (prefix of the cell path → words).
_ZERO_WORDS = {
    "t2.art20_1.normative_docs.issued": ("制发",), "t2.art20_1.normative_docs.abolished": ("废止",),
    "t2.art20_1.normative_docs.in_force": ("现行有效",), "t2.art20_5.admin_license": ("行政许可",),
    "t2.art20_6.admin_penalty": ("行政处罚",), "t2.art20_6.admin_coercion": ("行政强制",),
    "t2.art20_8": ("行政事业性收费",), "t3.new_received": ("新收", "收到"), "t3.carried_over": ("上年结转",),
    "t3.carried_forward": ("结转下年度",), "t3.total_processed": ("办理完毕", "办结"), "t4.review": ("复议",),
    "t4.lit_direct": ("诉讼",), "t4.lit_after_review": ("诉讼",), "facts.info_fee": ("信息处理费", "未收费"),
}


def _states_zero(path: str, sentence: str) -> bool:
    words = next((w for prefix, w in _ZERO_WORDS.items() if path.startswith(prefix)), ())
    return any(w in sentence for w in words)


def attribute(text: str, cells: Iterable[tuple[str, object]], fallback: SentenceSource) -> list[DraftSentence]:
    """Split composed ``text`` into sentences; a sentence stating a recorded cell's value cites that cell.

    A zero is written in words (未收到…, 无…): zero cells no sentence states by numeral go to the
    sentences that say 未/无/没有.
    """
    cells = list(cells)
    parts = split_sentences(text)
    stated = {path for s in parts for path, value in cells if _matches(value, s, _numbers(s))}
    zeros = [path for path, value in cells if value == 0 and not isinstance(value, bool) and path not in stated]
    out = []
    for sentence in parts:
        numbers = _numbers(sentence)
        cited = list(dict.fromkeys(path for path, value in cells if _matches(value, sentence, numbers)))
        if _NEGATION.search(_MARK.sub("", sentence)):
            cited += [z for z in zeros if z not in cited and _states_zero(z, sentence)]
        if cited:
            kind: SourceKind = "figure" if any(not c.startswith("facts.") for c in cited) else "fact"
            source = SentenceSource(kind=kind, cells=cited)
        else:
            source = fallback
        out.append(DraftSentence(text=sentence, source=source))
    return out


def report_cells(report: object) -> list[tuple[str, object]]:
    """Every filled cell of the tables and facts as (path, value), for attributing text not composed here."""
    out: list[tuple[str, object]] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{path}.{name}" if path else name)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, f"{path}.{i}")
        elif value not in (None, "") and not isinstance(value, bool):
            out.append((path, value))

    for part in ("t2", "t3", "t4", "facts"):
        walk(getattr(report, part), part)
    return [(p, v) for p, v in out if not isinstance(v, (int, Decimal)) or v != 0]


def passage_source(passage: Passage, own_unit: str) -> SentenceSource:
    """A reused sentence's source: the unit's own earlier report, or a peer's."""
    meta = passage.meta
    kind: SourceKind = "own_report" if own_unit and meta.unit == own_unit else "peer"
    return SentenceSource(kind=kind, unit=meta.unit, year=meta.year, chunk_id=passage.chunk_id, passage=passage.text)


def realign(sentences: list[DraftSentence], marked: str) -> list[DraftSentence] | None:
    """The sentences with the guard's inserted 【待核实…】 marks put back into them, or None if ``marked``
    is not the sentences' text with marks inserted."""
    out, pos = [], 0
    for sentence in sentences:
        start, j, s = pos, 0, sentence.text
        while j < len(s):
            if pos < len(marked) and marked[pos] == s[j]:
                pos, j = pos + 1, j + 1
            elif marked.startswith("【待核实", pos) and "】" in marked[pos:]:
                pos = marked.index("】", pos) + 1
            else:
                return None
        while marked.startswith("【待核实", pos) and "】" in marked[pos:]:
            pos = marked.index("】", pos) + 1
        out.append(sentence.model_copy(update={"text": marked[start:pos]}))
    return out if pos == len(marked) else None
