"""Libraries built by an older parser get the better metadata: real store, real model, real files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from ingest.parse import PARSER_VERSION

pytestmark = pytest.mark.slow

VARIANTS = Path(__file__).resolve().parent / "data" / "variants"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def _as_if_read_by_an_old_parser(db: Path) -> int:
    """What an older parser left: no recorded version and a unit read from the page's breadcrumb."""
    with sqlite3.connect(db) as con:
        con.execute("UPDATE library_reports SET parser_version = 0, unit = '政府信息公开年报', province = ''")
        return int(con.execute("SELECT COUNT(*) FROM library_chunks").fetchone()[0])


def test_reparse_refreshes_metadata_without_reembedding(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("v001_portal.txt", "v002_no_title.txt"):
        shutil.copy(VARIANTS / name, folder / name)
    first = json.loads(invoke("ingest", str(folder), "--format", "json").stdout)
    assert first["ingested"] == 2
    listing = json.loads(invoke("library", "list", "--format", "json").stdout)
    assert {r["parser_version"] for r in listing} == {PARSER_VERSION}
    chunks = _as_if_read_by_an_old_parser(home / "library.db")

    result = invoke("library", "reparse")
    assert result.exit_code == 0, result.output
    assert "重新读取 2 份" in result.output
    listing = json.loads(invoke("library", "list", "--format", "json").stdout)
    assert sorted(r["unit"] for r in listing) == ["亮河镇", "粤汉街道"]
    assert {r["province"] for r in listing} == {"黑龙江省", "湖南省"}
    assert {r["parser_version"] for r in listing} == {PARSER_VERSION}
    with sqlite3.connect(home / "library.db") as con:
        assert con.execute("SELECT COUNT(*) FROM library_chunks").fetchone()[0] == chunks
        metas = [json.loads(m) for (m,) in con.execute("SELECT meta FROM library_chunks")]
    assert "政府信息公开年报" not in {m["unit"] for m in metas}

    again = invoke("library", "reparse")
    assert "无需重新读取" in again.output


def test_ingest_refreshes_an_old_reading_and_embeds_nothing_unchanged(tmp_path: Path, home: Path) -> None:
    page = tmp_path / "v001_portal.txt"
    shutil.copy(VARIANTS / "v001_portal.txt", page)
    invoke("ingest", str(page))
    _as_if_read_by_an_old_parser(home / "library.db")
    out = json.loads(invoke("ingest", str(page), "--format", "json").stdout)
    assert out["refreshed"] == 1 and out["ingested"] == 0 and out["chunks"] == 0
    hits = json.loads(invoke("search", "主动公开政府信息", "-k", "3", "--format", "json").stdout)
    assert hits["results"] and {r["unit"] for r in hits["results"]} == {"亮河镇"}


OLD_LAYOUT = """
CREATE TABLE meta AS SELECT key, value FROM library_meta;
CREATE TABLE chunks(rid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, report_id TEXT NOT NULL, section TEXT NOT NULL,
    text TEXT NOT NULL, tokens TEXT NOT NULL, meta TEXT NOT NULL);
INSERT INTO chunks SELECT rid, id, report_id, section, text, tokens, meta FROM library_chunks;
CREATE TABLE reports AS SELECT report_id, source, unit, organ, level, province, city, county, year, format_version,
    sample, n_chunks, ingested_at FROM library_reports;
DROP TABLE library_meta; DROP TABLE library_chunks; DROP TABLE library_reports; DROP TABLE library_files;
DROP TABLE library_bm25_segments; DELETE FROM _migrations WHERE name LIKE 'library_%';
"""


def test_library_of_the_old_layout_is_migrated_and_its_files_adopted(tmp_path: Path, home: Path) -> None:
    """A library.db made before the library_* tables (and before parser versions and stored files) is copied
    into the new tables once, lists as version 0, and `library check` reads its source file in."""
    from sqlalchemy import select

    from assistant.core.settings import load_settings
    from vectorstore import sidecar
    from vectorstore.store import forget_open_libraries, open_library

    page = tmp_path / "v001_portal.txt"
    shutil.copy(VARIANTS / "v001_portal.txt", page)
    invoke("ingest", str(page))
    forget_open_libraries()
    with sqlite3.connect(home / "library.db") as con:
        con.executescript(OLD_LAYOUT)
    listing = json.loads(invoke("library", "list", "--format", "json").stdout)
    assert [r["parser_version"] for r in listing] == [0]
    lib = open_library(load_settings())
    assert lib.reports_without_file() and lib.stored_file(listing[0]["report_id"]) is None
    assert invoke("library", "check").exit_code == 0
    stored = lib.stored_file(listing[0]["report_id"])
    assert stored is not None and stored.data == page.read_bytes() and stored.report_json
    with lib.engine.connect() as conn:
        assert conn.execute(select(sidecar.chunks.c.subpart).where(sidecar.chunks.c.subpart != "")).first()
    assert "重新读取 1 份" in invoke("library", "reparse").output


def test_reparse_reads_the_stored_bytes_when_the_source_file_is_not_on_this_machine(
        tmp_path: Path, home: Path) -> None:
    """A report ingested elsewhere (its path absent here) is read again from the bytes in the library's database."""
    page = tmp_path / "v001_portal.txt"
    shutil.copy(VARIANTS / "v001_portal.txt", page)
    invoke("ingest", str(page))
    chunks = _as_if_read_by_an_old_parser(home / "library.db")
    page.unlink()
    result = invoke("library", "reparse")
    assert result.exit_code == 0, result.output
    assert "重新读取 1 份" in result.output
    (row,) = json.loads(invoke("library", "list", "--format", "json").stdout)
    assert row["unit"] == "亮河镇" and row["parser_version"] == PARSER_VERSION
    assert row["source"] == str(page.resolve())  # the recorded source stays
    with sqlite3.connect(home / "library.db") as con:
        assert con.execute("SELECT COUNT(*) FROM library_chunks").fetchone()[0] == chunks
