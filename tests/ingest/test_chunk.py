"""Chunks of the five seeds: structure, sizes, stable ids, tables left out."""

from __future__ import annotations

import pytest

from ingest.chunk import MAX_CHARS, chunk_report, merge_short, split_long


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_chunks_of_seed(seeds, seed):
    report = seeds[seed]
    chunks = chunk_report(report, report_id=f"id{seed}", source=f"{seed}.txt", sample=True)
    sections = {c.meta.section for c in chunks}
    assert {"overview", "problems", "other"} <= sections
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all("\t" not in c.text and "本年新收政府信息公开申请数量" not in c.text for c in chunks)
    assert all(c.meta.sample and c.meta.unit == report.profile.short_name for c in chunks)
    assert all(c.meta.year == report.profile.report_year for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    again = chunk_report(report, report_id=f"id{seed}", source="elsewhere.txt")
    assert [c.id for c in again] == [c.id for c in chunks]
    if report.preamble:
        assert chunks[0].meta.section == "preamble"


def test_overview_subparts_become_chunk_subparts(seeds):
    chunks = chunk_report(seeds["001"], "x", "001.txt")
    subparts = [c.meta.subpart for c in chunks if c.meta.section == "overview"]
    assert {"active", "requests", "management", "platform", "supervision"} <= set(subparts)
    assert any(c.meta.subpart == "requests" and "未收到" in c.text for c in chunks)


def test_ids_change_with_report_id(seeds):
    a = chunk_report(seeds["004"], "a", "s")
    b = chunk_report(seeds["004"], "b", "s")
    assert not {c.id for c in a} & {c.id for c in b}


def test_a_reports_chunk_ids_share_its_prefix(seeds):
    """A report's chunks sit together in every index keyed by chunk id (a write touches a page per report,
    not per chunk); the rest of each id still tells them apart."""
    report_id = "0f" * 32  # a sha256, as ingest gives it
    chunks = chunk_report(seeds["002"], report_id, "s")
    assert {c.id[:16] for c in chunks} == {report_id[:16]}
    assert len({c.id[16:] for c in chunks}) == len(chunks) and all(len(c.id) == 32 for c in chunks)


def test_split_and_merge():
    long = "这是一句话。" * 200
    pieces = split_long(long, 100)
    assert all(len(p) <= 100 for p in pieces) and "".join(pieces) == long
    assert merge_short(["短。", "也短。", "x" * 90], 80) == ["短。\n也短。\n" + "x" * 90]
