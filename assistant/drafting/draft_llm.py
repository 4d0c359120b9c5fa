"""The LLM path of drafting: prompt building (figures, built-in skeleton, fenced references), the call,
and the guard on the reply. Retrieved passages that try to steer the model are left out and reported
as GUARD-INJECT findings; the rest are fenced between <参考材料> tags.
"""

from __future__ import annotations

import re
from typing import Any, cast

from assistant.core.errors import LLMUnavailableError
from assistant.core.findings import Finding, Severity, make
from assistant.core.glossary import fact_label
from assistant.core.labels import T2_COLUMNS, T2_ROWS, T3_ROWS, T4_FIELDS, T4_GROUPS
from assistant.core.passages import Passage
from assistant.core.report import T3_ROWS as T3_KEYS
from assistant.core.report import AnnualReport, figure_text
from assistant.core.settings import Settings
from assistant.drafting.compose import DraftParagraph, Length, Retrieve, SourceRef
from assistant.drafting.guard import ARABIC_RE, find_injection
from assistant.drafting.llm import Stream, chat, load_prompt, prompt_fragments
from assistant.drafting.phrasebank import load_bank, report_context, unit_short
from assistant.drafting.provenance import DraftSentence, SentenceSource, attribute, report_cells
from assistant.drafting.sanitize import header_value, plain_text
from assistant.drafting.section import Section, compose_builtin

_FACT_FIELDS = ("active_total", "website_count", "wechat_count", "bulletin_count", "staff_count", "training_sessions",
                "training_participants", "info_fee_count", "info_fee_amount_yuan", "npc_suggestions",
                "cppcc_proposals", "website_name", "wechat_name", "leading_group", "assessment_result",
                "public_evaluation", "accountability")


def _line(label: object, value: object) -> str:
    return str(prompt_fragments()["fact_line"]).format(label=label, value=value)


def facts_block(report: AnnualReport, section: str) -> str:
    """The input figures as 'label：value' lines for the prompt."""
    f, lines = report.facts, []
    for key in _FACT_FIELDS:
        value = getattr(f, key)
        if value not in (None, ""):
            lines.append(_line(fact_label(key), figure_text(value)))
    for ch in f.other_channels:
        lines.append(_line(ch.name, figure_text(ch.count)))
    for key in T3_KEYS:
        total = report.t3.row(key).total
        if total:
            lines.append(_line(T3_ROWS[key], total))
    for group, label in T4_GROUPS.items():
        for field, flabel in T4_FIELDS.items():
            value = getattr(getattr(report.t4, group), field)
            if value:
                lines.append(_line(f"{label}·{flabel}", value))
    docs = report.t2.art20_1.normative_docs
    for field in ("issued", "abolished", "in_force"):
        if getattr(docs, field) is not None:
            lines.append(_line(f"{T2_ROWS['normative_docs']}·{T2_COLUMNS[field]}", getattr(docs, field)))
    for item in f.topics if section == "overview" else ():  # 公开重点 the clerk gave
        lines.append(_line(fact_label("topics"), item))
    for field in ("problems", "last_year_problems", "measures") if section == "problems" else ():
        for item in getattr(f, field):
            lines.append(_line(fact_label(field), item))
    return "\n".join(lines) or prompt_fragments()["reference_none"]


def _sanitize(text: str) -> str:
    return text.replace("<", "＜").replace(">", "＞")


def screen_passages(passages: list[Passage], section: str) -> tuple[list[Passage], list[Finding]]:
    """Split passages into usable ones and GUARD-INJECT findings for those that try to steer the model."""
    kept, findings = [], []
    for p in passages:
        spans = find_injection(p.text)
        if spans:
            a, b = spans[0]
            findings.append(make("GUARD-INJECT", Severity.WARNING, section=section, location=f"passages.{p.chunk_id}",
                                 evidence=p.text[max(0, a - 15): b + 15], token=p.text[a:b], unit=p.meta.unit))
        else:
            kept.append(p)
    return kept, findings


def references_block(passages: list[Passage]) -> str:
    """Passages as numbered reference material (angle brackets neutralised so the fence holds)."""
    if not passages:
        return prompt_fragments()["reference_none"]
    header = prompt_fragments()["reference_header"]  # unit and year are library data: one plain line each
    parts = [header.format(index=i + 1, unit=header_value(p.meta.unit), year=header_value(p.meta.year)) + "\n"
             + _sanitize(p.text) for i, p in enumerate(passages)]
    return "\n\n".join(parts)


def _clean_reply(text: str, section: str) -> str:
    from assistant.core.labels import SECTION_TITLES

    text = plain_text(text)  # model output is text: no link, image or tag reaches the draft
    lines = [re.sub(r"^[#>*\-\s]+|\*\*", "", line).strip() for line in text.strip().splitlines()]
    lines = [line for line in lines if line and line != SECTION_TITLES[section]]
    return "\n".join(lines)


