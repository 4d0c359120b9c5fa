"""What drafting and checking take from the library: retrieval of comparable passages and the gazetteer of
other units' names (last year's report: assistant/library/previous.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.core.passages import Passage
from assistant.core.settings import Settings

# Filter keys drafting passes to retrieval (assistant/drafting/draft.py) that hybrid search understands.
SEARCH_FILTERS = ("section", "subpart", "level", "province", "city", "county", "year_from", "year_to",
                  "exclude_unit", "unit")
PASSAGES_PER_QUERY = 6

Retrieve = Callable[[str, dict[str, Any]], list[Passage]]


def make_retrieve(settings: Settings, k: int = PASSAGES_PER_QUERY) -> Retrieve:
    """A ``retrieve(query, filters)`` over the library's hybrid search (the same search the LangChain
    ``LibraryRetriever`` wraps, called directly so drafting does not import LangChain); low-relevance
    results are dropped (drafting then relies on the phrase bank alone)."""
    from vectorstore.hybrid import search

    def retrieve(query: str, filters: dict[str, Any]) -> list[Passage]:
        wanted = {key: value for key, value in filters.items() if key in SEARCH_FILTERS and value}
        result = search(query, settings, k=k, **wanted)
        if not result.results or result.low_relevance:
            return []
        return [Passage(chunk_id=p.chunk_id, text=p.text, meta=p.meta, score=p.score) for p in result.results]

    return retrieve


def library_units(settings: Settings) -> list[str]:
    """Names of every unit in the library (short names and organ names)."""
    from vectorstore.store import open_library

    names: set[str] = set()
    for row in open_library(settings).reports():
        names.update(n for n in (row.unit, row.organ) if n)
    return sorted(names)


def drafting_context(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for drafting: ``retrieve`` and ``gazetteer`` (empty when there is no library yet:
    a fresh data directory drafts without peers and needs no embedding model)."""
    from vectorstore.store import has_reports

    if not has_reports(settings):
        return {}
    units = library_units(settings)
    if not units:
        return {}
    return {"retrieve": make_retrieve(settings), "gazetteer": units}
