"""Every Chinese sentence nianbao shows a person, keyed by error code, rule id or UI key.

The dictionaries are split by family into modules of this package (one writer each) and merged here:
``errors`` (ReportError codes), ``rules`` (table rules) and every other module found in the package
(``checks``, ``draft``, ``ui``, ``ingest``, ``library``, ``embed`` …), each exporting ``MESSAGES``. ``zh(err)`` and ``finding_message(rule, ctx)`` are the only renderers.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from assistant.messages_zh.errors import ERRORS, VALIDATION_TYPES
from assistant.messages_zh.rules import RULES

MESSAGES: dict[str, str] = {}
MESSAGES.update(ERRORS)
MESSAGES.update(RULES)

# Every other module of this package is one family's MESSAGES dict (checks, draft, ui, ingest, …);
# the renderers (``review_render``) build on them and hold no messages of their own.
RENDERERS = ("review_render", "render_draft", "render_chat")
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name not in ("errors", "rules", *RENDERERS):
        MESSAGES.update(importlib.import_module(f"{__name__}.{_info.name}").MESSAGES)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fmt(template: str, ctx: Mapping[str, Any]) -> str:
    """Format ``template`` with ``ctx``; unknown placeholders stay visible rather than crash."""
    return template.format_map(_Missing({k: _show(v) for k, v in ctx.items()}))


def _show(value: Any) -> Any:
    if value is None:
        return "空白"
    if isinstance(value, (list, tuple)):
        return "、".join(str(_show(v)) for v in value)
    return value


def resolve(ctx: Mapping[str, Any]) -> dict[str, Any]:
    """``ctx`` with its message codes rendered: ``x_code`` (a key) gives ``x``, ``x_codes`` (a list of keys, or of
    ``[key, params]`` pairs) gives the list ``x``. Library code passes codes; only this package writes Chinese."""
    out = dict(ctx)
    for key, value in ctx.items():
        if key.endswith("_code") and isinstance(value, str):
            out[key[:-5]] = fmt(MESSAGES.get(value, value), ctx)
        elif key.endswith("_codes") and isinstance(value, (list, tuple)):
            out[key[:-6]] = [_one(code, ctx) for code in value]
    return out


def _one(code: Any, ctx: Mapping[str, Any]) -> str:
    if isinstance(code, (list, tuple)):
        key, params = code[0], (code[1] if len(code) > 1 else {})
        return fmt(MESSAGES.get(key, str(key)), {**ctx, **params})
    return fmt(MESSAGES.get(code, code), ctx)


def finding_message(rule: str, ctx: Mapping[str, Any]) -> str:
    """The Chinese message of a finding."""
    template = MESSAGES.get(rule)
    if template is None:
        return str(ctx.get("text", rule))
    return fmt(template, resolve(ctx))


def message(finding: Any) -> str:
    """The Chinese message of a Finding."""
    return finding_message(finding.rule, finding.ctx)


def suggestion(finding: Any) -> str:
    """A Finding's suggestion: its own text (often from the report), else its suggestion code rendered."""
    if finding.suggestion:
        return str(finding.suggestion)
    code = finding.ctx.get("suggestion_code")
    return fmt(MESSAGES.get(code, code), finding.ctx) if code else ""


def zh(err: BaseException) -> str:
    """The Chinese message of a ReportError (or a plain exception, as a last resort)."""
    code = getattr(err, "code", None)
    ctx = getattr(err, "ctx", {})
    if code == "model_validation":
        return fmt(MESSAGES[code], ctx) + "\n" + "\n".join(zh_validation(ctx.get("errors", [])))
    if code in MESSAGES:
        return fmt(MESSAGES[code], resolve(ctx))
    return fmt(MESSAGES["unexpected"], {"detail": str(err)})


def rule_title(rule: str, doc: str = "") -> str:
    """The short Chinese name of a rule for the checklist (its docstring when it has none)."""
    return MESSAGES.get(f"item:{rule}", doc or rule)


def fact_confirm(update: Any) -> str:
    """The confirmation line of a fact read from the clerk's words, e.g. 识别到：其他公开渠道 = 抖音号 35。"""
    return fmt(MESSAGES["fact_confirm"], {"label": update.label(), "value": update.shown_value()})


def zh_problem(problem: Any) -> str:
    """The Chinese message of an error carried as data (``core.errors.Problem``: code + ctx)."""
    if problem is None:
        return ""
    if problem.code == "model_validation":
        return fmt(MESSAGES[problem.code], problem.ctx) + "\n" + "\n".join(
            zh_validation(problem.ctx.get("errors", [])))
    if problem.code in MESSAGES:
        return fmt(MESSAGES[problem.code], resolve(problem.ctx))
    return fmt(MESSAGES["unexpected"], {"detail": problem.ctx.get("detail", problem.code)})


def similar_reason(codes: list[str]) -> str:
    """Why a past report was suggested, e.g. 同县、同级、相近年份."""
    return "、".join(MESSAGES.get(f"similar_{c}", c) for c in codes)


def ui(key: str, **ctx: Any) -> str:
    """A UI label or sentence."""
    return fmt(MESSAGES.get(key, key), ctx)


def zh_validation(errors: list[Mapping[str, Any]]) -> list[str]:
    """Turn pydantic's error list into Chinese lines naming the official field."""
    from assistant.core.glossary import field_label

    lines = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ())]
        label = field_label(loc)
        typ = str(e.get("type", ""))
        template = VALIDATION_TYPES.get(typ, VALIDATION_TYPES["default"])
        ctx = dict(e.get("ctx") or {})
        ctx.update(field=label, input=_short(e.get("input")), msg=e.get("msg", ""))
        lines.append(fmt(template, ctx))
    return lines


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "…"
