"""File-format parsers. Each turns one file into plain report text: paragraphs as lines and
table rows as tab-separated lines, so one section splitter and one table extractor serve all formats.

Errors are in assistant/core/errors.py (their Chinese text in messages_zh/ingest.py).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from assistant.core.errors import CorruptFileError, UnpackedTooLargeError
from assistant.core.settings import Settings

MB = 1024 * 1024


def check_zip(path: Path, settings: Settings, kind: str) -> None:
    """Refuse a zip container that is broken or declares more than ``max_unpacked_mb`` unpacked.

    Only the central directory is read; nothing is decompressed.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFileError(file=str(path), kind=kind, reason=type(exc).__name__) from None
    if declared > settings.max_unpacked_mb * MB:
        raise UnpackedTooLargeError(
            file=str(path), size_mb=round(declared / MB, 1), limit_mb=settings.max_unpacked_mb
        )


def table_lines(rows: list[list[str]]) -> list[str]:
    """Table rows as tab-separated lines, framed by blank lines so prose never joins them."""
    out = [""]
    for cells in rows:
        out.append("\t".join(" ".join(c.split()) for c in cells))
    out.append("")
    return out
