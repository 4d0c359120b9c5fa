"""Library fixtures: a real Chroma (local files, or a real `chroma run` server) with the hash embedder, the
sidecar in SQLite or in a real PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assistant.core.passages import Chunk, ChunkMeta


@pytest.fixture(scope="session")
def chroma_server(chroma) -> str:
    """The run's real ``chroma run`` server (tests/servers.py); yields "127.0.0.1:PORT"."""
    return chroma.address


@pytest.fixture(params=["persistent", "server", "postgresql"])
def lib_settings(request: pytest.FixtureRequest, home: Path):
    """Settings with the hash embedder, on a local PersistentClient, on the shared server, or on the shared
    server with the sidecar in a fresh PostgreSQL database (a real throwaway cluster, tests/servers.py)."""
    from assistant.core.settings import load_settings

    if request.param == "postgresql":
        server = request.getfixturevalue("chroma_server")
        name = "p" + hashlib.sha1(str(home).encode()).hexdigest()[:12]
        return load_settings(embedder="hash", chroma_server=server, collection=name,
                             database_url=request.getfixturevalue("pg_url"))
    if request.param == "server":
        server = request.getfixturevalue("chroma_server")
        # Each test gets its own collections on the shared server.
        name = "t" + hashlib.sha1(str(home).encode()).hexdigest()[:12]
        return load_settings(embedder="hash", chroma_server=server, collection=name)
    return load_settings(embedder="hash")


def make_chunks(report_id: str, unit: str, year: int, sections: dict[str, list[str]], **meta: object) -> list[Chunk]:
    """Chunks of one fictional report: ``sections`` maps section key (or "overview/requests") to paragraphs."""
    chunks = []
    for key, paragraphs in sections.items():
        section, _, subpart = key.partition("/")
        for i, text in enumerate(paragraphs):
            cid = hashlib.sha256(f"{report_id}|{key}|{i}|{text}".encode()).hexdigest()[:32]
            m = ChunkMeta(report_id=report_id, unit=unit, year=year, section=section, subpart=subpart,
                          paragraph=i, source=f"/fake/{unit}{year}.txt", **meta)
            chunks.append(Chunk(id=cid, text=text, meta=m))
    return chunks


@pytest.fixture
def small_library(lib_settings):
    """Four fictional reports in two counties, written through the real store."""
    from vectorstore.rows import ReportRow
    from vectorstore.store import open_library

    specs = [
        ("r1", "甲镇", 2022, "东县", "镇"), ("r2", "乙乡", 2022, "东县", "乡"),
        ("r3", "丙街道", 2023, "西县", "街道"), ("r4", "甲镇", 2023, "东县", "镇"),
    ]
    items = []
    for rid, unit, year, county, level in specs:
        chunks = make_chunks(rid, unit, year, {
            "overview": [f"{unit}认真贯彻落实条例，围绕中心工作推进政务公开，完善工作机制。"],
            "overview/requests": [f"{year}年{unit}未收到依申请公开申请，无结转申请。"],
            "requests": [f"本年度{unit}共收到政府信息公开申请0件。"],
            "problems": [f"{unit}存在的主要问题是公开内容不够全面，更新不够及时，人员业务能力有待提高。",
                         "下一步将加强培训，提高工作人员业务水平，及时更新栏目内容。"],
            "review_litigation": ["本年度未发生政府信息公开行政复议、行政诉讼案件。"],
        }, level=level, province="某省", city="某市", county=county)
        row = ReportRow.from_meta(chunks[0].meta, len(chunks))
        items.append((row, chunks))
    lib = open_library(lib_settings)
    lib.add_reports(items)
    return lib_settings
