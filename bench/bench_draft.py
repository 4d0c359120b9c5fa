"""Benchmark: drafting 一 and 五 with the built-in composer over N fact sheets; prints p50/p95 (ms).

Usage: python bench/bench_draft.py [--n 100] [--retrieval MODULE:FUNCTION]
``--retrieval`` names a factory ``f(settings) -> retrieve(query, filters)``; the lead wires the real
hybrid retrieval there. Without it, drafting runs without retrieved passages.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.drafting.draft import draft_section  # noqa: E402
from assistant.core.settings import load_settings  # noqa: E402
from tests.assistant.drafting.factsheets import fact_sheets  # noqa: E402


def _retrieval(spec: str | None, settings):
    if not spec:
        return None
    module, _, func = spec.partition(":")
    return getattr(importlib.import_module(module), func)(settings)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--retrieval", default=None, help="MODULE:FACTORY returning retrieve(query, filters)")
    args = parser.parse_args(argv)
    settings = load_settings()
    retrieve = _retrieval(args.retrieval, settings)
    timings: list[float] = []
    findings = 0
    for report in fact_sheets(args.n):
        started = time.perf_counter()
        for section in ("overview", "problems"):
            findings += len(draft_section(report, section, settings=settings, retrieve=retrieve).findings)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"drafted both sections for {args.n} fact sheets (retrieval: {args.retrieval or 'none'})")
    print(f"p50 {statistics.median(timings):.1f} ms  p95 {_pct(timings, 0.95):.1f} ms  "
          f"max {max(timings):.1f} ms  guard findings {findings}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
