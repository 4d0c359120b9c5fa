"""Shared pieces of the app: cached resources, the active report, autosave, what the library lends to
drafting and checking (other units' names, last year's report).

State of an open report lives in ``st.session_state`` under its id (``report:<id>``); the database is
the shared truth, so two browser sessions on two reports never share unsaved state. Each session saves
against the hash of the report it loaded: when another session saved in between, nothing is overwritten,
both versions are kept and :func:`conflict_panel` shows the difference per part. The open report's id is
also in the page URL (``?report=<id>``), so a reload or a server restart reopens it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from assistant.accounts import records
from assistant.accounts.policy import Action, State, may, state_of
from assistant.accounts.users import User
from assistant.core.errors import ConflictError, ReportError
from assistant.core.findings import Finding, Severity
from assistant.core.report import AnnualReport, content_hash
from assistant.core.settings import Settings, load_settings
from assistant.export.gate import Gate, review_export
from assistant.library.previous import has_library, library_previous, unit_of
from assistant.messages_zh import message, ui, zh
from assistant.persistence.drafts_db import AUTOSAVE_NOTE, Store

QUERY_KEY = "report"  # ?report=<id> in the page URL
USER = "auth.user"  # the logged-in account (accounts mode only; app_pages/auth.py sets it)
FIELD_PREFIX = "f."  # widgets bound to the open report; cleared when another report is opened
SEVERITY_ICON = {Severity.ERROR: "✗", Severity.WARNING: "⚠", Severity.INFO: "ℹ"}


def settings() -> Settings:
    """The settings of this run (cheap: environment plus <home>/config.toml)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _store(url: str, accounts_required: bool) -> Store:
    return Store(url, accounts_required=accounts_required)


def store(cfg: Settings) -> Store:
    """The database of ``cfg`` (one engine per URL and mode, shared by sessions); a county server's store
    (Settings.accounts_mode) refuses every report without a login."""
    cfg.home.mkdir(parents=True, exist_ok=True)
    return _store(cfg.db_url, cfg.accounts_mode)


def user() -> User | None:
    """The logged-in account; None in single-user mode."""
    return st.session_state.get(USER)


def show_error(err: BaseException) -> None:
    """A ReportError as one Chinese line."""
    st.error(zh(err))


# ---------------------------------------------------------------- the active report
def active_id() -> int | None:
    """Id of the report this session has open (after a reload, the one named in the page URL)."""
    if "rid" not in st.session_state:
        raw = st.query_params.get(QUERY_KEY, "")
        if raw.isdigit():
            st.session_state["rid"] = int(raw)
    return st.session_state.get("rid")


def current(cfg: Settings) -> AnnualReport | None:
    """The open report (from this session's state, else from the database)."""
    rid = active_id()
    if rid is None:
        return None
    key = f"report:{rid}"
    if not may(store(cfg), user(), Action.READ, rid):  # asked on every run: states and accounts change
        st.error(ui("wf.refused"))
        forget_report(rid)
        return None
    if key not in st.session_state:
        try:
            report = records.load(store(cfg), user(), rid)
        except ReportError as err:
            show_error(err)
            st.session_state.pop("rid", None)
            st.query_params.pop(QUERY_KEY, None)
            return None
        st.session_state[key] = report
        st.session_state[f"hash:{rid}"] = content_hash(report)
    return st.session_state[key]


def forget_report(rid: int) -> None:
    """Close report ``rid`` in this session: its id, cached state and page-URL parameter go."""
    for name in ("rid", f"report:{rid}", f"hash:{rid}", f"chat:{rid}", f"last_draft:{rid}"):
        st.session_state.pop(name, None)
    st.query_params.pop(QUERY_KEY, None)


def writable(cfg: Settings, rid: int) -> bool:
    """Whether the logged-in account (or the single user) may change report ``rid`` now."""
    return may(store(cfg), user(), Action.WRITE, rid)


