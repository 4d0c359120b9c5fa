"""检查清单: every rule as ✓ / ✗ / 待填, counts by severity, and a button per item that jumps to the
page and field to fix."""

from __future__ import annotations

import streamlit as st

from app_pages import common, workflow
from app_pages.grids import page_for_location
from assistant.core.errors import ReportError
from assistant.core.findings import by_severity
from assistant.core.settings import Settings
from assistant.messages_zh import rule_title, ui

SHOWN = 5  # findings listed per item; the rest are counted
STATUS = {"pass": "status_pass", "fail": "status_fail", "pending": "status_pending"}


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("checklist_title"))
    report = common.require_report(cfg)
    if report is None:
        return
    previous = common.previous(cfg, report)
    if previous is not None:
        st.caption(ui("previous_used", unit=common.unit_name(previous), year=previous.profile.report_year or ""))
    try:
        gate = common.export_gate(cfg, report)
    except ReportError as err:
        common.show_error(err)
        return
    workflow.clerk_panel(cfg, list(gate.findings))
    items = gate.items
    st.markdown("**" + ui("counts", **by_severity(gate.findings)) + "**")
    if not gate.ok:  # the 导出 page refuses for exactly these
        st.error(ui("gate_blocked", count=len(gate.blocking)))
        for f in gate.blocking:
            if any(i.status == "pending" and i.rule == f.rule for i in items):  # not listed below
                st.caption(common.finding_line(f))
    elif not gate.findings:
        st.success(ui("all_passed"))
    for i, item in enumerate(sorted(items, key=lambda it: ("fail", "pending", "pass").index(it.status))):
        with st.container(border=True, key=f"item_{i}"):
            cols = st.columns([2, 6, 1])
            cols[0].write(ui(STATUS[item.status]))
            cols[1].write(f"**{rule_title(item.rule, item.doc)}**  `{item.rule}`")
            for f in item.findings[:SHOWN]:
                cols[1].caption(common.finding_line(f))
            if len(item.findings) > SHOWN:
                cols[1].caption(ui("more_findings", count=len(item.findings) - SHOWN))
            if item.status != "pass":
                cols[2].button(ui("goto"), key=f"goto.{item.rule}", on_click=_jump, args=(item.location,))


def _jump(location: str) -> None:
    page = page_for_location(location)
    common.goto(page)
    st.session_state["focus"], st.session_state["focus_page"] = location, page
