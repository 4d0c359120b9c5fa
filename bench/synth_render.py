"""Render a ReportSpec into the plain text of a township 政府信息公开工作年度报告.

The text has the six official headings, tables in tab-separated rows (bench/synth_tables.py), a 落款,
and the planted mistakes of the spec (see bench.synth_model.MISTAKES).
"""

from __future__ import annotations

import random
import re

from bench import phrases_overview as O
from bench import phrases_synth as P
from bench.synth_model import SUB21, ReportSpec

SAMPLE_MARK = "（示例报告，单位与数据均为虚构）"
SYNTH_MARK = "（合成测试报告，单位与数据均为虚构）"
_SUB_TITLES = {
    "cn": ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"],
    "cn_long": ["（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）政府信息公开平台建设情况",
                "（五）监督保障情况"],
    "arabic": ["1、主动公开", "2、依申请公开", "3、政府信息管理", "4、政府信息公开平台建设", "5、监督保障"],
}
_ROADS = ("人民路", "建设路", "新华街", "解放路", "迎宾大道", "和平路", "滨河路", "文化街")
_SITES = ("人民政府门户网站", "人民政府网站", "政府门户网站")
_SPIN = re.compile(r"\[([^\[\]]*)\]")


def spin(template: str, rng: random.Random) -> str:
    """Draw one wording for every ``[a|b|c]`` alternative in a template."""
    return _SPIN.sub(lambda m: rng.choice(m.group(1).split("|")), template)


def fill(template: str, ctx: dict[str, object], rng: random.Random | None = None) -> str:
    """Fill one phrase-bank template from the render context; with ``rng``, spin its alternatives first."""
    return (spin(template, rng) if rng is not None else template).format_map(ctx)


def _pick(rng: random.Random, bank: list[str], need: str = "", k: int = 1) -> list[str]:
    pool = [t for t in bank if need in t] if need else bank
    return rng.sample(pool, min(k, len(pool)))


def _say(rng: random.Random, ctx: dict[str, object], bank: list[str], need: str = "", k: int = 1) -> str:
    """``k`` sentences drawn from ``bank`` (those containing ``need``), spun and filled."""
    return "".join(fill(t, ctx, rng) for t in _pick(rng, bank, need, k))


def build_context(spec: ReportSpec, rng: random.Random) -> dict[str, object]:
    """Every placeholder value a template may use (unit details, figures, level-specific words)."""
    u, f, y = spec.unit, spec.figures, spec.year
    urban = u.level == "街道"
    lv = "街道" if urban else u.level
    web, wx, board = f.active
    t3 = f.t3
    ctx: dict[str, object] = dict(f.misc)
    ctx.update(
        Y=y, Y0=y - 1, Y1=y + 1, organ=u.organ, short=u.name, county=u.county, province=u.province, city=u.city,
        place=f"{u.province}{u.city}{u.county}", pos=O.POSITIONS[len(u.name + u.county) % len(O.POSITIONS)],
        area=40 + u.villages * 7, pop=round(0.8 + u.villages * 0.45, 1), site=u.county + _SITES[len(u.name + u.county + u.city) % len(_SITES)],
        wechat=u.wechat, office=u.office, phone=u.phone, postcode=u.postcode, lv=lv, we=f"我{lv}", whole=f"全{lv}",
        address=f"{u.county}{u.name}{_ROADS[len(u.name) % len(_ROADS)]}{10 + u.villages * 3}号",
        cun="社区" if urban else "村", cun_aff="居务" if urban else "村务", cun_deep="社区" if urban else "村组",
        safety="防汛、消防安全、燃气安全" if urban else "防汛救灾、森林防火、安全生产",
        cun_n=f"{u.villages}个社区" if urban else f"{u.villages}个行政村",
        two_level="街道和社区两级" if urban else f"{lv}村两级", party="党工委" if urban else "党委",
        head="街道办事处主任" if urban else f"{lv}长", ind=u.feature[0], proj=u.feature[1],
        other_org="其它" if "qita_org" in spec.mistakes else "其他",
        jz="截止" if "jiezhi" in spec.mistakes else "截至",
        act_total=web + wx + board, act_web=web, act_wx=wx, act_board=board, trend=rng.choice(O.TREND),
        topics="、".join(rng.sample(O.TOPICS_URBAN if urban else O.TOPICS_RURAL, rng.choice((2, 3, 4)))),
        req_topics="、".join(rng.sample(O.REQ_TOPICS_URBAN if urban else O.REQ_TOPICS_RURAL, 2)),
        t2_abol=f.t2["norm_abol"], t2_force=f.t2["norm_force"], column=rng.choice(O.COLUMNS),
        grade=rng.choice(O.GRADES),
        survey=rng.choice(O.SURVEYS).format(rep_meeting="居民代表会议" if urban else "村民代表会议"),
        npc=f.proposals[0], cppcc=f.proposals[1],
        kp_focus="、".join(rng.sample(P.KP_FOCUS_URBAN if urban else P.KP_FOCUS_RURAL, 2)),
        req_new=t3["new_received"][6], req_np=t3["new_received"][0],
        req_org=(t3["new_received"][6] or 0) - (t3["new_received"][0] or 0), req_proc=t3["total_processed"][6],
    )
    ctx.update(_places(u.name, urban, rng))
    carried, fwd = t3["carried_over"][6] or 0, t3["carried_forward"][6] or 0
    ctx["carry_clause"] = f"，另有上年结转申请{carried}件" if carried else ""
    ctx["forward_clause"] = f"因申请接收时间临近年底，尚有{fwd}件申请结转下年度继续办理。" if fwd else ""
    ctx["outcome_desc"] = _outcome_desc(spec)
    return ctx


