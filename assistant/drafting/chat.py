"""A chat that answers: one recognised request (intents.py) applied to the section as it stands.

``respond(report, message, …)`` returns a ``ChatResult``: the intent, a reply code with its context (the front
doors render it with assistant.messages_zh), the changed draft (or None when nothing changed) and facts
waiting for confirmation. Nothing is written here; ``apply_result`` gives the report with the change and
the confirmed facts. Never a silent redraw: a request that is not understood gets the list of what the chat
can do, and an operation that cannot change the text says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, Field

from assistant.core.errors import LLMUnavailableError
from assistant.core.passages import ChunkMeta, Passage
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.core.similarity import SAME_UNIT_LIMIT, jaccard
from assistant.core.unitname import short_name
from assistant.drafting import practices
from assistant.drafting.compose import DraftParagraph, Retrieve, body_para, heading_para
from assistant.drafting.draft import draft_section, polish
from assistant.drafting.draft_llm import rewrite_paragraph_with_model
from assistant.drafting.facts_text import FactNotUnderstoodError, FactUpdate, ProposedFact, apply_fact, parse_fact
from assistant.drafting.guard import guard_text
from assistant.drafting.intents import Intent, parse_intent
from assistant.drafting.llm import get_chat_model
from assistant.drafting.phrasebank import load_bank, unit_short
from assistant.drafting.provenance import DraftSentence, SentenceSource, attribute, report_cells, split_sentences
from assistant.drafting.section import Draft

LENGTHS = ("short", "normal", "long")
MODEL_OPS = {"rewrite": "润色", "expand": "扩写", "shorten": "缩写"}  # chat intent → the model's rewrite operation


class ChatResult(BaseModel):
    """What one chat message did: the reply (code + ctx, rendered at the front door), the new draft, pending facts."""

    intent: str
    reply: str  # a message code of assistant/messages_zh/chat.py
    ctx: dict[str, Any] = Field(default_factory=dict)
    draft: Draft | None = None
    pending: list[FactUpdate] = Field(default_factory=list)
    message: str = ""


class Context(BaseModel):
    """What a chat request may draw on besides the report (from the library, when there is one)."""

    model_config = {"arbitrary_types_allowed": True}

    settings: Settings
    retrieve: Retrieve | None = None
    gazetteer: tuple[str, ...] = ()
    previous: AnnualReport | None = None

    def draft(self, report: AnnualReport, section: str, **options: Any) -> Draft:
        """A fresh built-in draft with this context."""
        return draft_section(report, section, settings=self.settings, retrieve=options.pop("retrieve", self.retrieve),  # type: ignore[arg-type]
                             gazetteer=self.gazetteer, backend="builtin", previous=self.previous, **options)


# ------------------------------------------------------------------------------------------ the draft as it stands
def _heading_key(line: str, section: str) -> str | None:
    bank = load_bank("intents")
    if not line.startswith(("（", "(")) or len(line) > 30:
        return None
    for key, words in bank["subparts"][section].items():
        if any(w in line for w in words):
            return key
    return None


def current_draft(report: AnnualReport, section: str, ctx: Context) -> Draft:
    """The section as it stands in the report, with sentence sources re-derived (a fresh draft when empty).

    Sentences the fresh draft also has keep its sources; the rest are the clerk's own (figures in them still
    cite their cells).
    """
    fresh = ctx.draft(report, section)
    text = getattr(report.sections, section).strip()
    if not text or text == fresh.text:
        return fresh
    known = {s.text: s.source for s in fresh.sentences}
    cells = report_cells(report)
    paras: list[DraftParagraph] = []
    key = "intro"
    for line in (x.strip() for x in text.split("\n")):
        if not line:
            continue
        heading = _heading_key(line, section)
        if heading:
            key = heading
            paras.append(heading_para(line, key))
            continue
        sentences = []
        for s in split_sentences(line):
            sentences += [DraftSentence(text=s, source=known[s])] if s in known else \
                attribute(s, cells, SentenceSource(kind="clerk"))
        paras.append(body_para(sentences, key))
    return fresh.model_copy(update={"text": "\n".join(p.text for p in paras), "paragraphs": paras, "findings": []})


def _with_paragraphs(draft: Draft, paras: list[DraftParagraph]) -> Draft:
    paras = [p.model_copy(update={"text": "".join(s.text for s in p.sentences)}) if p.sentences else p for p in paras]
    paras = [p for p in paras if p.heading or p.text]
    return draft.model_copy(update={"paragraphs": paras, "text": "\n".join(p.text for p in paras)})


# ------------------------------------------------------------------------------------------ targets
def _target(draft: Draft, intent: Intent) -> int | None:
    """Index in draft.paragraphs of the paragraph the request names; None for the whole section."""
    bodies = [i for i, p in enumerate(draft.paragraphs) if not p.heading]
    if intent.paragraph is not None:
        return bodies[intent.paragraph - 1] if 0 < intent.paragraph <= len(bodies) else -1
    if intent.subpart is not None:
        found = [i for i in bodies if draft.paragraphs[i].key == intent.subpart]
        return found[0] if found else -1
    return None


def _label(draft: Draft, index: int) -> dict[str, Any]:
    bodies = [i for i, p in enumerate(draft.paragraphs) if not p.heading]
    para = draft.paragraphs[index]
    heading = next((p.text for p in draft.paragraphs[:index][::-1] if p.heading), "")
    return {"paragraph": bodies.index(index) + 1, "heading": heading if para.key != "intro" else "", "key": para.key}


# ------------------------------------------------------------------------------------------ operations
def _length_of(report: AnnualReport, draft: Draft, index: int, ctx: Context) -> str:
    para = draft.paragraphs[index]
    for length in LENGTHS:
        other = _para_by_key(ctx.draft(report, draft.section, variant=draft.variant, length=length), para.key)
        if other is not None and other.text == para.text:
            return length
    return draft.length


def _para_by_key(draft: Draft, key: str) -> DraftParagraph | None:
    return next((p for p in draft.paragraphs if not p.heading and p.key == key), None)


def _resize(report: AnnualReport, draft: Draft, intent: Intent, ctx: Context) -> ChatResult:
    """缩写/扩写/改写: with the LLM backend configured the model rewrites (guarded), else the built-in composer;
    a model that fails leaves the built-in result, with the reason in ``ctx`` (``llm_fallback``)."""
    index = _target(draft, intent)
    if index == -1:
        return ChatResult(intent=intent.kind, reply="chat_no_such_paragraph", ctx={"count": len(draft.body_paragraphs())})
    if ctx.settings.backend == "llm":
        try:
            return _model_resize(report, draft, intent, ctx, index)
        except LLMUnavailableError as err:
            result = _builtin_resize(report, draft, intent, ctx, index)
            return result.model_copy(update={"ctx": {**result.ctx, "llm_fallback": True, **err.ctx}})
    return _builtin_resize(report, draft, intent, ctx, index)


def _model_resize(report: AnnualReport, draft: Draft, intent: Intent, ctx: Context, index: int | None) -> ChatResult:
    """The configured model rewrites one paragraph (or, with ``index`` None, the section); the guard marks
    what the input cannot back and the sentences' sources are re-derived."""
    op = MODEL_OPS[intent.kind]
    if index is None:
        whole = polish(draft, op, report=report, settings=ctx.settings, gazetteer=ctx.gazetteer)
        return ChatResult(intent=intent.kind, reply=f"chat_{intent.kind}_all_llm", draft=whole,
                          ctx={"before": len(draft.text), "after": len(whole.text), "marked": len(whole.findings)})
    para = draft.paragraphs[index]
    model = get_chat_model(ctx.settings)
    sentences, findings = rewrite_paragraph_with_model(model, para.text, op, report=report, settings=ctx.settings,
                                                       section=draft.section, gazetteer=ctx.gazetteer)
    where = _label(draft, index)
    new = para.model_copy(update={"sentences": sentences, "text": "".join(s.text for s in sentences), "sources": []})
    if new.text == para.text:
        return ChatResult(intent=intent.kind, reply="chat_llm_same", ctx=where)
    result = _replaced(intent, draft, index, new, where)
    return result.model_copy(update={"reply": f"chat_{intent.kind}_llm",
                                     "ctx": {**result.ctx, "marked": len(findings)}})


