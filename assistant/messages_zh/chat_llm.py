"""Chat replies when the configured writing model (LLM backend) did the 缩写/扩写/改写, or could not."""

MESSAGES: dict[str, str] = {
    "chat_shorten_llm": "写作模型已缩写第{paragraph}段{heading_note}（{before}字 → {after}字），其他段落未动；{checked_note}",
    "chat_expand_llm": "写作模型已扩写第{paragraph}段{heading_note}（{before}字 → {after}字），其他段落未动；{checked_note}",
    "chat_rewrite_llm": "写作模型已换一种写法重写第{paragraph}段{heading_note}，其他段落未动；{checked_note}",
    "chat_shorten_all_llm": "写作模型已缩写整个部分（{before}字 → {after}字）；{checked_note}",
    "chat_expand_all_llm": "写作模型已扩写整个部分（{before}字 → {after}字）；{checked_note}",
    "chat_rewrite_all_llm": "写作模型已换一种写法重写整个部分；{checked_note}",
    "chat_llm_same": "写作模型给出的第{paragraph}段{heading_note}与原文相同，没有改动。",
    "chat_llm_checked": "数字和单位名称已逐一与填报数据核对。",
    "chat_llm_marked": "其中{marked}处无法由填报数据核实，已用【待核实】标出，请逐一确认。",
    "chat_llm_fallback": "写作模型这次没有完成（{reason}），以下是内置写法的结果：",
}
