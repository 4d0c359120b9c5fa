"""Practices are facts: a draft asserts how the township works (审核制度, 意见箱, 查阅点 …) only when the clerk
has confirmed it (``facts.practices``).

``claimed(sentence)`` names the practices a sentence asserts (keywords in phrasebank/practices.toml).
``mark_unconfirmed`` turns a sentence that asserts an unconfirmed practice into a 【待确认：…】 mark, which
the clerk confirms (the practice enters the facts and the sentence stays) or drops. The same rule runs
on built-in and model drafts alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.core.report import AnnualReport
from assistant.drafting.phrasebank import load_bank

CONFIRM_PREFIX = "【待确认："
CONFIRM_RE = re.compile(r"【待确认：([^】]*)】")


def practice_keys() -> list[str]:
    """Every practice the bank knows, in bank order."""
    return list(load_bank("practices"))


def practice_label(key: str) -> str:
    """The Chinese label of a practice (the 正文要素 checkbox)."""
    return str(load_bank("practices")[key]["label"])


def claimed(sentence: str) -> list[str]:
    """Keys of the practices ``sentence`` asserts."""
    bank = load_bank("practices")
    return [key for key, item in bank.items() if any(w in sentence for w in item["keywords"])]


def confirmed(report: AnnualReport) -> set[str]:
    """Practices the clerk confirmed, plus those the entered facts already establish (公开栏 with a count)."""
    out = set(report.facts.practices)
    if report.facts.bulletin_count is not None:
        out.add("bulletin_board")
    return out


def unconfirmed_in(sentence: str, report: AnnualReport) -> list[str]:
    """Practices ``sentence`` asserts that the clerk has not confirmed (text inside 【…】 marks ignored)."""
    bare = re.sub(r"【[^】]*】", "", sentence)
    mine = confirmed(report)
    return [k for k in claimed(bare) if k not in mine]


def mark_unconfirmed(sentence: str, report: AnnualReport) -> str:
    """``sentence`` as a 【待确认：…】 mark when it asserts an unconfirmed practice, else unchanged."""
    if sentence.startswith(CONFIRM_PREFIX) or not unconfirmed_in(sentence, report):
        return sentence
    body = sentence.rstrip()
    end = body[-1] if body and body[-1] in "。；;" else ""
    return f"{CONFIRM_PREFIX}{body[:len(body) - len(end)]}】{end}"


def allowed(text: str, report: AnnualReport) -> bool:
    """Whether ``text`` asserts only confirmed practices."""
    return not unconfirmed_in(text, report)


def confirm_mark(text: str, sentence_mark: str | None = None) -> str:
    """``text`` with one (or every) 【待确认：…】 mark turned back into its plain sentence."""
    return CONFIRM_RE.sub(lambda m: m.group(1) if sentence_mark in (None, m.group(0)) else m.group(0), text)


def drop_mark(text: str, sentence_mark: str) -> str:
    """``text`` without the given 【待确认：…】 mark (and the end mark right after it)."""
    i = text.find(sentence_mark)
    if i < 0:
        return text
    j = i + len(sentence_mark)
    if j < len(text) and text[j] in "。；;":
        j += 1
    return text[:i] + text[j:]


def practice_sentences(report: AnnualReport, subpart: str, pick_index: int) -> list[tuple[str, str]]:
    """(practice key, sentence) for each confirmed practice of ``subpart``, one alternative each."""
    bank = load_bank("practices")
    out = []
    for key in sorted(confirmed(report), key=lambda k: list(bank).index(k) if k in bank else 99):
        item = bank.get(key)
        if item and item["subpart"] == subpart:
            opts = item["sentences"]
            out.append((key, opts[(pick_index + len(key)) % len(opts)]))
    return out


def practices_in(texts: Iterable[str]) -> list[str]:
    """Practices a text (e.g. last year's report) asserts: the 正文要素 checkboxes' prefill."""
    found: dict[str, None] = {}
    for text in texts:
        for key in claimed(text):
            found.setdefault(key, None)
    return list(found)
