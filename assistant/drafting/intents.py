"""What a clerk's chat message asks for, recognised by rules (offline, deterministic)."""

from __future__ import annotations

import re

from assistant.core.unitname import UNIT_IN_TEXT, short_name


def intent_section(text: str) -> str:
    """Which section a free chat request is about: 五 when it speaks of problems, else 一."""
    return "problems" if any(w in text for w in ("问题", "改进", "整改", "不足")) else "overview"


_REFERENCE_UNIT = re.compile(rf"参考(?:一下)?[“\"]?(?P<unit>{UNIT_IN_TEXT})[”\"]?的?(?:写法|表述|措辞|报告)")
_DRAFT_WORDS = ("起草", "草拟", "撰写", "重写", "写一", "生成", "参考", "写法")


def chat_intent(text: str) -> tuple[str, str | None]:
    """What a typed chat message asks for: ("draft", reference unit or None) or ("fact", None).

    "参考青禾镇的写法起草总体情况" drafts with retrieval restricted to 青禾镇; a sentence that states a
    figure ("今年新开通了抖音号，发布信息35条") is a fact to confirm.
    """
    m = _REFERENCE_UNIT.search(text)
    if m:
        return "draft", short_name(m.group("unit"))
    if any(word in text for word in _DRAFT_WORDS):
        return "draft", None
    return "fact", None
