"""Chinese names of model fields, for validation messages and UI locations."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core import labels

_TOP = {
    "profile": "基本信息",
    "title": "标题",
    "preamble": "导语",
    "sections": "正文",
    "facts": "填报事项",
    "closing": "落款",
    "format_version": "格式版本",
    "schema_version": "数据版本",
    "source": "来源信息",
    "t2": "表二",
    "t3": "表三",
    "t4": "表四",
}
_PROFILE = {
    "organ_name": "机关全称",
    "short_name": "单位简称",
    "level": "单位层级（乡/镇/街道）",
    "county": "所属县（市、区）",
    "city": "所属市（州）",
    "province": "所属省份",
    "report_year": "报告年度",
}
# The one table of narrative-fact labels (NarrativeFacts fields): the app's form, validation messages, the
# confirmation of a fact typed in the chat and the LLM prompt all read it.
FACT_LABELS = {
    "active_total": "主动公开政府信息总数（条）",
    "website_count": "政府网站发布（条）",
    "wechat_count": "微信公众号发布（条）",
    "bulletin_count": "政务公开栏发布（期/条）",
    "other_channels": "其他公开渠道",
    "website_name": "网站/专栏名称",
    "wechat_name": "微信公众号名称",
    "platform_names": "其他平台名称",
    "applications_stated": "收到依申请公开申请（件）",
    "applications_processed_stated": "正文所述办结申请（件）",
    "leading_group": "领导小组/工作机构",
    "staff_count": "专（兼）职工作人员（人）",
    "training_sessions": "组织培训（次）",
    "training_participants": "参训（人次）",
    "info_fee_count": "收取信息处理费（件）",
    "info_fee_amount_yuan": "信息处理费金额（元）",
    "npc_suggestions": "办理人大代表建议（件）",
    "cppcc_proposals": "办理政协委员提案（件）",
    "assessment_result": "工作考核结果",
    "public_evaluation": "社会评议结果",
    "accountability": "责任追究结果",
    "last_year_problems": "上年报告所列问题（整改清单）",
    "problems": "本年存在的主要问题",
    "measures": "下一年改进措施",
    "practices": "经确认的工作做法",
    "topics": "公开重点",
    "notes": "其他说明",
    "name": "名称",
    "count": "条数",
}
_FACTS = FACT_LABELS


def fact_label(name: str) -> str:
    """The Chinese label of a narrative fact field."""
    return FACT_LABELS.get(name, name)
_CLOSING = {"organ": "落款机关", "date": "落款日期"}


def field_label(loc: Sequence[str]) -> str:
    """Official label of the model location ``loc`` (pydantic error loc or a dotted path split)."""
    loc = [str(p) for p in loc]
    if not loc:
        return "报告"
    head, rest = loc[0], loc[1:]
    if head == "t3" and rest:
        row = rest[0]
        if row not in labels.T3_ROWS:
            return f"表三“{row}”行（不是表三的行）"
        if len(rest) > 1:
            col = rest[1]
            if col in labels.T3_COLUMNS:
                return labels.t3_cell_label(row, col)
            return f"表三“{labels.T3_ROWS[row]}”行“{col}”列（不是表三的列）"
        return f"表三“{labels.T3_ROWS[row]}”行"
    if head == "t4" and rest:
        group = rest[0]
        if group not in labels.T4_GROUPS:
            return f"表四“{group}”（不是表四的栏目）"
        if len(rest) > 1 and rest[1] in labels.T4_FIELDS:
            return labels.t4_cell_label(group, rest[1])
        return f"表四“{labels.T4_GROUPS[group]}”"
    if head == "t2" and rest:
        group = rest[0]
        name = labels.T2_GROUPS.get(group, group)
        if len(rest) >= 3 and rest[1] in labels.T2_ROWS and rest[2] in labels.T2_COLUMNS:
            return labels.t2_cell_label(group, rest[1], rest[2])
        if len(rest) >= 2:
            return f"表二{name}“{labels.T2_ROWS.get(rest[1], rest[1])}”"
        return f"表二{name}"
    if head == "profile" and rest:
        return f"基本信息·{_PROFILE.get(rest[0], rest[0])}"
    if head == "facts" and rest:
        tail = "".join(f"第{int(p) + 1}项" if p.isdigit() else "·" + _FACTS.get(p, p) for p in rest[1:])
        return f"填报事项·{_FACTS.get(rest[0], rest[0])}{tail}"
    if head == "closing" and rest:
        return _CLOSING.get(rest[0], rest[0])
    if head == "sections" and rest:
        return labels.SECTION_TITLES.get(rest[0], rest[0])
    return _TOP.get(head, head) + ("·" + "·".join(rest) if rest else "")


def location_label(location: str) -> str:
    """Label of a dotted model location such as ``t3.granted.total``."""
    return field_label(location.split(".")) if location else "报告"
