"""审核台: a county reviewer imports every township's report (and last year's), sees a table of units
with counts and status, the charts, one unit's findings next to its text, and exports letters and the
summary workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common, workflow
from app_pages.grids import too_large
from assistant import messages_zh as words
from assistant.core.settings import Settings
from assistant.messages_zh import review_render, ui, zh_problem
from assistant.review import charts
from assistant.review.desk import STATUSES, DeskReport, load_desk, reading_text
from assistant.review.desk_io import desk_folder, export_bundle, save_uploads
from assistant.review.peers import library_peers
from assistant.review.rounds import RoundDiff, record_rounds, set_status

UPLOAD_TYPES = ["txt", "docx", "pdf", "html", "htm", "json", "doc"]
ENTRIES, DIFFS, PEERS = "desk.entries", "desk.diffs", "desk.peers"


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("desk.title"))
    user = common.user()
    if user is not None:  # a county server: the submitted reports come from the database
        workflow.county_desk(cfg, user)
        return
    st.caption(ui("desk.caption"))
    importer(cfg)
    entries: list[DeskReport] = st.session_state.get(ENTRIES, [])
    if not entries:
        return
    shown = units_table(entries)
    unit_detail(cfg, shown or entries)
    chart_tabs(entries)
    exports(cfg, entries)


# ---------------------------------------------------------------- import
def importer(cfg: Settings) -> None:
    """Uploads or folders of this year's and last year's reports, and the button that checks them."""
    with st.expander(ui("desk.import"), expanded=not st.session_state.get(ENTRIES)):
        cols = st.columns(2)
        this = cols[0].file_uploader(ui("desk.upload_this"), type=UPLOAD_TYPES, accept_multiple_files=True,
                                     key="desk.upload")
        last = cols[1].file_uploader(ui("desk.upload_last"), type=UPLOAD_TYPES, accept_multiple_files=True,
                                     key="desk.upload_last")
        folder = cols[0].text_input(ui("desk.folder_this"), key="desk.folder")
        folder_last = cols[1].text_input(ui("desk.folder_last"), key="desk.folder_last")
        st.checkbox(ui("desk.with_peers"), value=bool(common.library_size(cfg)), key="desk.with_peers")
        if st.button(ui("desk.import"), key="desk.run", type="primary"):
            run_import(cfg, this or [], last or [], folder.strip(), folder_last.strip())


def _sources(cfg: Settings, uploads: list, folder: str, name: str) -> list[Path] | None:
    if folder:
        if not Path(folder).is_dir():
            st.error(ui("desk.folder_missing", path=folder))
            return None
        return [Path(folder)]
    keep = []
    for up in uploads:
        if too_large(up.size, cfg.upload_limit_mb):
            st.error(ui("too_large", name=up.name, limit=cfg.upload_limit_mb))
        else:
            keep.append((up.name, up.getvalue()))
    return save_uploads(desk_folder(cfg, name), keep) if keep else []


def run_import(cfg: Settings, this: list, last: list, folder: str, folder_last: str) -> None:
    """Check the batch with a progress bar and record this round."""
    paths, previous = _sources(cfg, this, folder, "this"), _sources(cfg, last, folder_last, "last")
    if paths is None or previous is None:
        return
    if not paths:
        st.warning(ui("desk.nothing"))
        return
    bar = st.progress(0.0, text=ui("desk.progress", name=""))

    def progress(done: int, total: int, file: str) -> None:
        bar.progress(done / max(total, 1), text=ui("desk.progress", name=Path(file).name))

    entries = load_desk(paths, cfg, previous=previous, progress=progress)
    st.session_state[DIFFS] = record_rounds(common.store(cfg), entries)
    st.session_state[ENTRIES] = entries
    st.session_state[PEERS] = library_peers(cfg, entries) if st.session_state.get("desk.with_peers") else {}
    st.session_state.pop("desk.export", None)
    bar.empty()
    st.success(ui("desk.imported", count=len(entries)))


# ---------------------------------------------------------------- the table of units
def _round_text(diff: RoundDiff | None) -> str:
    if diff is None or diff.first:
        return ui("round.first")
    return ui("round.summary", fixed=len(diff.fixed), open=len(diff.still_open), new=len(diff.new))


def units_frame(entries: list[DeskReport], diffs: dict[str, RoundDiff]) -> pd.DataFrame:
    """One row per file: unit, year, counts, the reviewer's status, the change since the last round."""
    rows = [{ui("col.unit"): e.unit, ui("col.year"): e.year, ui("col.error"): e.counts()["error"],
             ui("col.warning"): e.counts()["warning"], ui("col.info"): e.counts()["info"],
             ui("col.status"): ui(f"status:{e.status}"),
             ui("col.round"): ui("desk.unreadable", error=zh_problem(e.problem)) if e.problem else _round_text(diffs.get(e.content_hash)),
             ui("col.file"): Path(e.file).name} for e in entries]
    return pd.DataFrame(rows)


def units_table(entries: list[DeskReport]) -> list[DeskReport]:
    """Filters and the sortable table; returns the entries shown."""
    st.subheader(ui("desk.units"))
    cols = st.columns([3, 3, 2])
    statuses = cols[0].multiselect(ui("desk.filter_status"), list(STATUSES), format_func=lambda s: ui(f"status:{s}"),
                                   placeholder=ui("desk.filter_all"), key="desk.filter_status")
    text = cols[1].text_input(ui("desk.filter_text"), key="desk.filter_text").strip()
    only_errors = cols[2].checkbox(ui("desk.only_errors"), key="desk.only_errors")
    shown = [e for e in entries if (not statuses or e.status in statuses) and (not text or text in e.unit)
             and (not only_errors or e.counts()["error"] or e.problem)]
    st.dataframe(units_frame(shown, st.session_state.get(DIFFS, {})), hide_index=True, width="stretch",
                 key="desk.table")
    return shown


