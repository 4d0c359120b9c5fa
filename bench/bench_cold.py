"""Benchmark: cold command times and peak memory, as a user meets them (whole process, warm disk).

Each command runs in a fresh ``python`` process under ``/usr/bin/time -v``: one warm-up run (fills the
page cache, builds on-disk caches), then ``--repeat`` timed runs; the median wall time, CPU time (user +
system: on a busy shared machine the wall time also counts waiting for a core) and peak RSS are printed
as a Markdown table. A private data directory gets the 示例 sample library first.

Usage: python -m bench.bench_cold [--repeat 3] [--home /tmp/nianbao-cold] [--root DIR]
(``--root``: time another checkout, e.g. an export of the commit before the change, under the same load)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds"
TIME = "/usr/bin/time"


def _env(home: Path, root: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ)
    # An installed nianbao runs from compiled bytecode; without it every cold command also compiles the
    # project's sources (~65 ms CPU measured), which a user never pays twice.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"PYTHONPATH": str(root), "NIANBAO_DATA_DIR": str(home), "HF_HUB_OFFLINE": "1",
                "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"})
    return env


def _nianbao(*args: str) -> list[str]:
    return [sys.executable, "-c", "import cli; cli.main()", *args]


def _measure(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS MB, exit code, CPU seconds user + system) of one process."""
    proc = subprocess.run([TIME, "-v", *argv], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=600, check=False)
    err = proc.stderr
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if not wall or not rss:
        raise RuntimeError(f"no /usr/bin/time figures for {argv}:\n{err[-2000:]}")
    hours, minutes, seconds = wall.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    code = re.search(r"Exit status: (\d+)", err)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    return total, int(rss.group(1)) / 1024, int(code.group(1)) if code else proc.returncode, cpu


def _inputs(home: Path, work: Path, env: dict[str, str]) -> dict[str, Path]:
    """The sample library in ``home``; a parsed report JSON and a seed text in ``work``."""
    subprocess.run(_nianbao("library", "init"), env=env, cwd=work, check=True, capture_output=True)
    seed = sorted(SEED.glob("*.txt"))[0]
    report = work / "report.json"
    out = subprocess.run(_nianbao("parse", str(seed)), env=env, cwd=work, check=True, capture_output=True,
                         text=True)
    report.write_text(out.stdout, encoding="utf-8")
    return {"seed": seed, "report": report}


def commands(files: dict[str, Path], work: Path) -> dict[str, list[str]]:
    """The measured command lines, by label."""
    report, seed = str(files["report"]), str(files["seed"])
    return {
        "parse SEED.txt": _nianbao("parse", seed),
        "check SEED.txt --format json": _nianbao("check", seed, "--format", "json"),
        "export REPORT.json --md --force": _nianbao("export", report, "--md", str(work / "out.md"), "--force"),
        "draft REPORT.json --no-library": _nianbao("draft", report, "--section", "all", "--format", "json",
                                                   "--no-library"),
        "draft REPORT.json": _nianbao("draft", report, "--section", "all", "--format", "json"),
        "search 公开指南 --section overview": _nianbao("search", "政府信息公开指南", "--section", "overview"),
        "similar --unit 兰坝镇": _nianbao("similar", "--unit", "兰坝镇", "--level", "镇", "--county", "云岭县"),
    }


def run(repeat: int, home: Path, root: Path = ROOT) -> list[tuple[str, float, float, list[int], float]]:
    """Rows (label, median wall s, median peak RSS MB, exit codes, median CPU s)."""
    env = _env(home, root)
    work = Path(tempfile.mkdtemp(prefix="nianbao-cold-"))
    try:
        files = _inputs(home, work, env)
        rows = []
        for label, argv in commands(files, work).items():
            _measure(argv, env, work)  # warm-up
            samples = [_measure(argv, env, work) for _ in range(repeat)]
            rows.append((label, statistics.median(s[0] for s in samples),
                         statistics.median(s[1] for s in samples), [s[2] for s in samples],
                         statistics.median(s[3] for s in samples)))
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--home", type=Path, default=None, help="data directory (default: a fresh temp dir)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to time (default: this one)")
    args = parser.parse_args(argv)
    home = args.home or Path(tempfile.mkdtemp(prefix="nianbao-cold-home-"))
    load = os.getloadavg()[0]
    rows = run(args.repeat, home, args.root)
    print(f"{args.root}: cold commands, median of {args.repeat} after one warm-up; load average {load:.1f}")
    print("| command | wall s | CPU s (user+sys) | peak RSS MB | exit codes |")
    print("|---|---|---|---|---|")
    for label, wall, rss, codes, cpu in rows:
        print(f"| `{label}` | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {','.join(map(str, codes))} |")
    if args.home is None:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