def _builtin_resize(report: AnnualReport, draft: Draft, intent: Intent, ctx: Context, index: int | None) -> ChatResult:
    if index is None:  # the whole section
        return _resize_all(report, draft, intent, ctx)
    para = draft.paragraphs[index]
    where = _label(draft, index)
    if intent.kind == "rewrite":
        for step in range(1, 6):
            other = _para_by_key(ctx.draft(report, draft.section, variant=draft.variant + step, length=draft.length),
                                 para.key)
            if other is not None and other.text != para.text:
                return _replaced(intent, draft, index, other, where)
        return ChatResult(intent=intent.kind, reply="chat_rewrite_same", ctx=where)
    current = _length_of(report, draft, index, ctx)
    step = 1 if intent.kind == "expand" else -1
    pos = LENGTHS.index(current) + step
    while 0 <= pos < len(LENGTHS):
        other = _para_by_key(ctx.draft(report, draft.section, variant=draft.variant, length=LENGTHS[pos]), para.key)
        if other is not None and other.text != para.text and (len(other.text) - len(para.text)) * step > 0:
            return _replaced(intent, draft, index, other, where)
        pos += step
    reason = "chat_reason_only_facts" if all(s.source.kind in ("figure", "fact", "clerk") for s in para.sentences) \
        else f"chat_reason_{'longest' if step > 0 else 'shortest'}"
    return ChatResult(intent=intent.kind, reply=f"chat_{intent.kind}_same", ctx={**where, "reason": reason})


