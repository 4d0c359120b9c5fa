"""The last steps every draft goes through, built-in and model alike: unconfirmed practices become
【待确认：…】 marks (一 only: 五's measures are plans, not claims), the guard marks what the input cannot
back, and each sentence keeps its source with the guard's marks put back into it."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.core.findings import Finding
from assistant.core.report import AnnualReport
from assistant.drafting import practices
from assistant.drafting.compose import DraftParagraph, Length
from assistant.drafting.guard import guard_text
from assistant.drafting.provenance import DraftSentence, realign
from assistant.drafting.section import Draft


def _with_practices(para: DraftParagraph, report: AnnualReport) -> DraftParagraph:
    sentences = []
    for s in para.sentences:
        claims = practices.claimed(s.text)
        source = s.source.model_copy(update={"practices": claims}) if claims else s.source
        sentences.append(DraftSentence(text=practices.mark_unconfirmed(s.text, report), source=source))
    return para.model_copy(update={"sentences": sentences, "text": "".join(x.text for x in sentences)})


def _realigned(para: DraftParagraph, line: str) -> DraftParagraph:
    if line == para.text:
        return para
    sentences = realign(para.sentences, line) if para.sentences else None
    if sentences is None:  # the marks cannot be placed sentence by sentence: keep them on the paragraph
        first = para.sentences[0].source if para.sentences else None
        sentences = [DraftSentence(text=line, source=first)] if first is not None else []
    return para.model_copy(update={"text": line, "sentences": sentences})


def finish(paragraphs: list[DraftParagraph], report: AnnualReport, section: str, *, gazetteer: Iterable[str],
           backend: str, variant: int = 0, length: Length = "normal",
           findings: Iterable[Finding] = ()) -> Draft:
    """Mark unconfirmed practices, guard the text and return the Draft with sentence sources."""
    if section == "overview":
        paragraphs = [_with_practices(p, report) for p in paragraphs]
    paragraphs = [p.model_copy(update={"text": "".join(s.text for s in p.sentences)}) if p.sentences else p
                  for p in paragraphs]
    text = "\n".join(p.text for p in paragraphs)
    marked, found = guard_text(text, report, gazetteer=gazetteer, section=section)
    lines = marked.split("\n")
    if len(lines) == len(paragraphs):
        paragraphs = [_realigned(p, line) for p, line in zip(paragraphs, lines, strict=True)]
    return Draft(section=section, text=marked, backend=backend, variant=variant, length=length,  # type: ignore[arg-type]
                 paragraphs=paragraphs, findings=[*findings, *found])
