"""A drafted section as the CLI prints it: Markdown, or JSON with each finding's Chinese message."""

from __future__ import annotations

from typing import Any

from assistant.core.labels import SECTION_TITLES
from assistant.messages_zh import message


def draft_to_markdown(draft: Any) -> str:
    """The draft as Markdown: section heading, text, then the guard's findings (for ``--format md``)."""
    lines = [f"## {SECTION_TITLES[draft.section]}", "", draft.text]
    if draft.findings:
        lines += ["", "---"] + [f"- [{f.severity.value}] {f.rule}: {message(f)}" for f in draft.findings]
    return "\n".join(lines) + "\n"


def draft_to_json(draft: Any) -> dict[str, Any]:
    """The draft's JSON shape with every finding's message added."""
    data = draft.to_json_dict()
    for out, finding in zip(data["findings"], draft.findings, strict=True):
        out["message"] = message(finding)
    return data
