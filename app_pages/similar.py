"""相似报告: search past reports with the retrieval filters; results grouped by report; open a whole report."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from app_pages.grids import group_by_report, highlighted
from assistant.core.errors import ReportError
from assistant.core.labels import LEVELS, SECTION_KEYS, SECTION_TITLES
from assistant.core.settings import Settings
from assistant.messages_zh import ui


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("similar_title"))
    if not common.library_size(cfg):
        st.info(ui("page.library_empty"))  # nothing to search: the embedding model is not loaded
        return
    st.text_input(ui("search_query"), key="sim.query")
    cols = st.columns(6)
    any_ = ui("filter_any")
    section = cols[0].selectbox(ui("filter_section"), [None, *SECTION_KEYS], key="sim.section",
                                format_func=lambda s: any_ if s is None else SECTION_TITLES[s])
    level = cols[1].selectbox(ui("filter_level"), [None, *LEVELS], key="sim.level",
                              format_func=lambda s: any_ if s is None else s)
    province = cols[2].text_input(ui("filter_province"), key="sim.province")
    county = cols[3].text_input(ui("filter_county"), key="sim.county")
    year_from = cols[4].number_input(ui("filter_year_from"), 2008, 2100, value=None, key="sim.year_from")
    year_to = cols[5].number_input(ui("filter_year_to"), 2008, 2100, value=None, key="sim.year_to")
    if st.button(ui("search_button"), key="sim.go", type="primary") and st.session_state.get("sim.query"):
        filters = {"section": section, "level": level, "province": province or None, "county": county or None,
                       "year_from": year_from, "year_to": year_to, "k": 10}
        run_search(cfg, st.session_state["sim.query"], filters)
    show_results(cfg)


def run_search(cfg: Settings, query: str, filters: dict) -> None:
    """Search and keep the result in the session."""
    from vectorstore.hybrid import search

    try:
        st.session_state["sim.result"] = search(query, cfg, **filters)
    except ReportError as err:
        common.show_error(err)


def show_results(cfg: Settings) -> None:
    """Results grouped by report, each group with its passages and a 查看全文 button."""
    result = st.session_state.get("sim.result")
    if result is None:
        return
    if not result.results:
        st.info(ui("no_results"))
        return
    if result.low_relevance:
        st.warning(ui("low_relevance"))
    for report_id, passages in group_by_report(result.results):
        meta = passages[0].meta
        with st.expander(ui("report_group", unit=meta.unit or meta.organ, year=meta.year or "", count=len(passages)),
                         expanded=True):
            for p in passages:
                st.caption(SECTION_TITLES.get(p.meta.section) or ui(f"section_{p.meta.section}"))
                st.markdown(highlighted(p.text, p.highlight))
            if st.button(ui("open_source"), key=f"sim.open.{report_id}"):
                whole_report(cfg, report_id, meta.source, passages)


def whole_report(cfg: Settings, report_id: str, source: str, passages: list) -> None:
    """The source report's full text as the library stored it (the database, so any server process can show
    it), else from its file on this machine; else the stored passages."""
    from assistant.library.ingest import stored_report

    try:
        report = stored_report(cfg, report_id, source)
    except ReportError as err:
        common.show_error(err)
        return
    if report is None:
        st.info(ui("source_missing", file=source))
        for p in passages:
            st.markdown(p.text)
        return
    with st.container(border=True, key=f"whole_{report_id}"):
        st.markdown(f"### {report.title}")
        for key in SECTION_KEYS:
            st.markdown(f"**{SECTION_TITLES[key]}**")
            st.text(report.section_text(key))
