"""A fact in the clerk's words → a structured change to the report, confirmed before it is applied.

``parse_fact("今年新开通了抖音号，发布信息35条")`` proposes ``other_channels += Channel(name="抖音号",
count=35)``; ``apply_fact(report, fact)`` returns a new report with it. Patterns are data
(phrasebank/facts.toml).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from assistant.core.errors import FactNotUnderstoodError
from assistant.core.glossary import fact_label
from assistant.core.report import AnnualReport, Channel
from assistant.drafting.guard import cn_to_int
from assistant.drafting.phrasebank import load_bank

NUM = r"\d+|[零〇一二两三四五六七八九十百千万]+"
LIST_FIELDS = ("last_year_problems", "problems", "measures", "practices", "topics")
_LIST_SPLIT = re.compile(r"[、，,；;]|以及|和|及")


class FactUpdate(BaseModel):
    """One field of NarrativeFacts to set (or, for list fields and channels, to extend)."""

    field: str
    value: Any

    def label(self) -> str:
        """The field's Chinese label (the glossary's)."""
        return fact_label(self.field)

    def shown_value(self) -> str:
        """The value as the clerk will read it (a channel as 名称 条数)."""
        return f"{self.value.name} {self.value.count}" if isinstance(self.value, Channel) else str(self.value)


class ProposedFact(BaseModel):
    """What a sentence would change, to be shown to the clerk and confirmed."""

    text: str
    updates: list[FactUpdate] = Field(default_factory=list)

    @property
    def channel(self) -> Channel | None:
        """The channel this fact adds, if any."""
        return next((u.value for u in self.updates if isinstance(u.value, Channel)), None)


def _number(text: str) -> int | Decimal:
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return Decimal(text)
    value = cn_to_int(text)
    if value is None:
        raise ValueError(text)
    return value


def _overlaps(span: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in used)


def _group_number(m: re.Match[str]) -> int | Decimal:
    raw = next(v for k, v in m.groupdict().items() if k in ("n", "n2") and v)
    return _number(raw)


def parse_fact(text: str) -> ProposedFact:
    """Read one sentence from the clerk into proposed fact updates.

    :raises FactNotUnderstoodError: nothing recognisable in the sentence.
    """
    sentence = text.strip()
    updates: list[FactUpdate] = []
    used: list[tuple[int, int]] = []
    for rule in load_bank("facts")["rule"]:
        pattern = re.compile(rule["pattern"].replace("{NUM}", NUM))
        for m in pattern.finditer(sentence):
            if _overlaps(m.span(), used):
                continue
            kind = rule["kind"]
            if kind == "count":
                updates.append(FactUpdate(field=rule["field"], value=_group_number(m)))
            elif kind == "channel":
                channel = Channel(name=m.group("name"), count=int(_group_number(m)))
                updates.append(FactUpdate(field=rule["field"], value=channel))
            elif kind == "zero":
                updates += [FactUpdate(field=f, value=0) for f in rule["fields"]]
            elif kind == "items":
                updates += [FactUpdate(field=rule["field"], value=x.strip())
                            for x in _LIST_SPLIT.split(m.group("text")) if x.strip()]
            else:  # text / item
                updates.append(FactUpdate(field=rule["field"], value=m.group("text").strip()))
            used.append(m.span())
    if not updates:
        raise FactNotUnderstoodError(text=sentence)
    return ProposedFact(text=sentence, updates=updates)


def apply_fact(report: AnnualReport, fact: ProposedFact) -> AnnualReport:
    """A copy of ``report`` with the confirmed fact applied (the original is not modified)."""
    data = report.facts.model_dump()
    for update in fact.updates:
        if isinstance(update.value, Channel):
            channels = [c for c in data["other_channels"] if c["name"] != update.value.name]
            data["other_channels"] = channels + [update.value.model_dump()]
        elif update.field in LIST_FIELDS:
            if update.value not in data[update.field]:
                data[update.field] = data[update.field] + [update.value]
        else:
            data[update.field] = update.value
    new = report.model_copy(deep=True)
    new.facts = type(report.facts).model_validate(data)
    return new
