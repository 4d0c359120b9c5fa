"""What a clerk's chat message asks for, recognised by rules (offline, deterministic).

``parse_intent("把第二段写短一点")`` → ``Intent(kind="shorten", paragraph=2)``. The kinds: shorten, expand, rewrite
(a paragraph, a named sub-part or the whole section), delete and replace (a sentence), why (为什么这么写 /
这句话哪来的), reference (参考某镇的写法), last_year (用去年的写法), confirm / drop (a practice), draft (起草),
fact (a figure or fact to confirm) and help (not understood: the reply lists what the chat can do).
The words are data (phrasebank/intents.toml); nothing here calls a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.textpatterns import cn_to_int
from assistant.core.unitname import UNIT_IN_TEXT, short_name
from assistant.drafting.phrasebank import load_bank
from assistant.drafting.practices import claimed

KINDS = ("shorten", "expand", "rewrite", "delete", "replace", "why", "reference", "last_year", "confirm", "drop",
         "draft", "fact", "help")
_NUM = r"[0-9一二三四五六七八九十两]+"
_PARAGRAPH = re.compile(rf"第({_NUM})(?:段|自然段)")
_SENTENCE = re.compile(rf"第({_NUM})句")
_SUBPART_NUMBER = re.compile(r"[（(]([一二三四五六七八九十])[)）]")
_QUOTED = re.compile(r"[“\"‘'「『]([^”\"’'」』]{2,120})[”\"’'」』]")
_REFERENCE_UNIT = re.compile(rf"(?:参考|参照|借鉴|学习|模仿)(?:一下)?[“\"]?(?P<unit>{UNIT_IN_TEXT})[”\"]?的?")
_REPLACE = re.compile(r"(?:把|将)[“\"‘']?(?P<old>[^“”\"‘’']{1,120}?)[”\"’']?(?:改成|改为|替换成|替换为|换成|换为)"
                      r"[“\"‘']?(?P<new>[^“”\"‘’']{1,200}?)[”\"’']?[。！!]?$")


@dataclass(frozen=True)
class Intent:
    """One recognised request; fields not named by the message stay None/empty."""

    kind: str
    section: str = "overview"
    paragraph: int | None = None  # 1-based among body paragraphs (sub-headings are not counted)
    subpart: str | None = None  # a key of the draft's paragraphs: active, requests … / rectify, problems, measures
    sentence: int | None = None  # 1-based within the paragraph (or the section when no paragraph is named)
    quote: str = ""  # quoted text the request points at
    replacement: str = ""
    unit: str | None = None
    practice: str | None = None


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text.replace("两", "二"))


def _has(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def _subpart(text: str, section: str) -> str | None:
    bank = load_bank("intents")
    names = bank["subparts"][section]
    for key, words in names.items():
        if _has(text, words):
            return key
    m = _SUBPART_NUMBER.search(text)
    if m:
        order = bank["subpart_order"][section]
        index = (_number(m.group(1)) or 0) - 1
        if 0 <= index < len(order):
            return order[index]
    return None


def intent_section(text: str) -> str:
    """Which section a request is about: 五 when it speaks of problems or measures, else 一."""
    return "problems" if _has(text, load_bank("intents")["problems_words"]) else "overview"


def _where(text: str, kind: str, section: str, **extra: object) -> Intent:
    paragraph = _PARAGRAPH.search(text)
    sentence = _SENTENCE.search(text)
    quote = _QUOTED.search(text)
    return Intent(kind=kind, section=section, paragraph=_number(paragraph.group(1)) if paragraph else None,
                  subpart=_subpart(text, section), sentence=_number(sentence.group(1)) if sentence else None,
                  quote=quote.group(1) if quote else "", **extra)  # type: ignore[arg-type]


def parse_intent(text: str, section: str | None = None) -> Intent:
    """The request in ``text``; ``section`` is the section the chat is on (else guessed from the words)."""
    words = load_bank("intents")["words"]
    message = text.strip()
    section = section or intent_section(message)
    if _has(message, words["why"]):
        return _where(message, "why", section)
    m = _REPLACE.search(message)
    if m:
        return Intent(kind="replace", section=section, quote=m.group("old").strip(), replacement=m.group("new").strip())
    m = _REFERENCE_UNIT.search(message)
    if m and _has(message, words["reference"]):
        return _where(message, "reference", section, unit=short_name(m.group("unit")))
    if _has(message, words["last_year"]):
        return _where(message, "last_year", section)
    if _has(message, words["delete"]) and (_SENTENCE.search(message) or _QUOTED.search(message)):
        return _where(message, "delete", section)
    practices = claimed(message)
    if practices and _has(message, words["drop"]):
        return Intent(kind="drop", section=section, practice=practices[0])
    if practices and _has(message, words["confirm"]):
        return Intent(kind="confirm", section=section, practice=practices[0])
    if _has(message, words["delete"]) and _has(message, words["sentence"]):
        return _where(message, "delete", section)
    for kind in ("shorten", "expand", "rewrite"):
        if _has(message, words[kind]):
            return _where(message, kind, section)
    if _has(message, words["draft"]):
        return Intent(kind="draft", section=section)
    if re.search(r"\d|[一二三四五六七八九十两]+(?:次|条|件|人|期|篇|个)", message):
        return Intent(kind="fact", section=section)
    return Intent(kind="help", section=section)


def chat_intent(text: str) -> tuple[str, str | None]:
    """The older two-way reading kept for callers that only draft or take facts: ("draft", unit) or ("fact", None)."""
    intent = parse_intent(text)
    if intent.kind == "reference":
        return "draft", intent.unit
    return ("fact", None) if intent.kind == "fact" else ("draft", None)
