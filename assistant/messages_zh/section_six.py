"""Messages of the 六、其他需要报告的事项 page, the export gate and the smaller fixes of issue #11."""

MESSAGES: dict[str, str] = {
    "page_six": "六、其他事项",
    "six_title": "六、其他需要报告的事项",
    "six_caption": "七个事项都要写。（一）信息处理费和（二）人大代表建议、政协提案按下面的数字起草，其余各项可直接修改。",
    "six_facts": "起草（一）（二）所用的数字",
    "six_redraft": "按上面的数字重新起草（一）（二）",
    "six_redrafted": "已按数字重新起草（一）信息处理费和（二）人大代表建议、政协提案。",
    "six_saved": "已保存第六部分。",
    "six_unsplit": "已有的第六部分文字没有按（一）至（七）编号，下面按数据起草了七个事项；修改并保存后将替换原文字。原文字如下：",
    "six_marks": "还有 {count} 处【待补充】【待核实】【待确认】标记，导出前须补上实际内容或删除。",
    "six_reset": "恢复为按数据起草的文字",
    "gate_blocked": "还有 {count} 项错误，导出会被拒绝。请逐项修改（或在“导出”页确认后强制导出）。",
    "auto_total_filled": "已计算总计：填入 {filled} 处。",
    "auto_total_none": "总计都已填好，没有需要计算的单元格。",
    "auto_total_kept": "已计算总计：填入 {filled} 处；{kept} 处与已填写的数字不一致，保留了原数字，请核对。",
}
