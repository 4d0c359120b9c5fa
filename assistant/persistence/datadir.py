"""The one data directory (Settings.home, the per-user data directory by default) and the move from the
old per-checkout ``./data`` into it."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from assistant.core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
DATA_FILES = ("nianbao.db", "library.db")


def has_data(folder: Path) -> bool:
    """Whether ``folder`` holds a drafts database or a library."""
    return any((folder / name).is_file() for name in DATA_FILES)


def old_data_dir(settings: Settings, cwd: Path | None = None) -> Path | None:
    """An old ``data`` folder (in the working directory or the checkout) with data in it, other than
    ``settings.home``; None when there is none."""
    for candidate in ((cwd or Path.cwd()) / "data", REPO / "data"):
        folder = candidate.resolve()
        if folder != settings.home and has_data(folder):
            return folder
    return None


def migrate(settings: Settings, old: Path) -> Path:
    """Copy ``old`` into the (empty) data directory, point the library's stored upload paths at the new
    place, and rename ``old`` to a dated backup. :returns: the backup folder.

    :raises FileExistsError: the data directory already holds data.
    """
    home = settings.home
    if has_data(home):
        raise FileExistsError(str(home))
    shutil.copytree(old, home, dirs_exist_ok=True)
    library = home / "library.db"
    if library.is_file():
        before, after = str(old / "uploads"), str(home / "uploads")
        db = sqlite3.connect(library)
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            prefix = "library_" if "library_reports" in tables else ""  # a library older than library_* tables
            with db:
                db.execute(f"UPDATE {prefix}reports SET source = replace(source, ?, ?)", (before, after))
                db.execute(f"UPDATE {prefix}chunks SET meta = replace(meta, ?, ?)", (before, after))
        finally:
            db.close()
    backup = old.with_name(f"{old.name}.migrated-{dt.datetime.now():%Y%m%d%H%M%S}")
    old.rename(backup)
    return backup