# ---------------------------------------------------------------- one unit
def unit_detail(cfg: Settings, entries: list[DeskReport]) -> None:
    """The chosen unit: status, findings (grouped by section) beside the report's text."""
    by_label = {f"{e.unit} · {Path(e.file).name}": e for e in entries}
    label = st.selectbox(ui("desk.open_unit"), list(by_label), key="desk.open")
    entry = by_label.get(label or "", entries[0])
    st.radio(ui("desk.status"), list(STATUSES), index=STATUSES.index(entry.status), horizontal=True,
             format_func=lambda s: ui(f"status:{s}"), key=f"desk.status.{entry.content_hash[:16]}",
             on_change=_save_status, args=(cfg, entry))
    if entry.problem:
        st.error(ui("desk.unreadable", error=zh_problem(entry.problem)))
        return
    left, right = st.columns(2)
    with left.container(height=640, key="desk.findings"):
        st.markdown(f"**{ui('desk.findings')}**")
        st.caption(_round_text(st.session_state.get(DIFFS, {}).get(entry.content_hash)))
        if not entry.findings:
            st.success(ui("desk.no_findings"))
        common.show_findings(entry.findings)
        for f in entry.findings:
            if f.rule == "SIM-1" and f.ctx.get("passages"):
                with st.expander(ui("desk.shared_passages", other=f.ctx.get("other", ""))):
                    for passage in f.ctx["passages"]:
                        st.markdown(f"> {passage}")
    with right.container(height=640, key="desk.text"):
        st.markdown(f"**{ui('desk.text')}**")
        if entry.report is not None:
            st.text(reading_text(entry.report))


def _save_status(cfg: Settings, entry: DeskReport) -> None:
    status = st.session_state[f"desk.status.{entry.content_hash[:16]}"]
    set_status(common.store(cfg), entry, status)
    st.toast(ui("desk.status_saved", unit=entry.unit, status=ui(f"status:{status}")))


# ---------------------------------------------------------------- charts
def chart_tabs(entries: list[DeskReport]) -> None:
    """Findings by family and unit, key figures, 雷同 matrix and the change from last year."""
    st.subheader(ui("desk.charts"))
    tabs = st.tabs([ui("desk.tab_families"), ui("desk.tab_figures"), ui("desk.tab_similarity"), ui("desk.tab_yoy")])
    peers = st.session_state.get(PEERS) or {}
    made: dict[str, Any] = charts.all_charts(entries, words, peers)
    with tabs[0], st.container(key="desk.chart_families"):
        st.altair_chart(made["families"], width="stretch")
        st.altair_chart(made["heatmap"], width="stretch")
    with tabs[1], st.container(key="desk.chart_figures"):
        if peers:
            st.caption(ui("desk.peers", count=len(peers)))
        st.altair_chart(made["figures"])
    with tabs[2], st.container(key="desk.chart_similarity"):
        pairs = sorted({(*sorted((e.unit, str(f.ctx.get("other", "")))), f.ctx.get("part", ""),
                         f.ctx.get("similarity", "")) for e in entries for f in e.findings if f.rule == "SIM-1"})
        st.markdown(f"**{ui('desk.sim_pairs')}**")
        if not pairs:
            st.caption(ui("desk.no_sim"))
        for unit, other, part, score in pairs:
            st.write(f"{unit} ↔ {other}：{part} {score}")
        st.altair_chart(made["matrix"])
    with tabs[3], st.container(key="desk.chart_yoy"):
        st.altair_chart(made["yoy"], width="stretch")


# ---------------------------------------------------------------- exports
def exports(cfg: Settings, entries: list[DeskReport]) -> None:
    """Letter date, 整改时限 and reviewer; the button that writes letters, workbook and HTML; downloads."""
    st.subheader(ui("desk.exports"))
    cols = st.columns(3)
    day = cols[0].date_input(ui("desk.letter_date"), value=dt.date.today(), key="desk.letter_date")
    due = cols[1].date_input(ui("desk.rectify_date"), value=day + dt.timedelta(days=7), key="desk.rectify_date")
    reviewer = cols[2].text_input(ui("desk.reviewer"), value=ui("letter.default_reviewer"), key="desk.reviewer")
    if st.button(ui("desk.make_exports"), key="desk.make_exports", type="primary"):
        folder = desk_folder(cfg, "out", dt.datetime.now().strftime("%Y%m%d-%H%M%S"))
        page = review_render.render_html(entries)  # type: ignore[arg-type]
        st.session_state["desk.export"] = export_bundle(folder, entries, words, page, letter_date=day, deadline=due,
                                                        reviewer=reviewer, peers=st.session_state.get(PEERS))
    bundle = st.session_state.get("desk.export")
    if not bundle:
        return
    st.success(ui("desk.exports_done", count=sum(1 for e in entries if e.report is not None), path=bundle["zip"].parent))
    cols = st.columns(3)
    cols[0].download_button(ui("desk.download_letters"), bundle["zip"].read_bytes(), file_name=bundle["zip"].name,
                            key="desk.dl_letters")
    cols[1].download_button(ui("desk.download_xlsx"), bundle["xlsx"].read_bytes(), file_name=bundle["xlsx"].name,
                            key="desk.dl_xlsx")
    cols[2].download_button(ui("desk.download_html"), bundle["html"].read_bytes(), file_name=bundle["html"].name,
                            key="desk.dl_html")
