"""Small ingests into a large library: ``--steps`` times the chunks of ``--reports`` reports (1: a clerk
uploading one file), each followed by the BM25 update an ingest ends with, as :mod:`bench.bench_scale`
writes them. Prints the seconds of each step and the index's segment sizes after it, so a merge of the
large segments shows.

Usage: .venv/bin/python -m bench.bench_small_ingests --home DIR [--steps 12] [--reports 1]   (DIR: a bench_scale library)
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from assistant.core.settings import load_settings
from bench.bench_scale import Filler
from bench.bench_search import base_chunks
from vectorstore import bm25_index


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="bench.bench_small_ingests", description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--reports", type=int, default=1, help="synthetic reports per step (770: ~10k chunks)")
    ap.add_argument("--embedder", default="static-zh")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = load_settings(home=args.home, embedder=args.embedder)
    filler = Filler(settings, base_chunks(args.reports))  # clone numbers after the library's own
    t = time.perf_counter()
    index = bm25_index.current(filler.lib)
    print(json.dumps({"chunks": len(index), "load_s": round(time.perf_counter() - t, 2),
                      "segments": [len(s.ids) for s in index.segments]}), flush=True)
    for step in range(args.steps):
        t = time.perf_counter()
        filler.write(len(filler.chunks))
        index = bm25_index.current(filler.lib)
        seconds = time.perf_counter() - t
        print(json.dumps({"step": step + 1, "chunks_added": len(filler.chunks), "seconds": round(seconds, 2),
                          "chunks_per_s": round(len(filler.chunks) / seconds, 1),
                          "segments": [len(s.ids) for s in index.segments]}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
