"""Retrieval quality on bench/queries.json: Recall@5 and MRR@10 for vector-only, BM25-only, hybrid and a
plain LangChain baseline (langchain_chroma.Chroma with the same embeddings, similarity_search).

The library is the shipped sample library (library/samples) plus the five seed reports. A query's
relevant set is every chunk that passes the query's filters, lies in one of its labelled sections
(``overview/requests`` = the 依申请公开 part of 总体情况; a report whose 总体情况 has no detected
parts counts as matching) and matches its pattern (the label's meaning, as a regex).

Recall@5 = |relevant ∩ top 5| / min(5, |relevant|); MRR@10 = mean of 1/rank of the first relevant hit.
Also prints the low-relevance calibration: best-passage word coverage and cosine for the labelled
queries versus off-topic ones.

Usage: .venv/bin/python -m bench.eval_retrieval [--embedder static-zh] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from assistant.core.settings import load_settings
from assistant.library.ingest import SAMPLES_DIR, ingest_paths
from vectorstore import bm25_index
from vectorstore.hybrid import coverage, filter_mask, search, vector_candidates
from vectorstore.tokenize import tokenize
from vectorstore.store import open_library

QUERIES = Path(__file__).with_name("queries.json")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
KINDS = ("section", "problems", "paraphrase", "filtered")
OFF_TOPIC = ["高速公路收费标准调整", "足球联赛积分榜", "股票行情走势分析", "明天会不会下雨", "红烧肉的做法",
             "手机电池续航多久", "电影票房排行榜", "小学数学期末试卷", "新能源汽车补贴车型", "周末去哪里露营"]


def build_library(embedder: str) -> Any:
    """Settings of a fresh library holding the sample reports and the seeds."""
    settings = load_settings(home=Path(tempfile.mkdtemp(prefix="eval_")), embedder=embedder)
    paths = [SAMPLES_DIR] + ([SEEDS] if SEEDS.is_dir() else [])
    result = ingest_paths(paths, settings)
    assert not result.failed, result.failed
    return settings


def relevant_ids(settings: Any, item: dict) -> set[str]:
    """The chunk ids relevant to one labelled query."""
    lib = open_library(settings)
    index = bm25_index.current(lib)
    filters = item.get("filters", {})
    mask = filter_mask(index, **filters)
    pattern = re.compile(item["relevant"]["pattern"])
    labels = [tuple((s + "/").split("/")[:2]) for s in item["relevant"]["sections"]]
    texts = lib.fetch([index.ids[i] for i in range(len(index)) if mask[i]])
    out = set()
    for cid, (text, meta) in texts.items():
        section_ok = any(meta.section == s and (not sub or meta.subpart in (sub, "")) for s, sub in labels)
        if section_ok and pattern.search(text):
            out.add(cid)
    return out


def _where(filters: dict) -> dict | None:
    parts: list[dict] = []
    for key, value in filters.items():
        if key == "year_from":
            parts.append({"year": {"$gte": value}})
        elif key == "year_to":
            parts.append({"year": {"$lte": value}})
        elif key == "exclude_unit":
            parts.append({"unit": {"$ne": value}})
        else:
            parts.append({key: value})
    return None if not parts else parts[0] if len(parts) == 1 else {"$and": parts}


def langchain_baseline(settings: Any) -> Callable[[str, dict], list[str]]:
    """A plain langchain_chroma store over the same chunks and embeddings; returns a search function."""
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

    from vectorstore.embeddings import as_langchain

    lib = open_library(settings)
    from sqlalchemy import select

    from vectorstore import sidecar

    with lib.engine.connect() as conn:
        rows = conn.execute(select(sidecar.chunks.c.id, sidecar.chunks.c.text, sidecar.chunks.c.meta)).all()
    store = Chroma(collection_name="baseline", embedding_function=as_langchain(lib.embedder),
                   persist_directory=str(settings.home / "lc_baseline"),
                   client_settings=ChromaSettings(anonymized_telemetry=False),
                   collection_metadata={"hnsw:space": "cosine"})
    store.add_texts([r[1] for r in rows], metadatas=[json.loads(r[2]) for r in rows], ids=[r[0] for r in rows])

    def run(query: str, filters: dict) -> list[str]:
        docs = store.similarity_search(query, k=10, filter=_where(filters))
        return [d.id for d in docs]

    return run


def score(ranked: list[str], relevant: set[str]) -> tuple[float, float]:
    """(Recall@5, reciprocal rank within 10)."""
    if not relevant:
        return 0.0, 0.0
    recall = len(set(ranked[:5]) & relevant) / min(5, len(relevant))
    rr = next((1.0 / (i + 1) for i, cid in enumerate(ranked[:10]) if cid in relevant), 0.0)
    return recall, rr


def evaluate(settings: Any, items: list[dict]) -> dict[str, dict[str, float]]:
    """Mean Recall@5 and MRR@10 per method."""
    methods: dict[str, Callable[[str, dict], list[str]]] = {
        mode: (lambda q, f, m=mode: [p.chunk_id for p in search(q, settings, k=10, mode=m, **f).results])
        for mode in ("vector", "bm25", "hybrid")
    }
    methods["langchain"] = langchain_baseline(settings)
    relevant = {it["id"]: relevant_ids(settings, it) for it in items}
    table: dict[str, dict[str, float]] = {}
    for name, run in methods.items():
        pairs = {it["id"]: score(run(it["query"], it.get("filters", {})), relevant[it["id"]]) for it in items}
        groups = {"all": items, **{k: [it for it in items if it["kind"] == k] for k in KINDS}}
        for group, members in groups.items():
            key = name if group == "all" else f"{name}:{group}"
            got = [pairs[it["id"]] for it in members]
            table[key] = {"recall@5": round(sum(r for r, _ in got) / len(got), 3),
                          "mrr@10": round(sum(m for _, m in got) / len(got), 3), "n": len(got)}
    return table


def calibration(settings: Any, items: list[dict]) -> dict[str, list[tuple[float, float]]]:
    """(best-passage coverage, best cosine) for labelled queries ("on") and off-topic ones ("off")."""
    lib = open_library(settings)
    index = bm25_index.current(lib)

    def probe(query: str) -> tuple[float, float]:
        res = search(query, settings, k=1)
        mask = filter_mask(index)
        hits = vector_candidates(lib, index, lib.embedder.embed_query(query), mask, n=1)
        text = res.results[0].text if res.results else ""
        return round(coverage(text, tokenize(query)), 3), round(hits[0][1] if hits else 0.0, 3)

    return {"on": [probe(it["query"]) for it in items if not it.get("filters")],
            "off": [probe(q) for q in OFF_TOPIC]}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="bench.eval_retrieval", description=__doc__.splitlines()[0])
    ap.add_argument("--embedder", default="static-zh")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    items = json.loads(QUERIES.read_text(encoding="utf-8"))
    settings = build_library(args.embedder)
    try:
        empty = [it["id"] for it in items if not relevant_ids(settings, it)]
        table = evaluate(settings, items)
        calib = calibration(settings, items)
    finally:
        shutil.rmtree(settings.home, ignore_errors=True)
    if args.json:
        print(json.dumps({"table": table, "calibration": calib, "unlabelled": empty}, ensure_ascii=False))
        return 0
    print(f"queries: {len(items)}  embedder: {args.embedder}  without relevant chunks: {empty}")
    print("| method | queries | Recall@5 | MRR@10 |\n|---|---|---|---|")
    for name, row in table.items():
        print(f"| {name} | {row['n']} | {row['recall@5']:.3f} | {row['mrr@10']:.3f} |")
    for side, pts in calib.items():
        print(side, "coverage,cosine:", sorted(pts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
