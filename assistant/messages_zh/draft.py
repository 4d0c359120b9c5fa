"""Chinese messages for drafting: guard findings, the 【待核实】 marks, fact parsing and LLM errors."""

MESSAGES = {
    # Guard findings (rule id → message).
    "GUARD-NUM": "草稿中的“{token}”在填报数据中找不到，也不能由填报数据算出，已标注待核实。",
    "GUARD-YEAR": "草稿中的“{token}”年份或日期不对：回顾部分应为{year}年，计划部分应为下一年，日期只能是统计期限或落款日期。",
    "GUARD-PERSON": "草稿中出现了人名“{name}”，填报数据中没有，已标注待核实。",
    "GUARD-UNIT": "草稿中出现了其他单位的名称“{name}”，本报告的单位是“{unit}”。",
    "GUARD-SELF": "草稿中的自称“{token}”与单位层级不符，{level}的报告应自称“{expected}”。",
    "GUARD-DOCNO": "文号“{token}”的年份应使用六角括号〔〕。",
    "GUARD-MISSING": "填报数据中的“{token}”在大模型写出的草稿中没有出现，请补上。",
    "GUARD-INJECT": "参考材料或模型输出中有试图改变写作要求的文字“{token}”，未予采纳。",
    # Short reasons inserted into the text as 【待核实：…】.
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
    "fact_confirm": "识别到：{label} = {value}。确认后写入报告。",
}

MESSAGES.update({
    # Polish instructions (filled into prompts/polish.md {op_hint}).
    # Length hints (filled into prompts/draft_*.md {length_hint}).
})
