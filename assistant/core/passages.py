"""Chunks (what the library stores) and passages (what retrieval returns): shared by ingest,
vectorstore and drafting."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ChunkMeta(BaseModel):
    """Metadata stored with every chunk. Empty string / 0 mean unknown (Chroma has no None)."""

    model_config = ConfigDict(extra="forbid")

    report_id: str  # sha256 of the source file's bytes (stable across re-ingest)
    unit: str = ""  # short unit name, e.g. 某某镇
    organ: str = ""  # organ full name
    level: str = ""  # 乡 / 镇 / 街道
    province: str = ""
    city: str = ""
    county: str = ""
    year: int = 0
    section: str = ""  # overview | active | requests | review_litigation | problems | other | preamble
    subpart: str = ""  # for overview: active | requests | management | platform | supervision
    source: str = ""  # source file path as given
    paragraph: int = 0  # paragraph index within the section
    format_version: str = "2021"
    sample: bool = False  # part of the shipped 示例 library


class Chunk(BaseModel):
    """One paragraph-sized piece of a past report."""

    model_config = ConfigDict(extra="forbid")

    id: str  # sha256(report_id, section, subpart, paragraph, text)[:32]
    text: str
    meta: ChunkMeta


class Passage(BaseModel):
    """A retrieved chunk with its score, as shown under a draft."""

    model_config = ConfigDict(extra="forbid")

    chunk_id: str
    text: str
    meta: ChunkMeta
    score: float = 0.0
    highlight: list[tuple[int, int]] = Field(default_factory=list)  # matched spans in text
    reason: str | None = None
