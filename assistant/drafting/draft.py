"""Drafting 一、总体情况 and 五、存在的主要问题及改进情况: the one interface for the CLI and the UI.

``draft_section`` composes with the built-in composer (default, no model) or an OpenAI-compatible
model, and always runs the guard on the result. ``polish`` rewrites a draft (润色/扩写/缩写).
``assemble_report_text`` gives the whole report as text for export. ``parse_fact``/``apply_fact``
turn a sentence from the clerk into a confirmed fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.core.errors import LLMUnavailableError, UnknownPolishOpError, UnknownSectionError
from assistant.core.labels import SECTION_TITLES
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.drafting.compose import DraftParagraph, Length, Retrieve
from assistant.drafting.draft_llm import draft_with_model, polish_with_model
from assistant.drafting.facts_text import ProposedFact, apply_fact, parse_fact
from assistant.drafting.finish import finish
from assistant.drafting.fixed_sections import closing_lines, fixed_section, preamble, title
from assistant.drafting.llm import Stream, get_chat_model
from assistant.drafting.retrieval import RelaxingRetrieve
from assistant.drafting.section import SECTIONS, Draft, Section, compose_builtin

POLISH_OPS = ("润色", "扩写", "缩写")
_LONGER: dict[Length, Length] = {"short": "normal", "normal": "long", "long": "long"}
_SHORTER: dict[Length, Length] = {"long": "normal", "normal": "short", "short": "short"}


def _relaxing(retrieve: Retrieve | None, report: AnnualReport) -> RelaxingRetrieve | None:
    if retrieve is None:
        return None
    if isinstance(retrieve, RelaxingRetrieve):
        return retrieve
    return RelaxingRetrieve(retrieve, county=report.profile.county, year=report.profile.report_year)


def draft_section(report: AnnualReport, section: Section, *, settings: Settings, retrieve: Retrieve | None = None,
                  variant: int = 0, length: Length = "normal", reference_unit: str | None = None,
                  backend: str | None = None, stream: Stream | None = None, gazetteer: Iterable[str] = (),
                  fallback: bool = False, previous: AnnualReport | None = None) -> Draft:
    """Draft 一 (``"overview"``) or 五 (``"problems"``) for ``report``; the report is not modified.

    :param retrieve: ``(query, filters) -> list[Passage]`` for comparable passages (optional).
    :param backend: "builtin" (default from settings) or "llm".
    :param stream: called with each piece of text as it is produced.
    :param gazetteer: other units' names the guard must flag.
    :param fallback: on LLMUnavailableError use the built-in composer instead of raising.
    :param previous: the unit's own report of the year before (its 公开重点 when the facts name none).
    :raises LLMUnavailableError: the model service is down or too slow (and ``fallback`` is False).
    """
    if section not in SECTIONS:
        raise UnknownSectionError(section=section, valid=list(SECTIONS))
    gazetteer = tuple(gazetteer)
    model = get_chat_model(settings, backend) if (backend or settings.backend) not in ("builtin", "none") else None
    if model is not None:

        try:
            return draft_with_model(model, report, section, settings=settings, retrieve=_relaxing(retrieve, report),
                                    variant=variant,
                                    length=length, reference_unit=reference_unit, stream=stream,
                                    gazetteer=gazetteer, previous=previous)
        except LLMUnavailableError as err:
            if not fallback:
                raise
            draft = draft_section(report, section, settings=settings, retrieve=retrieve, variant=variant,
                                  length=length, reference_unit=reference_unit, backend="builtin",
                                  stream=stream, gazetteer=gazetteer, previous=previous)
            return draft.model_copy(update={"fallback": {"code": err.code, **err.ctx}})
    relaxing = _relaxing(retrieve, report)
    paragraphs = compose_builtin(report, section, variant=variant, length=length, retrieve=relaxing,
                                 reference_unit=reference_unit, gazetteer=gazetteer, previous=previous)
    draft = finish(paragraphs, report, section, gazetteer=gazetteer, backend="builtin", variant=variant,
                   length=length)
    if relaxing is not None:
        draft = draft.model_copy(update={"relaxed": sorted(relaxing.relaxed)})
    if stream is not None:
        for para in draft.paragraphs:
            stream(para.text + "\n")
    return draft


def draft_sections(report: AnnualReport, section: str, *, settings: Settings, **options: Any) -> list[Draft]:
    """Draft "overview", "problems" or "all" (both); options as for draft_section. The CLI's entry point."""
    sections = SECTIONS if section == "all" else (section,)
    return [draft_section(report, s, settings=settings, **options) for s in sections]  # type: ignore[arg-type]


def polish(draft: Draft, op: str, *, report: AnnualReport, settings: Settings, backend: str | None = None,
           retrieve: Retrieve | None = None, stream: Stream | None = None,
           gazetteer: Iterable[str] = (), previous: AnnualReport | None = None) -> Draft:
    """Rewrite a draft: 润色 (reword), 扩写 (longer), 缩写 (shorter).

    Built-in: 润色 picks the next variant, 扩写/缩写 the longer/shorter composition. LLM: the model
    rewrites the text and the guard runs again.
    """
    if op not in POLISH_OPS:
        raise UnknownPolishOpError(op=op, valid=list(POLISH_OPS))
    name = backend or settings.backend
    if name not in ("builtin", "none"):

        model = get_chat_model(settings, name)
        return polish_with_model(model, draft, op, report=report, settings=settings, stream=stream,
                                 gazetteer=tuple(gazetteer))
    variant, length = draft.variant, draft.length
    if op == "润色":
        variant += 1
    else:
        length = _LONGER[length] if op == "扩写" else _SHORTER[length]
    return draft_section(report, draft.section, settings=settings, retrieve=retrieve, variant=variant, length=length,
                         backend="builtin", stream=stream, gazetteer=gazetteer, previous=previous)


def assemble_report_text(report: AnnualReport) -> str:
    """The whole report as text: title, preamble, six sections (一/五 from report.sections), 落款."""
    lines = [report.title or title(report), report.preamble or preamble(report)]
    for key, heading in SECTION_TITLES.items():
        lines.append(heading)
        if key in SECTIONS:
            lines.append(getattr(report.sections, key))
        else:
            lines.append(fixed_section(report, key))
    lines.append("")
    lines += closing_lines(report)
    return "\n".join(lines)


__all__ = [
    "Draft",
    "DraftParagraph",
    "ProposedFact",
    "UnknownPolishOpError",
    "UnknownSectionError",
    "apply_fact",
    "assemble_report_text",
    "compose_builtin",
    "draft_section",
    "draft_sections",
    "parse_fact",
    "polish",
]
