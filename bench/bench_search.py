"""Hybrid search latency with a section filter at 10k and 150k chunks (synthetic library).

How the library is filled (to save time, stated in bench/RESULTS.md): ``--base`` synthetic reports
(bench.synth) are parsed and chunked for real; the library is then filled to ``--chunks`` by cloning
those chunks under new report ids, units and counties, each clone's vector being the original's plus
small Gaussian noise (re-normalised). Rows, tokens, vectors and manifest rows are written through the
store's own tables and ``upsert_vectors``, so the search path measured is exactly the production one.

Usage: .venv/bin/python -m bench.bench_search --chunks 10000 150000 [--embedder static-zh]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.core.settings import load_settings
from bench.synth import generate
from ingest.chunk import chunk_report
from ingest.parse import parse_text
from vectorstore import bm25_index
from vectorstore.tokenize import tokenize
from vectorstore.hybrid import search
from vectorstore.store import open_library

QUERIES = Path(__file__).with_name("queries.json")


def base_chunks(n_reports: int, seed: int = 11) -> list:
    """Real chunks of ``n_reports`` synthetic reports."""
    chunks = []
    for i, (name, text) in enumerate(generate(n_reports, seed)):
        chunks.extend(chunk_report(parse_text(text, source=name), f"base{i:05d}", name))
    return chunks


def fill(settings, chunks: list, target: int, rng: np.random.Generator) -> None:
    """Write ``target`` chunks (clones of ``chunks``) into the library of ``settings``."""
    lib = open_library(settings)
    vectors = np.asarray(lib.embedder.embed_documents([c.text for c in chunks]), dtype=np.float32)
    tokens = [" ".join(tokenize(c.text)) for c in chunks]
    copy, written = 0, 0
    while written < target:
        take = min(len(chunks), target - written)
        noise = rng.normal(0, 0.03, size=(take, vectors.shape[1])).astype(np.float32)
        vecs = vectors[:take] + noise
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        _write_copy(lib, chunks[:take], tokens[:take], vecs, copy)
        written += take
        copy += 1
    bump = lib.generation() + 1
    lib.set_meta("generation", bump)


def _write_copy(lib, chunks, tokens, vecs, copy: int, timings: dict | None = None) -> None:
    """Write one clone of ``chunks`` as an ingest group does (chunk rows, vectors, manifest rows last);
    ``timings`` adds each stage's seconds (sidecar, chroma)."""
    started = time.perf_counter()
    rows, reports, by_section = [], {}, {}
    for c, tok, vec in zip(chunks, tokens, vecs):
        meta = c.meta.model_copy(update={"report_id": f"{c.meta.report_id}-{copy}",
                                         "unit": f"{c.meta.unit}{copy}", "county": f"{c.meta.county}{copy % 50}"})
        # A clone is a new report: its chunks' ids share a prefix of their own, as chunk_id gives them.
        cid = hashlib.sha256(meta.report_id.encode()).hexdigest()[:16] + c.id[16:]
        rows.append({"id": cid, "report_id": meta.report_id, "section": meta.section, "subpart": meta.subpart,
                     "text": c.text, "tokens": tok, "meta": meta.model_dump_json()})
        reports[meta.report_id] = meta
        ids, vs = by_section.setdefault(meta.section, ([], []))
        ids.append(cid)
        vs.append(vec)
    from sqlalchemy import delete, insert

    from vectorstore import sidecar

    with lib.engine.begin() as conn:
        conn.execute(insert(sidecar.chunks), rows)
    upsert_started = time.perf_counter()
    lib.upsert_vectors({s: (ids, np.asarray(vs)) for s, (ids, vs) in by_section.items()})
    upsert_s = time.perf_counter() - upsert_started
    with lib.engine.begin() as conn:
        conn.execute(delete(sidecar.reports).where(sidecar.reports.c.report_id.in_(list(reports))))
        conn.execute(insert(sidecar.reports), [
            {"report_id": m.report_id, "source": m.source, "unit": m.unit, "level": m.level, "province": m.province,
             "city": m.city, "county": m.county, "year": m.year, "format_version": m.format_version, "sample": False,
             "n_chunks": 0} for m in reports.values()])
    if timings is not None:
        timings["chroma"] = timings.get("chroma", 0.0) + upsert_s
        timings["sidecar"] = timings.get("sidecar", 0.0) + time.perf_counter() - started - upsert_s


def queries() -> list[tuple[str, str]]:
    """(query, section) pairs from bench/queries.json (the section of its first label)."""
    data = json.loads(QUERIES.read_text(encoding="utf-8"))
    return [(q["query"], q["relevant"]["sections"][0].split("/")[0]) for q in data]


VARIANTS = {
    "section": {},
    "section+year_range": {"year_from": 2021, "year_to": 2023},
    "section+county (allow-list)": {"county": "__county__"},
    "no filter": {"section": None},
}


def measure(settings, pairs: list[tuple[str, str]], extra: dict, repeat: int = 3) -> dict[str, float]:
    """p50/p95 of hybrid search with a section filter (plus ``extra`` filters), after a warm-up pass."""
    def run(q: str, s: str):
        filters = {"section": s, **extra}
        return search(q, settings, **filters)

    warm = [run(q, s) for q, s in pairs]
    mean_hits = sum(len(r.results) for r in warm) / len(warm)
    precision = sum(p.meta.section == (extra.get("section", s) or p.meta.section)
                    for r, (_, s) in zip(warm, pairs) for p in r.results)
    precision /= max(1, sum(len(r.results) for r in warm))
    times = []
    for _ in range(repeat):
        for q, s in pairs:
            t = time.perf_counter()
            run(q, s)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * len(times)) - 1], 2),
            "n": len(times), "mean_results": round(mean_hits, 2), "section_precision": precision}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="bench.bench_search", description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, nargs="+", default=[10_000, 150_000])
    ap.add_argument("--base", type=int, default=300, help="synthetic reports parsed for real")
    ap.add_argument("--embedder", default="static-zh")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    chunks = base_chunks(args.base)
    pairs = queries()
    for target in args.chunks:
        home = Path(tempfile.mkdtemp(prefix="bench_search_"))
        settings = load_settings(home=home, embedder=args.embedder)
        t = time.perf_counter()
        fill(settings, chunks, target, np.random.default_rng(0))
        fill_s = time.perf_counter() - t
        t = time.perf_counter()
        bm25_index.current(open_library(settings))
        index_s = time.perf_counter() - t
        county = str(bm25_index.current(open_library(settings)).columns["county"][0])
        for name, extra in VARIANTS.items():
            extra = {k: (county if v == "__county__" else v) for k, v in extra.items()}
            result = measure(settings, pairs, extra)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(json.dumps({"chunks": target, "filters": name, "embedder": args.embedder,
                              "fill_s": round(fill_s, 1), "bm25_build_s": round(index_s, 1), **result,
                              "peak_rss_mb": round(rss)}, ensure_ascii=False), flush=True)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
