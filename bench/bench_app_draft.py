"""Benchmark: app restart to first draft, with the 示例 sample library (whole process, fresh each run).

Each run is a new Python process, as after a restart of the app server: it loads the real app script
with Streamlit's AppTest, opens a saved report on the 起草 page and clicks 起草“总体情况”. Printed: the
wall time from process start to the draft on screen, and from the click to the draft (what the user
waits for after the page is up), median of ``--repeat`` runs after one warm-up run.

Usage: python -m bench.bench_app_draft [--repeat 3] [--root DIR]  (``--root``: another checkout to time)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
started = time.perf_counter()
from streamlit.testing.v1 import AppTest
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app.conftest import make_filled_report
report = make_filled_report()
report.sections.overview = ""
rid = Store.from_settings(load_settings()).create_report(report)
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.session_state["rid"] = rid
at.run()
at.radio(key="nav").set_value("draft").run()
clicked = time.perf_counter()
at.button(key="draft.overview").click().run()
done = time.perf_counter()
assert not at.exception, at.exception
assert len(at.chat_message) == 2 and len(at.chat_message[1].markdown[0].value) > 50
print(json.dumps({"total_s": done - started, "click_to_draft_s": done - clicked}))
"""


def _env(root: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PYTHONPATH": str(root), "NIANBAO_DATA_DIR": str(home), "HF_HUB_OFFLINE": "1",
                "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"})
    return env


def run(root: Path, repeat: int) -> dict[str, float]:
    """Median seconds (total, click to draft) over ``repeat`` fresh processes, after a warm-up."""
    home = Path(tempfile.mkdtemp(prefix="nianbao-appdraft-"))
    env = _env(root, home)
    subprocess.run([sys.executable, "-c", "import cli; cli.main()", "library", "init"], env=env, cwd=root,
                   check=True, capture_output=True)
    samples = []
    for _ in range(repeat + 1):
        out = subprocess.run([sys.executable, "-c", CHILD, str(root / "app.py")], env=env, cwd=root,
                             check=True, capture_output=True, text=True, timeout=600)
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    samples = samples[1:]
    return {key: round(statistics.median(s[key] for s in samples), 2) for key in samples[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    print(json.dumps({"root": str(args.root), "load": round(os.getloadavg()[0], 1), **run(args.root, args.repeat)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
