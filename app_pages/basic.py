"""基本信息: start or open a report, the unit profile and year, version history, system status."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import streamlit as st

from app_pages import common, fields
from assistant.accounts import policy, records
from assistant.accounts.policy import Action
from assistant.core.errors import ReportError
from assistant.core.labels import LEVELS
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.core.textpatterns import format_moment
from assistant.library.previous import carry_note
from assistant.messages_zh import ui
from assistant.tables.carry import carry_forward
from assistant.tables.templates import new_report

THIS_YEAR = dt.date.today().year


def render(cfg: Settings) -> None:
    """The page."""
    st.header(ui("basic_title"))
    start_tabs(cfg)
    report = common.current(cfg)
    if report is not None:
        st.subheader(ui("profile_header"))
        profile_form(cfg)
        version_history(cfg)
    system_status(cfg)


def start_tabs(cfg: Settings) -> None:
    """新建 / 打开 / 从上年报告开始."""
    new, saved, carry = st.tabs([ui("start_new"), ui("start_open"), ui("start_carry")])
    user = common.user()
    with new:
        if user is not None:  # a clerk's report belongs to the clerk's unit, whatever a form says
            st.caption(ui("wf.unit_bound", county=user.county, unit=user.unit))
        else:
            st.text_input(ui("unit_name"), key="new.unit")
        cols = st.columns(4)
        cols[0].number_input(ui("report_year"), 2008, 2100, THIS_YEAR - 1, key="new.year")
        if user is None:
            cols[1].text_input(ui("county"), key="new.county")
        cols[2].text_input(ui("city"), key="new.city")
        cols[3].text_input(ui("province"), key="new.province")
        st.button(ui("create_button"), key="new.create", on_click=_create, args=(cfg,), type="primary")
    rows = policy.visible_reports(common.store(cfg), user)
    options = {r.id: ui("saved_option", unit=r.unit, year=r.year or "", id=r.id, updated_at=format_moment(r.updated_at))
               + (f" · {ui(f'wf:{r.state.value}')}" if user is not None else "") for r in rows}
    with saved:
        if not rows:
            st.caption(ui("no_saved"))
        else:
            st.selectbox(ui("saved_reports"), list(options), format_func=lambda k: options[k], key="open.pick")
            st.button(ui("open_button"), key="open.go", on_click=_open, args=(cfg,))
    with carry:
        if rows:
            st.selectbox(ui("carry_from_saved"), list(options), format_func=lambda k: options[k], key="carry.pick")
        st.file_uploader(ui("carry_from_file"), type=["json", "txt", "docx", "pdf", "html", "htm"], key="carry.file")
        st.button(ui("carry_button"), key="carry.go", on_click=_carry, args=(cfg,))
    for level in ("flash_ok", "flash_error"):
        if msg := st.session_state.pop(level, None):
            (st.success if level == "flash_ok" else st.error)(msg)


def _create(cfg: Settings) -> None:
    user = common.user()
    unit = user.unit if user is not None else st.session_state.get("new.unit", "").strip()
    if not unit:
        st.session_state["flash_error"] = ui("unit_required")
        return
    county = user.county if user is not None else st.session_state.get("new.county", "")
    report = new_report(unit, int(st.session_state["new.year"]), county=county,
                        city=st.session_state.get("new.city", ""), province=st.session_state.get("new.province", ""))
    try:
        rid = policy.create_report(common.store(cfg), user, report)
    except ReportError as err:
        st.session_state["flash_error"] = common.zh(err)
        return
    common.open_report(rid)
    st.session_state["flash_ok"] = ui("created", id=rid)


def _open(cfg: Settings) -> None:
    rid = st.session_state.get("open.pick")
    if rid is not None and policy.may(common.store(cfg), common.user(), Action.READ, int(rid)):
        common.open_report(int(rid))
        st.session_state["flash_ok"] = ui("opened", id=rid)


def _carry(cfg: Settings) -> None:
    try:
        last, source_id = _last_year(cfg)
    except ReportError as err:
        st.session_state["flash_error"] = common.zh(err)
        return
    if last is None:
        return
    report = carry_forward(last)
    # The note names the saved report carried from, so the checker compares with it.
    try:
        rid = policy.create_report(common.store(cfg), common.user(), report, note=carry_note(source_id))
    except ReportError as err:
        st.session_state["flash_error"] = common.zh(err)
        return
    common.open_report(rid)
    st.session_state["flash_ok"] = ui("carry_done", year=report.profile.report_year or "")


def _last_year(cfg: Settings) -> tuple[AnnualReport | None, int | None]:
    """Last year's report (from the upload, else the picked saved report) and its saved id, if any."""
    upload = st.session_state.get("carry.file")
    if upload is None:
        pick = st.session_state.get("carry.pick")
        if pick is None:
            return None, None
        return records.load(common.store(cfg), common.user(), int(pick)), int(pick)
    suffix = Path(upload.name).suffix.lower()
    if suffix == ".json":
        from assistant.persistence.report_files import report_from_bytes

        return report_from_bytes(upload.getvalue(), file=upload.name, max_mb=cfg.max_json_mb), None
    from ingest.parse import parse_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        return parse_file(path, cfg), None


def profile_form(cfg: Settings) -> None:
    """The unit profile, title, preamble and 落款, each written through on change."""
    cols = st.columns(2)
    with cols[0]:
        fields.text(cfg, "profile.organ_name", ui("organ_name"))
        fields.text(cfg, "profile.short_name", ui("short_name"))
        fields.choice(cfg, "profile.level", ui("level"), [None, *LEVELS])
        fields.integer(cfg, "profile.report_year", ui("report_year"), 2008, 2100)
    with cols[1]:
        fields.text(cfg, "profile.province", ui("province"))
        fields.text(cfg, "profile.city", ui("city"))
        fields.text(cfg, "profile.county", ui("county"))
    fields.text(cfg, "title", ui("title"))
    fields.area(cfg, "preamble", ui("preamble"))
    cols = st.columns(2)
    with cols[0]:
        fields.text(cfg, "closing.organ", ui("closing_organ"))
    with cols[1]:
        fields.date(cfg, "closing.date", ui("closing_date"))


def version_history(cfg: Settings) -> None:
    """List the saved versions; restore one."""
    rid = common.opened_id()
    with st.expander(ui("versions_header")):
        rows = records.versions(common.store(cfg), common.user(), rid)
        labels = {v.n: ui("version_option", n=v.n, saved_at=format_moment(v.saved_at), note=v.note) for v in rows}
        st.selectbox(ui("versions_header"), list(labels), format_func=lambda k: labels[k], key="versions.pick")
        st.button(ui("restore_button"), key="versions.restore", on_click=_restore, args=(cfg,))


def _restore(cfg: Settings) -> None:
    rid = common.active_id()
    n = st.session_state.get("versions.pick")
    if rid is None or n is None:
        return
    if not common.writable(cfg, rid):
        st.session_state["flash_error"] = ui("wf.locked", state=ui(f"wf:{policy.state_of(common.store(cfg), rid).value}"))
        return
    records.restore(common.store(cfg), common.user(), rid, int(n))
    common.open_report(rid)
    st.session_state["flash_ok"] = ui("restored", n=n)


def system_status(cfg: Settings) -> None:
    """Backend, embedding model and library size; never loads the embedding model."""
    with st.expander(ui("system_header")):
        st.write(ui("system_backend", backend=cfg.backend))
        st.write(ui("system_embedder", embedder=cfg.embedder))
        count = common.library_size(cfg)
        st.write(ui("system_library", count=count) if count is not None else ui("system_library_unknown"))
