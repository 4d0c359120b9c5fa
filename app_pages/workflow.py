"""The submission workflow on the pages: the clerk's panel on 检查清单 (state, the reviewer's return with
findings and comment, 提交审核, history) and the county review desk of a reviewer (the county's submitted
reports from the database, 退回 / 通过 with a comment, the letter from the same record).
Every step goes through assistant/accounts/workflow.py, which asks the policy."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app_pages import common
from assistant import messages_zh as words
from assistant.accounts import policy, records
from assistant.accounts.letters import write_transition_letter
from assistant.accounts.policy import Action, State
from assistant.accounts.users import User
from assistant.accounts.workflow import Transition, history, last_review, step
from assistant.core.errors import ReportError
from assistant.core.findings import Finding
from assistant.core.settings import Settings
from assistant.core.textpatterns import format_moment
from assistant.messages_zh import ui
from assistant.review.batch import check_one
from assistant.review.desk import reading_text

SHOWN = 8  # findings of a return listed on the clerk's panel (the checklist below lists every one)


def _state_label(state: State) -> str:
    return ui(f"wf:{state.value}")


def _history(records: list[Transition]) -> None:
    if not records:
        return
    with st.expander(ui("wf.history")):
        for t in records:
            st.caption(ui("wf.history_line", at=format_moment(t.at), who=t.user_name, from_state=_state_label(t.from_state),
                          to_state=_state_label(t.to_state), comment=f"：{t.comment}" if t.comment else ""))


# ---------------------------------------------------------------- the clerk
def clerk_panel(cfg: Settings, findings: list[Finding]) -> None:
    """On 检查清单 (accounts mode): the state, the latest return's findings and comment, 提交审核."""
    user = common.user()
    rid = common.active_id()
    if user is None or rid is None:
        return
    store = common.store(cfg)
    state = policy.state_of(store, rid)
    with st.container(border=True, key="wf.panel"):
        st.markdown("**" + ui("wf.state", state=_state_label(state)) + "**")
        review = last_review(store, user, rid)
        if state is State.RETURNED and review is not None:
            st.error(ui("wf.returned_header"))
            st.markdown(ui("wf.returned_by", who=review.user_name, at=format_moment(review.at)))
            st.markdown(f"> {review.comment}")
            found = review.finding_models()
            if found:
                st.caption(ui("wf.returned_findings", count=len(found)))
                common.show_findings(found[:SHOWN])
                if len(found) > SHOWN:
                    st.caption(ui("more_findings", count=len(found) - SHOWN))
        elif state is State.APPROVED and review is not None:
            st.success(ui("wf.approved_by", who=review.user_name, at=format_moment(review.at)))
        elif state is State.SUBMITTED:
            st.info(ui("wf.submitted"))
        if policy.may(store, user, Action.SUBMIT, rid):
            st.button(ui("wf.submit"), key="wf.submit", type="primary", on_click=_submit, args=(cfg, user, rid, findings))
        _history(history(store, user, rid))
    if msg := st.session_state.pop("wf.flash", None):
        st.error(msg)


def _submit(cfg: Settings, user: User, rid: int, findings: list[Finding]) -> None:
    try:
        step(common.store(cfg), user, rid, Action.SUBMIT, findings=findings)
    except ReportError as err:
        st.session_state["wf.flash"] = common.zh(err)


# ---------------------------------------------------------------- the reviewer
def county_desk(cfg: Settings, user: User) -> None:
    """The reviewer's desk in accounts mode: the county's submitted reports, one opened beside its findings."""
    store = common.store(cfg)
    st.caption(ui("cdesk.caption", county=user.county))
    rows = policy.visible_reports(store, user)
    if msg := st.session_state.pop("cdesk.flash", None):
        (st.success if msg[0] == "ok" else st.error)(msg[1])
    if not rows:
        st.info(ui("cdesk.none"))
        return
    st.dataframe([{ui("col.unit"): r.unit, ui("col.year"): r.year, ui("col.status"): _state_label(r.state),
                   ui("users.col_county"): r.county} for r in rows], hide_index=True, width="stretch",
                 key="cdesk.table")
    options = {r.id: ui("cdesk.option", unit=r.unit, year=r.year or "", id=r.id) for r in rows}
    rid = st.selectbox(ui("cdesk.pick"), list(options), format_func=lambda k: options[k], key="cdesk.pick")
    if rid is None:
        return
    try:
        report = records.load(store, user, rid)
    except ReportError as err:
        common.show_error(err)
        return
    unit = next(r.unit for r in rows if r.id == rid)
    findings = check_one(report, None, deadline=cfg.deadline)
    left, right = st.columns(2)
    with left.container(height=520, key="cdesk.findings"):
        st.markdown(f"**{ui('desk.findings')}**")
        if not findings:
            st.success(ui("desk.no_findings"))
        common.show_findings(findings)
    with right.container(height=520, key="cdesk.text"):
        st.markdown(f"**{ui('desk.text')}**")
        st.text(reading_text(report))
    if policy.may(store, user, Action.RETURN, rid):
        st.text_area(ui("cdesk.comment"), key=f"cdesk.comment.{rid}")
        cols = st.columns(2)
        cols[0].button(ui("cdesk.return"), key="cdesk.return", on_click=_review,
                       args=(cfg, user, rid, unit, Action.RETURN, findings))
        cols[1].button(ui("cdesk.approve"), key="cdesk.approve", type="primary", on_click=_review,
                       args=(cfg, user, rid, unit, Action.APPROVE, findings))
    steps = history(store, user, rid)
    done = last_review(store, user, rid)
    if done is None:
        st.caption(ui("cdesk.letter_none"))
    else:
        st.download_button(ui("cdesk.letter"), _letter(report, unit, done), key="cdesk.letter",
                           file_name=ui("cdesk.letter_file", unit=unit))
    _history(steps)


def _review(cfg: Settings, user: User, rid: int, unit: str, action: Action, findings: list[Finding]) -> None:
    comment = st.session_state.get(f"cdesk.comment.{rid}", "")
    try:
        step(common.store(cfg), user, rid, action, comment=comment,
             findings=findings if action is Action.RETURN else [])
    except ReportError as err:
        st.session_state["cdesk.flash"] = ("error", common.zh(err))
        return
    st.session_state["cdesk.flash"] = ("ok", ui("cdesk.returned" if action is Action.RETURN else "cdesk.approved",
                                                unit=unit))


def _letter(report, unit: str, record: Transition) -> bytes:
    """The .docx bytes of the letter of one return or approval (written from the record)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_transition_letter(Path(tmp), words, report, unit, record,  # type: ignore[arg-type]
                                       file=ui("cdesk.option", unit=unit, year=report.profile.report_year or "",
                                               id=record.report_id))
        return path.read_bytes()