def _sources_for(line: str, passages: list[Passage]) -> list[SourceRef]:
    out = []
    for p in passages:
        grams = {p.text[i:i + 12] for i in range(0, max(1, len(p.text) - 11), 6)}
        if any(g in line for g in grams if len(g) == 12):
            out.append(SourceRef.of(p))
    return out


def _result(text: str, report: AnnualReport, section: str, passages: list[Passage], gazetteer: tuple[str, ...],
            extra: list[Finding], variant: int, length: Length) -> Any:
    from assistant.drafting.finish import finish

    names = set(gazetteer) | {x for p in passages for x in (p.meta.unit, p.meta.organ) if x}
    cells = report_cells(report)
    paragraphs = []
    for line in _clean_reply(text, section).split("\n"):
        refs = _sources_for(line, passages)
        fallback = SentenceSource(kind="peer", unit=refs[0].unit, year=refs[0].year, chunk_id=refs[0].chunk_id,
                                  passage=refs[0].text) if refs else SentenceSource(kind="model")
        paragraphs.append(DraftParagraph(text=line, sources=refs, sentences=attribute(line, cells, fallback)))
    return finish(paragraphs, report, section, gazetteer=names, backend="llm", variant=variant, length=length,
                  findings=extra)


def _system(report: AnnualReport) -> str:
    return load_prompt("draft_system").format(**report_context(report))


def draft_with_model(model: Any, report: AnnualReport, section: str, *, settings: Settings,
                     retrieve: Retrieve | None, variant: int, length: Length, reference_unit: str | None,
                     stream: Stream | None, gazetteer: tuple[str, ...], previous: AnnualReport | None = None) -> Any:
    """Draft a section with a chat model; the built-in draft (``previous``: the unit's last report, for its
    公开重点) is given as the skeleton."""
    from assistant.drafting.adapt import _filters

    passages: list[Passage] = []
    if retrieve is not None:
        query = load_bank("overview")["queries"].get(section if section == "problems" else "active", "")
        passages = retrieve(query, _filters(report, section, "", reference_unit))
    passages, injected = screen_passages(passages, section)
    skeleton = "\n".join(p.text for p in compose_builtin(report, cast(Section, section), variant=variant, length=length,
                                                         previous=previous))
    user = load_prompt(f"draft_{section}").format(
        **report_context(report), facts=facts_block(report, section), skeleton=skeleton,
        references=references_block(passages), length_hint=prompt_fragments()["length_hint"][length])
    reply = chat(model, _system(report), user, settings=settings, stream=stream)
    missing = missing_figures(skeleton, reply, section)
    return _result(reply, report, section, passages, gazetteer, injected + missing, variant, length)


def missing_figures(skeleton: str, reply: str, section: str) -> list[Finding]:
    """GUARD-MISSING for each figure of the built-in skeleton (e.g. 46条) that the model's text dropped."""
    compact = re.sub(r"\s+", "", reply)
    tokens = dict.fromkeys(m.group(1) + m.group(2) for m in ARABIC_RE.finditer(skeleton))
    return [make("GUARD-MISSING", Severity.WARNING, section=section, location=f"sections.{section}", token=t)
            for t in tokens if t not in compact]


def polish_with_model(model: Any, draft: Any, op: str, *, report: AnnualReport, settings: Settings,
                      stream: Stream | None, gazetteer: tuple[str, ...]) -> Any:
    """Rewrite a draft with a chat model (润色/扩写/缩写) and guard the result."""
    user = load_prompt("polish").format(**report_context(report), op=op, op_hint=prompt_fragments()["polish_hint"][op],
                                        facts=facts_block(report, draft.section), text=draft.text)
    reply = chat(model, _system(report), user, settings=settings, stream=stream)
    own = {unit_short(report)}
    names = tuple(g for g in gazetteer if g not in own)
    return _result(reply, report, draft.section, [], names, [], draft.variant, draft.length)


def rewrite_paragraph_with_model(model: Any, text: str, op: str, *, report: AnnualReport, settings: Settings,
                                 section: str, gazetteer: tuple[str, ...]) -> tuple[list[DraftSentence], list[Finding]]:
    """One paragraph rewritten by a chat model (润色/扩写/缩写), sanitised and guarded like every draft: the
    sentences (sources re-derived, unbacked figures and names marked) and the guard's findings.

    :raises LLMUnavailableError: the model service is down, too slow or answered nothing.
    """
    user = load_prompt("polish").format(**report_context(report), op=op, op_hint=prompt_fragments()["polish_hint"][op],
                                        facts=facts_block(report, section), text=text)
    reply = chat(model, _system(report), user, settings=settings)
    own = {unit_short(report)}
    heading = re.compile(r"^[（(][一二三四五六七八九十]+[）)].{0,20}$")
    body = "".join(line for line in _clean_reply(reply, section).split("\n") if not heading.match(line))
    if not body.strip():
        raise LLMUnavailableError(base_url=settings.llm_base_url, reason_code="llm_empty_reply")
    draft = _result(body, report, section, [], tuple(g for g in gazetteer if g not in own), [], 0, "normal")
    return [s for p in draft.paragraphs for s in p.sentences], list(draft.findings)
