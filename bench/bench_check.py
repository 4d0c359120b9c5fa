"""Checker throughput: parse + check a folder of synthetic reports, as `nianbao check DIR` does.

    .venv/bin/python -m bench.bench_check --n 1000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from assistant.core.findings import Severity
from assistant.review.batch import review_paths
from assistant.core.settings import load_settings
from bench.synth import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for _ in generate(args.n, args.seed, out_dir=folder):
            pass
        settings = load_settings(home=Path(tmp) / "data")
        start = time.perf_counter()
        results = list(review_paths([folder], settings))
        seconds = time.perf_counter() - start
    errors = sum(1 for r in results if any(f.severity == Severity.ERROR for f in r.findings))
    unreadable = sum(1 for r in results if r.error)
    print(f"checked {len(results)} reports in {seconds:.1f} s: {len(results) / seconds:.0f} reports/s "
          f"({errors} with errors, {unreadable} unreadable)")


if __name__ == "__main__":
    main()
