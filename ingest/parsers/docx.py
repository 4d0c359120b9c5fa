"""Word (.docx) reports via python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from assistant.core.errors import MissingDependencyError
from assistant.core.settings import Settings
from ingest.parsers import check_zip, table_lines, unreadable

DOCX_KIND = "Word (.docx)"  # the kind a broken file's message names


def _row_cells(row) -> list[str]:
    """Texts of a table row; a horizontally merged cell (the same ``w:tc`` repeated) counts once."""
    cells: list[str] = []
    seen: list[object] = []
    for cell in row.cells:
        if seen and cell._tc is seen[-1]:
            continue
        seen.append(cell._tc)
        cells.append("\n".join(p.text for p in cell.paragraphs).replace("\n", ""))
    return cells


def docx_lines(document) -> list[str]:
    """Lines of a python-docx Document: one per paragraph, tables as tab rows."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            lines += table_lines([_row_cells(r) for r in table.rows])
    return lines


def read_docx(path: Path, settings: Settings) -> str:
    """The text of a .docx report.

    :raises UnpackedTooLargeError: the archive declares more than ``max_unpacked_mb`` (checked first).
    :raises CorruptFileError: not a valid Word document.
    """
    check_zip(path, settings, kind=DOCX_KIND)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise MissingDependencyError(package="python-docx", hint="pip install python-docx") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise unreadable(path, DOCX_KIND, exc) from None
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends: a broken part inside the zip
        if type(exc).__module__.startswith("lxml"):
            raise unreadable(path, DOCX_KIND, exc) from None
        raise
    return "\n".join(docx_lines(document))
