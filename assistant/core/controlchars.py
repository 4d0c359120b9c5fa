"""Control characters: removed from every text that enters (normalisation) or leaves (export) a report.

A stray ``\\x01`` pasted from another program is invisible to the clerk, but Word's XML cannot hold it.
Tabs and line breaks stay; vertical tab and form feed become line breaks; other C0/C1 controls, DEL and
the non-characters U+FFFE/U+FFFF are dropped.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (linear)."""
    return _CONTROL.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


def strip_controls_deep(data: Any) -> Any:
    """Every string inside nested dicts and lists (a report's ``model_dump()``), stripped."""
    if isinstance(data, str):
        return strip_controls(data)
    if isinstance(data, dict):
        return {k: strip_controls_deep(v) for k, v in data.items()}
    if isinstance(data, list):
        return [strip_controls_deep(v) for v in data]
    return data