def _replaced(intent: Intent, draft: Draft, index: int, other: DraftParagraph, where: dict[str, Any]) -> ChatResult:
    paras = list(draft.paragraphs)
    old = paras[index]
    paras[index] = other
    return ChatResult(intent=intent.kind, reply=f"chat_{intent.kind}_done", draft=_with_paragraphs(draft, paras),
                      ctx={**where, "before": len(old.text), "after": len(other.text)})


def _resize_all(report: AnnualReport, draft: Draft, intent: Intent, ctx: Context) -> ChatResult:
    if intent.kind == "rewrite":
        new = ctx.draft(report, draft.section, variant=draft.variant + 1, length=draft.length)
    else:
        pos = LENGTHS.index(draft.length) + (1 if intent.kind == "expand" else -1)
        if not 0 <= pos < len(LENGTHS):
            reason = f"chat_reason_{'longest' if intent.kind == 'expand' else 'shortest'}"
            return ChatResult(intent=intent.kind, reply=f"chat_{intent.kind}_same", ctx={"paragraph": 0, "reason": reason})
        new = ctx.draft(report, draft.section, variant=draft.variant, length=LENGTHS[pos])
    if new.text == draft.text:
        return ChatResult(intent=intent.kind, reply=f"chat_{intent.kind}_same",
                          ctx={"paragraph": 0, "reason": "chat_reason_only_facts"})
    return ChatResult(intent=intent.kind, reply=f"chat_{intent.kind}_all", draft=new,
                      ctx={"before": len(draft.text), "after": len(new.text)})


def _find_sentences(draft: Draft, intent: Intent) -> list[tuple[int, int]]:
    """(paragraph index, sentence index) pairs the request points at."""
    if intent.quote:
        return [(i, j) for i, p in enumerate(draft.paragraphs) if not p.heading
                for j, s in enumerate(p.sentences) if intent.quote in s.text]
    index = _target(draft, intent)
    if index == -1:
        return []
    pairs = [(i, j) for i, p in enumerate(draft.paragraphs) if not p.heading and (index is None or i == index)
             for j in range(len(p.sentences))]
    if intent.sentence is None:
        return pairs
    return [pairs[intent.sentence - 1]] if 0 < intent.sentence <= len(pairs) else []


def _delete(draft: Draft, intent: Intent) -> ChatResult:
    found = _find_sentences(draft, intent) if (intent.quote or intent.sentence) else []
    if not found:
        return ChatResult(intent="delete", reply="chat_sentence_not_found", ctx={"quote": intent.quote})
    i, j = found[0]
    paras = list(draft.paragraphs)
    removed = paras[i].sentences[j].text
    paras[i] = paras[i].model_copy(update={"sentences": [s for k, s in enumerate(paras[i].sentences) if k != j]})
    return ChatResult(intent="delete", reply="chat_deleted", ctx={"sentence": removed}, draft=_with_paragraphs(draft, paras))


def _replace(report: AnnualReport, draft: Draft, intent: Intent) -> ChatResult:
    found = _find_sentences(draft, intent)
    if not found or not intent.replacement:
        return ChatResult(intent="replace", reply="chat_sentence_not_found", ctx={"quote": intent.quote})
    paras = [p.model_copy(update={"sentences": list(p.sentences)}) for p in draft.paragraphs]
    marked_any = False
    for i, j in found:
        old = paras[i].sentences[j]
        text = old.text.replace(intent.quote, intent.replacement)
        marked, findings = guard_text(text, report, gazetteer=(), section=draft.section)
        marked_any = marked_any or bool(findings)
        paras[i].sentences[j] = DraftSentence(text=practices.mark_unconfirmed(marked, report)
                                              if draft.section == "overview" else marked,
                                              source=SentenceSource(kind="clerk"))
    return ChatResult(intent="replace", reply="chat_replaced_marked" if marked_any else "chat_replaced",
                      ctx={"old": intent.quote, "new": intent.replacement, "count": len(found)},
                      draft=_with_paragraphs(draft, paras))


