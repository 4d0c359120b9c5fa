"""File-format parsers. Each turns one file into plain report text: paragraphs as lines and
table rows as tab-separated lines, so one section splitter and one table extractor serve all formats.

Errors are in assistant/core/errors.py (their Chinese text in messages_zh/ingest.py).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from assistant.core.errors import CorruptFileError, UnpackedTooLargeError, UnpackRatioError
from assistant.core.settings import Settings

MB = 1024 * 1024


CHUNK = 64 * 1024
RATIO_FLOOR = MB  # a member is judged by its ratio only once it has inflated this much
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature … name length, extra length (30 bytes)


def unreadable(path: Path, kind: str, exc: BaseException) -> CorruptFileError:
    """The error for a ``kind`` file its reader could not read: the reason in Chinese, the reader's exception
    name only as a technical detail."""
    return CorruptFileError(file=str(path), kind=kind, reason_code="corrupt_reason.unreadable",
                            detail=type(exc).__name__)


def check_zip(path: Path, settings: Settings, kind: str) -> None:
    """Refuse a zip container that is broken, or whose members inflate beyond ``max_unpacked_mb`` in
    all, beyond ``max_unpack_ratio`` times their packed size, or beyond the sizes they declare.

    Declared sizes are not trusted: each member's compressed bytes are streamed through zlib in small
    pieces and the output is counted and dropped, so a lying archive is refused after reading at most
    a few chunks past the lie, in bounded memory. Only then do parsers (which trust the declared sizes)
    open the file.
    """
    limit = int(settings.max_unpacked_mb * MB)
    total = 0
    try:
        with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
            for info in archive.infolist():
                declared = info.file_size
                if total + declared > limit:
                    raise UnpackedTooLargeError(file=str(path), size_mb=round((total + declared) / MB, 1),
                                                limit_mb=settings.max_unpacked_mb)
                inflated = _inflated_size(raw, info, max_out=min(limit - total, declared) + 1,
                                          ratio=settings.max_unpack_ratio, path=path)
                if inflated != declared:  # more than declared (a lie), or truncated
                    raise CorruptFileError(file=str(path), kind=kind, reason_code="corrupt_reason.size_mismatch")
                total += inflated
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, struct.error) as exc:
        raise unreadable(path, kind, exc) from None


def _inflated_size(raw, info: zipfile.ZipInfo, max_out: int, ratio: float, path: Path) -> int:
    """Bytes one member really inflates to, counted in pieces and stopped past ``max_out``.

    :raises UnpackRatioError: the member inflates more than ``ratio`` times its packed size.
    """
    raw.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(raw.read(_LOCAL_HEADER.size))
    if header[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    raw.seek(header[-2] + header[-1], 1)  # skip name and extra field
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        return left
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"compression {info.compress_type}")
    inflater = zlib.decompressobj(-15)
    out = 0
    packed = 0
    while left > 0 and out < max_out:
        piece = raw.read(min(CHUNK, left))
        if not piece:
            break
        left -= len(piece)
        packed += len(piece)
        data = inflater.decompress(piece, CHUNK)
        while True:
            out += len(data)
            if out >= max_out or (out > RATIO_FLOOR and out > ratio * packed):
                break
            if not inflater.unconsumed_tail:
                break
            data = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        if out > RATIO_FLOOR and out > ratio * packed:
            raise UnpackRatioError(file=str(path), member=info.filename, ratio=int(ratio))
    return out


def table_lines(rows: list[list[str]]) -> list[str]:
    """Table rows as tab-separated lines, framed by blank lines so prose never joins them."""
    out = [""]
    for cells in rows:
        out.append("\t".join(" ".join(c.split()) for c in cells))
    out.append("")
    return out