def lock_banner(cfg: Settings) -> None:
    """When the open report may be read but not changed (submitted, approved): say so, once at the top."""
    rid = active_id()
    if rid is None or user() is None or current(cfg) is None or writable(cfg, rid):
        return
    state = state_of(store(cfg), rid)
    if state is not State.DRAFT:
        st.warning(ui("wf.locked", state=ui(f"wf:{state.value}")))


def opened(cfg: Settings) -> AnnualReport:
    """The open report, for code that only runs while one is open (pages check ``require_report`` first)."""
    report = current(cfg)
    if report is None:
        raise RuntimeError("no report is open")
    return report


def opened_id() -> int:
    """Id of the open report, for code that only runs while one is open."""
    rid = active_id()
    if rid is None:
        raise RuntimeError("no report is open")
    return rid


def commit(cfg: Settings, report: AnnualReport, note: str = AUTOSAVE_NOTE) -> bool:
    """Make ``report`` the open report's state and write it through when its content changed."""
    rid = active_id()
    if rid is None:
        return False
    if not writable(cfg, rid):  # the policy has the last word on every save (submitted, other unit …)
        return False
    st.session_state[f"report:{rid}"] = report
    if st.session_state.get("conflict", (None,))[0] == rid:
        return False  # nothing more is saved until the clerk has chosen a version
    digest = content_hash(report)
    base = st.session_state.get(f"hash:{rid}")
    if base == digest and note == AUTOSAVE_NOTE:
        return False
    try:
        records.save(store(cfg), user(), rid, report, note=note, base_hash=base)
    except ConflictError as err:
        st.session_state["conflict"] = (rid, err)
        st.rerun()  # show the conflict panel at the top of the page now
    st.session_state[f"hash:{rid}"] = digest
    return True


def conflict_panel(cfg: Settings) -> None:
    """After a save conflict: the message, the parts that differ (theirs beside mine), and a choice."""
    from assistant.core.labels import SECTION_TITLES
    from assistant.persistence.conflict import differences

    rid, err = st.session_state.get("conflict", (None, None))
    if rid is None or rid != active_id():
        return
    try:
        theirs = records.load(store(cfg), user(), rid)
    except ReportError as load_err:
        show_error(load_err)
        return
    mine = st.session_state[f"report:{rid}"]
    diffs = differences(theirs, mine)
    st.error(zh(err))
    names = [SECTION_TITLES.get(p.removeprefix("sections."), ui(f"diff.{p}")) for p, _, _ in diffs]
    st.caption(ui("conflict_sections", sections="、".join(names)))
    for name, (_, their_text, my_text) in zip(names, diffs, strict=True):
        with st.expander(name, expanded=len(diffs) <= 2):
            left, right = st.columns(2)
            left.caption(ui("conflict_theirs"))
            left.text(their_text)
            right.caption(ui("conflict_mine"))
            right.text(my_text)
    left, right = st.columns(2)
    left.button(ui("conflict_take_mine"), key="conflict.mine", on_click=_resolve, args=(cfg, rid, True))
    right.button(ui("conflict_take_theirs"), key="conflict.theirs", on_click=_resolve, args=(cfg, rid, False))


def _resolve(cfg: Settings, rid: int, keep_mine: bool) -> None:
    """Keep my version (theirs stays in the history) or take theirs (mine stays in the history)."""
    st.session_state.pop("conflict", None)
    if keep_mine and writable(cfg, rid):
        mine = st.session_state[f"report:{rid}"]
        records.save(store(cfg), user(), rid, mine, note="conflict:kept_mine")
        st.session_state[f"hash:{rid}"] = content_hash(mine)
    else:
        theirs = records.load(store(cfg), user(), rid)
        st.session_state[f"report:{rid}"] = theirs
        st.session_state[f"hash:{rid}"] = content_hash(theirs)
    reset_fields()
    reset_editors()


