"""Reports saved before accounts are bound to a unit by the admin (policy, ``nianbao reports assign`` and the
账号管理 page), and the admin resets a password on the page (the account's sessions end at once)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from assistant.accounts import policy, records, sessions
from assistant.accounts.policy import Action, Scope, State
from assistant.accounts.users import verify
from assistant.core.errors import AssignDeniedError, LoginFailedError, ReportNotFoundError
from assistant.core.textpatterns import format_moment
from assistant.persistence.drafts_db import Store
from assistant.tables.templates import new_report
from cli import cli
from tests.accounts.conftest import APP_TIMEOUT, County, app_as, password

MARK = "启用账号前写下的一句话"


def _old_report(store: Store) -> int:
    """A report saved straight into the database, with no binding (as before accounts)."""
    report = new_report("绿水镇", 2023, county="清水县")
    report.sections.overview = MARK
    return store.create_report(report)


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_admin_binds_an_old_report_once(county: County) -> None:
    store, admin, clerk = county.store, county.users["admin"], county.users["lvshui"]
    rid = _old_report(store)
    assert [r.id for r in policy.unbound_reports(store, admin)] == [rid]
    assert policy.unbound_reports(store, clerk) == []
    assert not policy.may(store, clerk, Action.READ, rid)
    for who in ("lvshui", "review_qs"):
        with pytest.raises(AssignDeniedError):
            policy.assign(store, county.users[who], rid, unit="绿水镇", county="清水县")
    with pytest.raises(AssignDeniedError):
        policy.assign(store, admin, rid, unit=" ", county="清水县")
    with pytest.raises(ReportNotFoundError):
        policy.assign(store, admin, 9999, unit="绿水镇", county="清水县")
    assert policy.assign(store, admin, rid, unit=" 绿水镇 ", county="清水县") == Scope("绿水镇", "清水县", State.DRAFT)
    assert records.load(store, clerk, rid).sections.overview == MARK
    assert policy.may(store, clerk, Action.WRITE, rid) and not policy.may(store, county.users["qingshan"], Action.READ, rid)
    assert policy.unbound_reports(store, admin) == []
    with pytest.raises(AssignDeniedError):  # a bound report never changes hands
        policy.assign(store, admin, rid, unit="青山镇", county="清水县")
    with pytest.raises(AssignDeniedError):
        policy.assign(store, admin, county.reports["qingshan"], unit="绿水镇", county="清水县")


def _cli(args: list[str], user: str | None = None):
    env = {"NIANBAO_USER_PASSWORD": password(user)} if user else {}
    return CliRunner().invoke(cli, args + (["--user", user] if user else []), env=env)


def test_cli_assign(county: County) -> None:
    rid = _old_report(county.store)
    refused = _cli(["reports", "assign", str(rid), "--unit", "绿水镇", "--county", "清水县"], "lvshui")
    assert refused.exit_code == 2 and "只有管理员可以归属报告" in refused.output
    done = _cli(["reports", "assign", str(rid), "--unit", "绿水镇", "--county", "清水县"], "admin")
    assert done.exit_code == 0, done.output
    assert f"报告（编号 {rid}）已归属 清水县 绿水镇。" in done.output
    shown = _cli(["reports", "show", str(rid)], "lvshui")
    assert shown.exit_code == 0 and MARK in shown.output
    again = _cli(["reports", "assign", str(rid), "--unit", "青山镇", "--county", "清水县"], "admin")
    assert again.exit_code == 2 and "已归属某个单位" in again.output
    assert policy.scope_of(county.store, rid) == Scope("绿水镇", "清水县", State.DRAFT)


def test_cli_assign_needs_accounts(settings) -> None:
    rid = _old_report(Store.from_settings(settings))
    result = _cli(["reports", "assign", str(rid), "--unit", "绿水镇", "--county", "清水县"])
    assert result.exit_code == 2 and "管理员账号" in result.output


def test_admin_page_binds_an_old_report(county: County) -> None:
    rid = _old_report(county.store)
    at = app_as(county, "admin")
    pick = at.selectbox(key="users.assign_pick")
    stamp = format_moment(county.store.list_reports()[0].updated_at)
    assert pick.options == [f"编号 {rid} · 绿水镇 · 2023 年 · 更新于 {stamp}"]
    at.text_input(key="users.assign_county").set_value("清水县")
    at.text_input(key="users.assign_unit").set_value("绿水镇")
    _button(at, "归属该单位").click().run()
    assert not at.exception, at.exception
    assert f"报告（编号 {rid}）已归属清水县绿水镇。" in [s.value for s in at.success]
    assert "没有未绑定单位的报告。" in [i.value for i in at.info]
    clerk = app_as(county, "lvshui", query={"report": str(rid)})
    assert clerk.session_state[f"report:{rid}"].sections.overview == MARK


def test_admin_page_binding_without_unit_is_refused_in_chinese(county: County) -> None:
    rid = _old_report(county.store)
    at = app_as(county, "admin")
    at.text_input(key="users.assign_county").set_value("清水县")
    _button(at, "归属该单位").click().run()
    assert any("须指定单位和县" in e.value for e in at.error)
    assert policy.scope_of(county.store, rid) is None


def test_admin_page_resets_a_password_and_ends_the_sessions(county: County) -> None:
    live = county.token("lvshui")
    at = app_as(county, "admin")
    at.selectbox(key="users.reset_pick").set_value("lvshui")
    at.text_input(key="users.reset_password").set_value("New-lvshui-2026")
    _button(at, "重设密码").click().run()
    assert not at.exception, at.exception
    assert "已重设账号“lvshui”的密码，其已有的登录全部失效。" in [s.value for s in at.success]
    assert sessions.resume(county.store, live) is None
    assert verify(county.store, "lvshui", "New-lvshui-2026").name == "lvshui"
    with pytest.raises(LoginFailedError):
        verify(county.store, "lvshui", password("lvshui"))
    stale = AppTest.from_file("../../app.py", default_timeout=APP_TIMEOUT)
    stale.query_params["s"] = live
    stale.query_params["report"] = str(county.reports["lvshui"])
    stale.run()
    assert not stale.exception and [s.value for s in stale.subheader] == ["登录"]
    assert f"report:{county.reports['lvshui']}" not in stale.session_state


def test_admin_page_reset_with_empty_password_changes_nothing(county: County) -> None:
    live = county.token("lvshui")
    at = app_as(county, "admin")
    at.selectbox(key="users.reset_pick").set_value("lvshui")
    _button(at, "重设密码").click().run()
    assert "密码不能为空。" in " ".join(e.value for e in at.error)
    assert sessions.resume(county.store, live) is not None
    assert verify(county.store, "lvshui", password("lvshui")).name == "lvshui"


def test_only_an_admin_resets_or_binds(county: County) -> None:
    for name in ("qingshan", "review_qs"):
        at = app_as(county, name)
        assert not any(s.key in ("users.reset_pick", "users.assign_pick") for s in at.selectbox)
