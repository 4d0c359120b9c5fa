"""National-size library, simulated: one library grown to 10k, 100k, 1M chunks by the cloning method of
bench/bench_search.py, measured at each size.

At each size: the ingest rate (the median of ``--steps`` steps of ``--step`` cloned chunks, each written
through the store's tables and ``upsert_vectors`` in groups as an ingest writes them, a generation bump,
then the BM25 index brought up to date, as an ingest ends; each step's seconds by stage are printed),
search p50/p95 with a section filter, section + county and unfiltered (bench/queries.json, 2 timed
passes after a warm-up), a full BM25 build (seconds, and the RSS it adds), Chroma / SQLite / BM25 sizes
on disk and the resident memory of the searching process. One JSON line per size, printed as it
finishes, so a run stopped early still reports the sizes it reached.

``--paired N`` then times N such store steps into a fresh library of ``--paired-small`` chunks and into the
large one, alternated; ``--paired-ingest N`` times N whole ingests of ``--ingest-reports`` new report files
(parse, chunk, tokens, embed, write, BM25: the rate a user sees) the same way, in this process as the app
runs them or, with ``--ingest-cli``, as fresh ``nianbao ingest`` processes.

Usage: .venv/bin/python -m bench.bench_scale [--sizes 10000 100000 1000000] [--step 10000] [--steps 3] [--base 300]
       [--paired N] [--paired-ingest N [--ingest-cli]] [--home DIR]   (kept) ;
       .venv/bin/python -m bench.bench_scale --measure-only --home DIR
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

import numpy as np

from assistant.core.settings import load_settings
from bench.bench_search import VARIANTS, _write_copy, base_chunks, measure, queries
from vectorstore import bm25_index
from vectorstore.store import open_library
from vectorstore.tokenize import tokenize_many

ROOT = Path(__file__).resolve().parents[1]
SCALE_VARIANTS: dict[str, dict[str, Any]] = {
    name: cast(dict[str, Any], VARIANTS[name]) for name in ("section", "section+county (allow-list)", "no filter")
}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _du_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20 if path.exists() else 0.0


class Filler:
    """Writes clones of the base chunks into one library, ``copy`` numbering continuing across calls."""

    def __init__(self, settings, chunks: list, seed: int = 0) -> None:
        self.settings, self.chunks = settings, chunks
        self.lib = open_library(settings)
        self.vectors = np.asarray(self.lib.embedder.embed_documents([c.text for c in chunks]), dtype=np.float32)
        self.tokens = [" ".join(t) for t in tokenize_many([c.text for c in chunks])]
        self.rng = np.random.default_rng(seed)
        # A library already at ``--home`` is grown further: clones continue after its own (new ids).
        self.written = self.lib.chunk_count()
        copies = (r.report_id.rsplit("-", 1)[-1] for r in self.lib.reports())  # clones are "<base id>-<copy>"
        self.copy = 1 + max((int(c) for c in copies if c.isdigit()), default=-1)
        self.timings: dict[str, float] = {}

    def write(self, n: int) -> None:
        """Clone ``n`` more chunks, then bump the generation (as the end of an ingest does)."""
        target = self.written + n
        while self.written < target:
            take = min(len(self.chunks), target - self.written)
            noise = self.rng.normal(0, 0.03, size=(take, self.vectors.shape[1])).astype(np.float32)
            vecs = self.vectors[:take] + noise
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            _write_copy(self.lib, self.chunks[:take], self.tokens[:take], vecs, self.copy, self.timings)
            self.written += take
            self.copy += 1
        self.lib.set_meta("generation", self.lib.generation() + 1)


def _segments_mb(lib) -> float:
    """Size of the BM25 segments stored in the library's database."""
    from sqlalchemy import func, select

    from vectorstore import sidecar

    with lib.engine.connect() as conn:
        return float(conn.execute(select(func.sum(func.length(sidecar.segments.c.data)))).scalar() or 0) / 2**20


def _timed_step(filler: Filler, step: int) -> dict:
    """One ingest step of ``step`` chunks, as an ingest ends (BM25 brought up to date): seconds in all and
    by stage."""
    t = time.perf_counter()
    filler.timings.clear()
    filler.write(step)
    bm25_started = time.perf_counter()
    bm25_index.current(filler.lib)
    stages = {k: round(v, 2) for k, v in filler.timings.items()}
    stages["bm25"] = round(time.perf_counter() - bm25_started, 2)
    return {"s": round(time.perf_counter() - t, 2), "stages": stages}


