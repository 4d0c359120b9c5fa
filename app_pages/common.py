"""Shared pieces of the app: cached resources, the active report, autosave, optional modules.

State of an open report lives in ``st.session_state`` under its id (``report:<id>``); the database is
the shared truth, so two browser sessions on two reports never share unsaved state.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Iterable, Optional

import streamlit as st

from assistant.errors import ReportError
from assistant.findings import Finding, Severity
from assistant.messages_zh import ui, zh
from assistant.report import AnnualReport
from assistant.session import content_hash
from assistant.settings import Settings, load_settings
from assistant.store_db import AUTOSAVE_NOTE, Store

FIELD_PREFIX = "f."  # widgets bound to the open report; cleared when another report is opened
SEVERITY_ICON = {Severity.ERROR: "✗", Severity.WARNING: "⚠", Severity.INFO: "ℹ"}


def settings() -> Settings:
    """The settings of this run (cheap: environment plus <home>/config.toml)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store(cfg: Settings) -> Store:
    """The database of ``cfg`` (one engine per URL, shared by sessions)."""
    cfg.home.mkdir(parents=True, exist_ok=True)
    return _store(cfg.db_url)


def optional(module: str, name: str) -> Optional[Callable[..., Any]]:
    """``module.name`` if that module exists yet (other engineers' work may still be missing)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError:
        return None
    return getattr(mod, name, None)


def not_ready(what: str) -> None:
    """Say that a feature is not available yet."""
    st.info(ui("not_ready", what=what))


def show_error(err: BaseException) -> None:
    """A ReportError as one Chinese line."""
    st.error(zh(err))


# ---------------------------------------------------------------- the active report
def active_id() -> Optional[int]:
    """Id of the report this session has open."""
    return st.session_state.get("rid")


def current(cfg: Settings) -> Optional[AnnualReport]:
    """The open report (from this session's state, else from the database)."""
    rid = active_id()
    if rid is None:
        return None
    key = f"report:{rid}"
    if key not in st.session_state:
        try:
            report = store(cfg).load_report(rid)
        except ReportError as err:
            show_error(err)
            st.session_state.pop("rid", None)
            return None
        st.session_state[key] = report
        st.session_state[f"hash:{rid}"] = content_hash(report)
    return st.session_state[key]


def commit(cfg: Settings, report: AnnualReport, note: str = AUTOSAVE_NOTE) -> bool:
    """Make ``report`` the open report's state and write it through when its content changed."""
    rid = active_id()
    if rid is None:
        return False
    st.session_state[f"report:{rid}"] = report
    digest = content_hash(report)
    if st.session_state.get(f"hash:{rid}") == digest and note == AUTOSAVE_NOTE:
        return False
    store(cfg).save_report(rid, report, note=note)
    st.session_state[f"hash:{rid}"] = digest
    return True


def open_report(rid: int) -> None:
    """Switch this session to report ``rid``; widgets bound to the previous one are reset."""
    for key in list(st.session_state.keys()):
        if str(key).startswith(FIELD_PREFIX) or str(key).startswith("report:") or str(key).startswith("hash:"):
            del st.session_state[key]
    st.session_state["rid"] = rid
    reset_editors()
    reset_fields()


def field_key(path: str) -> str:
    """Widget key of a field bound to the open report. The version changes whenever the report is
    changed by something other than that widget (open, restore, adopt): a widget whose key was merely
    deleted would keep its old value in the browser and send it back on the next rerun."""
    return f"{FIELD_PREFIX}{path}.{st.session_state.get('field_version', 0)}"


def reset_fields() -> None:
    """Give every bound field fresh widget state (call from a callback)."""
    st.session_state["field_version"] = st.session_state.get("field_version", 0) + 1


def reset_editors() -> None:
    """Give the table grids fresh widget state (after a change not typed into them)."""
    st.session_state["editor_version"] = st.session_state.get("editor_version", 0) + 1


def editor_key(name: str) -> str:
    """Widget key of a table grid, fresh after every reset."""
    return f"{FIELD_PREFIX}{name}.{st.session_state.get('editor_version', 0)}"


def require_report(cfg: Settings) -> Optional[AnnualReport]:
    """The open report, or a note pointing to 基本信息."""
    report = current(cfg)
    if report is None:
        st.info(ui("no_report"))
    return report


def goto(page: str) -> None:
    """Callback: switch the navigation to ``page``."""
    st.session_state["nav"] = page


# ---------------------------------------------------------------- findings
def finding_line(f: Finding) -> str:
    """One finding as a line of text."""
    return f"{SEVERITY_ICON.get(f.severity, '')} {f.message}"


def show_findings(findings: Iterable[Finding]) -> None:
    """Findings as coloured boxes (errors red, warnings yellow, notes blue)."""
    for f in findings:
        box = {Severity.ERROR: st.error, Severity.WARNING: st.warning}.get(f.severity, st.info)
        box(finding_line(f))


def sidebar_status(cfg: Settings) -> None:
    """The open report's name in the sidebar."""
    report = current(cfg)
    if report is not None:
        unit = report.profile.short_name or report.profile.organ_name
        st.success(ui("current_report", unit=unit, year=report.profile.report_year or "", id=active_id()))


def library_size(cfg: Settings) -> Optional[int]:
    """Number of past reports in the library; None when there is none yet (nothing heavy is loaded then)."""
    if not (cfg.home / "library.db").exists():
        return None
    list_reports = optional("ingest.pipeline", "list_reports")
    if list_reports is None:
        return None
    try:
        return len(list_reports(cfg))
    except ReportError:
        return None


def all_findings(cfg: Settings, report: AnnualReport) -> list[Finding]:
    """Every finding of the report: the full checker when present, else the table rules."""
    check_report = optional("assistant.checks", "check_report")
    if check_report is not None:
        return check_report(report, gazetteer=(), deadline=cfg.deadline)
    table_findings = optional("assistant.rules", "table_findings")
    return table_findings(report) if table_findings is not None else []


def focus_banner() -> None:
    """After a checklist jump: name the field to fix."""
    location = st.session_state.pop("focus", None)
    if location:
        from assistant.fieldnames import location_label

        st.info(ui("focus", field=location_label(location)))
