"""Chinese text of the library family: ingest, library list/remove/reindex, search, similar reports."""

MESSAGES = {
    # errors
    "not_in_library": "资料库中没有找到“{key}”（可以是报告编号、文件路径或单位名称）。运行 nianbao library list 查看已导入的报告。",
    # ingest summary
    "ingest_summary": "共 {files} 个文件：新导入 {ingested} 份（{chunks} 段），未变化跳过 {skipped}，替换旧版本 {replaced}，失败 {failed}；用时 {seconds} 秒。",
    "ingest_nothing": "没有找到可导入的文件（支持 .txt .docx .pdf .html .htm .doc）。",
    # library
    "library_empty": "资料库还是空的。运行 nianbao ingest 文件或文件夹 导入往年报告。",
    "library_removed": "已从资料库移除 {count} 份报告：{names}",
    "library_reindexed": "已用当前向量模型重新建立资料库：{count} 段。",
    # search
    "search_low_relevance": "资料库中没有与“{query}”明显相关的内容，以下结果仅供参考。",
    # similar reports
    "similar_same_county": "同县",
    "similar_same_city": "同市",
    "similar_same_province": "同省",
    "similar_same_level": "同级",
    "similar_near_year": "相近年份",
    "similar_wording": "措辞相似",
    "similar_none": "资料库中没有可参考的同类报告。",
}
