"""Server mode is explicit and safe: under ``accounts = true`` (NIANBAO_ACCOUNTS=1, ``make serve``, deploy/) or
a PostgreSQL database_url, no report is shown without a login, and before the first account exists the app
shows only how to create the first admin (the CLI refuses with exit 2). The PC default (sqlite, no account,
no setting) still needs no login."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from assistant.accounts import policy
from assistant.accounts.policy import Action
from assistant.accounts.users import accounts_on, add_user
from assistant.core.errors import CreateDeniedError
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from assistant.tables.templates import new_report
from cli import cli
from tests.accounts.conftest import APP_TIMEOUT, texts

REPO = Path(__file__).resolve().parents[2]
MARK = "启用账号前保存的一句话"
SETUP = "nianbao users add 管理员账号名 --role admin"
PG = "postgresql+psycopg://nianbao:pw@127.0.0.1:5432/nianbao"


@pytest.mark.parametrize("env,expected", [
    ({}, False),  # make app on a PC: sqlite, single user
    ({"NIANBAO_ACCOUNTS": "1"}, True),  # make serve, deploy/
    ({"NIANBAO_ACCOUNTS": "true"}, True),
    ({"NIANBAO_DATABASE_URL": PG}, True),  # a PostgreSQL database is a server's
    ({"NIANBAO_DATABASE_URL": "postgresql://x@h/db"}, True),
    ({"NIANBAO_DATABASE_URL": PG, "NIANBAO_ACCOUNTS": "0"}, False),  # said explicitly
    ({"NIANBAO_DATABASE_URL": "sqlite:////tmp/x.db"}, False),
    ({"NIANBAO_ACCOUNTS": ""}, False),  # an empty variable is unset, not an error
    ({"NIANBAO_DATABASE_URL": PG, "NIANBAO_ACCOUNTS": ""}, True),
])
def test_accounts_mode_setting(home: Path, env: dict[str, str], expected: bool) -> None:
    assert load_settings(env={"NIANBAO_DATA_DIR": str(home), **env}).accounts_mode is expected


def test_accounts_mode_from_config_file(home: Path) -> None:
    (home / "config.toml").write_text("accounts = true\n", encoding="utf-8")
    assert load_settings(env={"NIANBAO_DATA_DIR": str(home)}).accounts_mode is True


def _old_report(settings) -> int:
    """A report saved before accounts existed (no binding)."""
    report = new_report("青山镇", 2024, county="清水县")
    report.sections.overview = MARK
    return Store.from_settings(settings).create_report(report)


def test_policy_of_a_server_store_with_no_account(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    rid = _old_report(settings)
    assert policy.may(Store.from_settings(settings), None, Action.READ, rid)  # the PC: the single user reads it
    monkeypatch.setenv("NIANBAO_ACCOUNTS", "1")
    store = Store.from_settings(load_settings())
    assert store.accounts_required and accounts_on(store)
    assert not policy.may(store, None, Action.READ, rid)
    assert policy.visible_reports(store, None) == []
    with pytest.raises(CreateDeniedError):
        policy.create_report(store, None, new_report("绿水镇", 2024, county="清水县"))


def _app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file("../../app.py", default_timeout=APP_TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_server_with_no_account_shows_only_how_to_create_the_admin(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    rid = _old_report(settings)
    monkeypatch.setenv("NIANBAO_ACCOUNTS", "1")
    at = _app({"report": str(rid)})
    shown = texts(at)
    assert "县级服务器尚未开设账号" in [s.value for s in at.subheader]
    assert [c.value for c in at.code] == [SETUP]
    assert MARK not in shown and "青山镇" not in shown
    assert not at.radio and "nav" not in at.session_state and "rid" not in at.session_state
    assert not any(t.key == "login.name" for t in at.text_input)  # nobody could log in yet
    store = Store.from_settings(load_settings())
    add_user(store, "admin", "admin-Pw-2025", "admin")
    at.run()  # the first admin exists: the login page now, still nothing of the report
    assert not at.exception and [s.value for s in at.subheader] == ["登录"]
    assert MARK not in texts(at) and not at.code


def test_a_real_postgresql_database_alone_is_a_server(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", pg_url)  # no NIANBAO_ACCOUNTS
    report = new_report("青山镇", 2024, county="清水县")
    report.sections.overview = MARK
    rid = Store(pg_url).create_report(report)  # saved before any account
    at = _app({"report": str(rid)})
    assert [c.value for c in at.code] == [SETUP] and MARK not in texts(at) and not at.radio
    result = CliRunner().invoke(cli, ["reports", "show", str(rid)])
    assert result.exit_code == 2 and MARK not in result.output


def test_single_user_pc_needs_no_login(settings) -> None:
    rid = _old_report(settings)
    at = _app({"report": str(rid)})
    assert not at.code and not any(t.key == "login.name" for t in at.text_input)
    assert at.radio(key="nav").options[0] == "基本信息"
    assert at.session_state["rid"] == rid and MARK == at.session_state[f"report:{rid}"].sections.overview


def test_cli_on_a_server_with_no_account(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    rid = _old_report(settings)
    shown = CliRunner().invoke(cli, ["reports", "show", str(rid)])
    assert shown.exit_code == 0 and MARK in shown.output  # the PC: no login
    monkeypatch.setenv("NIANBAO_ACCOUNTS", "1")
    for args in (["reports", "show", str(rid)], ["reports", "list"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert "--role admin" in result.output and MARK not in result.output


def test_make_serve_and_deploy_set_accounts_mode() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"NIANBAO_ACCOUNTS=1 \$\(BIN\)/streamlit run app\.py", serve)
    env = (REPO / "deploy" / "nianbao.env.example").read_text(encoding="utf-8")
    assert re.search(r"^NIANBAO_ACCOUNTS=1$", env, re.MULTILINE)
    unit = (REPO / "deploy" / "nianbao.service").read_text(encoding="utf-8")
    assert "Environment=NIANBAO_ACCOUNTS=1" in unit