_PLACE_HEAD = "东西南北上下前后新老大小石沙杨柳桑梅竹松柏枣杏桃李花果茶"
_PLACE_TAIL = "湾坪岭沟冲垭坝桥埠口岗坡营塘溪庄坳岔林湖田铺"


def _places(unit_name: str, urban: bool, rng: random.Random) -> dict[str, str]:
    """Three village (or community) names and a meeting spot of the unit, drawn from its seed."""
    names: list[str] = []
    while len(names) < 3:
        name = rng.choice(_PLACE_HEAD) + rng.choice(_PLACE_TAIL)
        if name not in names and name[0] not in unit_name:
            names.append(name)
    return {"v1": names[0], "v2": names[1], "v3": names[2],
            "spot": rng.choice(O.SPOTS[2:] if urban else O.SPOTS)}


def _outcome_desc(spec: ReportSpec) -> str:
    t3 = spec.figures.t3

    def total(prefix: str) -> int:
        return sum(t3[k][6] or 0 for k in SUB21 if k.startswith(prefix))

    parts = [("予以公开", total("granted")), ("部分公开", total("partial")), ("不予公开", total("d_")),
             ("无法提供", total("u_")), ("不予处理", total("n_")), ("其他处理", total("o_"))]
    text = "、".join(f"{name}{n}件" for name, n in parts if n)
    return text or "暂无办结的申请"


def _active(spec: ReportSpec, rng: random.Random, ctx: dict[str, object], n_focus: int) -> str:
    urban = spec.unit.level == "街道"
    out = _say(rng, ctx, O.ACTIVE_COUNT, "{jz}" if "jiezhi" in spec.mistakes else "")
    out += _say(rng, ctx, O.ACTIVE_TOPICS)
    focus = (O.ACTIVE_FOCUS_URBAN if urban else O.ACTIVE_FOCUS_RURAL) + O.ACTIVE_FOCUS_COMMON
    out += _say(rng, ctx, focus, k=n_focus) + (_say(rng, ctx, O.LOCAL) if n_focus else "")
    if n_focus or "qita_org" in spec.mistakes:
        out += _say(rng, ctx, O.ACTIVE_CLOSE, "{other_org}" if "qita_org" in spec.mistakes else "")
    return out


def _requests(spec: ReportSpec, rng: random.Random, ctx: dict[str, object], detail: bool) -> str:
    t3 = spec.figures.t3
    stated = t3["new_received"][6] or 0
    if "N-1" in spec.mistakes:
        ctx = dict(ctx, req_new=stated + rng.choice((1, 2)))
        text = fill(rng.choice(O.REQUEST_SOME) if stated else
                    "{Y}年，{we}共收到政府信息公开申请{req_new}件，已在法定期限内办结。", ctx, rng)
    elif stated:
        text = _say(rng, ctx, O.REQUEST_SOME)
    elif t3["carried_over"][6]:
        text = fill(rng.choice(O.REQUEST_CARRIED_ONLY), dict(ctx, req_carried=t3["carried_over"][6]), rng)
    else:
        text = _say(rng, ctx, O.REQUEST_ZERO)
        if detail:
            text += _say(rng, ctx, O.REQUEST_ZERO_READY)
    if detail and (stated or t3["carried_over"][6]):
        text += _say(rng, ctx, O.REQUEST_HANDLING)
    return text + _litigation(spec, rng, ctx)


