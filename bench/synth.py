"""Synthetic corpus of township 政府信息公开工作年度报告 for benchmarks.

``generate(n, seed, out_dir)`` yields ``(filename, text)`` for n fictional reports in the sample layout
(tab-separated tables, six headings, 落款), units drawn from a generated name space, years 2019–2025
(2019 trial layout for 2019/2020), and a controllable share of planted mistakes. With ``out_dir`` the
files and a ``manifest.jsonl`` (unit, year, format, mistakes per file) are written there too.

CLI: ``.venv/bin/python -m bench.synth --n 10000 --out /tmp/synth``
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Iterator

from bench import phrases_synth as P
from bench.synth_model import MISTAKES, ReportSpec, Unit, apply_figure_mistakes, draw_figures
from bench.synth_render import SYNTH_MARK
from bench.synth_report import render_report

PROVINCES = ("河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省",
             "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省",
             "甘肃省", "青海省", "广西壮族自治区", "内蒙古自治区", "宁夏回族自治区")
_HEAD = "青石云白金柳桃杏松竹兰梅荷枫槐桂栗梨棠杉沙泉溪河湖塘坪岭峰冈岩龙凤鹤鹿雁鸣春秋晴霞虹星月晨新安宁和丰永康顺"
_TAIL = "禾岭溪桥坪塘湾泉冲坝源田垭川洲滩沟堡营店铺庄集园林埠口湖岗坡峪谷台屯寨"
_COUNTY_A = "临望遥宜怀长永常嘉崇清兴乐泰平昌顺定宁安化远华和"
_COUNTY_B = "溪岳川江阳山丰源水陵城德原林泽河湾坪峰"
_COUNTY_SUFFIX = ("县", "县", "县", "市", "区")
_LEVELS = ("乡", "镇", "街道")
_WECHAT_SUFFIX = ("发布", "微政务", "之窗", "政务", "在线")


def _county(rng: random.Random) -> tuple[str, str]:
    county = rng.choice(_COUNTY_A) + rng.choice(_COUNTY_B) + rng.choice(_COUNTY_SUFFIX)
    city = rng.choice(_COUNTY_B) + rng.choice(_COUNTY_A) + "市"
    return county, city


def draw_unit(rng: random.Random) -> Unit:
    """A random fictional unit from the generated name space."""
    level = rng.choice(_LEVELS)
    if level == "街道" and rng.random() < 0.8:
        county = rng.choice(_COUNTY_A) + rng.choice(_COUNTY_B) + "区"
        city = rng.choice(_COUNTY_B) + rng.choice(_COUNTY_A) + "市"
    else:
        county, city = _county(rng)
    stem = rng.choice(_HEAD) + rng.choice(_TAIL)
    features = P.FEATURES_URBAN if level == "街道" else P.FEATURES_RURAL
    return Unit(
        name=stem + level, level=level, province=rng.choice(PROVINCES), city=city, county=county,
        feature=rng.choice(features), villages=rng.randint(5, 24), wechat=stem + rng.choice(_WECHAT_SUFFIX),
        office=rng.choice(P.OFFICES[level]), phone=f"0{rng.randint(310, 998)}-{rng.randint(2000000, 8999999)}",
        postcode=f"{rng.randint(10, 85)}{rng.randint(1000, 9999)}",
    )


def draw_spec(rng: random.Random, mistake_rate: float, seed: int) -> ReportSpec:
    """One random report spec; with probability ``mistake_rate`` it carries 1–2 planted mistakes."""
    unit = draw_unit(rng)
    year = rng.choice((2019, 2020, 2021, 2022, 2022, 2023, 2023, 2024, 2024, 2025))
    mistakes: tuple[str, ...] = ()
    if rng.random() < mistake_rate:
        pool = [m for m in MISTAKES if m != "FMT-1" or year >= 2021]
        mistakes = tuple(sorted(rng.sample(pool, rng.choice((1, 1, 2)))))
    fmt = "2019" if year < 2021 or "FMT-1" in mistakes else "2021"
    n_new = rng.choices((0, 1, 2, 3, 5, 8, 14), (40, 15, 12, 10, 10, 8, 5))[0]
    fee = (2, 1, 150) if n_new >= 5 and fmt == "2021" and rng.random() < 0.2 else (0, 0, 0)
    fig = draw_figures(rng, unit.level, n_new, cases=rng.choices((0, 1, 2), (85, 10, 5))[0] if n_new else 0,
                       carried_over=[rng.choice((0, 0, 0, 1))] + [0] * 5, forward=rng.choice((0, 0, 0, 1)), fee=fee)
    apply_figure_mistakes(fig, mistakes, rng)
    style = {"length": rng.choice(("short", "medium", "long")), "sub": rng.choice(("cn", "cn_long", "arabic")),
             "five": rng.choice(("split", "inline", "arabic")), "t3": rng.choice(("prefixed", "plain")),
             "blank": rng.choice(("0", "1")), "title_nd": rng.choice(("0", "0", "1"))}
    problems = tuple(rng.sample(list(P.PROBLEMS), rng.choice((2, 3))))
    prev = () if "no_rectify" in mistakes else tuple(rng.sample([k for k in P.PROBLEMS if k not in problems], 2))
    foreign = rng.choice(_HEAD) + rng.choice(_TAIL) + unit.level
    return ReportSpec(unit=unit, year=year, fmt=fmt, figures=fig, problems=problems, prev_problems=prev,
                      mistakes=mistakes, foreign_name=foreign, closing_day=rng.randint(5, 28), style=style, seed=seed)


def generate_specs(n: int, seed: int, mistake_rate: float = 0.25) -> Iterator[tuple[str, ReportSpec]]:
    """Yield ``(filename, spec)`` for n reports; (organ, year) pairs never repeat."""
    rng = random.Random(seed)
    seen: set[tuple[str, int]] = set()
    i = 0
    while i < n:
        spec = draw_spec(rng, mistake_rate, seed=rng.getrandbits(32))
        key = (spec.unit.organ, spec.year)
        if key in seen:
            continue
        seen.add(key)
        yield f"synth_{seed}_{i:06d}_{spec.year}.txt", spec
        i += 1


def generate(n: int, seed: int, out_dir: Path | None = None,
             mistake_rate: float = 0.25) -> Iterator[tuple[str, str]]:
    """Yield ``(filename, text)`` for n distinct synthetic reports, deterministic for ``seed``.

    :param out_dir: when given, each file is also written there, plus ``manifest.jsonl``.
    """
    manifest = None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        manifest = (out_dir / "manifest.jsonl").open("w", encoding="utf-8")
    try:
        for name, spec in generate_specs(n, seed, mistake_rate):
            text = render_report(spec, mark=SYNTH_MARK)
            if out_dir is not None and manifest is not None:
                (out_dir / name).write_text(text, encoding="utf-8")
                manifest.write(json.dumps(spec_meta(name, spec), ensure_ascii=False) + "\n")
            yield name, text
    finally:
        if manifest is not None:
            manifest.close()


def spec_meta(name: str, spec: ReportSpec) -> dict[str, object]:
    """Manifest entry of one rendered report."""
    u = spec.unit
    return {"file": name, "unit": u.name, "organ": u.organ, "level": u.level, "province": u.province,
            "city": u.city, "county": u.county, "year": spec.year, "format": spec.fmt,
            "mistakes": list(spec.mistakes)}


def main(argv: list[str] | None = None) -> int:
    """Command line: write a synthetic corpus and report the rate."""
    ap = argparse.ArgumentParser(prog="bench.synth", description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="folder to write; omit to generate in memory only")
    ap.add_argument("--mistake-rate", type=float, default=0.25)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    chars = sum(len(text) for _, text in generate(args.n, args.seed, args.out, args.mistake_rate))
    secs = time.perf_counter() - start
    print(f"{args.n} reports, {chars} chars, {secs:.2f}s, {args.n / secs:.0f} reports/s")  # noqa: T201 (CLI)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
