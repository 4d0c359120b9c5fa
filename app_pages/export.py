"""导出: .docx / .md / .json downloads, refused while error-level findings remain unless confirmed."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from app_pages.grids import blocking_errors
from assistant.core.settings import Settings
from assistant.core.unitname import title_for
from assistant.export.docx import docx_bytes
from assistant.export.markdown import export_md
from assistant.messages_zh import ui
from assistant.persistence.report_files import report_to_json

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("export_title"))
    report = common.require_report(cfg)
    if report is None:
        return
    errors = blocking_errors(common.all_findings(cfg, report))
    allowed = errors == 0
    if errors:
        st.warning(ui("export_blocked", count=errors))
        allowed = st.checkbox(ui("export_confirm"), key="export.confirm")
    else:
        st.success(ui("export_ready"))
    name = title_for(report.profile)
    cols = st.columns(3)
    cols[0].download_button(ui("export_docx"), data=docx_bytes(report) if allowed else b"", file_name=f"{name}.docx",
                            mime=DOCX_MIME, key="export.docx", disabled=not allowed)
    cols[1].download_button(ui("export_md"), data=export_md(report) if allowed else "", file_name=f"{name}.md",
                            mime="text/markdown", key="export.md", disabled=not allowed)
    cols[2].download_button(ui("export_json"), data=report_to_json(report), file_name=f"{name}.json",
                            mime="application/json", key="export.json")
