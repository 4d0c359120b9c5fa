"""账号管理 through the real app (AppTest): the admin adds a clerk and disables one (whose login ends at once);
no other role reaches the page."""

from __future__ import annotations

from assistant.accounts import sessions
from assistant.accounts.users import get_user, verify
from tests.accounts.conftest import County, app_as


def test_admin_adds_and_disables_accounts(county: County) -> None:
    live = county.token("lvshui")
    at = app_as(county, "admin")
    at.text_input(key="users.name").set_value("hongqi")
    at.selectbox(key="users.role").set_value("clerk")
    at.text_input(key="users.county").set_value("清水县")
    at.text_input(key="users.unit").set_value("红旗镇")
    at.text_input(key="users.password").set_value("hongqi-Pw-2025")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "已创建账号“hongqi”。" in [s.value for s in at.success]
    made = verify(county.store, "hongqi", "hongqi-Pw-2025")
    assert (made.role.value, made.unit, made.county) == ("clerk", "红旗镇", "清水县")
    at.selectbox(key="users.disable_pick").set_value("lvshui")
    at.button(key="users.disable").click().run()
    assert not get_user(county.store, "lvshui").active
    assert sessions.resume(county.store, live) is None


def test_a_clerk_without_unit_is_refused_in_chinese(county: County) -> None:
    at = app_as(county, "admin")
    at.text_input(key="users.name").set_value("nounit")
    at.text_input(key="users.password").set_value("x")
    at.button[0].click().run()
    assert any("填报人须指定所属单位" in e.value for e in at.error)


def test_only_the_admin_has_the_page(county: County) -> None:
    for name in ("qingshan", "review_qs"):
        assert "账号管理" not in app_as(county, name).radio(key="nav").options
