"""Smaller fixes of issue #11 seen through the real app script: the auto-total message and the 请修改 banner."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.core.report import AnnualReport
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app.conftest import open_app_page


def _app(rid: int, page: str) -> AppTest:
    return open_app_page(rid, page)


def test_auto_total_does_not_report_zero_mismatches(filled_report: AnnualReport) -> None:
    store = Store.from_settings(load_settings())
    rid = store.create_report(filled_report)
    at = _app(rid, "data")
    at.button(key="data.auto_total").click().run()
    (note,) = [i.value for i in at.info]
    assert "0 处" not in note and "总计都已填好" in note
    filled_report.t3.granted.total = None
    filled_report.t3.partial.total = 9
    rid2 = store.create_report(filled_report.model_copy(update={"title": "另一份"}))
    at = _app(rid2, "data")
    at.button(key="data.auto_total").click().run()
    (note,) = [i.value for i in at.info]
    assert "填入 1 处" in note and "1 处与已填写的数字不一致" in note


def test_fix_banner_stays_while_editing_and_goes_with_the_page(filled_report: AnnualReport) -> None:
    filled_report.t3.granted.total = 9
    rid = Store.from_settings(load_settings()).create_report(filled_report)
    at = _app(rid, "checklist")
    at.button(key="goto.T3-R1").click().run()
    assert at.radio(key="nav").value == "data"
    assert any("请修改" in i.value for i in at.info) and any("请修改" in w.value for w in at.sidebar.warning)
    at.button(key="data.auto_total").click().run()  # any rerun on the same page
    assert any("请修改" in w.value for w in at.sidebar.warning)
    at.radio(key="nav").set_value("export").run()
    assert not any("请修改" in w.value for w in at.sidebar.warning)
