"""Files of the review desk: uploads written under the data directory, and the export bundle."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.review.desk import DeskReport
from assistant.review.outputs import with_charts, write_letters, write_xlsx
from assistant.review.words import Words

# File names of the export bundle (the reviewer opens them by name; official terms, not messages).
LETTERS, WORKBOOK, REPORT = "审核意见", "审核汇总表.xlsx", "审核报告.html"


def desk_folder(settings: Settings, *parts: str) -> Path:
    """``<home>/review/<parts…>``, created."""
    folder = settings.home.joinpath("review", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_uploads(folder: Path, uploads: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write uploaded files (name, bytes) into ``folder``, replacing what it held; return their paths."""
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    paths = []
    for name, data in uploads:
        path = folder / Path(name).name
        path.write_bytes(data)
        paths.append(path)
    return paths


def export_bundle(folder: Path, entries: Sequence[DeskReport], words: Words, page: str, *, letter_date: dt.date,
                  deadline: dt.date | None, reviewer: str,
                  peers: Mapping[str, AnnualReport] | None = None) -> dict[str, Path]:
    """Letters (and a zip of them), the workbook and the HTML report (``page`` with the charts) in
    ``folder``; paths by kind."""
    letters = write_letters(folder / LETTERS, entries, words, letter_date=letter_date, deadline=deadline, reviewer=reviewer)
    zip_path = folder / f"{LETTERS}.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in letters:
            zf.write(path, arcname=path.name)
    zip_path.write_bytes(buf.getvalue())
    xlsx = write_xlsx(folder / WORKBOOK, entries, words, peers)
    html_path = folder / REPORT
    html_path.write_text(with_charts(page, entries, words, peers), encoding="utf-8")
    return {"letters": folder / LETTERS, "zip": zip_path, "xlsx": xlsx, "html": html_path}
