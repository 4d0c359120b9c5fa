"""六、其他需要报告的事项: the seven items of the 2021 format, each editable; （一） 信息处理费 and （二） 人大代表建议、
政协提案 are drafted from the figures typed here (assistant.drafting.fixed_sections).

Until the clerk changes an item, 六 stays unwritten and the export uses the drafted text; the first change
stores all seven items (with their official headings) in ``sections.other``.
"""

from __future__ import annotations

import zlib

import streamlit as st

from app_pages import common, fields
from assistant.checks.patterns import OPEN_MARK
from assistant.core.glossary import fact_label
from assistant.core.labels import OTHER_ITEM_NUMBERS, OTHER_ITEMS
from assistant.core.settings import Settings
from assistant.drafting.fixed_sections import (
    join_other_items,
    other_items,
    redraft_fee_and_proposals,
    split_other_items,
)
from assistant.messages_zh import ui

FACTS = ("info_fee_count", "npc_suggestions", "cppcc_proposals")


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("six_title"))
    report = common.require_report(cfg)
    if report is None:
        return
    st.caption(ui("six_caption"))
    with st.container(border=True):
        st.markdown("**" + ui("six_facts") + "**")
        cols = st.columns(4)
        with cols[0]:
            fields.integer(cfg, "facts.info_fee_count", fact_label("info_fee_count"))
        with cols[1]:
            fields.money(cfg, "facts.info_fee_amount_yuan", fact_label("info_fee_amount_yuan"))
        with cols[2]:
            fields.integer(cfg, "facts.npc_suggestions", fact_label("npc_suggestions"))
        with cols[3]:
            fields.integer(cfg, "facts.cppcc_proposals", fact_label("cppcc_proposals"))
        st.button(ui("six_redraft"), key="six.redraft", on_click=_redraft, args=(cfg,))
    if msg := st.session_state.pop("flash_six", None):
        st.success(msg)
    report = common.current(cfg) or report
    written = report.sections.other.strip()
    if written and split_other_items(written) is None:
        st.warning(ui("six_unsplit"))
        st.text(written)
    items = other_items(report)
    edited = [_item(i, text) for i, text in enumerate(items)]
    if edited != items:
        updated = report.model_copy(deep=True)
        updated.sections.other = join_other_items(edited)
        common.commit(cfg, updated)
        st.caption(ui("six_saved"))
    marks = sum(len(OPEN_MARK.findall(text)) for text in edited)
    if marks:
        st.warning(ui("six_marks", count=marks))
    if written:
        st.button(ui("six_reset"), key="six.reset", on_click=_reset, args=(cfg,))


def _item(i: int, text: str) -> str:
    """One item's text area; its key follows the text, so a change made elsewhere shows at once."""
    key = common.field_key(f"six.{i}.{zlib.crc32(text.encode())}")
    return st.text_area(f"{OTHER_ITEM_NUMBERS[i]}{OTHER_ITEMS[i]}", value=text, key=key, height=100).strip()


def _redraft(cfg: Settings) -> None:
    report = common.current(cfg)
    if report is None:
        return
    updated = report.model_copy(deep=True)
    updated.sections.other = join_other_items(redraft_fee_and_proposals(report, other_items(report)))
    common.commit(cfg, updated, note="section_six")
    st.session_state["flash_six"] = ui("six_redrafted")


def _reset(cfg: Settings) -> None:
    report = common.current(cfg)
    if report is None:
        return
    updated = report.model_copy(deep=True)
    updated.sections.other = ""  # unwritten again: the export and this page follow the facts
    common.commit(cfg, updated, note="section_six")
