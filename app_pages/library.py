"""资料库: upload several past reports at once (progress bar, per-file result); list; remove."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from app_pages import common
from app_pages.grids import too_large
from assistant.core.errors import ReportError
from assistant.core.settings import Settings
from assistant.messages_zh import ui, zh_problem

if TYPE_CHECKING:
    from vectorstore.rows import ReportRow

UPLOAD_TYPES = ["txt", "docx", "pdf", "html", "htm", "doc"]


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("library_title"))
    uploads = st.file_uploader(ui("upload_label"), type=UPLOAD_TYPES, accept_multiple_files=True, key="lib.upload")
    rows = _rows(cfg)
    replace = None
    if uploads and len(uploads) == 1 and rows:
        choices = {"": ui("replace_none"), **{r.report_id: _label(r) for r in rows}}
        replace = st.selectbox(ui("replace_label"), list(choices), format_func=choices.__getitem__,
                               key="lib.replace") or None
    if st.button(ui("ingest_button"), key="lib.ingest", type="primary", disabled=not uploads):
        ingest(cfg, uploads or [], replace=replace)
    listing(cfg, rows)


def _label(row: ReportRow) -> str:
    return f"{row.unit or row.organ} · {row.year or ''} · {Path(row.source).name}"


def ingest(cfg: Settings, uploads: list, replace: str | None = None) -> None:
    """Store the uploads under content-addressed names and ingest them with a progress bar; with
    ``replace``, the one upload replaces that library report on purpose (shown as 替换)."""
    from assistant.library.ingest import ingest_paths, replace_report, store_upload

    keep = []
    for up in uploads:
        if too_large(up.size, cfg.upload_limit_mb):
            st.error(ui("too_large", name=up.name, limit=cfg.upload_limit_mb))
        else:
            keep.append(up)
    if not keep:
        return
    bar = st.progress(0.0, text=ui("page.ingest_progress", name=keep[0].name))
    paths = [store_upload(cfg, up.name, up.getvalue()) for up in keep]

    def progress(done: int, total: int, file: str) -> None:
        bar.progress(done / max(total, 1), text=ui("page.ingest_progress", name=Path(file).name))

    try:
        if replace and len(paths) == 1:
            result = replace_report(cfg, replace, paths[0])
        else:
            result = ingest_paths(paths, cfg, progress=progress)
    except ReportError as err:
        common.show_error(err)
        return
    bar.progress(1.0, text=ui("page.ingest_progress", name=keep[-1].name))
    failed = {str(Path(f.file).resolve()): zh_problem(f.problem) for f in result.failed}
    st.success(ui("ingest_done_replace", added=result.ingested, replaced=result.replaced,
                  skipped=result.skipped_unchanged + len(failed)))
    for up, path in zip(keep, paths, strict=True):
        name = Path(up.name).name
        if str(path.resolve()) in failed:
            st.write(ui("ingest_skip", name=name, reason=failed[str(path.resolve())]))
        else:
            st.write(ui("ingest_replaced_line", name=name) if replace else ui("ingest_ok", name=name))


def _rows(cfg: Settings) -> list[ReportRow]:
    if common.library_size(cfg) is None:
        return []
    from assistant.library.ingest import list_reports

    try:
        return list_reports(cfg)
    except ReportError:
        return []


def listing(cfg: Settings, rows: list[ReportRow]) -> None:
    """The reports in the library, each with a remove button."""
    st.subheader(ui("library_list"))
    if msg := st.session_state.pop("lib.flash_error", None):
        st.error(msg)
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
        cols[0].write(_label(row))
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