def explain(draft: Draft, intent: Intent) -> ChatResult:
    """为什么这么写: the sources of the sentences the request points at (the whole section by default)."""
    found = _find_sentences(draft, intent)
    if not found:
        return ChatResult(intent="why", reply="chat_sentence_not_found", ctx={"quote": intent.quote})
    items = []
    for i, j in found:
        sentence = draft.paragraphs[i].sentences[j]
        source = sentence.source.model_dump(exclude_defaults=True, exclude={"passage"})
        source["practice_labels"] = {k: practices.practice_label(k) for k in sentence.source.practices}
        items.append({"text": sentence.text, **source})
    where = _label(draft, found[0][0]) if (intent.paragraph or intent.subpart) else {}
    return ChatResult(intent="why", reply="chat_why", ctx={"items": items, **where})


def _reference(report: AnnualReport, draft: Draft, intent: Intent, ctx: Context) -> ChatResult:
    unit = intent.unit or ""
    names = {short_name(g) for g in ctx.gazetteer} | set(ctx.gazetteer)
    if ctx.retrieve is None or unit not in names:
        return ChatResult(intent="reference", reply="chat_reference_not_in_library",
                          ctx={"unit": unit, "library": bool(ctx.retrieve)})
    new = ctx.draft(report, draft.section, variant=draft.variant, length=draft.length, reference_unit=unit)
    used = [s for s in new.sentences if s.source.unit == unit]
    if not used:
        return ChatResult(intent="reference", reply="chat_reference_no_passage", ctx={"unit": unit})
    return ChatResult(intent="reference", reply="chat_reference_done", draft=new, ctx={"unit": unit, "count": len(used)})


def previous_passages(previous: AnnualReport, section: str) -> Callable[[str, dict], list[Passage]]:
    """A ``retrieve`` over the unit's own earlier report: its paragraphs of ``section``, by sub-part."""
    text = getattr(previous.sections, section)
    unit = previous.profile.short_name or short_name(previous.profile.organ_name)
    passages, key = [], ""
    for n, line in enumerate(x.strip() for x in text.split("\n")):
        heading = _heading_key(line, section)
        if heading:
            key = heading
        elif line:
            meta = ChunkMeta(report_id="previous", unit=unit, organ=previous.profile.organ_name,
                             year=previous.profile.report_year or 0, section=section, subpart=key, paragraph=n)
            passages.append(Passage(chunk_id=f"previous:{section}:{n}", text=line, meta=meta))

    def retrieve(query: str, filters: dict) -> list[Passage]:
        wanted = filters.get("subpart")
        return [p for p in passages if not wanted or p.meta.subpart == wanted]

    return retrieve


def _last_year(report: AnnualReport, draft: Draft, ctx: Context) -> ChatResult:
    previous = ctx.previous
    if previous is None or not getattr(previous.sections, draft.section).strip():
        return ChatResult(intent="last_year", reply="chat_last_year_missing", ctx={"year": (report.profile.report_year or 1) - 1})
    new = ctx.draft(report, draft.section, variant=draft.variant, length="long", retrieve=previous_passages(previous, draft.section))
    used = [s for s in new.sentences if s.source.kind == "own_report"]
    score = round(jaccard(new.text, getattr(previous.sections, draft.section)), 3)
    if not used:
        return ChatResult(intent="last_year", reply="chat_last_year_nothing", ctx={"year": previous.profile.report_year})
    return ChatResult(intent="last_year", reply="chat_last_year_done", draft=new,
                      ctx={"year": previous.profile.report_year, "count": len(used), "score": score,
                           "limit": SAME_UNIT_LIMIT})


