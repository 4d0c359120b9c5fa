"""Chinese lines printed by the `nianbao` command (library lines are in library.py)."""

MESSAGES = {
    "library_count": "资料库共 {n} 份报告。",
}
