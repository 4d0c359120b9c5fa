"""Chinese text for what the parser could not tell for sure (META-*) and for its evidence sources."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "META-1": "未能确定报告单位：{reason}（依据：{where}；把握度{confidence}；候选：{candidates}）。请在报告信息中确认单位名称。",
    "META-2": "未能确定报告年度：{reason}（依据：{where}；把握度{confidence}；候选：{candidates}）。请确认报告年度。",
    "META-3": "未能确定所属省份和市县：{reason}（依据：{where}；候选：{candidates}）。请在报告信息中补充。",
    "meta.reason.none": "标题、落款和正文中都没有找到",
    "meta.reason.weak": "解析结果“{value}”依据不足或与文中其他写法不一致",
    "item:META-1": "报告单位可确定",
    "item:META-2": "报告年度可确定",
    "item:META-3": "所属省市可确定",
    "meta.source.title": "标题",
    "meta.source.breadcrumb": "网页导航",
    "meta.source.page": "网页信息栏",
    "meta.source.preamble": "开头",
    "meta.source.body": "正文",
    "meta.source.compiled_by": "编制单位",
    "meta.source.address": "地址",
    "meta.source.contact": "联系方式",
    "meta.source.closing": "落款",
    "meta.source.period": "统计期限",
    "meta.source.plan": "下一年工作打算",
    "meta.source.text": "正文年份",
    "meta.source.file_name": "文件名",
    "meta.source.gazetteer": "内置行政区划",
    "meta.source.none": "无",
    "library.refreshed": "按新版解析器重新读取 {refreshed} 份：单位、年度和章节已更新，未变化的段落沿用原有向量。",
    "library.reparse_gone": "{unit}{year}：原文件已不在（{source}），无法重新读取，保留旧的解析结果。",
    "library.reparse_none": "资料库中的报告都已由当前解析器读取，无需重新读取。",
}
