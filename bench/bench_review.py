"""The county review desk on one generated county: read + check, the batch rule SIM-1 (exact pairs vs
MinHash LSH candidates), charts as SVG, letters and workbook.

    .venv/bin/python -m bench.bench_review --n 30 --n 300
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from assistant import messages_zh as words
from assistant.core import similarity
from assistant.core.settings import load_settings
from assistant.review import outputs
from assistant.review.desk import load_desk
from bench.synth_county import write_county


def _timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def run(n: int, tmp: Path) -> dict[str, float]:
    """Seconds of each step for a county of ``n`` units (this year and last year)."""
    folder = tmp / f"county{n}"
    write_county(folder, n=n, year=2024, seed=7)
    settings = load_settings(home=tmp / f"data{n}")
    entries, load_s = _timed(load_desk, [folder / "this"], settings, previous=[folder / "last"])
    texts = {e.unit: e.report.sections.overview for e in entries if e.report is not None}
    sets = {k: similarity.shingles(t) for k, t in texts.items()}
    exact, exact_s = _timed(similarity._exact_pairs, sets, similarity.BATCH_COPY_LIMIT)
    lsh, lsh_s = _timed(similarity._lsh_pairs, sets, similarity.BATCH_COPY_LIMIT)
    _, svg_s = _timed(outputs.chart_svgs, entries, words)
    _, letters_s = _timed(outputs.write_letters, tmp / f"letters{n}", entries, words, letter_date=dt.date(2025, 2, 3))
    _, xlsx_s = _timed(outputs.write_xlsx, tmp / f"w{n}.xlsx", entries, words)
    same = {(a, b) for a, b, _ in exact} == {(a, b) for a, b, _ in lsh}
    sim1 = sum(1 for e in entries for f in e.findings if f.rule == "SIM-1")
    return {"n": n, "load_check": load_s, "exact_pairs": exact_s, "lsh_pairs": lsh_s, "lsh_same": same,
            "sim1": sim1, "charts_svg": svg_s, "letters": letters_s, "xlsx": xlsx_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, action="append", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n or [30, 300]:
            row = run(n, Path(tmp))
            print(" | ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"  # noqa: T201 (CLI)
                             for k, v in row.items()))


if __name__ == "__main__":
    main()
