"""起草: a chat that drafts 一、总体情况 and 五、存在的主要问题及改进情况, with sources and guard findings;
"采用" puts a draft into the report, where it stays editable."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

import streamlit as st

from app_pages import common, fields
from app_pages import grids as session
from assistant.accounts import records
from assistant.core.errors import ReportError
from assistant.core.labels import SECTION_TITLES
from assistant.core.settings import Settings
from assistant.drafting import chat as chat_mod
from assistant.drafting import draft as draft_mod
from assistant.drafting import intents, practices
from assistant.drafting.sanitize import plain_stream, plain_text
from assistant.messages_zh import fact_confirm, ui
from assistant.messages_zh.render_chat import reply_text, source_text

SECTIONS = ("overview", "problems")
ACTIONS = {"variant": "draft_variant", "polish": "draft_polish", "expand": "draft_expand", "shorten": "draft_shorten"}
POLISH_OPS = {"polish": "润色", "expand": "扩写", "shorten": "缩写"}  # polish()'s operation names


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("draft_title"))
    report = common.require_report(cfg)
    if report is None:
        return
    locked = not common.writable(cfg, common.opened_id())  # submitted or approved: nothing new is drafted
    try:  # the policy is asked again by every store call (records): the report may be submitted meanwhile
        if not locked:
            buttons(cfg)
        history(cfg)
        if not locked:
            pending_fact(cfg)
            if prompt := st.chat_input(ui("chat_placeholder"), key="chat"):
                respond(cfg, prompt)
    except ReportError as err:
        common.show_error(err)
    for section in SECTIONS:
        fields.area(cfg, f"sections.{section}", f"{ui('adopted_text')} · {ui('section_' + section)}", height=240)


def _chat(cfg: Settings) -> list[dict[str, Any]]:
    rid = common.active_id()
    key = f"chat:{rid}"
    if key not in st.session_state:
        st.session_state[key] = [{"role": m.role, "content": m.content} for m in records.messages(common.store(cfg), common.user(), common.opened_id())]
    return st.session_state[key]


def buttons(cfg: Settings) -> None:
    """起草总体情况 / 起草问题与改进 / 换一种写法 / 润色 / 扩写 / 缩写."""
    cols = st.columns(6)
    if cols[0].button(ui("draft_overview"), key="draft.overview", type="primary"):
        new_draft(cfg, "overview", ui("user_asked", what=ui("draft_overview")))
    if cols[1].button(ui("draft_problems"), key="draft.problems", type="primary"):
        new_draft(cfg, "problems", ui("user_asked", what=ui("draft_problems")))
    last = st.session_state.get(f"last_draft:{common.active_id()}")
    for i, (op, label) in enumerate(ACTIONS.items()):
        if cols[2 + i].button(ui(label), key=f"draft.{op}", disabled=last is None) and last is not None:
            revise(cfg, last, op, ui("user_asked", what=ui(label)))


def history(cfg: Settings) -> None:
    """The conversation so far, each draft with its sources and findings."""
    for i, msg in enumerate(_chat(cfg)):
        with st.chat_message(msg["role"]):
            st.markdown(session.as_paragraphs(plain_text(msg["content"])))  # model output is text, not markup
            if msg.get("draft") is not None:
                draft_details(cfg, msg["draft"], msg.get("draft_id"), i)


def draft_details(cfg: Settings, draft: Any, draft_id: int | None, index: int) -> None:
    """Per-paragraph sentence sources (with 确认/删去 for 【待确认】 sentences), the peer passages (borrowed words
    highlighted), guard findings and the 采用 button of one draft."""
    if getattr(draft, "relaxed", None):
        st.caption(ui("retrieval_relaxed", relaxed="、".join(ui(f"relaxed.{r}") for r in draft.relaxed)))
    sentence_sources(cfg, draft, index)
    sources = [(p.text, s) for p in draft.paragraphs for s in p.sources]
    if sources:
        with st.expander(ui("sources", count=len(sources))):
            for para_text, src in sources:
                section = SECTION_TITLES.get(src.section, src.section)
                st.caption(ui("source_line", unit=src.unit, year=src.year, section=section))
                st.markdown(session.highlight_html(src.text, para_text), unsafe_allow_html=True)
    if draft.findings:
        st.caption(ui("guard_findings"))
        common.show_findings(draft.findings)
    st.button(ui("adopt"), key=f"adopt.{index}", on_click=_adopt, args=(cfg, draft, draft_id))


def sentence_sources(cfg: Settings, draft: Any, index: int) -> None:
    """One expander per paragraph: each sentence and where it comes from; a 【待确认】 sentence gets two buttons."""
    n = 0
    for i, para in enumerate(getattr(draft, "paragraphs", [])):
        if para.heading or not para.sentences:
            continue
        n += 1
        with st.expander(ui("paragraph_sources", n=n)):
            for j, sentence in enumerate(para.sentences):
                source = sentence.source.model_dump()
                labels = {k: practices.practice_label(k) for k in sentence.source.practices}
                st.markdown(f"- {plain_text(sentence.text)}  \n  *{source_text(source, labels)}*")
                if sentence.text.startswith(practices.CONFIRM_PREFIX):
                    yes, no = st.columns(2)
                    names = "、".join(labels.values())
                    yes.button(ui("practice_confirm_button", practice=names), key=f"confirm.{index}.{i}.{j}",
                               on_click=_confirm, args=(cfg, index, i, j))
                    no.button(ui("practice_drop_button"), key=f"drop.{index}.{i}.{j}", on_click=_drop,
                              args=(cfg, index, i, j))


def _replace_draft(cfg: Settings, index: int, draft: Any, note: str) -> None:
    message = _chat(cfg)[index]
    message["draft"], message["content"] = draft, draft.text
    st.session_state[f"last_draft:{common.active_id()}"] = draft
    _say(cfg, "assistant", note)


def _confirm(cfg: Settings, index: int, para: int, sentence: int) -> None:
    report, draft = common.current(cfg), _chat(cfg)[index]["draft"]
    if report is None or draft is None:
        return
    keys = practices.claimed(practices.confirm_mark(draft.paragraphs[para].sentences[sentence].text))
    updated, new = chat_mod.confirm_sentence(report, draft, para, sentence)
    common.commit(cfg, updated, note="confirm_practice")
    common.reset_fields()
    _replace_draft(cfg, index, new, ui("practice_confirmed", practice="、".join(practices.practice_label(k) for k in keys)))


def _drop(cfg: Settings, index: int, para: int, sentence: int) -> None:
    draft = _chat(cfg)[index]["draft"]
    if draft is None:
        return
    text = draft.paragraphs[para].sentences[sentence].text
    _replace_draft(cfg, index, chat_mod.drop_sentence(draft, para, sentence),
                   ui("practice_dropped_sentence", sentence=text))


def _adopt(cfg: Settings, draft: Any, draft_id: int | None) -> None:
    report = common.current(cfg)
    if report is None:
        return
    common.commit(cfg, session.with_field(report, f"sections.{draft.section}", plain_text(draft.text)), note="adopt")
    if draft_id is not None:
        try:
            records.adopt(common.store(cfg), common.user(), common.opened_id(), draft_id)
        except ReportError as err:
            st.toast(common.zh(err))
            return
    common.reset_fields()
    st.toast(ui("adopted", section=ui("section_" + draft.section)))


def _say(cfg: Settings, role: str, content: str, draft: Any = None, draft_id: int | None = None) -> None:
    records.add_message(common.store(cfg), common.user(), common.opened_id(), role, content)
    _chat(cfg).append({"role": role, "content": content, "draft": draft, "draft_id": draft_id})


def new_draft(cfg: Settings, section: str, asked: str, variant: int = 0, length: str = "normal",
              reference_unit: str | None = None) -> None:
    """Draft one section and append it to the chat (``reference_unit``: 参考该单位的写法)."""
    _say(cfg, "user", asked)
    # Read everything from the session here: with an LLM the call runs in a worker thread without it.
    report = common.opened(cfg)
    kwargs = dict(settings=cfg, variant=variant, length=length, reference_unit=reference_unit,
                  previous=common.previous(cfg, report), **common.drafting_context(cfg))
    _run(cfg, lambda stream: draft_mod.draft_section(report, section, stream=stream, **kwargs))  # type: ignore[arg-type]


def revise(cfg: Settings, last: Any, op: str, asked: str) -> None:
    """换一种写法 re-drafts with the next variant; 润色/扩写/缩写 go through polish()."""
    if op == "variant":
        new_draft(cfg, last.section, asked, variant=last.variant + 1)
        return
    if op in ("expand", "shorten") and cfg.backend == "builtin":  # says why when the text cannot change
        respond(cfg, POLISH_OPS[op], section=last.section)
        return
    _say(cfg, "user", asked)
    report, context = common.opened(cfg), common.drafting_context(cfg)
    previous = common.previous(cfg, report)
    _run(cfg, lambda stream: draft_mod.polish(last, POLISH_OPS[op], settings=cfg, report=report, stream=stream,
                                              previous=previous, **context))


def _run(cfg: Settings, call: Any) -> None:
    """Run a drafting call; with an LLM backend its tokens stream into the chat as they come."""
    try:
        if cfg.backend == "builtin":
            draft = call(None)
        else:
            draft = _streamed(call)
    except ReportError as err:
        common.show_error(err)
        return
    draft_id = records.add_draft(
        common.store(cfg), common.user(), common.opened_id(), draft.section, draft.text, backend=draft.backend,
        sources=[s.model_dump() for p in draft.paragraphs for s in p.sources] if hasattr(draft, "paragraphs") else [],
        findings=[f.model_dump(mode="json") for f in draft.findings])
    st.session_state[f"last_draft:{common.active_id()}"] = draft
    _say(cfg, "assistant", draft.text, draft, draft_id)
    st.rerun()


def _streamed(call: Any) -> Any:
    tokens: queue.Queue[str | None] = queue.Queue()
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["draft"] = call(tokens.put)
        except BaseException as exc:  # noqa: BLE001  (re-raised in the script thread below)
            result["error"] = exc
        finally:
            tokens.put(None)

    def stream() -> Iterator[str]:
        while (token := tokens.get()) is not None:
            yield token

    threading.Thread(target=work, daemon=True).start()
    with st.chat_message("assistant"):
        st.write_stream(plain_stream(stream()))
    if "error" in result:
        raise result["error"]
    return result["draft"]


def respond(cfg: Settings, prompt: str, section: str | None = None) -> None:
    """A typed message: recognised by rules (assistant/drafting/intents.py) and answered; a fact waits for the
    clerk's confirmation; a message that is not understood gets the list of what the chat can do."""
    last = st.session_state.get(f"last_draft:{common.active_id()}")
    if section is None:
        section = "problems" if intents.intent_section(prompt) == "problems" else (last.section if last else "overview")
    intent = intents.parse_intent(prompt, section)
    if intent.kind == "draft":  # a full draft (streams with an LLM backend)
        new_draft(cfg, intent.section, prompt)
        return
    report = common.current(cfg)
    if report is None:
        return
    context = common.drafting_context(cfg)
    ctx = chat_mod.Context(settings=cfg, retrieve=context.get("retrieve"), gazetteer=tuple(context.get("gazetteer", ())),
                           previous=common.previous(cfg, report))
    try:
        result = chat_mod.respond(report, prompt, ctx, section=intent.section,
                                  draft=last if last is not None and last.section == intent.section else None)
    except ReportError as err:
        common.show_error(err)
        return
    _say(cfg, "user", prompt)
    reply = reply_text(result.reply, result.ctx, intent.section)
    if result.pending:
        st.session_state[f"pending_fact:{common.active_id()}"] = draft_mod.ProposedFact(text=prompt,
                                                                                      updates=result.pending)
    if result.draft is not None:
        draft = result.draft
        draft_id = records.add_draft(
            common.store(cfg), common.user(), common.opened_id(), draft.section, draft.text, backend=draft.backend,
            sources=[s.model_dump() for p in draft.paragraphs for s in p.sources],
            findings=[f.model_dump(mode="json") for f in draft.findings])
        st.session_state[f"last_draft:{common.active_id()}"] = draft
        _say(cfg, "assistant", reply + "\n" + draft.text, draft, draft_id)
    else:
        _say(cfg, "assistant", reply)
    st.rerun()


def pending_fact(cfg: Settings) -> None:
    """A fact read from the chat waits here until the clerk confirms it; only then does it enter the report."""
    key = f"pending_fact:{common.active_id()}"
    fact = st.session_state.get(key)
    if fact is None:
        return
    with st.chat_message("assistant"):
        st.markdown(session.as_paragraphs("\n".join(fact_confirm(u) for u in fact.updates)))
        accept, reject = st.columns(2)
        if accept.button(ui("fact_accept"), key="fact.accept", type="primary"):
            common.commit(cfg, draft_mod.apply_fact(common.opened(cfg), fact))
            _say(cfg, "assistant", ui("fact_applied", fact=fact.text))
            del st.session_state[key]
            common.reset_fields()
            st.rerun()
        if reject.button(ui("fact_reject"), key="fact.reject"):
            _say(cfg, "assistant", ui("fact_rejected"))
            del st.session_state[key]
            st.rerun()
