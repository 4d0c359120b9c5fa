"""Build the 示例 sample library: library/samples/sample_*.txt and manifest.json.

Every unit is fictional, and so is its county; province and city are real (so the parser's gazetteer places the
report in its province). The table SAMPLES below fixes unit, year, layout, figures and planted mistakes;
phrases come from bench/phrases_synth.py with a seed derived from the file name, so a rerun writes the
same files. Consecutive-year pairs carry 结转下年度 into 上年结转, 现行有效件数 forward, and last year's
problems into this year's 整改 paragraph.

Run: ``.venv/bin/python -m bench.make_samples`` (writes into library/samples/).
"""

from __future__ import annotations

import json
import random
import zlib
from pathlib import Path

from bench import phrases_synth as P
from bench.synth_model import MISTAKES, ReportSpec, Unit, apply_figure_mistakes, draw_figures
from bench.synth_report import render_report

OUT = Path(__file__).resolve().parents[1] / "library" / "samples"

# slug, name, level, province, city, county, year, n_new, forward, cases, length, mistakes, previous slug
SAMPLES: list[tuple] = [
    ("qinghe_zhen_2022", "青禾镇", "镇", "浙江省", "丽水市", "临溪县", 2022, 3, 1, 0, "long", (), None),
    ("qinghe_zhen_2023", "青禾镇", "镇", "浙江省", "丽水市", "临溪县", 2023, 2, 0, 0, "medium", (), "qinghe_zhen_2022"),
    ("shiling_xiang_2021", "石岭乡", "乡", "湖南省", "湘潭市", "望岳县", 2021, 1, 1, 0, "medium", (), None),
    ("shiling_xiang_2022", "石岭乡", "乡", "湖南省", "湘潭市", "望岳县", 2022, 0, 0, 0, "short", (), "shiling_xiang_2021"),
    ("yunxi_jiedao_2023", "云溪街道", "街道", "四川省", "绵阳市", "涪江区", 2023, 8, 2, 1, "xlong", (), None),
    ("yunxi_jiedao_2024", "云溪街道", "街道", "四川省", "绵阳市", "涪江区", 2024, 5, 0, 0, "long", (), "yunxi_jiedao_2023"),
    ("taoping_xiang_2020", "桃坪乡", "乡", "甘肃省", "天水市", "定川县", 2020, 2, 1, 0, "medium", (), None),
    ("taoping_xiang_2021", "桃坪乡", "乡", "甘肃省", "天水市", "定川县", 2021, 0, 0, 0, "medium", (), "taoping_xiang_2020"),
    ("liutang_zhen_2021", "柳塘镇", "镇", "山东省", "潍坊市", "昌岭县", 2021, 0, 0, 0, "medium", ("jiezhi", "qita_org"), None),
    ("chenghu_jiedao_2022", "澄湖街道", "街道", "江苏省", "淮安市", "望湖区", 2022, 14, 0, 2, "long", (), None),
    ("xingpo_xiang_2023", "杏坡乡", "乡", "江西省", "赣州市", "崇岭县", 2023, 0, 0, 0, "short",
     ("no_closing", "no_rectify", "six_wu"), None),
    ("heting_zhen_2024", "鹤汀镇", "镇", "福建省", "泉州市", "安汀县", 2024, 1, 0, 0, "short", (), None),
    ("songwan_jiedao_2021", "松湾街道", "街道", "广东省", "江门市", "澜海区", 2021, 3, 0, 0, "medium", ("N-1",), None),
    ("lanba_zhen_2022", "兰坝镇", "镇", "贵州省", "遵义市", "云岭县", 2022, 0, 0, 0, "medium", ("plan_year", "title_gongzuo"), None),
    ("jinbao_xiang_2019", "金堡乡", "乡", "河南省", "许昌市", "临汝县", 2019, 0, 0, 0, "short", (), None),
    ("fenglan_jiedao_2020", "枫岚街道", "街道", "湖北省", "荆州市", "澴水区", 2020, 2, 0, 0, "medium", (), None),
    ("huaigang_xiang_2019", "槐岗乡", "乡", "安徽省", "安庆市", "舒岭县", 2019, 1, 0, 0, "short", ("CELL-1",), None),
    ("lichuan_zhen_2023", "梨川镇", "镇", "云南省", "曲靖市", "洱岭县", 2023, 0, 0, 0, "medium", (), None),
    ("longba_xiang_2024", "龙坝乡", "乡", "广西壮族自治区", "桂林市", "融岭县", 2024, 2, 0, 0, "medium", (), None),
    ("fengqi_jiedao_2022", "凤栖街道", "街道", "黑龙江省", "齐齐哈尔市", "兴河区", 2022, 5, 0, 1, "long", (), None),
    ("qinggang_zhen_2021", "晴岗镇", "镇", "河北省", "保定市", "安澜县", 2021, 0, 0, 0, "xlong", (), None),
    ("xinggou_xiang_2022", "星沟乡", "乡", "陕西省", "宝鸡市", "渭岭县", 2022, 0, 0, 0, "short", ("FMT-1",), None),
    ("luzhu_jiedao_2023", "鹿渚街道", "街道", "浙江省", "绍兴市", "剡川区", 2023, 3, 0, 0, "medium", ("N-2", "foreign_unit"), None),
    ("yantang_zhen_2024", "雁塘镇", "镇", "湖南省", "衡阳市", "耒岭县", 2024, 1, 0, 0, "long", (), None),
    ("shanying_xiang_2023", "杉营乡", "乡", "江西省", "赣州市", "崇岭县", 2023, 0, 0, 0, "short", (), None),
    ("hewan_jiedao_2021", "荷湾街道", "街道", "山东省", "潍坊市", "奎澄区", 2021, 2, 0, 0, "medium", (), None),
    ("shatun_zhen_2022", "沙屯镇", "镇", "内蒙古自治区", "包头市", "乌岭旗", 2022, 0, 0, 0, "medium", (), None),
    ("yantai_xiang_2024", "岩台乡", "乡", "贵州省", "遵义市", "云岭县", 2024, 0, 0, 0, "medium", ("T3-R3",), None),
    ("yuezhou_jiedao_2024", "月洲街道", "街道", "福建省", "泉州市", "晋岚区", 2024, 4, 0, 0, "long", (), None),
    ("chunyu_zhen_2023", "春峪镇", "镇", "河北省", "保定市", "安澜县", 2023, 2, 0, 0, "medium", (), None),
    ("hongtan_jiedao_2022", "虹滩街道", "街道", "广西壮族自治区", "桂林市", "邕岚区", 2022, 1, 0, 0, "short", (), None),
    ("xinya_xiang_2021", "新垭乡", "乡", "重庆市", "", "巫岭县", 2021, 0, 0, 0, "long", (), None),
    ("yongyu_jiedao_2019", "永峪街道", "街道", "辽宁省", "鞍山市", "浑河区", 2019, 3, 0, 0, "medium", (), None),
    ("liyuan_zhen_2021", "栗园镇", "镇", "吉林省", "吉林市", "松岭县", 2021, 1, 0, 0, "medium", ("T2-R1", "no_assessment"), None),
    ("fengchong_zhen_2020", "峰冲镇", "镇", "宁夏回族自治区", "银川市", "贺岭县", 2020, 0, 0, 0, "short", (), None),
]
FOREIGN = {"luzhu_jiedao_2023": "桂冲街道"}
FEE = {"chenghu_jiedao_2022": (2, 1, 150)}
_WECHAT = ("发布", "微政务", "之窗", "政务")


