"""The password gate: asked once per browser session (a session flag, not the widget's state), checked
against the stored argon2 hash, with a growing wait after repeated failures."""

from __future__ import annotations

import math

import streamlit as st

from assistant.core.settings import Settings
from assistant.messages_zh import ui
from assistant.persistence.password import Attempts, password_required, verify_password

FLAG = "auth.ok"


@st.cache_resource(show_spinner=False)
def _attempts() -> Attempts:
    return Attempts()  # one per server: a new browser session does not reset the wait


def gate(cfg: Settings) -> bool:
    """True when the session may see the app; else draws the password prompt."""
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


def logout_button() -> None:
    """A sidebar button that ends the session's login (only when a password is set)."""
    if st.session_state.get(FLAG):
        st.button(ui("logout"), key="auth.logout", on_click=st.session_state.pop, args=(FLAG, None))
