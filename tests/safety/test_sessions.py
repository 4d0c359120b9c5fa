"""Two app sessions on one report, the open report in the URL, clearing a figure, and a CLI ingest while
the app serves: the real app script (AppTest), the real database and library, the real CLI in a child process."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.core.errors import ConflictError
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import AUTOSAVE_NOTE, Store
from assistant.tables.templates import new_report
from tests.app.conftest import open_app_page

REPO = Path(__file__).resolve().parents[2]


def field(elements, path: str):
    return next(e for e in elements if e.key and e.key.rsplit(".", 1)[0] == f"f.{path}")


def _app(rid: int | None = None, page: str | None = None, query: dict | None = None) -> AppTest:
    return open_app_page(rid, page, query)


def _store() -> Store:
    return Store.from_settings(load_settings())


def test_two_sessions_on_one_report_lose_no_edit_without_a_conflict_message() -> None:
    rid = _store().create_report(new_report("青山镇", 2024))
    first, second = _app(rid), _app(rid)
    field(first.text_area, "preamble").set_value("第一位同事写的引言。").run()
    field(second.text_area, "preamble").set_value("第二位同事写的引言。").run()
    assert not second.exception
    shown = " ".join(e.value for e in second.error)
    assert "另一个窗口" in shown and "版本历史" in shown  # the conflict is said, in Chinese
    assert any("引言" in c.value for c in second.caption)  # and which part differs
    store = _store()
    assert store.load_report(rid).preamble == "第一位同事写的引言。"  # nothing overwritten
    kept = [store.load_version(rid, v.n).preamble for v in store.versions(rid)]
    assert "第一位同事写的引言。" in kept and "第二位同事写的引言。" in kept  # both versions kept
    second.button(key="conflict.mine").click().run()
    assert store.load_report(rid).preamble == "第二位同事写的引言。"
    assert "第一位同事写的引言。" in [store.load_version(rid, v.n).preamble for v in store.versions(rid)]


def test_store_refuses_a_save_based_on_an_old_version() -> None:
    store = _store()
    report = new_report("青山镇", 2024)
    rid = store.create_report(report)
    base = store.current_hash(rid)
    store.save_report(rid, report.model_copy(update={"preamble": "甲"}), base_hash=base)
    with pytest.raises(ConflictError):
        store.save_report(rid, report.model_copy(update={"preamble": "乙"}), base_hash=base)
    assert store.load_report(rid).preamble == "甲"


def test_versions_keep_one_per_ten_minutes_for_a_day_and_one_per_day_before() -> None:
    now = [dt.datetime(2025, 1, 10, 8, 0)]
    store = Store(load_settings().db_url, clock=lambda: now[0])
    report = new_report("青山镇", 2024)
    rid = store.create_report(report)
    for i in range(32):  # 4.8 hours of edits, one every 9 minutes
        now[0] += dt.timedelta(minutes=9)
        store.save_report(rid, report.model_copy(update={"preamble": f"第{i}稿"}), note=AUTOSAVE_NOTE)
    autosaves = [v for v in store.versions(rid) if v.note == AUTOSAVE_NOTE]
    assert len(autosaves) >= 28  # ≥ one per 10 minutes of editing (was 2)
    now[0] += dt.timedelta(days=3)
    store.save_report(rid, report.model_copy(update={"preamble": "三天后"}), note=AUTOSAVE_NOTE)
    days = {v.saved_at[:10] for v in store.versions(rid) if v.note == AUTOSAVE_NOTE}
    autosaves = [v for v in store.versions(rid) if v.note == AUTOSAVE_NOTE]
    assert len(autosaves) == len(days) == 2  # older than a day: one per day


def test_reload_reopens_the_report_named_in_the_url() -> None:
    rid = _store().create_report(new_report("青山镇", 2024))
    fresh = _app(query={"report": str(rid)})  # a new session, as after a reload or a server restart
    assert fresh.session_state["rid"] == rid
    assert any("青山镇" in s.value for s in fresh.sidebar.success)


def test_a_figure_in_the_facts_can_be_cleared_back_to_blank() -> None:
    rid = _store().create_report(new_report("青山镇", 2024))
    at = _app(rid, "data")
    number = field(at.number_input, "facts.website_count")
    number.set_value(12).run()
    assert _store().load_report(rid).facts.website_count == 12
    field(at.number_input, "facts.website_count").set_value(None).run()
    assert not at.exception
    assert _store().load_report(rid).facts.website_count is None


@pytest.mark.slow
def test_cli_ingest_while_the_app_serves_leaves_the_next_search_working(home: Path) -> None:
    (home / "config.toml").write_text('embedder = "hash"\n', encoding="utf-8")
    samples = sorted((REPO / "library" / "samples").glob("*.txt"))
    from assistant.library.ingest import ingest_paths

    ingest_paths(samples[:3], load_settings())
    at = _app(page="similar")
    at.text_input(key="sim.query").set_value("政府信息公开 主动公开").run()
    at.button(key="sim.go").click().run()
    assert not at.exception and at.session_state["sim.result"].results
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", "from cli import main; main()", "ingest", *map(str, samples[3:8])],
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    at.button(key="sim.go").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    units = {p.meta.unit for p in at.session_state["sim.result"].results}
    new_units = {r.unit for r in _library_rows() if r.source in {str(p) for p in samples[3:8]}}
    assert at.session_state["sim.result"].results and new_units
    assert units  # the search answered from the changed library


def _library_rows():
    from assistant.library.ingest import list_reports

    return list_reports(load_settings())