def _practice(report: AnnualReport, draft: Draft, intent: Intent) -> ChatResult:
    key = intent.practice or ""
    label = practices.practice_label(key)
    paras = []
    for p in draft.paragraphs:
        kept = []
        for s in p.sentences:
            if key not in practices.claimed(practices.confirm_mark(s.text)):
                kept.append(s)
            elif intent.kind == "confirm":
                updated = report.model_copy(update={"facts": report.facts.model_copy(
                    update={"practices": [*report.facts.practices, key]})})
                text = practices.confirm_mark(s.text)
                kept.append(s.model_copy(update={"text": practices.mark_unconfirmed(text, updated)}))
        paras.append(p.model_copy(update={"sentences": kept}))
    new = _with_paragraphs(draft, paras)
    changed = new.text != draft.text
    if intent.kind == "confirm":
        pending = [] if key in report.facts.practices else [FactUpdate(field="practices", value=key)]
        return ChatResult(intent="confirm", reply="chat_practice_confirm", ctx={"practice": label, "changed": changed},
                          draft=new if changed else None, pending=pending)
    return ChatResult(intent="drop", reply="chat_practice_dropped" if changed else "chat_practice_absent",
                      ctx={"practice": label}, draft=new if changed else None)


def _fact(message: str, intent: Intent) -> ChatResult:
    try:
        fact = parse_fact(message)
    except FactNotUnderstoodError:
        return ChatResult(intent="help", reply="chat_help", ctx={})
    return ChatResult(intent="fact", reply="chat_fact_pending", pending=fact.updates,
                      ctx={"facts": [{"label": u.label(), "value": u.shown_value()} for u in fact.updates]})


def respond(report: AnnualReport, message: str, ctx: Context, *, section: str | None = None,
            draft: Draft | None = None) -> ChatResult:
    """Answer one chat message about ``section`` (guessed from the words when None) of ``report``.

    :param draft: the draft the chat is on (the app's last one); else the section as it stands in the report.
    """
    intent = parse_intent(message, section)
    if draft is None or draft.section != intent.section:
        draft = current_draft(report, intent.section, ctx)
    if intent.kind in ("shorten", "expand", "rewrite"):
        result = _resize(report, draft, intent, ctx)
    elif intent.kind == "delete":
        result = _delete(draft, intent)
    elif intent.kind == "replace":
        result = _replace(report, draft, intent)
    elif intent.kind == "why":
        result = explain(draft, intent)
    elif intent.kind == "reference":
        result = _reference(report, draft, intent, ctx)
    elif intent.kind == "last_year":
        result = _last_year(report, draft, ctx)
    elif intent.kind in ("confirm", "drop"):
        result = _practice(report, draft, intent)
    elif intent.kind == "draft":
        result = ChatResult(intent="draft", reply="chat_drafted", draft=ctx.draft(report, intent.section))
    elif intent.kind == "fact":
        result = _fact(message, intent)
    else:
        result = ChatResult(intent="help", reply="chat_help")
    return result.model_copy(update={"message": message})


def apply_result(report: AnnualReport, result: ChatResult) -> AnnualReport:
    """The report with the chat's change written: the new section text and the pending facts (now confirmed)."""
    if result.pending:
        report = apply_fact(report, ProposedFact(text=result.message, updates=result.pending))
    if result.draft is not None:
        sections = report.sections.model_copy(update={result.draft.section: result.draft.text})
        report = report.model_copy(update={"sections": sections})
    return report


def confirm_sentence(report: AnnualReport, draft: Draft, para: int, sentence: int) -> tuple[AnnualReport, Draft]:
    """One click on a 【待确认：…】 sentence: its practices become confirmed facts and its mark goes away."""
    target = draft.paragraphs[para].sentences[sentence]
    keys = practices.claimed(practices.confirm_mark(target.text))
    facts = report.facts.model_copy(update={"practices": list(dict.fromkeys([*report.facts.practices, *keys]))})
    updated = report.model_copy(update={"facts": facts})
    paras = [p.model_copy(update={"sentences": [
        s.model_copy(update={"text": practices.mark_unconfirmed(practices.confirm_mark(s.text), updated)})
        if s.text.startswith(practices.CONFIRM_PREFIX) else s for s in p.sentences]}) for p in draft.paragraphs]
    return updated, _with_paragraphs(draft, paras)


def drop_sentence(draft: Draft, para: int, sentence: int) -> Draft:
    """The other click: the sentence leaves the draft."""
    paras = list(draft.paragraphs)
    paras[para] = paras[para].model_copy(update={"sentences": [s for k, s in enumerate(paras[para].sentences)
                                                               if k != sentence]})
    return _with_paragraphs(draft, paras)


def source_units(sentences: Iterable[DraftSentence]) -> list[str]:
    """Peer units a set of sentences draws on, once each."""
    return list(dict.fromkeys(s.source.unit for s in sentences if s.source.kind == "peer" and s.source.unit))


__all__ = ["ChatResult", "Context", "apply_result", "confirm_sentence", "current_draft", "drop_sentence", "explain",
           "respond", "unit_short"]
