"""数据填报: tables 二/三/四 as grids laid out like the official tables, findings beside the rows,
an auto-total button, and the narrative facts form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common, fields
from app_pages import grids as session
from assistant.core import labels
from assistant.core.findings import Finding
from assistant.core.glossary import fact_label
from assistant.core.report import T3_COLS, T4_FIELDS, AnnualReport
from assistant.core.settings import Settings
from assistant.drafting import practices
from assistant.messages_zh import ui
from assistant.tables.autototal import auto_total
from assistant.tables.rules import table_findings


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("data_title"))
    report = common.require_report(cfg)
    if report is None:
        return
    st.caption(ui("blank_note"))
    st.button(ui("auto_total"), key="data.auto_total", on_click=_auto_total, args=(cfg,), type="primary")
    if msg := st.session_state.pop("flash_total", None):
        st.info(msg)
    table2(cfg)
    table3(cfg)
    table4(cfg)
    facts_form(cfg)


def _findings(cfg: Settings) -> list[Finding]:
    report = common.current(cfg)
    return table_findings(report, common.previous(cfg, report)) if report is not None else []


def _number(label: str, money: bool = False) -> Any:
    if money:
        return st.column_config.NumberColumn(label, min_value=0, step=0.0001, format="%.4g")
    return st.column_config.NumberColumn(label, min_value=0, step=1, format="%d")


def _text(label: str) -> Any:
    return st.column_config.TextColumn(label, disabled=True)


def _grid(name: str, grid: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    config = {session.KEY: None, session.LABEL: _text(session.LABEL), session.HINT: _text(session.HINT), **config}
    return st.data_editor(grid, key=common.editor_key(name), column_config=config, hide_index=True,
                          num_rows="fixed", width="stretch", placeholder="—", disabled=[session.KEY, session.LABEL, session.HINT,
                                                                       session.GROUP])


def _t2_update(group: str, edited: pd.DataFrame) -> Callable[[AnnualReport], AnnualReport]:
    return lambda r: session.with_tables(r, t2=session.table2_with_grid(r.t2, group, edited))


def _apply(cfg: Settings, build: Callable[[AnnualReport], AnnualReport]) -> None:
    report = common.opened(cfg)
    try:
        updated = build(report)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        st.error(str(exc))
        return
    if updated != report:
        common.commit(cfg, updated)
        st.rerun()


def table2(cfg: Settings) -> None:
    """Table 二: the four 第二十条 sub-tables."""
    st.subheader(ui("t2_header"))
    findings = _findings(cfg)
    for group, (_, cols) in session.T2_LAYOUT.items():
        st.markdown(f"**{labels.T2_GROUPS[group]}**")
        config = {c: _number(labels.T2_COLUMNS[c], money=group == "art20_8") for c in cols}
        edited = _grid(f"t2.{group}", session.t2_grid(common.opened(cfg), group, findings), config)
        _apply(cfg, _t2_update(group, edited))
    _table_notes(findings, "t2")


def table3(cfg: Settings) -> None:
    """Table 三: 25 rows × 7 columns with the group captions."""
    st.subheader(ui("t3_header"))
    st.caption(labels.T3_HEADER_NOTE)
    st.caption(ui("t3_layout"))
    findings = _findings(cfg)
    config = {c: _number(labels.t3_column_header(c)) for c in T3_COLS}
    config[session.GROUP] = _text(session.GROUP)
    edited = _grid("t3", session.t3_grid(common.opened(cfg), findings), config)
    _apply(cfg, lambda r: session.with_tables(r, t3=session.table3_from_grid(edited)))
    _table_notes(findings, "t3")


def table4(cfg: Settings) -> None:
    """Table 四: 行政复议 and the two kinds of 行政诉讼, five result columns each."""
    st.subheader(ui("t4_header"))
    st.caption(ui("t4_layout"))
    findings = _findings(cfg)
    config = {f: _number(labels.T4_FIELDS[f]) for f in T4_FIELDS}
    edited = _grid("t4", session.t4_grid(common.opened(cfg), findings), config)
    _apply(cfg, lambda r: session.with_tables(r, t4=session.table4_from_grid(edited)))
    _table_notes(findings, "t4")


def _table_notes(findings: list[Finding], table: str) -> None:
    blank, mine = session.split_blank(session.table_level_findings(findings, table))
    if blank:
        st.caption(ui("blank_rows", count=len(blank)))
    if mine:
        with st.container(key=f"notes_{table}"):
            common.show_findings(mine)
    elif not blank:
        st.caption(ui("table_ok"))


def _auto_total(cfg: Settings) -> None:
    report = common.current(cfg)
    if report is None:
        return
    updated, notes = auto_total(report)
    common.commit(cfg, updated, note="auto_total")
    common.reset_editors()
    counts = session.count_notes(notes)
    key = "auto_total_kept" if counts["kept"] else ("auto_total_filled" if counts["filled"] else "auto_total_none")
    st.session_state["flash_total"] = ui(key, **counts)  # no "0 处不一致" when every total agrees


def facts_form(cfg: Settings) -> None:
    """What the clerk knows beyond the tables; the drafts are written from these facts."""
    st.subheader(ui("facts_header"))
    numbers = ("active_total", "website_count", "wechat_count", "bulletin_count", "applications_stated",
               "staff_count", "training_sessions", "training_participants", "info_fee_count",
               "npc_suggestions", "cppcc_proposals")
    cols = st.columns(3)
    for i, name in enumerate(numbers):
        with cols[i % 3]:
            fields.integer(cfg, f"facts.{name}", labels_facts(name))
    cols = st.columns(3)
    for i, name in enumerate(("website_name", "wechat_name", "leading_group")):
        with cols[i]:
            fields.text(cfg, f"facts.{name}", labels_facts(name))
    for name in ("assessment_result", "public_evaluation", "accountability"):
        fields.text(cfg, f"facts.{name}", labels_facts(name))
    for name in ("topics", "last_year_problems", "problems", "measures"):
        fields.lines(cfg, f"facts.{name}", labels_facts(name), ui("lines_help"))
    fields.area(cfg, "facts.notes", labels_facts("notes"))
    practices_form(cfg)


def practices_form(cfg: Settings) -> None:
    """Practices are facts: the clerk ticks what the township really does; drafts assert only these.

    With none confirmed yet, the boxes are prefilled from last year's report (saved, or the library's own report
    of this unit); nothing is written until the clerk saves.
    """
    report = common.current(cfg)
    if report is None:
        return
    st.markdown("**" + ui("practices_header") + "**")
    prefill: list[str] = []
    if not report.facts.practices:
        last = common.previous(cfg, report)
        if last is not None:
            prefill = practices.practices_in([last.sections.overview, last.sections.problems])
    if prefill:
        st.caption(ui("practices_prefilled", source=ui("practices_from_previous")))
    with st.form("practices_form"):
        cols = st.columns(2)
        chosen = []
        for i, key in enumerate(practices.practice_keys()):
            ticked = key in report.facts.practices or key in prefill
            if cols[i % 2].checkbox(practices.practice_label(key), value=ticked, key=f"practice.{key}"):
                chosen.append(key)
        if st.form_submit_button(ui("practices_save"), type="primary"):
            common.commit(cfg, session.with_field(report, "facts.practices", chosen))
            st.toast(ui("practices_saved", count=len(chosen)))


def labels_facts(name: str) -> str:
    """The Chinese label of a narrative fact (the one glossary)."""
    return fact_label(name)
