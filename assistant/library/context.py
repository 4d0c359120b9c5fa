"""What drafting and checking take from the library: retrieval of comparable passages and the gazetteer of
other units' names (last year's report: assistant/library/previous.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.core.passages import ChunkMeta, Passage
from assistant.core.settings import Settings

# Filter keys drafting passes to retrieval (assistant/drafting/draft.py) that hybrid search understands.
SEARCH_FILTERS = ("section", "subpart", "level", "province", "city", "county", "year_from", "year_to",
                  "exclude_unit", "unit")
PASSAGES_PER_QUERY = 6

Retrieve = Callable[[str, dict[str, Any]], list[Passage]]


def make_retrieve(settings: Settings, k: int = PASSAGES_PER_QUERY) -> Retrieve:
    """A ``retrieve(query, filters)`` through the LangChain retriever over the library's hybrid search;
    low-relevance results are dropped (drafting then relies on the phrase bank alone)."""
    from vectorstore.retriever import LibraryRetriever

    def retrieve(query: str, filters: dict[str, Any]) -> list[Passage]:
        wanted = {key: value for key, value in filters.items() if key in SEARCH_FILTERS and value}
        documents = LibraryRetriever(settings=settings, k=k, filters=wanted).invoke(query)
        if not documents or documents[0].metadata["low_relevance"]:
            return []
        return [_passage(doc) for doc in documents]

    return retrieve


def _passage(doc: Any) -> Passage:
    """A retrieved LangChain Document back as the shared Passage type."""
    md = doc.metadata
    meta = ChunkMeta(**{name: md[name] for name in ChunkMeta.model_fields if name in md})
    return Passage(chunk_id=md["chunk_id"], text=doc.page_content, meta=meta, score=md.get("score", 0.0))


def library_units(settings: Settings) -> list[str]:
    """Names of every unit in the library (short names and organ names)."""
    from vectorstore.store import open_library

    names: set[str] = set()
    for row in open_library(settings).reports():
        names.update(n for n in (row.unit, row.organ) if n)
    return sorted(names)


def drafting_context(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for drafting: ``retrieve`` and ``gazetteer`` (empty when the library is empty)."""
    units = library_units(settings)
    if not units:
        return {}
    return {"retrieve": make_retrieve(settings), "gazetteer": units}
