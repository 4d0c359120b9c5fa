"""One county's township reports for the review desk: this year's and last year's, with planted copies.

``write_county(out_dir, n=30)`` writes ``this/`` (year Y) and ``last/`` (year Y-1) for ``n`` fictional
townships of one county, plus ``manifest.json``. Two planted 雷同 defects:

- ``swapped``: its 总体情况 is another unit's (``swapped_from``) with that unit's names replaced by its own;
- ``self_copy``: its 总体情况 and 五 are its own report of last year with the year numbers moved on.

Other units keep the synthetic corpus's share of planted mistakes (bench/synth_model.MISTAKES).
CLI: ``.venv/bin/python -m bench.synth_county --out /tmp/county``
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
from pathlib import Path

from bench.synth import draw_spec, draw_unit
from bench.synth_model import ReportSpec, apply_figure_mistakes, draw_figures
from bench.synth_render import SYNTH_MARK
from bench.synth_report import render_report

OVERVIEW_HEAD, ACTIVE_HEAD = "一、总体情况", "二、主动公开政府信息情况"
PROBLEMS_HEAD, OTHER_HEAD = "五、存在的主要问题及改进情况", "六、其他需要报告的事项"


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def _replace_between(text: str, start: str, end: str, body: str) -> str:
    head, rest = text.split(start, 1)
    return head + start + body + end + rest.split(end, 1)[1]


def county_specs(n: int, year: int, seed: int) -> list[tuple[ReportSpec, ReportSpec]]:
    """(last year's spec, this year's spec) for ``n`` distinct townships of one county."""
    rng = random.Random(seed)
    base = draw_unit(rng)
    names: set[str] = set()
    pairs = []
    while len(pairs) < n:
        unit = draw_unit(rng)
        unit = dataclasses.replace(unit, county=base.county, city=base.city, province=base.province,
                                   level="街道" if unit.level == "街道" and len(pairs) % 5 == 0 else
                                   ("镇" if unit.level != "乡" else "乡"))
        unit = dataclasses.replace(unit, name=unit.name[:2] + unit.level)
        if unit.name in names:
            continue
        names.add(unit.name)
        this = draw_spec(rng, 0.3, seed=rng.getrandbits(32))
        last = draw_spec(rng, 0.0, seed=rng.getrandbits(32))
        # this year's tables carry last year's over (X-1, X-2 hold unless a mistake is planted)
        carried = [c or 0 for c in last.figures.t3["carried_forward"][:6]]
        n_new = this.figures.t3["new_received"][6] or 0
        figures = draw_figures(rng, unit.level, n_new, cases=rng.choice((0, 0, 0, 0, 1, 2)), carried_over=carried,
                               prev_in_force=int(last.figures.t2["norm_force"] or 0))
        apply_figure_mistakes(figures, this.mistakes, rng)
        this = dataclasses.replace(this, unit=unit, year=year, figures=figures,
                                   fmt="2021" if "FMT-1" not in this.mistakes else "2019")
        last = dataclasses.replace(last, unit=unit, year=year - 1, fmt="2021", mistakes=())
        pairs.append((last, this))
    return pairs


def write_county(out_dir: Path, n: int = 30, year: int = 2024, seed: int = 7) -> dict[str, object]:
    """Write ``out_dir/this`` and ``out_dir/last`` and return the manifest (also ``manifest.json``)."""
    this_dir, last_dir = out_dir / "this", out_dir / "last"
    this_dir.mkdir(parents=True, exist_ok=True)
    last_dir.mkdir(parents=True, exist_ok=True)
    pairs = county_specs(n, year, seed)
    texts_this = {p[1].unit.name: render_report(p[1], mark=SYNTH_MARK) for p in pairs}
    texts_last = {p[0].unit.name: render_report(p[0], mark=SYNTH_MARK) for p in pairs}
    units = [p[1].unit for p in pairs]
    source, swapped, self_copy = units[n // 10], units[n * 3 // 8], units[n * 4 // 7]  # 3, 11, 17 of 30
    # swapped: another unit's 总体情况 with that unit's names replaced by its own
    body = _between(texts_this[source.name], OVERVIEW_HEAD, ACTIVE_HEAD)
    for old, new in ((source.organ, swapped.organ), (source.name, swapped.name), (source.wechat, swapped.wechat),
                     (source.name[:2], swapped.name[:2])):
        body = body.replace(old, new)
    texts_this[swapped.name] = _replace_between(texts_this[swapped.name], OVERVIEW_HEAD, ACTIVE_HEAD, body)
    # self_copy: its own last year's 总体情况 and 五, year numbers moved on by one
    last = texts_last[self_copy.name]
    for head, end in ((OVERVIEW_HEAD, ACTIVE_HEAD), (PROBLEMS_HEAD, OTHER_HEAD)):
        old = _between(last, head, end).replace(str(year), str(year + 1)).replace(str(year - 1), str(year))
        texts_this[self_copy.name] = _replace_between(texts_this[self_copy.name], head, end, old)
    files: dict[str, dict[str, object]] = {}
    for last_spec, this_spec in pairs:
        name = this_spec.unit.name
        (this_dir / f"{name}_{year}.txt").write_text(texts_this[name], encoding="utf-8")
        (last_dir / f"{name}_{year - 1}.txt").write_text(texts_last[name], encoding="utf-8")
        files[name] = {"file": f"{name}_{year}.txt", "mistakes": list(this_spec.mistakes)}
    manifest = {"county": source.county, "year": year, "units": [u.name for u in units], "files": files,
                "swapped": swapped.name, "swapped_from": source.name, "self_copy": self_copy.name}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line: write one county's reports."""
    ap = argparse.ArgumentParser(prog="bench.synth_county", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    manifest = write_county(args.out, args.n, args.year, args.seed)
    print(json.dumps({k: manifest[k] for k in ("county", "swapped", "swapped_from", "self_copy")},  # noqa: T201
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
