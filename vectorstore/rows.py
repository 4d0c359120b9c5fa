"""The library's plain rows, shared by the store and the ingest workers (which never import the database
layer): a report's manifest row and its stored file."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.core.passages import ChunkMeta

REPORT_FIELDS = ("unit", "organ", "level", "province", "city", "county", "year", "format_version", "sample")


class ReportRow(BaseModel):
    """One manifest row: a complete report in the library."""

    report_id: str
    source: str
    unit: str = ""
    organ: str = ""
    level: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    year: int = 0
    format_version: str = "2021"
    sample: bool = False
    n_chunks: int = 0
    ingested_at: str = ""
    parser_version: int = 0  # the parser that read the report (0: before versions were recorded)

    @classmethod
    def from_meta(cls, meta: ChunkMeta, n_chunks: int) -> ReportRow:
        """The manifest row of a report whose chunks carry ``meta``."""
        fields = {k: getattr(meta, k) for k in REPORT_FIELDS}
        return cls(report_id=meta.report_id, source=meta.source, n_chunks=n_chunks, **fields)


class StoredFile(BaseModel):
    """A report's file as stored in the library: its bytes and its parsed report (so no process re-reads a
    path on one machine's disk)."""

    report_id: str
    name: str  # the file's name (its suffix tells the parser the format)
    data: bytes | None = None
    report_json: str | None = None  # AnnualReport.model_dump_json() of the reading that made the chunks