def measure_size(filler: Filler, step: int, chunks_per_report: float, full_build: bool = True,
                 steps: int = 1) -> dict:
    """The figures at the library's current size (after ``steps`` timed ingest steps; their median rate)."""
    settings = filler.settings
    lib = filler.lib
    timed = [_timed_step(filler, step) for _ in range(steps)]
    step_s = statistics.median(t["s"] for t in timed)
    out: dict = {"chunks": filler.written, "step_chunks": step, "step_s": round(step_s, 2),
                 "steps": [{"s": t["s"], **t["stages"]} for t in timed],
                 "ingest_chunks_per_s": round(step / step_s, 1),
                 "ingest_reports_per_s_equiv": round(step / step_s / chunks_per_report, 1)}
    index = bm25_index.current(lib)
    county = str(index.columns["county"][len(index) // 2])
    pairs = queries()
    for name, extra in SCALE_VARIANTS.items():
        extra = {k: (county if v == "__county__" else v) for k, v in extra.items()}
        result = measure(settings, pairs, extra, repeat=2)
        out[name] = {"p50_ms": result["p50_ms"], "p95_ms": result["p95_ms"], "mean_results": result["mean_results"]}
    out["county_rows"] = int((index.columns["county"] == county).sum())
    out["search_rss_mb"] = round(_rss_mb())
    if full_build:
        rss_before = _rss_mb()
        t = time.perf_counter()
        rebuilt = bm25_index.build(lib)
        out["bm25_full_build_s"] = round(time.perf_counter() - t, 1)
        out["bm25_build_rss_added_mb"] = round(_rss_mb() - rss_before)
        del rebuilt
    home = settings.home
    out["chroma_mb"] = round(_du_mb(home / "chroma"))
    out["sqlite_mb"] = round(sum(_du_mb(p) for p in home.glob("library.db*")))
    out["bm25_mb"] = round(_segments_mb(lib))  # blobs inside the sidecar database (also in sqlite_mb)
    out["load_average"] = round(os.getloadavg()[0], 1)
    return out


def paired_steps(big: Filler, chunks: list, small_size: int, step: int, rounds: int, embedder: str) -> dict:
    """Steps into a fresh library of ``small_size`` chunks and into ``big``, alternated: each pair's ratio
    of rates (big / small) and the median."""
    bm25_index.current(big.lib)  # held, as the filler's or the app's process holds it
    pairs = []
    for _ in range(rounds):
        home = Path(tempfile.mkdtemp(prefix="bench_scale_small_"))
        try:
            small = Filler(load_settings(home=home, embedder=embedder), chunks)
            if small_size > step:
                small.write(small_size - step)
                bm25_index.current(small.lib)
            near, far = _timed_step(small, step), _timed_step(big, step)
            pairs.append({"small": {"s": near["s"], **near["stages"]}, "big": {"s": far["s"], **far["stages"]},
                          "ratio": round(near["s"] / far["s"], 2)})
            small.lib.close()
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return {"paired": f"{small_size} vs {big.written - rounds * step} chunks", "step_chunks": step, "pairs": pairs,
            "median_ratio": statistics.median(p["ratio"] for p in pairs)}


def _timed_ingest(settings, folder: Path, cli: bool = False) -> dict:
    """``ingest_paths`` of ``folder`` as the app's library page runs it (a process whose index is loaded), or
    with ``cli`` as ``nianbao ingest`` in a fresh process (which holds no index: it appends to the saved one)."""
    from assistant.library.ingest import ingest_paths

    t = time.perf_counter()
    if cli:
        env = {**os.environ, "NIANBAO_DATA_DIR": str(settings.home), "NIANBAO_EMBEDDER": settings.embedder}
        done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "ingest", str(folder), "--format", "json"],
                              env=env, capture_output=True, text=True, check=False)
        secs = time.perf_counter() - t
        if done.returncode != 0:
            raise RuntimeError(f"nianbao ingest failed: {done.stderr[-500:]}")
        summary = json.loads(done.stdout)
        ingested, chunks = summary["ingested"], summary["chunks"]
        if not ingested:
            raise RuntimeError("nianbao ingest added nothing (files already in the library?)")
    else:
        result = ingest_paths([folder], settings)
        secs = time.perf_counter() - t
        if result.failed or not result.ingested:
            raise RuntimeError(f"ingest failed: {result.failed[:3]}")
        ingested, chunks = result.ingested, result.chunks
    return {"s": round(secs, 2), "reports": ingested, "chunks": chunks, "reports_per_s": round(ingested / secs, 1)}


def paired_ingests(big: Filler, chunks: list, small_size: int, reports: int, rounds: int, embedder: str,
                   cli: bool = False) -> dict:
    """Whole ingests of ``reports`` new synthetic report files (parse, chunk, tokens, embed, write, BM25), into a
    fresh library of ``small_size`` chunks and into ``big``, alternated: the rate a user sees, in reports/s.
    Each round's files are new (their own seed), so neither library replaces a report. With ``cli``, each ingest
    is a fresh ``nianbao ingest`` process."""
    from bench.synth import generate

    bm25_index.current(big.lib)  # as in the app, whose process holds the index between ingests
    pairs = []
    for r in range(rounds):
        work = Path(tempfile.mkdtemp(prefix="bench_scale_ingest_"))
        try:
            folder = work / "reports"
            for _ in generate(reports, seed=big.written + r, out_dir=folder):  # a seed not used before
                pass
            small = Filler(load_settings(home=work / "small", embedder=embedder), chunks)
            small.write(small_size)
            bm25_index.current(small.lib)
            near, far = _timed_ingest(small.settings, folder, cli), _timed_ingest(big.settings, folder, cli)
            big.written = big.lib.chunk_count()
            pairs.append({"small": near, "big": far, "ratio": round(near["s"] / far["s"], 2)})
            small.lib.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return {"paired_ingest": f"{reports} reports into {small_size} vs {big.written} chunks",
            "via": "nianbao ingest" if cli else "ingest_paths", "pairs": pairs,
            "median_ratio": statistics.median(p["ratio"] for p in pairs),
            "total_ratio": round(sum(p["small"]["s"] for p in pairs) / sum(p["big"]["s"] for p in pairs), 2)}


