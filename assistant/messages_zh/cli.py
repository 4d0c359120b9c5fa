"""Chinese lines printed by the `nianbao` command (library lines are in library.py)."""

MESSAGES = {
    "cli.progress_check": "检查",
    "cli.progress_ingest": "导入",
    "cli.path_missing": "找不到文件或文件夹：{path}",
    "cli.check_needs_paths": "请给出要检查的文件或文件夹。",
    "cli.export_needs_output": "请用 --docx 或 --md 指定输出文件。",
    "new_written": "已生成填报模板：{path}",
    "export_refused": "报告还有 {n} 个“错误”级问题，未导出。请先修改，或确认后加 --force 导出：",
    "export_written": "已导出：{path}",
    "library_count": "资料库共 {n} 份报告。",
    "cli.os_error": "无法读写“{path}”：{reason}",
    "cli.help_format": "输出格式",
    "cli.help_version": "显示版本号并退出",
    "cli.help_help": "显示帮助并退出",
}
