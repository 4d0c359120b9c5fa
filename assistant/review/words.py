"""The words the desk's documents and charts are written in, handed in by the front door.

The review room lays out letters, sheets and charts but writes no Chinese itself: the front door
passes ``assistant.messages_zh`` (which has exactly these functions) as ``words``.
"""

from __future__ import annotations

from typing import Any, Protocol

from assistant.core.findings import Finding


class Words(Protocol):
    """UI labels and the text of findings."""

    def ui(self, key: str, **ctx: Any) -> str:
        """A label or sentence by key."""
        ...

    def message(self, finding: Finding) -> str:
        """What a finding says."""
        ...

    def suggestion(self, finding: Finding) -> str:
        """What a finding suggests (may be empty)."""
        ...
