"""Drafting's view of the library: retrieval through the LangChain retriever, gazetteer, last year's report."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.library.context import drafting_context, library_units, make_retrieve
from assistant.library.ingest import ingest_paths
from assistant.library.previous import library_previous as previous_report
from assistant.tables.templates import new_report

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).resolve().parents[2] / "library" / "samples"


@pytest.fixture
def library(settings):
    names = ["sample_qinghe_zhen_2022.txt", "sample_yunxi_jiedao_2023.txt", "sample_shiling_xiang_2021.txt"]
    result = ingest_paths([SAMPLES / n for n in names], settings)
    assert result.ingested == 3
    return settings


def test_empty_library_gives_no_context(settings) -> None:
    assert drafting_context(settings) == {}


def test_retrieve_honours_filters_and_returns_passages(library) -> None:
    retrieve = make_retrieve(library)
    found = retrieve("依申请公开 收到申请 办理", {"section": "overview", "subpart": "requests", "level": "镇"})
    assert found and all(p.meta.section == "overview" and p.meta.subpart == "requests" for p in found)
    assert {p.meta.unit for p in found} == {"青禾镇"} and all(p.chunk_id for p in found)
    assert retrieve("依申请公开", {"section": "overview", "unit": "不存在的镇"}) == []
    assert retrieve("量子计算机 芯片 航天发射", {}) == []  # low relevance: nothing, not noise


def test_gazetteer_and_last_year(library) -> None:
    assert {"青禾镇", "云溪街道", "石岭乡"} <= set(library_units(library))
    assert set(drafting_context(library)) == {"retrieve", "gazetteer"}
    last = previous_report(library, new_report("青禾镇", 2023))
    assert last is not None and last.year == 2022 and last.profile.short_name == "青禾镇"
    assert previous_report(library, new_report("青禾镇", 2025)) is None
