"""审核台 through the real app script (AppTest): import a county's folder, open a unit, set its status."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from bench.synth_county import write_county


def test_import_folder_open_unit_and_mark_returned(tmp_path: Path) -> None:
    manifest = write_county(tmp_path / "county", n=8, year=2024, seed=3)
    at = AppTest.from_file("../../app.py", default_timeout=120).run()
    at.radio(key="nav").set_value("review").run()
    at.text_input(key="desk.folder").set_value(str(tmp_path / "county" / "this")).run()
    at.text_input(key="desk.folder_last").set_value(str(tmp_path / "county" / "last")).run()
    at.button(key="desk.run").click().run()
    assert not at.exception, at.exception
    assert any("已审核 8 份报告" in s.value for s in at.success)
    units = at.dataframe[0].value
    assert len(units) == 8 and set(units["单位"]) == set(manifest["units"])
    assert set(units["审核状态"]) == {"待审"}
    at.text_input(key="desk.filter_text").set_value(manifest["self_copy"]).run()
    assert list(at.dataframe[0].value["单位"]) == [manifest["self_copy"]]
    status = next(r for r in at.radio if r.key and r.key.startswith("desk.status."))
    status.set_value("returned").run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["审核状态"]) == ["已退回"]
    assert any("X-3" in (w.value or "") or "2023年报告相似度" in w.value for w in at.warning)
    (entry,) = [e for e in at.session_state["desk.entries"] if e.unit == manifest["self_copy"]]
    assert Store.from_settings(load_settings()).review_statuses([entry.content_hash]) == {entry.content_hash: "returned"}
    at.button(key="desk.make_exports").click().run()
    assert not at.exception, at.exception
    assert any("已生成 8 份审核意见" in s.value for s in at.success)
