"""Reading and writing report model files (.json), with Chinese-ready errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.core.errors import (
    EmptyFileError,
    InputFileError,
    JsonNotUtf8Error,
    JsonTooLargeError,
    MalformedJsonError,
    ModelValidationError,
)
from assistant.core.report import T3_COLS, T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport, Table2


def report_from_json(text: str, file: str = "") -> AnnualReport:
    """Validate JSON text as an AnnualReport.

    :raises MalformedJsonError: not JSON at all.
    :raises ModelValidationError: JSON, but cells or fields are wrong; ctx['errors'] lists each.
    """
    if not text.strip():
        raise EmptyFileError(file=file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedJsonError(file=file, line=exc.lineno, col=exc.colno, reason=exc.msg) from None
    errors = missing_cells(data)
    try:
        report = AnnualReport.model_validate(data)
    except ValidationError as exc:
        errors += [{k: e.get(k) for k in ("type", "loc", "msg", "input", "ctx")} for e in exc.errors()]
    if errors:
        raise ModelValidationError(file=file, count=len(errors), errors=errors)
    return report


def _table_shape() -> dict[str, dict[str, Any]]:
    """Expected keys of each table in a file: t2 group → row → columns; t3 row → columns; t4 group → fields."""
    t2 = {g: {r: list(type(getattr(getattr(Table2(), g), r)).model_fields) for r in type(getattr(Table2(), g)).model_fields}
          for g in Table2.model_fields}
    return {"t2": t2, "t3": {r: list(T3_COLS) for r in T3_ROWS}, "t4": {g: list(T4_FIELDS) for g in T4_GROUPS}}


def missing_cells(data: object) -> list[dict]:
    """A report file must spell out every table row and cell (blank = null), so a row dropped by
    hand-editing is reported by name instead of silently becoming blank."""
    if not isinstance(data, dict):
        return []  # pydantic reports the wrong type
    errors: list[dict] = []

    def walk(node: object, shape: object, loc: tuple) -> None:
        if not isinstance(node, dict):
            return
        keys = shape if isinstance(shape, list) else list(shape)  # type: ignore[call-overload]
        for key in keys:
            if key not in node:
                errors.append({"type": "missing", "loc": loc + (key,), "msg": "missing", "input": None, "ctx": None})
            elif isinstance(shape, dict):
                walk(node[key], shape[key], loc + (key,))

    for table, shape in _table_shape().items():
        if table not in data:
            errors.append({"type": "missing", "loc": (table,), "msg": "missing", "input": None, "ctx": None})
        else:
            walk(data[table], shape, (table,))
    return errors


MB = 1024 * 1024
MAX_JSON_MB = 5.0  # Settings.max_json_mb's default; a real report file is tens of KB


def report_from_bytes(raw: bytes, file: str = "", max_mb: float = MAX_JSON_MB) -> AnnualReport:
    """Validate the bytes of a report model file (an upload or a file on disk).

    :raises JsonTooLargeError: more than ``max_mb``.
    :raises JsonNotUtf8Error: not UTF-8 (e.g. GBK).
    """
    if len(raw) > max_mb * MB:
        raise JsonTooLargeError(file=file, size_mb=round(len(raw) / MB, 1), limit_mb=max_mb)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JsonNotUtf8Error(file=file) from None
    return report_from_json(text, file=file)


def load_report(path: Path, max_mb: float = MAX_JSON_MB) -> AnnualReport:
    """Read a report model file (size checked before reading)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_mb * MB:
            raise JsonTooLargeError(file=str(path), size_mb=round(size / MB, 1), limit_mb=max_mb)
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(file=str(path), reason=exc.strerror or str(exc)) from None
    return report_from_bytes(raw, file=str(path), max_mb=max_mb)


def report_to_json(report: AnnualReport) -> str:
    """Serialise a report (blank cells stay null)."""
    return report.model_dump_json(indent=2)


def save_report(report: AnnualReport, path: Path) -> None:
    """Write a report model file atomically."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(report_to_json(report), encoding="utf-8")
    tmp.replace(path)
