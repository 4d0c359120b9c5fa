"""账号管理 (the admin's page): the accounts, a form to add one, disabling one, resetting a password (which
ends that account's sessions), and binding reports saved before accounts to a unit. The same operations as
``nianbao users`` and ``nianbao reports assign``; both go through assistant/accounts/ (users.py, policy.py)."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from assistant.accounts.policy import assign, unbound_reports
from assistant.accounts.users import Role, add_user, list_users, reset_password, set_active
from assistant.core.errors import ReportError
from assistant.core.settings import Settings
from assistant.core.textpatterns import format_moment
from assistant.messages_zh import ui


def render(cfg: Settings) -> None:
    """The page (admins only: app.py shows it to no other role, and it checks again)."""
    st.header(ui("users.title"))
    user = common.user()
    if user is None or user.role is not Role.ADMIN:
        st.error(ui("wf.refused"))
        return
    store = common.store(cfg)
    if msg := st.session_state.pop("users.flash", None):
        (st.success if msg[0] == "ok" else st.error)(msg[1])
    accounts = list_users(store)
    st.dataframe([{ui("users.col_name"): u.name, ui("users.col_role"): ui(f"role:{u.role.value}"),
                   ui("users.col_county"): u.county, ui("users.col_unit"): u.unit, ui("users.col_active"): u.active}
                  for u in accounts], hide_index=True, width="stretch", key="users.table")
    with st.form("users.add_form", clear_on_submit=True):
        st.markdown(f"**{ui('users.add')}**")
        cols = st.columns(2)
        cols[0].text_input(ui("users.col_name"), key="users.name")
        cols[1].selectbox(ui("users.role"), [r.value for r in Role], format_func=lambda r: ui(f"role:{r}"),
                          key="users.role")
        cols[0].text_input(ui("users.county"), key="users.county")
        cols[1].text_input(ui("users.unit"), key="users.unit")
        st.text_input(ui("users.password"), type="password", key="users.password")
        st.form_submit_button(ui("users.create"), on_click=_add, args=(cfg,))
    active = [u.name for u in accounts if u.active and u.name != user.name]
    if active:
        pick, go = st.columns([3, 1])
        pick.selectbox(ui("users.col_name"), active, key="users.disable_pick")
        go.button(ui("users.disable"), key="users.disable", on_click=_disable, args=(cfg,))
    with st.form("users.reset_form", clear_on_submit=True):
        st.markdown(f"**{ui('reset.title')}**")
        pick, given = st.columns(2)
        pick.selectbox(ui("reset.pick"), [u.name for u in accounts], key="users.reset_pick")
        given.text_input(ui("reset.password"), type="password", key="users.reset_password")
        st.form_submit_button(ui("reset.submit"), on_click=_reset, args=(cfg,))
    unbound_section(cfg)


def unbound_section(cfg: Settings) -> None:
    """Reports saved before accounts (bound to no unit): pick one, name its unit and county, bind it."""
    st.markdown(f"**{ui('assign.title')}**")
    st.caption(ui("assign.caption"))
    rows = unbound_reports(common.store(cfg), common.user())
    if not rows:
        st.info(ui("assign.none"))
        return
    labels = {r.id: ui("assign.row", id=r.id, unit=r.unit or "-", year=r.year or "-", updated_at=format_moment(r.updated_at))
              for r in rows}
    with st.form("users.assign_form", clear_on_submit=True):
        st.selectbox(ui("assign.pick"), list(labels), format_func=lambda k: labels[k], key="users.assign_pick")
        cols = st.columns(2)
        cols[0].text_input(ui("assign.county"), key="users.assign_county")
        cols[1].text_input(ui("assign.unit"), key="users.assign_unit")
        st.form_submit_button(ui("assign.submit"), on_click=_assign, args=(cfg,))


def _is_admin() -> bool:
    user = common.user()
    return user is not None and user.role is Role.ADMIN


def _add(cfg: Settings) -> None:
    state = st.session_state
    if not _is_admin():
        return
    try:
        made = add_user(common.store(cfg), state.get("users.name", ""), state.get("users.password", ""),
                        state.get("users.role", "clerk"), unit=state.get("users.unit", ""),
                        county=state.get("users.county", ""))
    except ReportError as err:
        state["users.flash"] = ("error", common.zh(err))
        return
    state["users.flash"] = ("ok", ui("users.created", name=made.name))


def _disable(cfg: Settings) -> None:
    name = st.session_state.get("users.disable_pick")
    if name and _is_admin():
        set_active(common.store(cfg), name, False)
        st.session_state["users.flash"] = ("ok", ui("users.disabled", name=name))


def _reset(cfg: Settings) -> None:
    state = st.session_state
    name = state.get("users.reset_pick")
    if not name or not _is_admin():
        return
    if not state.get("users.reset_password"):
        state["users.flash"] = ("error", ui("user.empty_password"))
        return
    try:
        reset_password(common.store(cfg), name, state.get("users.reset_password", ""))
    except ReportError as err:
        state["users.flash"] = ("error", common.zh(err))
        return
    state["users.flash"] = ("ok", ui("reset.done", name=name))


def _assign(cfg: Settings) -> None:
    state = st.session_state
    rid = state.get("users.assign_pick")
    if rid is None:
        return
    try:  # the policy checks the role again
        scope = assign(common.store(cfg), common.user(), int(rid), unit=state.get("users.assign_unit", ""),
                       county=state.get("users.assign_county", ""))
    except ReportError as err:
        state["users.flash"] = ("error", common.zh(err))
        return
    state["users.flash"] = ("ok", ui("assign.done", id=rid, unit=scope.unit, county=scope.county))
