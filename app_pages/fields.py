"""Widgets bound to one field of the open report: show the saved value, write a change through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import streamlit as st
from pydantic import ValidationError

from app_pages import common
from app_pages.grids import field_value, lines_to_list, with_field
from assistant.core.settings import Settings
from assistant.messages_zh import zh_validation


def _save(cfg: Settings, path: str, value: Any) -> None:
    report = common.current(cfg)
    if report is None or field_value(report, path) == value:
        return
    try:
        updated = with_field(report, path, value)
    except ValidationError as exc:
        for line in zh_validation(list(exc.errors())):
            st.error(line)
        return
    common.commit(cfg, updated)


def _key(path: str) -> str:
    return common.field_key(path)


def text(cfg: Settings, path: str, label: str) -> None:
    """A one-line text field."""
    value = field_value(common.opened(cfg), path)
    _save(cfg, path, st.text_input(label, value=value, key=_key(path)))


def area(cfg: Settings, path: str, label: str, height: int = 120) -> None:
    """A multi-line text field."""
    value = field_value(common.opened(cfg), path)
    _save(cfg, path, st.text_area(label, value=value, key=_key(path), height=height))


def lines(cfg: Settings, path: str, label: str, help_: str = "") -> None:
    """A list of strings edited as one item per line."""
    value = field_value(common.opened(cfg), path)
    got = st.text_area(label, value="\n".join(value), key=_key(path), help=help_ or None)
    _save(cfg, path, lines_to_list(got))


def _nullable(path: str, value: Any) -> str:
    """The key of a number field that can be emptied again: the widget is created blank-able
    (``value=None``) and shows the saved figure through its session state, so deleting the figure
    gives None instead of snapping back to the last value."""
    key = _key(path)
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def integer(cfg: Settings, path: str, label: str, lo: int = 0, hi: int | None = None) -> None:
    """A whole number that may stay blank (blank is not 0) and can be cleared back to blank."""
    value = field_value(common.opened(cfg), path)
    got = st.number_input(label, min_value=lo, max_value=hi, value=None, step=1, key=_nullable(path, value))
    _save(cfg, path, None if got is None else int(got))


def money(cfg: Settings, path: str, label: str) -> None:
    """An amount with decimals that may stay blank and can be cleared back to blank."""
    value = field_value(common.opened(cfg), path)
    got = st.number_input(label, min_value=0.0, value=None, step=0.01, format="%.2f",
                          key=_nullable(path, None if value is None else float(value)))
    _save(cfg, path, None if got is None else Decimal(str(round(float(got), 4))))


def choice(cfg: Settings, path: str, label: str, options: Sequence[Any]) -> None:
    """One of a few options."""
    value = field_value(common.opened(cfg), path)
    index = list(options).index(value) if value in options else 0
    got = st.selectbox(label, list(options), index=index, format_func=lambda o: "—" if o is None else str(o),
                       key=_key(path))
    _save(cfg, path, got)


def date(cfg: Settings, path: str, label: str) -> None:
    """A date that may stay blank."""
    value = field_value(common.opened(cfg), path)
    got = st.date_input(label, value=value, min_value=dt.date(2008, 1, 1), max_value=dt.date(2100, 12, 31),
                        key=_key(path), format="YYYY-MM-DD")
    _save(cfg, path, got if isinstance(got, dt.date) else None)
