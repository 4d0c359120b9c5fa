"""What a browser saves beside a page: the ``页面_files`` folder, which is not a report of its own."""

from __future__ import annotations

from pathlib import Path

_ASSET_DIR_TAILS = ("_files", ".files", "_文件")


def is_page_asset(path: Path) -> bool:
    """True for a file inside the ``页面_files`` folder a browser saves beside ``页面.html`` (frames, scripts):
    a folder of saved pages holds one report per page, not one per asset."""
    for parent in Path(path).parents:
        for tail in _ASSET_DIR_TAILS:
            if parent.name.endswith(tail) and len(parent.name) > len(tail):
                stem = parent.name[: -len(tail)]
                if any((parent.parent / f"{stem}{suffix}").is_file() for suffix in (".html", ".htm")):
                    return True
    return False
