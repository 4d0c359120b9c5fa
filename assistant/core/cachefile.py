"""Plain data built once and kept in the model cache as a ``marshal`` file (read back in milliseconds).

For tables every cold process would otherwise rebuild from shipped data (the gazetteer, jieba's dictionary):
the file is named for the data it was made from, written atomically, and a read-only or broken cache only
means building again. Writing one removes the versions made from earlier data (each reinstall of a package
gives its data file a new time, and so a new name).
"""

from __future__ import annotations

import marshal
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def model_cache_dir() -> Path:
    """The model cache (``NIANBAO_MODEL_CACHE``, else the settings' default), read without loading a config."""
    from assistant.core.settings import Settings

    return Path(os.environ.get("NIANBAO_MODEL_CACHE") or Settings().model_cache)


def source_tag(path: Path | None) -> str:
    """``size-mtime`` of a shipped data file (``unknown`` when it cannot be read): part of a cache file's name."""
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return "unknown"
    return f"{stat.st_size}-{int(stat.st_mtime)}" if stat is not None else "unknown"


def read_or_build(path: Path, build: Callable[[], T], to_plain: Callable[[T], Any],
                  from_plain: Callable[[Any], T]) -> T:
    """What ``path`` holds (``from_plain`` of its marshalled data), else ``build()``, written there for next time.

    ``from_plain`` raises ValueError or TypeError on data of another shape; the file is then rebuilt.
    """
    try:
        return from_plain(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, TypeError, ValueError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_bytes(marshal.dumps(to_plain(built)))
        os.replace(tmp, path)
    except OSError:  # a read-only cache: build every time
        return built
    drop_other_versions(path)
    return built


def drop_other_versions(path: Path) -> None:
    """Remove the cache files of ``path``'s family (its name up to ``-v<format>``) made from other data.

    A file another process still has open is left for a later write to remove.
    """
    family = path.name.split("-v")[0]
    for other in path.parent.glob(f"{family}-v*{path.suffix}"):
        if other.name != path.name:
            try:
                other.unlink()
            except OSError:
                pass
