"""PDF reports via pypdf's text layer. A PDF with no text on any page is a scan: NeedsOcrError."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from assistant.core.errors import MissingDependencyError, NeedsOcrError, PdfTooManyPagesError
from assistant.core.settings import Settings
from ingest.parsers import unreadable

# pypdf reports what it repairs or rejects as English warnings on stderr ("EOF marker not found" before the
# Chinese message of the same file); the user gets that file's message from us instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_NUM = re.compile(r"[+-]?\d+(?:\.\d+)?")
_SENTENCE_END = "。；，、：:;,"


def tab_row(line: str) -> str:
    """Turn a space-joined table row ("规章 0 0 0", "0 0 0 …") into a tab row; leave prose alone."""
    tokens = line.split()
    n = len(tokens)
    while n > 0 and _NUM.fullmatch(tokens[n - 1]):
        n -= 1
    label, values = " ".join(tokens[:n]), tokens[n:]
    if not values or (not label and len(values) < 2):
        return line
    if label and (label[-1] in _SENTENCE_END or label[-1].isdigit() or len(label) > 60):
        return line
    return "\t".join(([label] if label else []) + values)


def read_pdf(path: Path, settings: Settings) -> str:
    """The text of a .pdf report (text layer only).

    :raises NeedsOcrError: no page has any text (a scanned document).
    :raises CorruptFileError: pypdf cannot read the file.
    :raises PdfTooManyPagesError: more pages than ``settings.max_pdf_pages`` (counted before any text is read).
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise MissingDependencyError(package="pypdf", hint="pip install pypdf") from None
    try:
        reader = PdfReader(str(path))
        count = len(reader.pages)
        if count > settings.max_pdf_pages:
            raise PdfTooManyPagesError(file=str(path), pages=count, limit=settings.max_pdf_pages)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise unreadable(path, "PDF", exc) from None
    if not any(p.strip() for p in pages):
        raise NeedsOcrError(file=str(path), pages=len(pages))
    lines = "\n".join(pages).split("\n")
    return "\n".join(tab_row(line) for line in lines)
