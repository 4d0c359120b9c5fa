"""Hybrid search: exact filters, diversity, highlights, the LangChain retriever and similar reports."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from assistant.messages_zh import similar_reason
from vectorstore.hybrid import search
from vectorstore.retriever import LibraryRetriever
from vectorstore.similar import similar_reports


def test_finds_the_matching_passage(small_library):
    res = search("未收到依申请公开申请", small_library, k=5)
    top = res.results[0]
    assert "未收到依申请公开申请" in top.text
    assert (top.meta.section, top.meta.subpart) == ("overview", "requests")
    assert not res.low_relevance


def test_section_filter_is_exact(small_library):
    res = search("未收到依申请公开申请", small_library, section="problems", k=8)
    assert len(res.results) == 8
    assert {p.meta.section for p in res.results} == {"problems"}


def test_subpart_filter_is_exact(small_library):
    res = search("政务公开", small_library, section="overview", subpart="requests", k=5)
    assert res.results and all(p.meta.subpart == "requests" for p in res.results)


def test_exclude_unit_excludes_it(small_library):
    res = search("甲镇存在的主要问题", small_library, exclude_unit="甲镇", k=10)
    assert res.results and all(p.meta.unit != "甲镇" for p in res.results)


def test_filter_matching_nothing_returns_nothing(small_library):
    for filters in ({"county": "不存在县"}, {"section": "no_such_section"}, {"year_from": 2030},
                    {"unit": "甲镇", "county": "西县"}):
        res = search("主要问题", small_library, **filters)
        assert res.results == [] and res.low_relevance


def test_narrow_filters_use_allow_list(small_library):
    res = search("更新不够及时", small_library, unit="乙乡", year_from=2022, year_to=2022, k=5)
    assert res.results
    assert {(p.meta.unit, p.meta.year) for p in res.results} == {("乙乡", 2022)}


def test_at_most_two_passages_per_report(small_library):
    res = search("主要问题 加强培训 更新栏目", small_library, k=8)
    per_report = Counter(p.meta.report_id for p in res.results)
    assert len(res.results) == 8 and max(per_report.values()) == 2


def test_highlights_mark_query_words(small_library):
    res = search("依申请公开申请", small_library, section="overview", subpart="requests", k=1)
    passage = res.results[0]
    marked = [passage.text[a:b] for a, b in passage.highlight]
    assert any("申请" in m for m in marked)


def test_bm25_and_vector_modes_agree_on_an_easy_query(small_library):
    for mode in ("bm25", "vector"):
        res = search("行政复议 行政诉讼", small_library, mode=mode, k=3)
        assert res.results[0].meta.section == "review_litigation", mode


def test_unrelated_query_is_low_relevance(small_library):
    res = search("高速公路收费标准调整", small_library, k=3)
    assert res.low_relevance


def test_langchain_retriever_returns_documents(small_library):
    retriever = LibraryRetriever(settings=small_library, k=3, filters={"section": "problems"})
    docs = retriever.invoke("存在的主要问题")
    assert len(docs) == 3
    assert all(d.metadata["section"] == "problems" and d.metadata["chunk_id"] == d.id for d in docs)


def test_similar_reports_prefer_same_county_and_level(small_library):
    ranked = similar_reports(small_library, unit="丁镇", level="镇", province="某省", county="东县", year=2023,
                             overview_text="认真贯彻落实条例，推进政务公开")
    assert [r.report.unit for r in ranked[:2]] == ["甲镇", "甲镇"]
    assert ranked[0].report.year == 2023
    reason = similar_reason(ranked[0].reasons)
    assert "同县" in reason and "同级" in reason and "相近年份" in reason
    assert ranked[-1].report.unit == "丙街道"


def test_similar_reports_skip_the_unit_itself(small_library):
    ranked = similar_reports(small_library, unit="甲镇", level="镇", province="某省", county="东县")
    assert ranked and all(r.report.unit != "甲镇" for r in ranked)


# ---------------------------------------------------------------- quality, with the real default model


@pytest.fixture(scope="module")
def sample_library(tmp_path_factory: pytest.TempPathFactory):
    """The shipped sample library plus the seeds, embedded with the offline default model."""
    from assistant.core.settings import load_settings
    from bench.eval_retrieval import build_library
    from vectorstore.static_model import ensure_default_model

    ensure_default_model(load_settings(home=tmp_path_factory.mktemp("model_home")))
    return build_library("static-zh")


@pytest.mark.slow
def test_hybrid_is_the_best_method_on_the_labelled_queries(sample_library):
    from bench.eval_retrieval import QUERIES, evaluate

    items = json.loads(QUERIES.read_text(encoding="utf-8"))
    assert len(items) >= 60
    table = evaluate(sample_library, items)
    hybrid = table["hybrid"]
    assert hybrid["recall@5"] >= 0.8 and hybrid["mrr@10"] >= 0.85
    for other in ("vector", "bm25", "langchain"):
        assert hybrid["mrr@10"] >= table[other]["mrr@10"], (other, table)


@pytest.mark.slow
def test_section_filter_precision_with_the_real_model(sample_library):
    for section in ("problems", "other", "overview"):
        res = search("依申请公开 未收到申请", sample_library, section=section, k=10)
        assert len(res.results) == 10 and {p.meta.section for p in res.results} == {section}


@pytest.mark.slow
def test_low_relevance_flags_off_topic_queries_only(sample_library):
    from bench.eval_retrieval import OFF_TOPIC, QUERIES

    items = json.loads(QUERIES.read_text(encoding="utf-8"))
    assert all(search(q, sample_library).low_relevance for q in OFF_TOPIC)
    flagged = [it["query"] for it in items if search(it["query"], sample_library, **it.get("filters", {})).low_relevance]
    assert len(flagged) <= len(items) // 10, flagged


def test_empty_library_returns_nothing(lib_settings):
    res = search("依申请公开", lib_settings, section="overview")
    assert res.results == [] and res.low_relevance
    assert similar_reports(lib_settings, unit="甲镇", level="镇", province="某省") == []


def test_result_json_shape(small_library):
    from vectorstore.hybrid import result_json

    out = result_json(search("存在的主要问题", small_library, section="problems", k=2))
    assert set(out) == {"query", "results", "low_relevance"}
    assert {"unit", "year", "level", "province", "section", "text", "score", "source", "chunk_id"} <= set(out["results"][0])
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out
