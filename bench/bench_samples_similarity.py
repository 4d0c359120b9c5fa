"""雷同 of the shipped 示例 library: pairwise 5-gram Jaccard of 一、总体情况, beside the seed reports.

Both sets are parsed with the real parser and measured with assistant/core/similarity.py ``summary`` (the
module X-3 and the drafting benchmark use). Prints one JSON object.

Run: ``PYTHONPATH=$PWD .venv/bin/python -m bench.bench_samples_similarity``
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.core.settings import load_settings
from assistant.core.similarity import summary
from ingest.parse import parse_file

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "library" / "samples"
SEEDS = REPO / ".." / "shared" / "seeds"


def overviews(folder: Path, pattern: str) -> list[str]:
    """The 总体情况 section of every report file in ``folder`` matching ``pattern``."""
    settings = load_settings()
    return [parse_file(p, settings).sections.overview for p in sorted(folder.glob(pattern))]


def main() -> dict[str, object]:
    """Figures for the library and (when present) the seeds."""
    out: dict[str, object] = {"samples": summary(overviews(SAMPLES, "sample_*.txt"))}
    if SEEDS.is_dir():
        out["seeds"] = summary(overviews(SEEDS, "*.txt"))
    return out


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
