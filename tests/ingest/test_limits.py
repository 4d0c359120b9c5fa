"""A huge file is refused by the configured size limit before it is read, and the batch goes on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.core.errors import FileTooLargeError
from assistant.core.settings import load_settings
from assistant.messages_zh import zh, zh_problem
from ingest.parse import parse_file


def _sparse(path: Path, size_mb: int) -> Path:
    with open(path, "wb") as handle:
        os.truncate(handle.fileno(), size_mb * 1024 * 1024)  # 200 MB on paper, nothing written
    return path


def test_200_mb_file_is_refused_by_the_default_limit(tmp_path: Path) -> None:
    settings = load_settings()
    huge = _sparse(tmp_path / "某镇2023年报.txt", 200)
    with pytest.raises(FileTooLargeError) as exc:
        parse_file(huge, settings)
    message = zh(exc.value)
    assert "200" in message and f"{settings.max_file_mb:g}" in message and "某镇2023年报.txt" in message


def test_limit_is_configurable(tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "big.docx", 200)
    with pytest.raises(FileTooLargeError):
        parse_file(huge, load_settings())
    with pytest.raises(Exception) as exc:  # allowed by size now, so the content is judged: not a zip
        parse_file(huge, load_settings(max_file_mb=500))
    assert not isinstance(exc.value, FileTooLargeError)


@pytest.mark.slow
def test_batch_with_a_huge_file_ingests_the_rest(tmp_path: Path, seeds_dir: Path) -> None:
    from assistant.library.ingest import ingest_paths, list_reports

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(seeds_dir.glob("001_*.txt")), folder / "001.txt")
    _sparse(folder / "huge.txt", 200)
    settings = load_settings()
    result = ingest_paths([folder], settings)
    assert result.ingested == 1 and [Path(f.file).name for f in result.failed] == ["huge.txt"]
    assert "超过上限" in zh_problem(result.failed[0].problem)
    assert [r.unit for r in list_reports(settings)] == ["乔官镇"]


def test_truncated_utf16_text_is_a_corrupt_file_not_a_crash(tmp_path: Path) -> None:
    from assistant.core.errors import CorruptFileError

    (tmp_path / "x.txt").write_bytes(b"\xff\xfeA")
    with pytest.raises(CorruptFileError) as exc:
        parse_file(tmp_path / "x.txt", load_settings())
    assert "x.txt" in zh(exc.value) and "UTF-16" in zh(exc.value)
