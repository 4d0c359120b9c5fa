"""Write the variant corpus: fictional township reports in the shapes portals really publish them.

Every text is made up here (units are real 乡/镇/街道 names so that divisions can be checked; the wording,
figures and people are fictional). Shapes: portal chrome of different provinces' sites (breadcrumbs, meta lines,
footers), a 目录 before the title, no title at all, titles split over two lines or misspelt ("2022度…"),
"引 言" as a heading, 2019-era and variant headings (工作基本情况, 政府信息公开工作的基本概况, 依申请公开政府信息情况),
sections run into one line, 总体情况 with 1./（1）/一是 sub-items, the statistical period in its forms, text
copied from a browser, saved .html pages (with their ``_files`` folder) whose tables use rowspan/colspan.
Pages printed to PDF are made from the texts marked ``pdf`` by the test fixture (fpdf2).

Run ``python tests/data/variants/make.py`` to rewrite the files and manifest.json (deterministic).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Unit:
    short: str
    county: str
    city: str
    province: str
    real: bool = True  # False: a fictional unit the gazetteer cannot know (its province must be reported unknown)

    @property
    def level(self) -> str:
        return "街道" if self.short.endswith("街道") else self.short[-1]

    @property
    def organ(self) -> str:
        return self.short + ("办事处" if self.level == "街道" else "人民政府")

    @property
    def self_ref(self) -> str:
        return "我" + self.level


UNITS = [
    Unit("两城镇", "微山县", "济宁市", "山东省"), Unit("亮河镇", "尚志市", "哈尔滨市", "黑龙江省"),
    Unit("粤汉街道", "珠晖区", "衡阳市", "湖南省"), Unit("河包镇", "荣昌区", "", "重庆市"),
    Unit("康桥镇", "浦东新区", "", "上海市"), Unit("塔尔湖镇", "五原县", "巴彦淖尔市", "内蒙古自治区"),
    Unit("南窖乡", "房山区", "", "北京市"), Unit("占山乡", "西充县", "南充市", "四川省"),
    Unit("马莲乡", "西吉县", "固原市", "宁夏回族自治区"), Unit("扬子街道", "琅琊区", "滁州市", "安徽省"),
    Unit("鹅城镇", "静乐县", "忻州市", "山西省"), Unit("六排镇", "天峨县", "河池市", "广西壮族自治区"),
    Unit("坎北街道", "滨海县", "盐城市", "江苏省"), Unit("梅窖镇", "兴国县", "赣州市", "江西省"),
    Unit("靳村乡", "汝阳县", "洛阳市", "河南省"), Unit("潘岱街道", "瑞安市", "温州市", "浙江省"),
    Unit("武胜关镇", "广水市", "随州市", "湖北省"), Unit("黄渚镇", "成县", "陇南市", "甘肃省"),
    Unit("桂阳乡", "德化县", "泉州市", "福建省"), Unit("王营子乡", "朝阳县", "朝阳市", "辽宁省"),
    Unit("姬塬镇", "定边县", "榆林市", "陕西省"), Unit("龙泉街道", "昭阳区", "昭通市", "云南省"),
    Unit("北城街道", "单县", "菏泽市", "山东省"), Unit("复兴镇", "高县", "宜宾市", "四川省"),
    Unit("青禾镇", "临溪县", "", "", real=False), Unit("岚溪乡", "云岭县", "", "", real=False),
]

# Neighbouring townships (same county or city) a copied report might still name: for the planted-defect test.
NEIGHBOURS = {"两城镇": "韩庄镇", "亮河镇": "一面坡镇", "粤汉街道": "苗圃街道", "占山乡": "仁和镇", "鹅城镇": "丰润镇",
              "梅窖镇": "均村乡", "靳村乡": "十八盘乡", "黄渚镇": "抛沙镇", "姬塬镇": "安边镇", "坎北街道": "东坎街道"}

# A county's township menu as some sites show it beside every page (names of the same county).
SIDEBAR = {"两城镇": ("韩庄镇", "欢城镇", "两城镇", "马坡镇"), "亮河镇": ("一面坡镇", "苇河镇", "亮河镇"),
           "粤汉街道": ("苗圃街道", "广东路街道", "粤汉街道"), "鹅城镇": ("丰润镇", "杜家村镇", "鹅城镇")}

SHAPES = ("plain", "portal", "no_title", "contents", "split_title", "run_on", "intro_heading", "variant_headings",
          "typo_title", "copied", "html", "subitems", "bare", "sidebar")

PERIODS = (
    "本报告中所列数据的统计期限为{y}年1月1日至{y}年12月31日。",
    "本报告所列数据统计期限自{y}年1月1日起至{y}年12月31日止。",
    "本报告中所列数据的统计期限为{y}年度。",
    "本报告数据统计截至{y}年12月31日。",
    "报告中所列数据统计时间为{y}年1月1日—{y}年12月31日。",
)

BREADCRUMBS = (
    "当前位置:首页>政务公开>{county}>{short}>政府信息公开年报>",
    "首页>政务公开>乡镇街道>{short}",
    "您现在的位置：网站首页 >> 信息公开 >> 法定主动公开内容 >> 政府信息公开年报",
    "当前位置：街镇 > {short} > 政务公开 >",
    "您的位置: 首页 » 政府信息公开 » 年度报告",
)
META_LINES = (
    "发布日期：{p}  来源：{short}  浏览次数：{n}  字体大小:【 A- A A+ 】",
    "索引号：{code}-{y}-0001{n}  发布机构：{organ}  生成日期：{p}",
    "发布时间：{p}    【字体：大 中 小】  【打印】  【关闭】",
    "信息来源：{county}人民政府办公室  发布日期：{p}  点击数：{n}",
)
FOOTERS = (
    "主办单位：{county}人民政府办公室  网站标识码：{code}0001  ICP备{n}号",
    "版权所有：{county}人民政府  技术支持：某信息技术有限公司",
    "【打印本页】 【关闭窗口】",
    "上一篇：关于公布{y}年度财政预算的公告",
    "分享到：",
)


def _num(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randint(lo, hi)


def _tables(rng: random.Random) -> dict[str, list[list[str]]]:
    """Figures for 表二/三/四 (numbers consistent enough; blanks kept as "")."""
    new = _num(rng, 0, 6)
    t3 = []
    for key, label in T3_LABELS:
        if key in ("new_received", "granted", "total_processed"):
            row = [str(new), "0", "0", "0", "0", "0", str(new)]
        else:
            row = ["0"] * 7
        t3.append([label, *row])
    return {"t2": [["规章", "0", "0", "0"], ["行政规范性文件", str(_num(rng, 0, 3)), "0", str(_num(rng, 3, 9))],
                   ["行政许可", str(_num(rng, 0, 40))], ["行政处罚", str(_num(rng, 0, 5))], ["行政强制", "0"],
                   ["行政事业性收费", "0"]],
            "t3": t3, "t4": [["0"] * 15]}


T3_LABELS = [
    ("new_received", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"), ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("d_state_secret", "1.属于国家秘密"), ("d_law_forbidden", "2.其他法律行政法规禁止公开"),
    ("d_3s1s", "3.危及“三安全一稳定”"), ("d_third_party", "4.保护第三方合法权益"),
    ("d_internal", "5.属于三类内部事务信息"), ("d_process", "6.属于四类过程性信息"),
    ("d_enforcement_file", "7.属于行政执法案卷"), ("d_admin_query", "8.属于行政查询事项"),
    ("u_not_held", "1.本机关不掌握相关政府信息"), ("u_need_create", "2.没有现成信息需要另行制作"),
    ("u_unclear", "3.补正后申请内容仍不明确"), ("n_petition", "1.信访举报投诉类申请"), ("n_repeat", "2.重复申请"),
    ("n_publication", "3.要求提供公开出版物"), ("n_mass_repeat", "4.无正当理由大量反复申请"),
    ("n_confirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("o_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("o_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), ("o_other", "3.其他"),
    ("total_processed", "（七）总计"), ("carried_forward", "四、结转下年度继续办理"),
]
_T3_GROUP_BEFORE = {"granted": "三、本年度办理结果", "d_state_secret": "（三）不予公开", "u_not_held": "（四）无法提供",
                    "n_petition": "（五）不予处理", "o_no_correction": "（六）其他处理"}


def _tab_tables(t: dict[str, list[list[str]]]) -> dict[str, list[str]]:
    """The tables as a browser copies them: tab-separated rows."""
    t2 = ["第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", *("\t".join(r) for r in t["t2"][:2]),
          "第二十条第（五）项", "信息内容\t本年处理决定数量", "\t".join(t["t2"][2]),
          "第二十条第（六）项", "信息内容\t本年处理决定数量", "\t".join(t["t2"][3]), "\t".join(t["t2"][4]),
          "第二十条第（八）项", "信息内容\t本年收费金额（单位：万元）", "\t".join(t["t2"][5])]
    t3 = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
          "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"]
    for (key, _), row in zip(T3_LABELS, t["t3"], strict=True):
        if key in _T3_GROUP_BEFORE:
            t3.append(_T3_GROUP_BEFORE[key])
        t3.append("\t".join(row))
    t4 = ["行政复议\t行政诉讼", "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3), "\t".join(t["t4"][0])]
    return {"active": t2, "requests": t3, "review_litigation": t4}


def _html_tables(t: dict[str, list[list[str]]]) -> dict[str, str]:
    """The tables as a portal's editor writes them: rowspan/colspan headers, empty cells left empty."""
    def tr(cells: str) -> str:
        return f"<tr>{cells}</tr>"

    def td(text: str, rs: int = 1, cs: int = 1) -> str:
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        return f"<td{attrs}>{text}</td>"

    r = t["t2"]
    t2 = ("<table border='1'>" + tr(td("第二十条第（一）项", cs=4))
          + tr(td("信息内容") + td("本年制发件数") + td("本年废止件数") + td("现行有效件数"))
          + "".join(tr("".join(td(c) for c in row)) for row in r[:2])
          + tr(td("第二十条第（五）项", cs=4)) + tr(td("信息内容") + td("本年处理决定数量", cs=3))
          + tr(td(r[2][0]) + td(r[2][1], cs=3)) + tr(td("第二十条第（六）项", cs=4))
          + tr(td("信息内容") + td("本年处理决定数量", cs=3)) + tr(td(r[3][0]) + td(r[3][1], cs=3))
          + tr(td(r[4][0]) + td(r[4][1], cs=3)) + tr(td("第二十条第（八）项", cs=4))
          + tr(td("信息内容") + td("本年收费金额（单位：万元）", cs=3)) + tr(td(r[5][0]) + td(r[5][1], cs=3)) + "</table>")
    rows = [tr(td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3) + td("申请人情况", cs=7)),
            tr(td("自然人", rs=2) + td("法人或其他组织", cs=5) + td("总计", rs=2)),
            tr("".join(td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")))]
    spans = {"granted": 22, "d_state_secret": 8, "u_not_held": 3, "n_petition": 5, "o_no_correction": 3}
    for (key, label), row in zip(T3_LABELS, t["t3"], strict=True):
        values = "".join(td(v) for v in row[1:])
        if key in ("new_received", "carried_over", "carried_forward"):
            rows.append(tr(td(label, cs=3) + values))
        elif key in ("granted", "partial", "total_processed"):
            head = td("三、本年度办理结果", rs=spans["granted"]) if key == "granted" else ""
            rows.append(tr(head + td(label, cs=2) + values))
        else:
            group = max((k for k in spans if k != "granted" and T3_KEYS.index(k) <= T3_KEYS.index(key)),
                        key=T3_KEYS.index)
            head = td(_T3_GROUP_BEFORE[group], rs=spans[group]) if key == group else ""
            rows.append(tr(head + td(label) + values))
    t3 = "<table border='1'>" + "".join(rows) + "</table>"
    cells = t["t4"][0]
    t4 = ("<table border='1'>" + tr(td("行政复议", cs=5) + td("行政诉讼", cs=10))
          + tr(td("结果维持", rs=2) + td("结果纠正", rs=2) + td("其他结果", rs=2) + td("尚未审结", rs=2) + td("总计", rs=2)
               + td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5))
          + tr("".join(td(x) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
          + tr("".join(td(c) for c in cells)) + "</table>")
    return {"active": t2, "requests": t3, "review_litigation": t4}


T3_KEYS = [k for k, _ in T3_LABELS]

HEADINGS_2021 = {"overview": "一、总体情况", "active": "二、主动公开政府信息情况",
                 "requests": "三、收到和处理政府信息公开申请情况", "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
                 "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}
HEADING_VARIANTS = (
    {"overview": "一、工作基本情况"},
    {"overview": "一、政府信息公开工作的基本概况", "requests": "三、依申请公开政府信息情况"},
    {"overview": "一、总体情况", "review_litigation": "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
     "problems": "五、政府信息公开工作存在的主要问题及改进情况"},
    {"overview": "一、基本情况", "active": "二、主动公开政府信息的情况", "other": "六、其他需要报告的事项"},
)


def _overview(u: Unit, y: int, rng: random.Random, style: str) -> list[str]:
    count = _num(rng, 40, 260)
    parts = [
        ("主动公开", (f"全年通过{u.county}人民政府门户网站{u.short}专栏主动公开政府信息{count}条，"
                  f"其中政策文件{_num(rng, 2, 9)}条、财政预决算信息{_num(rng, 2, 6)}条、惠民资金发放信息{_num(rng, 10, 40)}条。")),
        ("依申请公开", f"{y}年{u.self_ref}严格按照法定程序办理政府信息公开申请，做到件件有回复。"),
        ("政府信息管理", "落实信息发布前保密审查制度，对拟公开信息实行“三审三校”，未发生泄密事件。"),
        ("平台建设", f"维护政府网站专栏和“{u.short[:2]}发布”微信公众号，及时更新栏目内容。"),
        ("监督保障", "将政务公开纳入年度目标考核，组织业务培训2次，开展社会评议，全年未发生责任追究情况。"),
    ]
    lead = (f"{y}年，{u.short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》要求，"
            f"在{u.county}人民政府办公室的指导下，扎实推进政务公开各项工作。")
    out = [lead]
    marks = {"paren": ["（一）", "（二）", "（三）", "（四）", "（五）"], "arabic": ["1.", "2.", "3.", "4.", "5."],
             "paren_arabic": ["（1）", "（2）", "（3）", "（4）", "（5）"], "shi": ["一是", "二是", "三是", "四是", "五是"]}
    for mark, (head, body) in zip(marks[style], parts, strict=True):
        if style == "shi":
            out.append(f"{mark}做好{head}工作。{body}")
        else:
            out += [f"{mark}{head}", body]
    return out


def _sections(u: Unit, y: int, rng: random.Random, style: str) -> dict[str, list[str]]:
    return {
        "overview": _overview(u, y, rng, style),
        "active": [],
        "requests": [],
        "review_litigation": [f"{y}年，{u.self_ref}未发生因政府信息公开工作引起的行政复议、行政诉讼。"],
        "problems": [f"{y}年{u.self_ref}政府信息公开工作取得一定成效，但仍存在解读形式较为单一、部分栏目更新不够及时等问题。",
                     f"{y + 1}年，{u.self_ref}将加强业务培训，丰富图文解读形式，及时更新公开专栏。"],
        "other": ["（一）本年度未收取信息处理费。", "（二）无人大代表建议和政协提案办理情况。",
                  f"（三）认真落实{y}年政务公开工作要点。", "（四）本年度无政务公开工作创新情况。",
                  "（五）" + rng.choice(PERIODS).format(y=y)],
    }


def _closing(u: Unit, y: int, rng: random.Random, with_county: bool) -> list[str]:
    day = _num(rng, 8, 28)
    date = f"{y + 1}年1月{day}日" if rng.random() < 0.7 else f"{_cn_year(y + 1)}年一月{_cn_day(day)}日"
    return [(u.county if with_county else "") + u.organ, date]


def _cn_year(y: int) -> str:
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(y))


def _cn_day(d: int) -> str:
    tens, ones = divmod(d, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else "一二三四五六七八九"[tens - 1] + "十")) + (
        "" if ones == 0 else "一二三四五六七八九"[ones - 1])


def _preamble(u: Unit, y: int, rng: random.Random, name_unit: bool) -> str:
    who = f"{u.county}{u.organ}" if name_unit else "本机关"
    return (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，{who}编制了{y}年政府信息公开工作年度报告。"
            f"本报告电子版可在{u.county}人民政府门户网站查阅。如对本报告有任何疑问，请与{u.short}党政办公室联系"
            f"（地址：{u.county}{u.short}{rng.choice(['人民路', '府前街', '建设路', '中心街'])}{_num(rng, 1, 99)}号；"
            f"电话：0{_num(rng, 300, 999)}-{_num(rng, 2000000, 8999999)}）。")


def _title(u: Unit, y: int, form: int) -> str:
    forms = (f"{u.county}{u.organ}{y}年政府信息公开工作年度报告", f"{u.short}{y}年政府信息公开工作年度报告",
             f"{u.organ}{y}年度政府信息公开工作年度报告", f"{y}年{u.county}{u.short}政府信息公开工作年度报告")
    return forms[form % len(forms)]


def build(index: int, u: Unit, shape: str) -> tuple[str, dict]:
    """One variant: its text (or page markup) and its manifest entry."""
    rng = random.Random(index * 7919 + 13)
    y = 2019 + index % 6
    style = ("paren", "arabic", "paren_arabic", "shi")[index % 4] if shape == "subitems" else "paren"
    sec = _sections(u, y, rng, style)
    tables = _tables(rng)
    headings = dict(HEADINGS_2021)
    if shape == "variant_headings" or (y <= 2020 and index % 3 == 0):
        headings.update(HEADING_VARIANTS[index % len(HEADING_VARIANTS)])
    title = _title(u, y, index)
    p = f"{y + 1}-01-{_num(rng, 10, 28):02d}"
    fill = {"county": u.county, "short": u.short, "organ": u.organ, "y": y, "p": p, "n": _num(rng, 100, 999),
            "code": f"{_num(rng, 11, 65)}{_num(rng, 1000, 9999)}"}
    preamble = _preamble(u, y, rng, name_unit=shape != "no_title")
    closing = _closing(u, y, rng, with_county=index % 2 == 0)
    entry = {"unit": u.short, "level": u.level, "year": y, "county": u.county, "city": u.city, "province": u.province,
             "sections": list(HEADINGS_2021), "shape": shape, "real_unit": u.real}
    if shape == "html":
        return _page(u, y, title, preamble, headings, sec, _html_tables(tables), closing, fill, index), entry
    tab = _tab_tables(tables)
    lines: list[str] = []
    if shape in ("portal", "copied", "sidebar"):
        lines += [f"{u.county}人民政府门户网站", BREADCRUMBS[index % len(BREADCRUMBS)].format(**fill), ""]
    if shape == "sidebar":  # the site's menu of the county's townships, copied with the page
        lines += ["乡镇街道", *SIDEBAR.get(u.short, ("城关镇", "新城街道", "东关街道")), ""]
    if shape == "contents":
        lines += ["目  录", *(f"{h}……{i + 1}" for i, h in enumerate(headings.values())), ""]
    if shape == "split_title":
        lines += [(u.county if index % 2 else "") + u.organ, f"{y}年政府信息公开工作年度报告"]
    elif shape == "typo_title":
        lines.append(f"{y}度{u.county}{u.short}政府信息公开工作年度报告")
    elif shape not in ("no_title", "bare"):
        lines.append(title)
    if shape in ("portal", "copied"):
        lines.append(META_LINES[index % len(META_LINES)].format(**fill))
        if shape == "copied":
            lines.append("【打印】 【关闭】  分享到：")
    if shape == "intro_heading":
        lines.append("引 言" if index % 2 else "引言")
    if shape == "bare":  # no title, no unit in the opening, no 编制 line, no 落款 organ: only the body says who
        lines.append("根据《中华人民共和国政府信息公开条例》规定，现将本年度政府信息公开工作情况报告如下。")
    elif shape == "no_title":
        lines.append(f"为做好政府信息公开工作，在认真总结{y}年{u.short}政府信息公开工作的基础上，"
                     f"由{u.organ}党政办公室编制本报告。")
        lines.append(f"地址：{u.county}{u.short}中心街{_num(rng, 1, 99)}号。")
    else:
        lines.append(preamble)
    for key, heading in headings.items():
        body = sec[key]
        if shape == "run_on" and key in ("active", "other"):
            lines[-1] = f"{lines[-1]}  {heading}"  # the heading run into the end of the paragraph before it
            lines += tab.get(key, []) + body
            continue
        if shape == "run_on" and key == "review_litigation":
            lines.append(f"{heading} {body[0]}")  # the heading and its text on one line
            lines += tab.get(key, [])
            continue
        lines.append(heading)
        lines += tab.get(key, []) + body
    lines += ["", *(closing[1:] if shape == "bare" else closing)]
    if shape in ("portal", "copied"):
        lines += ["", FOOTERS[index % len(FOOTERS)].format(**fill), FOOTERS[(index + 1) % len(FOOTERS)].format(**fill)]
    return "\n".join(lines) + "\n", entry


def _page(u: Unit, y: int, title: str, preamble: str, headings: dict[str, str], sec: dict[str, list[str]],
          tables: dict[str, str], closing: list[str], fill: dict, index: int) -> str:
    body = [f"<p>{preamble}</p>"]
    for key, heading in headings.items():
        body.append(f"<p><strong>{heading}</strong></p>")
        body.append(tables.get(key, ""))
        body += [f"<p>{line}</p>" for line in sec[key]]
    body += [f"<p style='text-align:right'>{line}</p>" for line in closing]
    crumb = BREADCRUMBS[index % len(BREADCRUMBS)].format(**fill).replace(">", "&gt;")
    meta = META_LINES[index % len(META_LINES)].format(**fill)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_{u.county}人民政府</title>"
            f"<script src='{index:03d}_files/jquery.js'></script></head><body>"
            f"<div class='top'><a href='/'>{u.county}人民政府门户网站</a></div>"
            f"<div class='navbar'><a>首页</a><a>政务公开</a><a>五、存在的问题</a></div>"
            f"<div class='position'>{crumb}</div>"
            f"<div class='article'><h1>{title}</h1><div class='info'>{meta}</div>"
            f"<div class='TRS_Editor'>{''.join(body)}</div></div>"
            f"<div class='footer'>{FOOTERS[0].format(**fill)}</div></body></html>")


def main() -> None:
    manifest = []
    for old in HERE.glob("v*"):
        if old.is_dir():
            for f in old.iterdir():
                f.unlink()
            old.rmdir()
        elif old.suffix in (".txt", ".html"):
            old.unlink()
    index = 0
    for round_ in range(3):
        for n, u in enumerate(UNITS):
            shape = SHAPES[(n + round_ * 5) % len(SHAPES)]
            text, entry = build(index, u, shape)
            stem = f"v{index:03d}_{shape}"
            if shape == "html":
                name = f"{stem}.html"
                (HERE / name).write_text(text, encoding="utf-8")
                assets = HERE / f"{stem}_files"
                assets.mkdir(exist_ok=True)
                (assets / "jquery.js").write_text("/* saved with the page */\n", encoding="utf-8")
                (assets / "share.htm").write_text("<html><body>分享到：微信</body></html>\n", encoding="utf-8")
            else:
                name = f"{stem}.txt"
                (HERE / name).write_text(text, encoding="utf-8")
            entry["file"] = name
            entry["pdf"] = shape in ("portal", "plain") and index % 2 == 0
            if u.short in NEIGHBOURS:
                entry["neighbour"] = NEIGHBOURS[u.short]
            manifest.append(entry)
            index += 1
    (HERE / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
