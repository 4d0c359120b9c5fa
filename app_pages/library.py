"""资料库: upload several past reports at once (progress bar, per-file result); list; remove."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages import common
from app_pages.grids import too_large
from assistant.core.errors import ReportError
from assistant.core.settings import Settings
from assistant.messages_zh import ui, zh_problem

UPLOAD_TYPES = ["txt", "docx", "pdf", "html", "htm", "doc"]


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("library_title"))
    uploads = st.file_uploader(ui("upload_label"), type=UPLOAD_TYPES, accept_multiple_files=True, key="lib.upload")
    if st.button(ui("ingest_button"), key="lib.ingest", type="primary", disabled=not uploads):
        ingest(cfg, uploads or [])
    listing(cfg)


def ingest(cfg: Settings, uploads: list) -> None:
    """Write the uploads to <home>/uploads and ingest them with a progress bar."""
    from assistant.library.ingest import ingest_paths

    keep = []
    for up in uploads:
        if too_large(up.size, cfg.upload_limit_mb):
            st.error(ui("too_large", name=up.name, limit=cfg.upload_limit_mb))
        else:
            keep.append(up)
    if not keep:
        return
    bar = st.progress(0.0, text=ui("page.ingest_progress", name=keep[0].name))
    folder = cfg.home / "uploads"  # kept: 相似报告 opens a whole report from its source file
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for up in keep:
        path = folder / Path(up.name).name
        path.write_bytes(up.getvalue())
        paths.append(path)

    def progress(done: int, total: int, file: str) -> None:
        bar.progress(done / max(total, 1), text=ui("page.ingest_progress", name=Path(file).name))

    try:
        result = ingest_paths(paths, cfg, progress=progress)
    except ReportError as err:
        common.show_error(err)
        return
    failed = {Path(f.file).name: zh_problem(f.problem) for f in result.failed}
    st.success(ui("ingest_done", added=result.ingested + result.replaced, skipped=result.skipped_unchanged + len(failed)))
    for up in keep:
        name = Path(up.name).name
        st.write(ui("ingest_skip", name=name, reason=failed[name]) if name in failed else ui("ingest_ok", name=name))


def listing(cfg: Settings) -> None:
    """The reports in the library, each with a remove button."""
    st.subheader(ui("library_list"))
    if msg := st.session_state.pop("lib.flash_error", None):
        st.error(msg)
    rows = []
    if common.library_size(cfg) is not None:
        from assistant.library.ingest import list_reports

        try:
            rows = list_reports(cfg)  # errors (e.g. a library built with another model) are shown
        except ReportError as err:
            common.show_error(err)
            return
    if not rows:
        st.caption(ui("page.library_empty"))
    for row in rows:
        cols = st.columns([6, 1])
        cols[0].write(f"{row.unit or row.organ} · {row.year or ''} · {Path(row.source).name}")
        cols[1].button(ui("remove_button"), key=f"lib.remove.{row.report_id}", on_click=_remove,
                       args=(cfg, row.report_id, row.unit or Path(row.source).name))


def _remove(cfg: Settings, report_id: str, name: str) -> None:
    from assistant.library.ingest import remove_report

    try:
        remove_report(cfg, report_id)
    except ReportError as err:
        st.session_state["lib.flash_error"] = common.zh(err)
        return
    st.toast(ui("removed", name=name))
