"""Chinese messages for drafting: guard findings, the 【待核实】 marks, fact parsing and LLM errors."""

MESSAGES = {
    # Guard findings (rule id → message).
    "GUARD-NUM": "草稿中的“{token}”在填报数据中找不到，也不能由填报数据算出，已标注待核实。",
    "GUARD-YEAR": "草稿中的“{token}”年份或日期不对：回顾部分应为{year}年，计划部分应为下一年，日期只能是统计期限或落款日期。",
    "GUARD-UNIT": "草稿中出现了其他单位的名称“{name}”，本报告的单位是“{unit}”。",
    "GUARD-SELF": "草稿中的自称“{token}”与单位层级不符，{level}的报告应自称“{expected}”。",
    "GUARD-DOCNO": "文号“{token}”的年份应使用六角括号〔〕。",
    "GUARD-MISSING": "填报数据中的“{token}”在大模型写出的草稿中没有出现，请补上。",
    "GUARD-INJECT": "参考材料或模型输出中有试图改变写作要求的文字“{token}”，未予采纳。",
    # Short reasons inserted into the text as 【待核实：…】.
    "guard_mark.GUARD-NUM": "数字与填报数据不符",
    "guard_mark.GUARD-YEAR": "年份或日期有误",
    "guard_mark.GUARD-UNIT": "其他单位名称",
    "guard_mark.GUARD-SELF": "自称应为{expected}",
    "guard_mark.GUARD-DOCNO": "文号括号应为〔〕",
    "guard_mark.GUARD-INJECT": "可疑指令，已忽略",
    # Errors raised by drafting.
    "fact_not_understood": "没能从“{text}”中识别出可填写的事实。可以换个说法，例如“今年新开通了抖音号，发布信息35条”。",
    "unknown_polish_op": "不支持的修改方式“{op}”，可选：{valid}",
    "unknown_section": "不支持起草“{section}”部分，可选：{valid}",
    "llm_empty_reply": "大模型服务（{base_url}）返回了空内容。",
    # Reasons for llm_unavailable (filled into its {reason}).
    "llm_reason.timeout": "等待回复超时（超过 {timeout} 秒）",
    "llm_reason.connection": "无法连接到服务地址",
    "llm_reason.status": "服务返回错误（HTTP {status}）",
    "llm_reason.not_configured": "尚未配置大模型服务地址（llm_base_url）",
    "llm_reason.other": "调用失败（{detail}）",
    # Fact fields as shown to the clerk for confirmation.
    "fact_field.active_total": "主动公开政府信息总数（条）",
    "fact_field.website_count": "政府网站发布信息（条）",
    "fact_field.wechat_count": "微信公众号发布信息（条）",
    "fact_field.bulletin_count": "政务公开栏更新（期）",
    "fact_field.other_channels": "其他公开渠道",
    "fact_field.staff_count": "专（兼）职工作人员（人）",
    "fact_field.training_sessions": "业务培训（次）",
    "fact_field.training_participants": "参训（人次）",
    "fact_field.info_fee_count": "收取信息处理费（件）",
    "fact_field.info_fee_amount_yuan": "信息处理费金额（元）",
    "fact_field.npc_suggestions": "承办人大代表建议（件）",
    "fact_field.cppcc_proposals": "承办政协委员提案（件）",
    "fact_field.problems": "本年存在的主要问题",
    "fact_field.last_year_problems": "上年报告所列问题",
    "fact_field.measures": "下一年改进措施",
    "fact_field.assessment_result": "工作考核结果",
    "fact_field.public_evaluation": "社会评议结果",
    "fact_field.accountability": "责任追究结果",
    "fact_field.leading_group": "领导小组/工作机构",
    "fact_field.website_name": "政府网站/专栏名称",
    "fact_field.wechat_name": "微信公众号名称",
    "fact_confirm": "识别到：{label} = {value}。确认后写入报告。",
}

MESSAGES.update({
    # Polish instructions (filled into prompts/polish.md {op_hint}).
    "polish_hint.润色": "使语言更加准确、简洁、规范，符合公文语体。",
    "polish_hint.扩写": "在不增加新数字的前提下，适当充实工作做法和成效的表述，篇幅增加约三分之一。",
    "polish_hint.缩写": "压缩为原来篇幅的三分之二左右，保留全部小标题和数字。",
    # Length hints (filled into prompts/draft_*.md {length_hint}).
    "length_hint.short": "精简，约五百至八百字",
    "length_hint.normal": "适中，约八百至一千五百字",
    "length_hint.long": "较详细，约一千五百至两千字",
    "reference_header": "[{index}] 单位：{unit}　年度：{year}",
    "reference_none": "（无）",
    "fact_line": "{label}：{value}",
})
