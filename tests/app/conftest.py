"""Fixtures of the app tests: a fully filled report whose figures obey every table rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from assistant.core.report import T3_COLS, T3_ROWS, T4_FIELDS, T4_GROUPS, AnnualReport, T3Row
from assistant.tables.templates import new_report

# row → {column: value}; every other cell of table 三 is 0.
T3_FIGURES = {
    "new_received": {"natural_person": 3, "commercial": 1, "total": 4},
    "granted": {"natural_person": 2, "total": 2},
    "partial": {"commercial": 1, "total": 1},
    "u_not_held": {"natural_person": 1, "total": 1},
    "total_processed": {"natural_person": 3, "commercial": 1, "total": 4},
}


def make_filled_report() -> AnnualReport:
    """A 2024 report of 某某镇 with every cell filled and consistent."""
    report = new_report("青山镇", 2024, county="某某县", city="某某市", province="某某省")
    data = report.model_dump()
    data["t2"] = {
        "art20_1": {"regulations": {"issued": 0, "abolished": 0, "in_force": 0},
                    "normative_docs": {"issued": 2, "abolished": 1, "in_force": 5}},
        "art20_5": {"admin_license": {"decisions": 12}},
        "art20_6": {"admin_penalty": {"decisions": 3}, "admin_coercion": {"decisions": 0}},
        "art20_8": {"admin_fees": {"amount_wan": Decimal("1.5")}},
    }
    data["t3"] = {row: {c: T3_FIGURES.get(row, {}).get(c, 0) for c in T3_COLS} for row in T3_ROWS}
    data["t4"] = {g: {f: 0 for f in T4_FIELDS} for g in T4_GROUPS}
    data["t4"]["review"].update(upheld=1, total=1)
    data["sections"]["overview"] = "本年度，我镇认真贯彻落实《条例》。"
    data["sections"]["problems"] = "一是公开内容不够全面。"
    data["closing"]["date"] = dt.date(2025, 1, 15)
    return AnnualReport.model_validate(data)


@pytest.fixture
def filled_report() -> AnnualReport:
    return make_filled_report()


@pytest.fixture
def blank_row() -> T3Row:
    return T3Row()


APP_TIMEOUT = 60


def open_app_page(rid: int | None = None, page: str | None = None, query: dict | None = None) -> AppTest:
    """The real app (AppTest) with saved report ``rid`` open, page-URL parameters ``query``, switched to ``page``;
    no exception on the way."""
    at = AppTest.from_file("../../app.py", default_timeout=APP_TIMEOUT)
    if rid is not None:
        at.session_state["rid"] = rid
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    if page:
        at.radio(key="nav").set_value(page).run()
        assert not at.exception, at.exception
    return at
