"""Who is using the app. Two modes (:func:`assistant.accounts.users.accounts_on`):

- **Single user** (``make app`` on a clerk's PC: sqlite, no account, no ``accounts`` setting): no login. When a shared
  password is configured (``nianbao password``) it is asked once per browser session, checked against the
  stored argon2 hash, with a growing wait after repeated failures (:class:`Attempts`).
- **Accounts** (a county server: ``accounts = true`` / NIANBAO_ACCOUNTS=1 as ``make serve`` and deploy/ set it, a
  PostgreSQL database, or any account in the database): with no account yet, only a page telling the IT staff
  how to create the first admin (no report, no page of the app); else a Chinese login page; the session is an opaque token
  in the page URL (``?s=``, see assistant/accounts/sessions.py for why), so a reload keeps the login; failed
  logins are throttled per account and per client address in the database (assistant/accounts/throttle.py).
"""

from __future__ import annotations

import math

import streamlit as st

from app_pages import common
from assistant.accounts import sessions
from assistant.accounts.login import log_in
from assistant.accounts.policy import visible_reports
from assistant.accounts.users import Role, accounts_on, has_accounts
from assistant.core.errors import LoginFailedError, LoginThrottledError
from assistant.core.settings import Settings
from assistant.messages_zh import ui, zh
from assistant.persistence.password import Attempts, password_required, verify_password

FLAG = "auth.ok"
TOKEN_PARAM = "s"  # ?s=<session token> in the page URL


@st.cache_resource(show_spinner=False)
def _attempts() -> Attempts:
    return Attempts()  # one per server: a new browser session does not reset the wait


def gate(cfg: Settings) -> bool:
    """True when the session may see the app; else draws the login page (accounts) or the password prompt."""
    store = common.store(cfg)
    if accounts_on(store):
        if not has_accounts(store):  # a county server before its first admin: nothing of any report
            _forget_session_state()
            setup_page()
            return False
        return _account_gate(cfg)
    st.session_state.pop(common.USER, None)
    return _password_gate(cfg)


# ---------------------------------------------------------------- accounts mode
def _account_gate(cfg: Settings) -> bool:
    store = common.store(cfg)
    token = st.query_params.get(TOKEN_PARAM, "")
    user = sessions.resume(store, token) if token else None
    if user is not None:
        before = st.session_state.get(common.USER)
        if before is not None and before.id != user.id:
            _forget_session_state()
        st.session_state[common.USER] = user
        return True
    had_login = bool(token) or common.USER in st.session_state
    if had_login:  # (not on every run of the login page: that would reset its fields)
        _forget_session_state()
        st.query_params.pop(TOKEN_PARAM, None)
    login_page(cfg, expired=had_login)
    return False


def setup_page() -> None:
    """What a county server shows before it has any account: how to create the first admin."""
    st.title(ui("app_title"))
    st.subheader(ui("setup.title"))
    st.warning(ui("setup.body"))
    st.code(ui("setup.command"), language="bash")
    st.caption(ui("setup.after"))


def _forget_session_state() -> None:
    """Nothing of a previous login stays in this browser session (open report, fields, user)."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def client_address() -> str:
    """The client's address: the X-Forwarded-For that our nginx sets (deploy/), else the socket's."""
    forwarded = str(st.context.headers.get("X-Forwarded-For") or "").split(",")[0].strip()
    socket_ip = st.context.ip_address
    return forwarded or (socket_ip if isinstance(socket_ip, str) and socket_ip else "local")


def login_page(cfg: Settings, *, expired: bool = False) -> None:
    """The Chinese login form."""
    st.title(ui("app_title"))
    st.subheader(ui("login.title"))
    st.caption(ui("login.caption"))
    if expired:
        st.info(ui("login.expired"))
    with st.form("login", clear_on_submit=False):
        name = st.text_input(ui("login.name"), key="login.name")
        password = st.text_input(ui("login.password"), type="password", key="login.password")
        submitted = st.form_submit_button(ui("login.submit"), type="primary")
    if submitted:
        try:
            user = log_in(common.store(cfg), name, password, client_address())
        except (LoginFailedError, LoginThrottledError) as err:
            st.error(zh(err))
            return
        st.query_params[TOKEN_PARAM] = sessions.start(common.store(cfg), user)
        st.session_state[common.USER] = user
        mine = visible_reports(common.store(cfg), user) if user.role is Role.CLERK else []
        if mine:  # a clerk starts in the report they last worked on (a returned one shows its comments)
            st.query_params[common.QUERY_KEY] = str(mine[0].id)
        st.session_state.pop("login.password", None)
        st.rerun()


def _logout(cfg: Settings) -> None:
    token = st.query_params.get(TOKEN_PARAM, "")
    if token:
        sessions.end(common.store(cfg), token)
    _forget_session_state()
    st.query_params.clear()


# ---------------------------------------------------------------- single-user mode
def _password_gate(cfg: Settings) -> bool:
    if st.session_state.get(FLAG) or not password_required(cfg):
        return True
    st.title(ui("app_title"))
    given = st.text_input(ui("password_prompt"), type="password", key="password")
    if not given:
        return False
    attempts = _attempts()
    wait = attempts.wait_seconds()
    if wait > 0:
        st.error(ui("password_locked", seconds=math.ceil(wait)))
        return False
    if verify_password(cfg, given):
        attempts.succeeded()
        st.session_state[FLAG] = True
        del st.session_state["password"]  # the flag stays; the typed password does not
        st.rerun()
    attempts.failed()
    st.error(ui("password_wrong"))
    return False


def logout_button(cfg: Settings) -> None:
    """Sidebar: who is logged in and a logout button (accounts), or the shared password's logout."""
    user = common.user()
    if user is not None:
        st.caption(ui("login.whoami", name=user.name, role=ui(f"role:{user.role.value}")))
        if user.county:
            st.caption(ui("login.unit", county=user.county, unit=user.unit))
        st.button(ui("login.logout"), key="auth.logout_user", on_click=_logout, args=(cfg,))
    elif st.session_state.get(FLAG):
        st.button(ui("logout"), key="auth.logout", on_click=st.session_state.pop, args=(FLAG, None))
