"""Plain-text reports: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030."""

from __future__ import annotations

import codecs
from pathlib import Path

from assistant.core.errors import CorruptFileError
from assistant.core.settings import Settings

_ENCODINGS = ("utf-8", "gb18030")


def decode_bytes(raw: bytes, file: str = "") -> str:
    """Decode report bytes: BOMs first, then UTF-8, then GB18030 (a superset of GBK), then a guess.

    :raises CorruptFileError: no encoding fits (a binary file named .txt).
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CorruptFileError(file=file, kind_code="file_kind.text", reason_code="corrupt_reason.utf16_truncated") from None
    for encoding in _ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    text = str(best) if best is not None else ""
    if not text or "\x00" in text:
        raise CorruptFileError(file=file, kind_code="file_kind.text", reason_code="corrupt_reason.unknown_encoding")
    return text


def read_txt(path: Path, settings: Settings) -> str:
    """The text of a .txt report."""
    return decode_bytes(Path(path).read_bytes(), str(path))
