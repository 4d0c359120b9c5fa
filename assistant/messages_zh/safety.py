"""Chinese text of data safety and hostile input: library check and repair, save conflicts, the
password, size and time limits, the data directory."""

MESSAGES = {
    # errors (ReportError codes)
    "remove_key_empty": "请指定要删除的报告：报告编号、来源文件或单位名称。空白会匹配所有未识别单位名称的报告，已拒绝执行。",
    "save_conflict": "这份报告已在另一个窗口或另一位同事处被修改并保存（{saved_at}）。您的修改没有覆盖对方的内容："
                     "双方的版本都已保存在版本历史中（您的为第 {mine} 版），请对照下方各部分的差异后再决定保留哪一份。",
    "html_too_large": "网页文件“{file}”大小为 {size_mb} MB，超过网页上限 {limit_mb} MB，未处理。"
                      "可另存为 .docx 或 .txt 后再导入，或在配置中调整 max_html_mb。",
    "pdf_too_many_pages": "PDF 文件“{file}”共 {pages} 页，超过上限 {limit} 页，未处理。年度报告通常不超过 30 页，"
                          "请确认文件是否正确，或在配置中调整 max_pdf_pages。",
    "check_timeout": "检查“{file}”用时超过 {seconds} 秒，已停止检查这一份（其余文件照常检查）。请确认文件内容是否正常。",
    "unpack_ratio": "文件“{file}”中的“{member}”压缩比异常（超过 {ratio} 倍），疑似压缩炸弹，已拒绝处理。",
    "json_too_large": "数据文件“{file}”大小为 {size_mb} MB，超过上限 {limit_mb} MB，未处理。报告数据文件通常只有几十 KB。",
    "json_not_utf8": "数据文件“{file}”不是 UTF-8 编码（可能是 GBK），无法读取。请用记事本“另存为”选择 UTF-8 编码后重试。",
    # checking
    "LIMIT": "同类提示过多（规则 {of_rule}），只列出前 {shown} 条。请先处理已列出的问题，再重新检查。",
    # library check
    "library_check_clean": "资料库检查完毕：数据一致，无需修复。",
    "library_check_repaired": "资料库检查完毕，已修复：清除未写完或未删完的报告 {incomplete_reports} 份，"
                              "同一来源的重复报告 {duplicate_reports} 份，补建缺失的向量 {missing_vectors} 段，"
                              "删除多余的向量 {orphan_vectors} 段。",
    "ingest_replaced_line": "↻ 替换：{name}",
    "ingest_done_replace": "导入完成：新增 {added} 份，替换 {replaced} 份，跳过 {skipped} 份。",
    "replace_label": "用上传的文件替换资料库中的报告（可选，只上传一个文件时可用）",
    "replace_none": "不替换，作为新报告导入",
    # saving
    "conflict_theirs": "对方已保存的内容",
    "conflict_mine": "您的内容",
    "conflict_take_mine": "保留我的版本",
    "conflict_take_theirs": "改用对方的版本",
    "conflict_sections": "有差异的部分：{sections}",
    "diff.title": "标题",
    "diff.preamble": "引言",
    "diff.profile": "基本信息",
    "diff.t2": "表二（主动公开政府信息情况）",
    "diff.t3": "表三（收到和处理政府信息公开申请情况）",
    "diff.t4": "表四（行政复议、行政诉讼情况）",
    "diff.facts": "正文要素",
    "diff.closing": "落款",
    # password
    "password_locked": "密码连续输错，请 {seconds} 秒后再试。",
    "password_set": "已设置访问密码（仅保存其 argon2 哈希值）：{path}",
    "password_cleared": "已取消访问密码。",
    "logout": "退出登录",
    # data directory
    "data_dir_old_found": "发现旧的数据目录 {old}（当前数据目录为 {home}）。运行 nianbao data migrate 可将其迁移过来。",
    "data_dir_migrated": "已将 {old} 中的数据迁移到 {home}。原目录已改名为 {backup}，确认无误后可删除。",
    "data_dir_not_empty": "当前数据目录 {home} 已有数据，未迁移。请先备份并清空它，或设置 NIANBAO_DATA_DIR 指向 {old}。",
    "data_dir_nothing": "没有找到需要迁移的旧数据目录（{old}）。",
    "data_dir_show": "数据目录：{home}",
}
