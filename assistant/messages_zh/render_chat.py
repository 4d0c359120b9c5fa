"""A chat result and sentence sources as a person reads them (the CLI's ``reply`` and the app's chat)."""

from __future__ import annotations

from typing import Any

from assistant import messages_zh as zh
from assistant.core.glossary import fact_label
from assistant.core.labels import SECTION_TITLES, T2_COLUMNS, T2_ROWS, T3_COLUMNS, T3_ROWS, T4_FIELDS, T4_GROUPS


def cell_label(path: str) -> str:
    """An input cell path as its table label: t3.new_received.total → 表三 一、本年新收…·总计."""
    parts = path.split(".")
    head = parts[0]
    if head == "facts":
        return fact_label(parts[1]) if len(parts) > 1 else path
    if head == "t3" and len(parts) == 3:
        return f"表三 {T3_ROWS.get(parts[1], parts[1])}·{T3_COLUMNS.get(parts[2], parts[2])}"
    if head == "t4" and len(parts) == 3:
        return f"表四 {T4_GROUPS.get(parts[1], parts[1])}·{T4_FIELDS.get(parts[2], parts[2])}"
    if head == "t2" and len(parts) >= 3:
        return f"表二 {T2_ROWS.get(parts[-2], parts[-2])}·{T2_COLUMNS.get(parts[-1], parts[-1])}"
    return path


def source_text(source: dict[str, Any], practice_labels: dict[str, str] | None = None) -> str:
    """One sentence's source in words (``practice_labels``: practice key → label, else the source's own)."""
    labels = practice_labels or source.get("practice_labels", {})
    kind = source.get("kind", "phrasebank")
    cells = "、".join(dict.fromkeys(cell_label(c) for c in source.get("cells", [])))
    names = "、".join(labels.get(k, k) for k in source.get("practices", []))
    text = zh.fmt(zh.MESSAGES[f"source.{kind}"], {"cells": cells, "practices": names, "unit": source.get("unit", ""),
                                             "year": source.get("year", ""), "chunk": source.get("chunk_id", "")[-8:]})
    return text


def _where(ctx: dict[str, Any]) -> str:
    if not ctx.get("paragraph"):
        return "整个部分"
    heading = ctx.get("heading") or ""
    return f"第{ctx['paragraph']}段" + (f"（{heading}）" if heading else "")


def reply_text(code: str, ctx: dict[str, Any], section: str = "overview") -> str:
    """The Chinese reply of a chat result."""
    values = dict(ctx)
    values["section_name"] = SECTION_TITLES.get(section, section)
    values["heading_note"] = f"（{ctx['heading']}）" if ctx.get("heading") else ""
    values["where"] = _where(ctx)
    values["where_note"] = _where(ctx) if ctx.get("paragraph") else ""
    values["reason_text"] = zh.MESSAGES.get(str(ctx.get("reason", "")), "")
    values["quote_note"] = f"“{ctx['quote']}”" if ctx.get("quote") else ""
    values["library_note"] = "" if ctx.get("library", True) else zh.MESSAGES["chat_library_none"]
    values["changed_note"] = "草稿中相关句子的【待确认】标记已去掉。" if ctx.get("changed") else ""
    values["checked_note"] = zh.fmt(zh.MESSAGES["chat_llm_marked" if ctx.get("marked") else "chat_llm_checked"], ctx)
    if code == "chat_why":
        values["lines"] = "\n".join(f"- “{_short(i['text'])}”：{source_text(i)}" for i in ctx.get("items", []))
    if code == "chat_fact_pending":
        values["lines"] = "\n".join(f"- {f['label']}：{f['value']}" for f in ctx.get("facts", []))
    text = zh.fmt(zh.MESSAGES[code], values)
    if ctx.get("llm_fallback"):  # the model failed: say why before the built-in result
        text = zh.fmt(zh.MESSAGES["chat_llm_fallback"], zh.resolve(ctx)) + text
    return text


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def result_json(result: Any, applied: bool = False) -> dict[str, Any]:
    """``nianbao chat --format json``: {intent, reply, draft, pending}."""
    section = result.draft.section if result.draft is not None else "overview"
    reply = reply_text(result.reply, result.ctx, section)
    if result.pending and not applied:
        reply += "\n" + zh.MESSAGES["chat_pending_apply"]
    return {
        "intent": result.intent,
        "reply": reply,
        "draft": result.draft.to_json_dict() if result.draft is not None else None,
        "pending": [{"field": u.field, "label": u.label(), "value": u.shown_value()} for u in result.pending],
        "applied": applied,
    }