def _unit(row: tuple, rng: random.Random) -> Unit:
    slug, name, level, province, city, county = row[:6]
    stem = name.removesuffix(level)
    feats = P.FEATURES_URBAN if level == "街道" else P.FEATURES_RURAL
    return Unit(name=name, level=level, province=province, city=city, county=county,
                feature=feats[zlib.crc32(name.encode()) % len(feats)], villages=rng.randint(6, 21),
                wechat=stem + _WECHAT[len(slug) % len(_WECHAT)], office=rng.choice(P.OFFICES[level]),
                phone=f"0{rng.randint(310, 998)}-{rng.randint(2000000, 8999999)}",
                postcode=f"{rng.randint(10, 85)}{rng.randint(1000, 9999)}")


def build_specs() -> list[tuple[str, ReportSpec, str | None]]:
    """(file name, spec, previous file name) for every sample, pairs linked."""
    done: dict[str, ReportSpec] = {}
    units: dict[str, Unit] = {}
    out = []
    for row in SAMPLES:
        slug, name, level, _p, _c, _k, year, n_new, forward, cases, length, mistakes, prev = row
        seed = zlib.crc32(slug.encode())
        rng = random.Random(seed)
        unit = units.setdefault(name, _unit(row, rng))
        before = done.get(prev) if prev else None
        fig = draw_figures(
            rng, level, n_new, cases=cases, forward=forward, fee=FEE.get(slug, (0, 0, 0)),
            carried_over=list(before.figures.t3["carried_forward"][:6]) if before else None,  # type: ignore[arg-type]
            prev_in_force=before.figures.t2["norm_force"] if before else None)  # type: ignore[arg-type]
        apply_figure_mistakes(fig, mistakes, rng)
        prev_problems = before.problems if before else tuple(rng.sample(list(P.PROBLEMS), rng.choice((2, 3))))
        if "no_rectify" in mistakes:
            prev_problems = ()
        pool = [k for k in P.PROBLEMS if k not in prev_problems]
        style = {"length": length, "sub": rng.choice(("cn", "cn", "cn_long", "arabic")),
                 "five": rng.choice(("split", "split", "inline", "arabic")), "t3": rng.choice(("prefixed", "plain")),
                 "blank": rng.choice(("0", "0", "1")), "title_nd": rng.choice(("0", "0", "0", "1"))}
        fmt = "2019" if year < 2021 or "FMT-1" in mistakes else "2021"
        problems = tuple(rng.sample(pool, rng.choice((2, 3))))
        spec = ReportSpec(unit=unit, year=year, fmt=fmt, figures=fig, problems=problems,
                          prev_problems=prev_problems, mistakes=tuple(mistakes), foreign_name=FOREIGN.get(slug, ""),
                          closing_day=rng.randint(6, 27), style=style, seed=seed)
        done[slug] = spec
        out.append((f"sample_{slug}.txt", spec, f"sample_{prev}.txt" if prev else None))
    return out


def manifest_entry(name: str, spec: ReportSpec, prev: str | None) -> dict[str, object]:
    """One manifest.json entry."""
    u = spec.unit
    return {"file": name, "unit": u.name, "organ": u.organ, "level": u.level, "province": u.province,
            "city": u.city, "county": u.county, "year": spec.year, "format": spec.fmt,
            "mistakes": list(spec.mistakes), "mistake_notes": [MISTAKES[m] for m in spec.mistakes],
            "previous_year_file": prev}


def write_library(out: Path = OUT) -> list[dict[str, object]]:
    """Write every sample file and manifest.json into ``out``; returns the manifest entries."""
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, spec, prev in build_specs():
        (out / name).write_text(render_report(spec), encoding="utf-8")
        entries.append(manifest_entry(name, spec, prev))
    (out / "manifest.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return entries


if __name__ == "__main__":
    write_library()
