"""Bad input raises the right ReportError, and zh(err) turns it into one Chinese sentence."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from assistant.core.errors import (
    CorruptFileError,
    EmptyFileError,
    FileTooLargeError,
    MissingSofficeError,
    NeedsOcrError,
    UnpackedTooLargeError,
    UnsupportedFormatError,
)
from assistant.core.settings import load_settings
from assistant.messages_zh import MESSAGES, fmt, zh
from assistant.messages_zh.ingest import MESSAGES as INGEST_MESSAGES
from ingest.parse import parse_file
from tests.ingest.conftest import FONT

CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")


def _assert_chinese(err, file: Path) -> None:
    message = zh(err)
    assert CHINESE.search(message), message
    assert str(file) in message
    assert "{" not in message


def test_empty_file(tmp_path: Path, settings):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError) as info:
        parse_file(path, settings)
    _assert_chinese(info.value, path)
    assert "空的" in zh(info.value)


def test_whitespace_only_docx_text_is_empty(tmp_path: Path, settings):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyFileError):
        parse_file(path, settings)


def test_random_bytes_named_docx(tmp_path: Path, settings):
    path = tmp_path / "random.docx"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(CorruptFileError) as info:
        parse_file(path, settings)
    _assert_chinese(info.value, path)
    assert "损坏" in zh(info.value)


def test_zip_bomb_refused_before_unpacking(tmp_path: Path):
    settings = load_settings(max_unpacked_mb=1)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (3 * 1024 * 1024))
    assert path.stat().st_size < 50_000  # small on disk, 3 MB declared
    with pytest.raises(UnpackedTooLargeError) as info:
        parse_file(path, settings)
    assert info.value.ctx["size_mb"] == 3.0 and info.value.ctx["limit_mb"] == 1
    assert zh(info.value) == fmt(INGEST_MESSAGES["unpacked_too_large"], info.value.ctx)
    _assert_chinese(info.value, path)


def test_file_over_size_limit(tmp_path: Path):
    settings = load_settings(max_file_mb=0.001)
    path = tmp_path / "big.txt"
    path.write_text("一、总体情况\n" * 300, encoding="utf-8")
    with pytest.raises(FileTooLargeError) as info:
        parse_file(path, settings)
    _assert_chinese(info.value, path)
    assert "超过上限" in zh(info.value)


def test_scanned_pdf_needs_ocr(tmp_path: Path, settings):
    from fpdf import FPDF
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.rect(10, 80, 50, 20)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(NeedsOcrError) as info:
        parse_file(path, settings)
    _assert_chinese(info.value, path)
    assert "需要OCR" in zh(info.value)


def test_unsupported_suffix(tmp_path: Path, settings):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"x")
    with pytest.raises(UnsupportedFormatError) as info:
        parse_file(path, settings)
    assert ".docx" in zh(info.value) and "不支持" in zh(info.value)


def test_doc_without_soffice(tmp_path: Path, settings, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(MissingSofficeError) as info:
        parse_file(path, settings)
    assert zh(info.value) == fmt(INGEST_MESSAGES["missing_soffice"], info.value.ctx)
    assert "LibreOffice" in zh(info.value)


def test_ingest_messages_are_merged():
    """messages_zh/__init__.py must list "ingest" among its optional families."""
    for code in ("unpacked_too_large", "missing_soffice", "doc_conversion_failed"):
        assert MESSAGES.get(code) == INGEST_MESSAGES[code]


def test_font_available_for_pdf_fixtures():
    if not FONT.is_file():
        pytest.skip("fonts-wqy-microhei not installed; the PDF round trip is skipped")
    assert FONT.stat().st_size > 1_000_000
