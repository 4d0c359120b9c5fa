"""A drafted section (the shape every drafting path returns) and the built-in composer's entry point."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.core.findings import Finding
from assistant.core.report import AnnualReport
from assistant.drafting.compose import DraftParagraph, Length, Retrieve, SourceRef, compose_overview
from assistant.drafting.compose_problems import compose_problems
from assistant.drafting.provenance import DraftSentence

Section = Literal["overview", "problems"]
SECTIONS = ("overview", "problems")


class Draft(BaseModel):
    """A drafted section: text, the paragraphs with their sources, and the guard's findings."""

    section: Section
    text: str
    backend: str
    variant: int = 0
    length: Length = "normal"
    paragraphs: list[DraftParagraph] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    fallback: dict[str, Any] | None = None  # {"code": …, **ctx} when the LLM failed and builtin was used
    relaxed: list[str] = Field(default_factory=list)  # retrieval filters widened to find peers (county, year, …)

    @property
    def sources(self) -> list[SourceRef]:
        """Every passage the draft drew on, once each."""
        seen: dict[str, SourceRef] = {}
        for para in self.paragraphs:
            for src in para.sources:
                seen.setdefault(src.chunk_id or src.text, src)
        return list(seen.values())

    @property
    def sentences(self) -> list[DraftSentence]:
        """Every sentence of the draft, in order, with its source."""
        return [s for para in self.paragraphs for s in para.sentences]

    def body_paragraphs(self) -> list[DraftParagraph]:
        """The paragraphs a clerk counts (第一段, 第二段 …): everything but sub-headings."""
        return [p for p in self.paragraphs if not p.heading]

    def to_json_dict(self) -> dict[str, Any]:
        """The CLI's JSON shape: section, text, backend, paragraphs with sentence sources, sources, findings."""
        return {
            "section": self.section,
            "text": self.text,
            "backend": self.backend,
            "paragraphs": [
                {"key": p.key, "heading": p.heading, "text": p.text,
                 "sentences": [{"text": s.text, "source": s.source.model_dump(exclude_defaults=True)}
                               for s in p.sentences]}
                for p in self.paragraphs
            ],
            "sources": [s.model_dump() for s in self.sources],
            "relaxed": self.relaxed,
            "findings": [f.model_dump(mode="json") for f in self.findings],
        }


def compose_builtin(report: AnnualReport, section: Section, *, variant: int = 0, length: Length = "normal",
                    retrieve: Retrieve | None = None, reference_unit: str | None = None,
                    gazetteer: Iterable[str] = (), previous: AnnualReport | None = None) -> list[DraftParagraph]:
    """Paragraphs of the built-in draft of one section (before the guard); ``previous``: the unit's last report."""
    if section == "overview":
        return compose_overview(report, variant=variant, length=length, retrieve=retrieve,
                                reference_unit=reference_unit, gazetteer=tuple(gazetteer), previous=previous)
    return compose_problems(report, variant=variant, length=length, retrieve=retrieve, reference_unit=reference_unit,
                            gazetteer=tuple(gazetteer))