def measure_existing(home: Path, embedder: str, repeat: int = 2) -> dict:
    """Search figures of an existing library (``--measure-only``): a fresh process that only searches, as the
    app or ``nianbao search`` would, so its resident memory is a searching process's."""
    settings = load_settings(home=home, embedder=embedder)
    lib = open_library(settings)
    t = time.perf_counter()
    index = bm25_index.current(lib)
    out: dict = {"chunks": len(index), "index_load_s": round(time.perf_counter() - t, 2),
                 "rss_after_index_load_mb": round(_rss_mb())}
    county = str(index.columns["county"][len(index) // 2])
    pairs = queries()
    for name, extra in SCALE_VARIANTS.items():
        extra = {k: (county if v == "__county__" else v) for k, v in extra.items()}
        t = time.perf_counter()
        result = measure(settings, pairs, extra, repeat=repeat)
        out[name] = {"p50_ms": result["p50_ms"], "p95_ms": result["p95_ms"], "mean_results": result["mean_results"],
                     "first_pass_s": round(time.perf_counter() - t, 1)}
    out["county_rows"] = int((index.columns["county"] == county).sum())
    out["search_rss_mb"] = round(_rss_mb())
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["load_average"] = round(os.getloadavg()[0], 1)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="bench.bench_scale", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000],
                    help="sizes to fill to and measure (none: only the paired runs against the library at --home)")
    ap.add_argument("--step", type=int, default=10_000, help="chunks written in each timed ingest step")
    ap.add_argument("--steps", type=int, default=3, help="timed steps at each size (the median rate is reported)")
    ap.add_argument("--base", type=int, default=300, help="synthetic reports parsed for real")
    ap.add_argument("--embedder", default="static-zh")
    ap.add_argument("--full-build-upto", type=int, default=100_000,
                    help="time a full BM25 build only at sizes up to this (it is linear: ~8 min at 1M)")
    ap.add_argument("--paired", type=int, default=0,
                    help="then N rounds of one step into a fresh library of --paired-small chunks and one into this "
                         "one, alternated (this box's speed drifts by up to 2x within minutes: the ratio of a pair "
                         "is what compares)")
    ap.add_argument("--paired-small", type=int, default=10_000,
                    help="size of the fresh library the paired steps compare with (the target's 'rate at 10k')")
    ap.add_argument("--paired-ingest", type=int, default=0,
                    help="then N rounds of a whole ingest of --ingest-reports new report files into a fresh library "
                         "of --paired-small chunks and into this one, alternated")
    ap.add_argument("--ingest-reports", type=int, default=500, help="report files in each --paired-ingest round")
    ap.add_argument("--ingest-cli", action="store_true",
                    help="run each --paired-ingest ingest as a fresh `nianbao ingest` process")
    ap.add_argument("--home", type=Path, default=None,
                    help="data directory (default: a temp dir, removed); a library already there is grown further")
    ap.add_argument("--measure-only", action="store_true",
                    help="only measure search in the existing library at --home (nothing written)")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.measure_only:
        if args.home is None:
            ap.error("--measure-only needs --home")
        print(json.dumps(measure_existing(args.home, args.embedder), ensure_ascii=False), flush=True)
        return 0
    home = args.home or Path(tempfile.mkdtemp(prefix="bench_scale_"))
    settings = load_settings(home=home, embedder=args.embedder)
    chunks = base_chunks(args.base)
    filler = Filler(settings, chunks)
    per_report = len(chunks) / args.base
    try:
        for size in args.sizes:
            t = time.perf_counter()
            if size - args.step > filler.written:  # the first timed step ends at ``size``
                filler.write(size - args.step - filler.written)
                bm25_index.current(filler.lib)
            fill_s = time.perf_counter() - t
            row = measure_size(filler, args.step, per_report, full_build=size <= args.full_build_upto,
                               steps=args.steps)
            row["fill_s"] = round(fill_s, 1)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        if args.paired:
            print(json.dumps(paired_steps(filler, chunks, args.paired_small, args.step, args.paired, args.embedder),
                             ensure_ascii=False), flush=True)
        if args.paired_ingest:
            print(json.dumps(paired_ingests(filler, chunks, args.paired_small, args.ingest_reports,
                                            args.paired_ingest, args.embedder, args.ingest_cli), ensure_ascii=False), flush=True)
    finally:
        if args.home is None:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
