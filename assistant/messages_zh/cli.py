"""Chinese lines printed by the `nianbao` command (library lines are in library.py)."""

MESSAGES = {
    "new_written": "已生成填报模板：{path}",
    "export_refused": "报告还有 {n} 个“错误”级问题，未导出。请先修改，或确认后加 --force 导出：",
    "export_written": "已导出：{path}",
    "library_count": "资料库共 {n} 份报告。",
}