def open_report(rid: int) -> None:
    """Switch this session to report ``rid``; widgets bound to the previous one are reset."""
    for key in list(st.session_state.keys()):
        if str(key).startswith((FIELD_PREFIX, "report:", "hash:")):
            del st.session_state[key]
    st.session_state["rid"] = rid
    st.session_state.pop("conflict", None)
    st.query_params[QUERY_KEY] = str(rid)
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


def require_report(cfg: Settings) -> AnnualReport | None:
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
    return f"{SEVERITY_ICON.get(f.severity, '')} {message(f)}"


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


def library_rows(cfg: Settings) -> list[Any]:
    """The library's manifest rows; empty when there is no library yet (nothing heavy is loaded then)."""
    if not has_library(cfg):
        return []
    from assistant.library.ingest import list_reports

    try:
        return list_reports(cfg)
    except ReportError:
        return []


def library_size(cfg: Settings) -> int | None:
    """Number of past reports in the library; None when there is none yet."""
    if not has_library(cfg):
        return None
    return len(library_rows(cfg))


def _signature(cfg: Settings) -> tuple[str, ...]:
    """What the library holds now, as a cache key (changes after every ingest or removal)."""
    return tuple(f"{r.report_id}@{r.ingested_at}" for r in library_rows(cfg))


@st.cache_resource(show_spinner=False, max_entries=8)
def _drafting_context(key: str, signature: tuple[str, ...], _cfg: Settings) -> dict[str, Any]:
    from assistant.library.context import drafting_context as build

    try:
        return build(_cfg)
    except ReportError:
        return {}


def drafting_context(cfg: Settings) -> dict[str, Any]:
    """``retrieve`` and ``gazetteer`` for drafting, built once per library state; {} without a library."""
    signature = _signature(cfg)
    return _drafting_context(cfg.model_dump_json(), signature, cfg) if signature else {}


def gazetteer(cfg: Settings) -> tuple[str, ...]:
    """Names of the units in the library (the checker and the guard flag them in a report's text)."""
    return tuple(drafting_context(cfg).get("gazetteer", ()))


def unit_name(report: AnnualReport) -> str:
    """The report's unit as listed: short name, else organ name."""
    return unit_of(report)


@st.cache_resource(show_spinner=False, max_entries=16)
def _library_previous(key: str, unit: str, year: int, signature: tuple[str, ...], _cfg: Settings,
                      _report: AnnualReport) -> AnnualReport | None:
    try:
        return library_previous(_cfg, _report)
    except ReportError:
        return None


def previous(cfg: Settings, report: AnnualReport) -> AnnualReport | None:
    """Last year's report of the same unit: the saved report this one was carried forward from, else a
    saved report of the unit for the year before, else the library's (parsed once per library state)."""
    last = records.previous(store(cfg), user(), report, active_id())
    year, unit = report.profile.report_year, report.profile.short_name
    if last is not None or not year or not unit:
        return last
    signature = _signature(cfg)
    return _library_previous(cfg.model_dump_json(), unit, year, signature, cfg, report) if signature else None


def export_gate(cfg: Settings, report: AnnualReport) -> Gate:
    """The checklist and the export gate of the report (one computation, shared by 检查清单 and 导出), with
    the library's unit names and last year's report when known."""
    return review_export(report, previous(cfg, report), gazetteer=gazetteer(cfg), deadline=cfg.deadline)


def focus_banner() -> None:
    """After a checklist jump: name the field to fix, at the top of the page and in the sidebar (which does
    not scroll away); it stays while the clerk edits on that page and goes when another page is chosen."""
    location = st.session_state.get("focus")
    if not location:
        return
    if st.session_state.get("nav") != st.session_state.get("focus_page"):
        st.session_state.pop("focus", None)
        return
    from assistant.core.glossary import location_label

    text = ui("focus", field=location_label(location))
    st.info(text)
    st.sidebar.warning(text)
