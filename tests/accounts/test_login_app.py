"""The login page through the real app (AppTest): Chinese, throttled, a reload keeps the login, an ended or
expired session asks again, and with no account the app needs no login at all."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from assistant.accounts import sessions, throttle
from assistant.persistence.password import FREE_FAILURES
from tests.accounts.conftest import APP_TIMEOUT, County, app_as, password


def _login(at: AppTest, name: str, given: str) -> AppTest:
    at.text_input(key="login.name").set_value(name)
    at.text_input(key="login.password").set_value(given)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _fresh() -> AppTest:
    at = AppTest.from_file("../../app.py", default_timeout=APP_TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def test_no_account_no_login(settings) -> None:
    at = _fresh()
    assert not any(t.key == "login.name" for t in at.text_input)
    assert at.radio(key="nav").options[0] == "基本信息"


def test_login_then_reload_keeps_it_and_logout_ends_it(county: County) -> None:
    at = _fresh()
    assert [s.value for s in at.subheader] == ["登录"]
    assert at.text_input(key="login.name").label == "账号" and at.text_input(key="login.password").label == "密码"
    assert "nav" not in at.session_state  # nothing of the app before the login
    _login(at, "qingshan", password("qingshan"))
    token = at.query_params["s"][0] if isinstance(at.query_params["s"], list) else at.query_params["s"]
    assert len(token) >= 40
    assert at.radio(key="nav").options == ["基本信息", "数据填报", "起草", "六、其他事项", "相似报告",
                                           "检查清单", "导出"]
    reloaded = app_as(county, None, query={"s": token})  # a new browser session with the same URL
    assert [r for r in reloaded.radio if r.key == "nav"], "a reload must not ask again"
    assert any("qingshan" in c.value for c in reloaded.caption)
    reloaded.button(key="auth.logout_user").click().run()
    assert [s.value for s in reloaded.subheader] == ["登录"]
    after = app_as(county, None, query={"s": token})
    assert [s.value for s in after.subheader] == ["登录"] and any("重新登录" in i.value for i in after.info)


def test_each_role_gets_its_pages(county: County) -> None:
    assert app_as(county, "review_qs").radio(key="nav").options == ["审核台"]
    assert app_as(county, "admin").radio(key="nav").options == ["账号管理", "资料库"]


def test_expired_session_asks_again(county: County) -> None:
    old = sessions.start(county.store, county.users["qingshan"], now=time.time() - sessions.MAX_S - 60)
    at = app_as(county, None, query={"s": old})
    assert [s.value for s in at.subheader] == ["登录"]
    assert "s" not in at.query_params


def test_wrong_passwords_are_throttled_per_account_and_client(county: County) -> None:
    at = _fresh()
    for _ in range(FREE_FAILURES):
        _login(at, "qingshan", "wrong")
        assert [e.value for e in at.error] == ["账号或密码不正确，或账号已停用。"]
    _login(at, "qingshan", password("qingshan"))  # even the right password waits now
    assert any("登录失败次数过多，请" in e.value and "秒后再试" in e.value for e in at.error)
    assert "s" not in at.query_params
    for _ in range(4):  # (a longer wait than this test takes: 2 s may pass while it runs)
        throttle.failed(county.store, [throttle.client_key("local")])  # AppTest's client has no address
    other = _fresh()  # another account from the same client waits too
    _login(other, "lvshui", password("lvshui"))
    assert any("登录失败次数过多" in e.value for e in other.error)
    assert "s" not in other.query_params


def test_unknown_names_fail_like_wrong_passwords(county: County) -> None:
    at = _login(_fresh(), "nobody", "x")
    assert [e.value for e in at.error] == ["账号或密码不正确，或账号已停用。"]
