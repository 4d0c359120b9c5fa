"""A LangChain retriever over the hybrid search, for chains that want ``Document`` objects."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import Field

from assistant.core.settings import Settings
from vectorstore.hybrid import SearchResult, search


def to_documents(result: SearchResult) -> list[Document]:
    """One Document per passage; metadata = chunk metadata + chunk_id, score, low_relevance."""
    return [
        Document(
            page_content=p.text,
            id=p.chunk_id,
            metadata={**p.meta.model_dump(), "chunk_id": p.chunk_id, "score": p.score,
                      "low_relevance": result.low_relevance},
        )
        for p in result.results
    ]


class LibraryRetriever(BaseRetriever):
    """Hybrid (vector + BM25) retrieval from the report library with exact filters.

    ``filters`` takes the keyword filters of :func:`vectorstore.hybrid.search` (section, level,
    province, county, year_from, year_to, exclude_unit, …).
    """

    settings: Settings
    k: int = 5
    filters: dict[str, Any] = Field(default_factory=dict)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return to_documents(search(query, self.settings, k=self.k, **self.filters))
