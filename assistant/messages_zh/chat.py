"""Chinese messages of the drafting chat (assistant/drafting/chat.py reply codes), sentence sources and the
practices shown in 正文要素."""

MESSAGES = {
    "chat_help": ("没太明白这个要求，草稿没有改动。可以这样说：\n"
                  "- 把第二段写短一点 / 扩写（二）依申请公开 / 改写第三段\n"
                  "- 删掉第二段第3句 / 删除“……”这句 / 把“甲”改成“乙”\n"
                  "- 为什么这么写？ / 第二段的依据是什么 / “……”这句话哪来的\n"
                  "- 参考某某镇的写法 / 用去年的写法\n"
                  "- 我们设置了意见箱（确认做法） / 我们没有意见箱（删去相关句子）\n"
                  "- 今年培训3次（补充事实，确认后写入）\n"
                  "- 起草总体情况 / 起草存在的问题"),
    "chat_drafted": "已重新起草{section_name}。",
    "chat_no_such_paragraph": "没有找到要改的那一段：这一部分共有{count}段（小标题不计）。",
    "chat_shorten_done": "已缩写第{paragraph}段{heading_note}（{before}字 → {after}字），其他段落未动。",
    "chat_expand_done": "已扩写第{paragraph}段{heading_note}（{before}字 → {after}字），其他段落未动。",
    "chat_rewrite_done": "已换一种写法重写第{paragraph}段{heading_note}，数字和事实不变。",
    "chat_shorten_all": "已缩写整个部分（{before}字 → {after}字）。",
    "chat_expand_all": "已扩写整个部分（{before}字 → {after}字）。",
    "chat_rewrite_all": "已换一种写法重写整个部分，数字和事实不变。",
    "chat_shorten_same": "{where}没有再缩短：{reason_text}",
    "chat_expand_same": "{where}没有再扩写：{reason_text}",
    "chat_rewrite_same": "第{paragraph}段{heading_note}没有其他写法了：内置表述库中这一段只有这一种说法。",
    "chat_reason_shortest": "已经是最简的写法，再短就会删掉填报的数字或事实。",
    "chat_reason_longest": "已经是最详细的写法；要写得更充实，请在“正文要素”中补充事实或确认做法。",
    "chat_reason_only_facts": "这一段都是填报的数字和事实，不能增删；可以在“正文要素”中补充内容。",
    "chat_sentence_not_found": "没有找到要处理的句子{quote_note}，草稿没有改动。可以说“删掉第二段第3句”或引用原句。",
    "chat_deleted": "已删除：“{sentence}”",
    "chat_replaced": "已把“{old}”改为“{new}”（{count}处）。",
    "chat_replaced_marked": "已把“{old}”改为“{new}”（{count}处）；改后的文字中有填报数据找不到的内容，已标注【待核实】。",
    "chat_why": "{where_note}各句的来源：\n{lines}",
    "chat_reference_not_in_library": "资料库中没有“{unit}”的报告，无法参考它的写法。{library_note}",
    "chat_reference_no_passage": "资料库中有“{unit}”，但它的报告里没有能用于这一部分、且不含其他单位数字和名称的表述，草稿没有改动。",
    "chat_reference_done": "已参考{unit}的写法重写，借用了{count}句措辞（数字和事实仍来自本单位填报）。",
    "chat_last_year_missing": "没有找到本单位{year}年的报告（可在“基本信息”页从上年报告开始，或把上年报告导入资料库）。",
    "chat_last_year_nothing": "本单位{year}年报告中没有能直接沿用的表述（含数字或其他单位名称的句子不沿用），草稿没有改动。",
    "chat_last_year_done": "已参照本单位{year}年报告的写法重写，沿用了{count}句措辞；与上年报告的重复度为{score}（上限{limit}）。",
    "chat_practice_confirm": "已确认做法：{practice}。{changed_note}写入报告后，起草时会写明这一做法。",
    "chat_practice_dropped": "已删去提到“{practice}”的句子。",
    "chat_practice_absent": "草稿中没有提到“{practice}”的句子。",
    "chat_fact_pending": "识别到以下事实，确认后写入报告：\n{lines}",
    "chat_library_none": "（当前资料库为空，可在“资料库”页导入往年报告。）",
    "chat_pending_apply": "加 --apply 才会写入。",
    # Sentence sources (为什么这么写, the 来源 expander of each paragraph).
    "source.figure": "填报数据：{cells}",
    "source.fact": "您填写的事实：{cells}",
    "source.practice": "您确认的做法：{practices}",
    "source.own_report": "本单位{year}年报告（重新组织措辞，不含当年数字）",
    "source.peer": "参考{unit}{year}年报告的措辞（片段 {chunk}）",
    "source.phrasebank": "内置表述库（通用措辞，不含事实）",
    "source.model": "大模型改写（数字已核对）",
    "source.clerk": "您自己写的或改过的文字",
    "source.unconfirmed": "涉及尚未确认的做法：{practices}，请确认或删除",
    "practices_header": "工作做法（勾选本单位确实有的，草稿只写勾选的做法）",
    "practices_prefilled": "已按{source}预选，请逐项核对后保存。",
    "practices_from_previous": "上年报告",
    "practice_confirm_button": "确认：{practice}",
    "practice_drop_button": "删去这句",
    "sources_toggle": "来源（逐句）",
    "retrieval_relaxed": "资料库中没有完全可比的单位，已放宽：{relaxed}。",
    "search_province_blank": "说明：资料库中未注明所属省份的报告也一并列出（可能属于{province}）。",
    "relaxed.province": "省份",
    "relaxed.year": "年份范围（近三年）",
    "relaxed.county": "县区",
    "relaxed.level": "层级（乡/镇/街道）",
}
