"""Vocabulary the checks match against: data, kept in one place so a correction is one edit.

Sources are shared/spec/report-format.md sections; items marked [R] there are reconstructed wording.
All regexes are compiled once at import (the checker must handle ≥ 50 reports/s).
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.core.textpatterns import DOC_NO_WRONG, ENUMERATOR, YEAR, YEAR_WITH_NIAN

CN_NUM = "一二三四五六"

# --------------------------------------------------------------- headings and title (§1.1, §1.2)
HEADING_PREFIX = re.compile(r"^\s*([一二三四五六七八九十]+|\d+|[（(][一二三四五六七八九十\d]+[）)])\s*([、.．,，:：]?)\s*")
HEADING_NORMALISE = re.compile(r"[\s　]+")
TITLE_YEAR = YEAR_WITH_NIAN
TITLE_CANONICAL = re.compile(r"(人民政府|办事处)\s*" + YEAR + r"\s*年度?\s*政府信息公开工作年度报告\s*$")
TITLE_WRONG_WORDS = ("工作报告", "年报", "政务信息", "政务公开")

# --------------------------------------------------------------- preamble, 六 items (§1.1, §1.2)
PERIOD = re.compile(r"统计期限|统计期间|统计时限|" + YEAR + r"年\s*1\s*月\s*1\s*日\s*(?:至|到|—|-|－)")
INFO_FEE = re.compile(r"信息处理费|(?:息|信息)?公开处理费")
# 六 items 2–7 in order [R: wording]; each is a loose pattern so paraphrases pass.
OTHER_ITEMS = (
    ("npc", re.compile(r"人大代表建议|政协(委员)?提案|建议提案|人大建议")),
    ("key_points", re.compile(r"工作要点")),
    ("innovation", re.compile(r"创新")),
    ("statistics", re.compile(r"统计说明|数据统计|统计期限|数据说明")),
    ("own_other", re.compile(r"认为需要报告")),
    ("documents", re.compile(r"专门要求|其他有关文件")),
)
# 条例 第五十条（四）
ART50_4 = (("assessment", re.compile(r"考核")), ("evaluation", re.compile(r"社会评议|群众评议|评议")),
           ("accountability", re.compile(r"责任追究|追究责任|问责")))
# 一、总体情况 five parts of the 2021 format (labels.OVERVIEW_PARTS, with tolerated variants).
OVERVIEW_PARTS = (
    ("active", re.compile(r"主动公开")),
    ("requests", re.compile(r"依申请公开|依法申请公开|申请公开")),
    ("management", re.compile(r"信息管理|公开管理")),
    ("platform", re.compile(r"平台建设|平台")),
    ("supervision", re.compile(r"监督保障|监督|保障")),
)
# An item's ordinal and lead-in: 一是 / 第一， / （一） / (1) / 1. / 1、 / ①, then 针对 / 关于.
PROBLEM_PREFIX = re.compile(r"^\s*" + ENUMERATOR + r"\s*[，,、]?\s*(?:针对|关于)?")
RECTIFY = re.compile(r"整改|上年度?(存在的?)?问题|" + YEAR + r"年(度)?(存在的?)?问题")

# --------------------------------------------------------------- format (§3)
PRE2019_TERMS = ("免于公开", "依申请公开政府信息情况", "政府信息公开咨询处理情况", "收费及减免情况")
PRE2019_HEADING_TERMS = ("概述",)
PRE2019_FIX = {"免于公开": "不予公开"}
PRE2019_RE = re.compile("|".join(PRE2019_TERMS))

# --------------------------------------------------------------- years (§7.3)
PLAN_YEAR = re.compile(YEAR + r"\s*年度?\s*[，,、]?\s*[^。；;，,\d]{0,10}?将")
# 党的二十大 and 二十届 plenums: the day each opened. [V] 二十大, 一中; the later dates are public record.
EVENTS = {
    "二十大": dt.date(2022, 10, 16),
    "一中": dt.date(2022, 10, 23),
    "二中": dt.date(2023, 2, 26),
    "三中": dt.date(2024, 7, 15),
    "四中": dt.date(2025, 10, 20),
}
PLENUMS = re.compile(r"二十届((?:[一二三四五六七]中(?:全会)?[、和及与]?)+)全会|二十届历次全会|党的二十大|二十大")
PLENUM_ITEM = re.compile(r"([一二三四五六七])中")

# --------------------------------------------------------------- units (§4 M7)
# Self-references (我镇/全乡/我乡镇) are found by assistant.core.unitname.wrong_self_refs.
OTHER_DEPT = re.compile(r"(工信|审计|税务|海关|药监|气象|烟草|邮政)工作|(?:我|本)(局)(?!部|限|面|势)")

# --------------------------------------------------------------- text slips (§7.4)
DOUBLE_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
DOUBLE_CHAR = re.compile(r"([\u4e00-\u9fff])\1")
DOUBLE_WORD_OK = frozenset({"规定规定", "研究研究", "学习学习", "讨论讨论", "商量商量", "考虑考虑", "交流交流",
                            "检查检查", "了解了解", "休息休息", "总结总结", "宣传宣传", "比较比较"})
DOUBLE_CHAR_OK = frozenset({"看看", "常常", "层层", "人人", "天天", "个个", "年年", "件件", "项项", "家家", "户户",
                            "村村", "组组", "乡乡", "镇镇", "次次", "条条", "样样", "处处", "时时", "事事", "步步",
                            "月月", "日日", "期期", "等等", "一一", "多多", "大大", "渐渐", "纷纷", "仅仅", "往往",
                            "默默", "紧紧", "牢牢", "实实", "切切", "扎扎", "踏踏", "认认", "真真", "明明", "白白",
                            "方方", "面面", "点点", "滴滴", "上上", "下下", "源源", "井井", "兢兢", "业业"})
DOUBLE_CHAR_CONTEXT_OK = ("不了了之", "的的确确", "是是非非", "学习习近平", "耕地地力")
# jieba tags of a word that may end in 的/了/地/得 before a word starting with the same character (耕地|地力).
PARTICLE_CHARS = "的了地得"
PARTICLE_LEFT_TAGS = ("n", "s", "r", "f")
JIETI = re.compile(r"截止(?:到|至)?\s*(?=\d|目前|今年|本年|年底|当前|上年|去年)")
QITA = re.compile(r"其它(组织)")
DOC_NO = DOC_NO_WRONG
TITLE_SPACE = re.compile(r"(?<=\S)[ \t\u3000\xa0]+(?=\S)")
WORDING = (  # (wrong, right): wording slips seen in the seeds (§6)
    ("依法申请公开", "依申请公开"),
    ("汇报如下", "报告如下"),
)
WORDING_RE = re.compile("|".join(re.escape(w) for w, _ in WORDING))
PUNCT_SLIP = re.compile(r"、(?=等)|([，。；、：])\1")

# --------------------------------------------------------------- narrative ↔ tables (§2.3)
# 未发生因政府信息公开工作引起的行政复议、行政诉讼: up to 16 characters between 未发生 and 复议, within one clause.
NO_REVIEW = re.compile(r"(未|没有|无)(发生|出现|产生)?[^。；，,\d]{0,16}?(行政复议|复议)[^。；，,\d]{0,6}?(行政诉讼|诉讼)")
REVIEW_COUNT = re.compile(r"行政复议[^。；，,\d]{0,8}?(\d+)\s*(件|起|次)")
SUIT_COUNT = re.compile(r"行政诉讼[^。；，,\d]{0,8}?(\d+)\s*(件|起|次)")
TOTAL_THEN_PARTS = re.compile(r"(?:共|累计|总计|合计)[^。；\d]{0,20}?(\d+)\s*(条|件|篇|期)[^。；]*?其中([^。；]*)")
COUNT = re.compile(r"(\d+)\s*(条|件|篇|期)")
TOTAL = re.compile(r"(?:共|累计|总计|合计)[^。；\d]{0,20}?(\d+)\s*(条|件|篇|期)")  # the head of TOTAL_THEN_PARTS
CLAUSE_SPLIT = re.compile(r"[。；]")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
FEE_AMOUNT = re.compile(r"(?:收取|收费)[^。；，,\d]{0,12}?信息处理费[^。；，,\d]{0,6}?(\d+(?:\.\d+)?)\s*(元|万元)")
FEE_NOTICE = re.compile(r"收费通知|缴纳|缴费")
YEAR_IN_TEXT = YEAR_WITH_NIAN
FUTURE_WORDS = re.compile(r"将|计划|下一步|打算|力争|明年|预计")

# A mark left by drafting for the clerk: 【待补充：…】 (content only the clerk knows), 【待核实：…】 (guard).
OPEN_MARK = re.compile(r"【(待补充|待核实|待确认)[：:]?([^】]{0,200})】")