def _litigation(spec: ReportSpec, rng: random.Random, ctx: dict[str, object]) -> str:
    t4 = [v or 0 for v in spec.figures.t4]
    review, lit = t4[4], t4[9] + t4[14]
    if (review == 0 and lit == 0) or "N-2" in spec.mistakes:
        return _say(rng, ctx, O.LITIGATION_NONE)
    names = ("结果维持", "结果纠正", "其他结果", "尚未审结")
    parts = []
    if review:
        rv = "、".join(f"{names[i]}{t4[i]}件" for i in range(4) if t4[i])
        parts.append(f"被申请行政复议{review}件（{rv}）")
    if lit:
        lt = "、".join(f"{names[i]}{t4[5 + i] + t4[10 + i]}件" for i in range(4) if t4[5 + i] + t4[10 + i])
        parts.append(f"被提起行政诉讼{lit}件（{lt}）")
    tail = "，无行政诉讼案件" if not lit else ("，无行政复议案件" if not review else "")
    return "本年度因政府信息公开工作" + "，".join(parts) + tail + "。"


def _management(spec: ReportSpec, rng: random.Random, ctx: dict[str, object], k: int) -> str:
    t2 = spec.figures.t2
    key = "abolished" if t2["norm_abol"] else ("in_force" if t2["norm_force"] else "none")
    parts = _pick(rng, O.MANAGEMENT, k=k)
    parts.insert(rng.randint(0, len(parts)), rng.choice(O.NORM_DOCS[key]))
    return "".join(fill(t, ctx, rng) for t in parts)


def _platform(spec: ReportSpec, rng: random.Random, ctx: dict[str, object], k: int) -> str:
    if "foreign_unit" in spec.mistakes:
        first = fill(O.PLATFORM[0], dict(ctx, short=spec.foreign_name), rng)
        return first + "".join(fill(t, ctx, rng) for t in rng.sample(O.PLATFORM[1:], k - 1))
    return _say(rng, ctx, O.PLATFORM, k=k) + _say(rng, ctx, O.LOCAL)


def _supervision(spec: ReportSpec, rng: random.Random, ctx: dict[str, object], long: bool) -> str:
    out = _say(rng, ctx, O.SUPERVISION_LEAD, k=2 if long else 1)
    out += _say(rng, ctx, O.SUPERVISION_TRAIN)
    if "no_assessment" not in spec.mistakes:
        out += _say(rng, ctx, O.SUPERVISION_ASSESS) + _say(rng, ctx, O.SUPERVISION_SOCIAL)
        out += _say(rng, ctx, O.SATISFACTION) + _say(rng, ctx, O.SUPERVISION_ACCOUNT)
    return out


def overview(spec: ReportSpec, rng: random.Random, ctx: dict[str, object]) -> list[str]:
    """Paragraphs of 一、总体情况 (without its heading); the first names the unit's province, city and county."""
    length = spec.style.get("length", "medium")
    n_focus, k_mgmt, k_plat = {"short": (0, 1, 1), "medium": (1, 2, 2), "long": (2, 3, 3), "xlong": (3, 4, 4)}[length]
    titles = _SUB_TITLES[spec.style.get("sub", "cn")]
    bodies = [
        _active(spec, rng, ctx, n_focus),
        _requests(spec, rng, ctx, detail=length != "short"),
        _management(spec, rng, ctx, k_mgmt),
        _platform(spec, rng, ctx, k_plat),
        _supervision(spec, rng, ctx, long=length in ("long", "xlong")),
    ]
    paras = [_say(rng, ctx, O.LOCATION) + _say(rng, ctx, O.INTRO) + _say(rng, ctx, O.LOCAL)]
    if length in ("long", "xlong"):
        paras[0] += _say(rng, ctx, O.INTRO_RESULT)
    for title, body in zip(titles, bodies):
        paras += [title, body]
    return paras
