"""What a process start pays for the BM25 index: loading the saved segments from the library's database
(what every app process now does) against rebuilding it from the stored tokens (what it would pay without
the saved index), on a library of synthetic chunks (bench_search's filler). The database is the SQLite
default, or the one of NIANBAO_DATABASE_URL when set (e.g. a PostgreSQL server).

Usage: .venv/bin/python -m bench.bench_bm25_start --chunks 50000 [--base 100]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.core.settings import load_settings
from bench.bench_search import base_chunks, fill
from vectorstore import bm25_index
from vectorstore.store import open_library


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="bench.bench_bm25_start", description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, nargs="+", default=[50_000])
    ap.add_argument("--base", type=int, default=100, help="synthetic reports parsed for real")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    chunks = base_chunks(args.base)
    for target in args.chunks:
        home = Path(tempfile.mkdtemp(prefix="bench_bm25_"))
        settings = load_settings(home=home, embedder="static-zh", collection=f"b{target}")
        fill(settings, chunks, target, np.random.default_rng(0))
        lib = open_library(settings)
        bm25_index.current(lib)  # built and saved once, as the end of an ingest does
        loads, builds = [], []
        for _ in range(args.repeat):
            bm25_index._CACHE.clear()  # a fresh process
            t = time.perf_counter()
            index = bm25_index.current(lib)
            loads.append(time.perf_counter() - t)
            t = time.perf_counter()
            bm25_index.build(lib)
            builds.append(time.perf_counter() - t)
        print(json.dumps({"chunks": len(index), "database": lib.engine.dialect.name,
                          "load_s": round(min(loads), 2), "rebuild_s": round(min(builds), 2),
                          "load_average": round(os.getloadavg()[0], 1)}), flush=True)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
