"""A county with accounts: two townships of 清水县 and a 青山镇 of 白云县 (same name, other county), a
reviewer per county and an admin; each clerk has one report in the database.

The database is SQLite, and for the modules in BOTH_BACKENDS (policy, workflow, sessions, throttle, stored
records, assignment, the CLI) also a fresh database of the run's real PostgreSQL cluster (tests/servers.py):
NIANBAO_DATABASE_URL names it, so the app and the CLI in those tests open the same database."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from streamlit.testing.v1 import AppTest

from assistant.accounts import policy, sessions
from assistant.accounts.users import User, add_user
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from assistant.tables.templates import new_report

APP_TIMEOUT = 60
ACCOUNTS = {  # name: (role, unit, county)
    "admin": ("admin", "", ""),
    "qingshan": ("clerk", "青山镇", "清水县"),
    "lvshui": ("clerk", "绿水镇", "清水县"),
    "baiyun_qingshan": ("clerk", "青山镇", "白云县"),
    "review_qs": ("reviewer", "", "清水县"),
    "review_by": ("reviewer", "", "白云县"),
}


def password(name: str) -> str:
    return f"{name}-Pw-2025"


@dataclass
class County:
    store: Store
    users: dict[str, User] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)  # clerk name → their report id

    def token(self, name: str) -> str:
        """A fresh login session of ``name`` (what the login page puts into the URL)."""
        return sessions.start(self.store, self.users[name])


BOTH_BACKENDS = {"test_policy", "test_records", "test_assign_reset", "test_cli_isolation"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The county of the BOTH_BACKENDS modules' tests on SQLite and on PostgreSQL."""
    if "county" in metafunc.fixturenames and metafunc.module.__name__.rpartition(".")[2] in BOTH_BACKENDS:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the county lives in (SQLite unless parametrized)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def county(backend: str, home, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> County:
    if backend == "postgresql":
        monkeypatch.setenv("NIANBAO_DATABASE_URL", request.getfixturevalue("pg_url"))
    store = Store.from_settings(load_settings())
    made = County(store)
    for name, (role, unit, county_name) in ACCOUNTS.items():
        made.users[name] = add_user(store, name, password(name), role, unit=unit, county=county_name)
    for name in ("qingshan", "lvshui", "baiyun_qingshan"):
        user = made.users[name]
        made.reports[name] = policy.create_report(store, user, new_report(user.unit, 2024, county=user.county))
    return made


def app_as(county: County, name: str | None, *, query: dict | None = None) -> AppTest:
    """The real app, logged in as ``name`` (its session token in the URL, as after the login page)."""
    at = AppTest.from_file("../../app.py", default_timeout=APP_TIMEOUT)
    if name is not None:
        at.query_params["s"] = county.token(name)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def app_reaching(county: County, name: str, rid: int, via: str) -> AppTest:
    """The app as ``name``, aimed at report ``rid`` by the page URL (``via="url"``) or by session state."""
    if via == "url":
        return app_as(county, name, query={"report": str(rid)})
    at = app_as(county, name)
    at.session_state["rid"] = rid
    at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything the page shows as text (to assert that another unit's data is absent)."""
    parts = []
    for kind in ("markdown", "caption", "text", "success", "info", "warning", "error", "title", "header",
                 "subheader", "text_input", "text_area", "selectbox"):
        for el in getattr(at, kind):
            for attr in ("value", "label", "options"):
                value = getattr(el, attr, None)
                if value is not None:
                    parts.append(str(value))
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(parts)
