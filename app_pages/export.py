"""导出: .docx / .md / .json downloads, refused while error-level findings remain unless confirmed.

The decision comes from ``common.export_gate`` — the same computation the 检查清单 page shows — so the two
pages never disagree; the assistant's own 【待补充】【待核实】【待确认】 marks block like any other error.
"""

from __future__ import annotations

import streamlit as st

from app_pages import common
from assistant.core.errors import ReportError
from assistant.core.settings import Settings
from assistant.core.unitname import title_for
from assistant.export.docx import docx_bytes
from assistant.export.markdown import export_md
from assistant.messages_zh import ui
from assistant.persistence.report_files import report_to_json

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHOWN = 8  # blocking findings listed; the checklist has them all


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("export_title"))
    report = common.require_report(cfg)
    if report is None:
        return
    try:
        gate = common.export_gate(cfg, report)
    except ReportError as err:
        common.show_error(err)
        return
    allowed = gate.ok
    if not gate.ok:
        st.warning(ui("export_blocked", count=len(gate.blocking)))
        for f in gate.blocking[:SHOWN]:
            st.caption(common.finding_line(f))
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
