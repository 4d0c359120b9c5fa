"""Official labels of the 2021 format (国办公开办函〔2021〕30号), keyed by the model's field names.

This module is data: the exact table wording from shared/spec/report-format.md §1.3–1.5. Parsers,
checks, export and the UI all read labels from here so a correction happens in one place.
"""

SECTION_KEYS = ("overview", "active", "requests", "review_litigation", "problems", "other")

SECTION_TITLES = {
    "overview": "一、总体情况",
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}

# 六、其他需要报告的事项: the seven items of the 2021 format, in order (spec §1.2).
OTHER_ITEMS = (
    "信息处理费收取情况",
    "人大代表建议和政协提案办理结果公开情况",
    "落实上级年度政务公开工作要点情况",
    "本年度政务公开工作创新情况",
    "有关数据统计说明",
    "本机关认为需要报告的其他事项",
    "其他有关文件专门要求通过年度报告予以报告的事项",
)
OTHER_ITEM_NUMBERS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）")

# 一、总体情况 sub-parts of the 2021 format.
OVERVIEW_PARTS = {
    "active": "主动公开",
    "requests": "依申请公开",
    "management": "政府信息管理",
    "platform": "政府信息公开平台建设",
    "supervision": "监督保障",
}

T2_GROUPS = {
    "art20_1": "第二十条第（一）项",
    "art20_5": "第二十条第（五）项",
    "art20_6": "第二十条第（六）项",
    "art20_8": "第二十条第（八）项",
}
T2_ROWS = {
    "regulations": "规章",
    "normative_docs": "行政规范性文件",
    "admin_license": "行政许可",
    "admin_penalty": "行政处罚",
    "admin_coercion": "行政强制",
    "admin_fees": "行政事业性收费",
}
T2_COLUMNS = {
    "issued": "本年制发件数",
    "abolished": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_wan": "本年收费金额（单位：万元）",
}

T2_ROW_HEADER = "信息内容"

T3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_COLUMNS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
T3_ROWS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "d_state_secret": "1.属于国家秘密",
    "d_law_forbidden": "2.其他法律行政法规禁止公开",
    "d_3s1s": "3.危及“三安全一稳定”",
    "d_third_party": "4.保护第三方合法权益",
    "d_internal": "5.属于三类内部事务信息",
    "d_process": "6.属于四类过程性信息",
    "d_enforcement_file": "7.属于行政执法案卷",
    "d_admin_query": "8.属于行政查询事项",
    "u_not_held": "1.本机关不掌握相关政府信息",
    "u_need_create": "2.没有现成信息需要另行制作",
    "u_unclear": "3.补正后申请内容仍不明确",
    "n_petition": "1.信访举报投诉类申请",
    "n_repeat": "2.重复申请",
    "n_publication": "3.要求提供公开出版物",
    "n_mass_repeat": "4.无正当理由大量反复申请",
    "n_confirm": "5.要求行政机关确认或重新出具已获取信息",
    "o_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "o_no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "o_other": "3.其他",
    "total_processed": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
T3_APPLICANTS = "申请人情况"
T3_LEGAL_PERSONS = "法人或其他组织"  # spans 商业企业 … 其他
T3_RESULTS_GROUP = "三、本年度办理结果"
# Group captions (not data rows) and the rows each one heads.
T3_GROUPS = {
    T3_RESULTS_GROUP: ("granted", "total_processed"),
    "（三）不予公开": ("d_state_secret", "d_admin_query"),
    "（四）无法提供": ("u_not_held", "u_unclear"),
    "（五）不予处理": ("n_petition", "n_confirm"),
    "（六）其他处理": ("o_no_correction", "o_other"),
}

T4_GROUPS = {
    "review": "行政复议",
    "lit_direct": "行政诉讼·未经复议直接起诉",
    "lit_after_review": "行政诉讼·复议后起诉",
}
T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"
T4_LIT_GROUPS = {"lit_direct": "未经复议直接起诉", "lit_after_review": "复议后起诉"}
T4_FIELDS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

LEVELS = ("乡", "镇", "街道")


def t3_column_header(col: str) -> str:
    """A table-三 column as one flat header: 自然人 / 法人或其他组织·商业企业 … / 总计."""
    name = T3_COLUMNS[col]
    return name if col in ("natural_person", "total") else f"{T3_LEGAL_PERSONS}·{name}"


def t3_cell_label(row: str, col: str) -> str:
    """Human label of one table-三 cell, e.g. 表三“（一）予以公开”行“自然人”列."""
    return f"表三“{T3_ROWS[row]}”行“{T3_COLUMNS[col]}”列"


def t4_cell_label(group: str, field: str) -> str:
    """Human label of one table-四 cell."""
    return f"表四“{T4_GROUPS[group]}·{T4_FIELDS[field]}”"


def t2_cell_label(group: str, row: str, col: str) -> str:
    """Human label of one table-二 cell."""
    return f"表二{T2_GROUPS[group]}“{T2_ROWS[row]}·{T2_COLUMNS[col]}”"
