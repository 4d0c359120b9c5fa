"""Assemble a whole report text: title, mark, preamble, sections 一–六, 落款."""

from __future__ import annotations

import random

from assistant.core.labels import SECTION_TITLES
from bench import phrases_synth as P
from bench.synth_model import ReportSpec
from bench.synth_render import SAMPLE_MARK, build_context, fill, overview
from bench.synth_tables import table2_2019, table2_2021, table3, table4

_CN_NUM = "一二三四五六七"


def _enumerate(items: list[str], style: str) -> str:
    """Join clauses as 一是…；二是…。 or as numbered lines 1、…。"""
    if style == "arabic":
        return "\n".join(f"{i + 1}、{item}。" for i, item in enumerate(items))
    return "；".join(P.ORDINALS[i] + item for i, item in enumerate(items)) + "。"


def problems_section(spec: ReportSpec, rng: random.Random, ctx: dict[str, object]) -> list[str]:
    """Paragraphs of 五、存在的主要问题及改进情况."""
    style = spec.style.get("five", "split")
    plan_ctx = dict(ctx, Y1=spec.year) if "plan_year" in spec.mistakes else ctx
    probs = [fill(P.PROBLEMS[k][0], ctx) for k in spec.problems]
    extra = [k for k in P.PROBLEMS if k not in spec.problems]
    keys = list(spec.problems) + rng.sample(extra, 1)
    measures = [fill(P.PROBLEMS[k][1], ctx) for k in keys]
    inner = "arabic" if style == "arabic" else "inline"
    prob_text = fill(rng.choice(P.PROBLEMS_LEAD), ctx) + ("\n" if inner == "arabic" else "") + _enumerate(probs, inner)
    meas_text = fill(rng.choice(P.MEASURES_LEAD), plan_ctx) + ("\n" if inner == "arabic" else "")
    meas_text += _enumerate(measures, inner)
    paras: list[str] = []
    rect = ""
    if spec.prev_problems:
        done = [f"针对{fill(P.PROBLEMS[k][0], ctx).split('，')[0]}的问题，{fill(P.PROBLEMS[k][2], ctx)}"
                for k in spec.prev_problems]
        rect = fill(rng.choice(P.RECTIFY_LEAD), ctx) + ("\n" if inner == "arabic" else "") + _enumerate(done, inner)
    if style == "split":
        heads, bodies = ["存在的主要问题", "改进措施"], [prob_text, meas_text]
        if rect:
            heads.insert(0, f"{spec.year - 1}年度问题整改情况")
            bodies.insert(0, rect)
        for i, (head, body) in enumerate(zip(heads, bodies)):
            paras += [f"（{_CN_NUM[i]}）{head}", body]
    else:
        paras += ([rect] if rect else []) + [prob_text, meas_text]
    return paras


def other_section(spec: ReportSpec, rng: random.Random, ctx: dict[str, object]) -> list[str]:
    """Paragraphs of 六、其他需要报告的事项."""
    if "six_wu" in spec.mistakes:
        return ["无。"]
    if spec.fmt == "2019":
        return [fill(rng.choice(P.SIX_2019), ctx)]
    f = spec.figures
    notices, paid, yuan = f.fee
    if notices:
        unpaid = f"；另有{notices - paid}件申请人逾期未缴纳费用，已按规定不再处理" if notices > paid else ""
        fee = fill(P.FEE_SOME, dict(ctx, fee_notices=notices, fee_paid=paid, fee_yuan=yuan, fee_unpaid=unpaid))
    else:
        fee = fill(rng.choice(P.FEE_ZERO), ctx)
    props = P.PROPOSALS_SOME if any(f.proposals) else P.PROPOSALS_ZERO
    bodies = [fee, fill(rng.choice(props), ctx), fill(rng.choice(P.KEY_POINTS), ctx),
              fill(rng.choice(P.INNOVATION), ctx), fill(rng.choice(P.STATS_NOTE), ctx),
              rng.choice(P.OTHER_NONE), "无。"]
    arabic = spec.style.get("sub") == "arabic"
    out = []
    for i, (title, body) in enumerate(zip(P.SIX_ITEMS_2021, bodies)):
        num = f"{i + 1}." if arabic else f"（{_CN_NUM[i]}）"
        out.append(f"{num}{title}。{body}")
    return out


def title_line(spec: ReportSpec) -> str:
    """Canonical title, or the planted 工作报告 variant; it names province and city, so a library that
    ingests the report can filter by them."""
    u = spec.unit
    organ = f"{u.province}{u.city}{u.organ}"
    if "title_gongzuo" in spec.mistakes:
        return f"{organ}{spec.year}年度政府信息公开工作报告"
    year = f"{spec.year}年度" if spec.style.get("title_nd") == "1" else f"{spec.year}年"
    return f"{organ}{year}政府信息公开工作年度报告"


def render_report(spec: ReportSpec, mark: str = SAMPLE_MARK) -> str:
    """The full plain text of one report (UTF-8, LF line ends, tab-separated tables)."""
    rng = random.Random(spec.seed)
    ctx = build_context(spec, rng)
    fmt = spec.fmt
    pre = P.PREAMBLE_2019 if fmt == "2019" else P.PREAMBLE_2021
    lines = [title_line(spec), mark, fill(rng.choice(pre), ctx), SECTION_TITLES["overview"]]
    lines += overview(spec, rng, ctx)
    lines += [SECTION_TITLES["active"], table2_2019(spec.figures) if fmt == "2019" else table2_2021(spec.figures)]
    lines += [SECTION_TITLES["requests"], table3(spec.figures, fmt, spec.style.get("t3", "prefixed") == "prefixed")]
    lines += [SECTION_TITLES["review_litigation"], table4(spec.figures)]
    lines += [SECTION_TITLES["problems"]] + problems_section(spec, rng, ctx)
    lines += [SECTION_TITLES["other"]] + other_section(spec, rng, ctx)
    if "no_closing" not in spec.mistakes:
        lines += ["", spec.unit.organ, f"{spec.year + 1}年1月{spec.closing_day}日"]
    sep = "\n\n" if spec.style.get("blank") == "1" else "\n"
    return sep.join(lines) + "\n"
