"""年报助手: the Streamlit front door. Reads like the screen: a sidebar to pick a page, then the page.

Run with ``streamlit run app.py`` (``make app``): ``.streamlit/config.toml`` binds 127.0.0.1, caps uploads
and hides error details, so a plain ``streamlit run`` is as safe as the Makefile's.
Heavy parts (embedding model, LLM client, library) load only when a page needs them.
"""

from __future__ import annotations

import streamlit as st

from app_pages import (
    auth,
    basic,
    checklist,
    common,
    data_entry,
    drafting,
    export,
    library,
    review,
    section_six,
    similar,
    users,
)
from assistant.messages_zh import ui

PAGES = {
    "basic": basic.render,
    "data": data_entry.render,
    "draft": drafting.render,
    "six": section_six.render,
    "similar": similar.render,
    "checklist": checklist.render,
    "export": export.render,
    "library": library.render,
    "review": review.render,
    "users": users.render,
}
# In accounts mode each role sees its own pages (the policy still guards every report on every page).
ROLE_PAGES = {
    "clerk": ["basic", "data", "draft", "six", "similar", "checklist", "export"],
    "reviewer": ["review"],
    "admin": ["users", "library"],
}
SINGLE_USER_PAGES = [p for p in PAGES if p != "users"]

st.set_page_config(page_title=ui("app_title"), page_icon="📄", layout="wide")
settings = common.settings()

if not auth.gate(settings):
    st.stop()

with st.sidebar:
    st.title(ui("app_title"))
    st.caption(ui("app_caption"))
    user = common.user()
    shown = ROLE_PAGES[user.role.value] if user is not None else SINGLE_USER_PAGES
    if st.session_state.get("nav") not in shown:
        st.session_state["nav"] = shown[0]
    page = st.radio(ui("nav_label"), shown, format_func=lambda p: ui(f"page_{p}"), key="nav")
    common.sidebar_status(settings)
    auth.logout_button(settings)

common.focus_banner()
common.lock_banner(settings)
common.conflict_panel(settings)
PAGES[page](settings)
