"""Each page's main flow through the real app script (streamlit.testing AppTest)."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import grids as session
from assistant.core.report import AnnualReport
from assistant.core.settings import load_settings
from assistant.drafting import intents
from assistant.persistence.drafts_db import Store
from tests.app.conftest import open_app_page

TIMEOUT = 60


def field(elements, path: str):
    """The widget bound to report field ``path`` (its key carries a version suffix)."""
    return next(e for e in elements if e.key and e.key.rsplit(".", 1)[0] == f"f.{path}")


def _store() -> Store:
    return Store.from_settings(load_settings())


def _app(rid: int | None = None, page: str | None = None) -> AppTest:
    return open_app_page(rid, page)


def test_first_page_renders_fast_and_creates_a_report() -> None:
    started = time.perf_counter()
    at = _app()
    assert time.perf_counter() - started < 10
    assert at.radio(key="nav").value == "basic"
    assert any("写作方式：builtin" in m.value for m in at.markdown)
    at.text_input(key="new.unit").set_value("青山镇").run()
    at.number_input(key="new.year").set_value(2024).run()
    at.button(key="new.create").click().run()
    assert not at.exception
    rows = _store().list_reports()
    assert [(r.unit, r.year) for r in rows] == [("青山镇", 2024)]
    assert field(at.text_input, "profile.organ_name").value == "青山镇人民政府"


def test_profile_edit_is_written_through(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid)
    field(at.text_input, "profile.county").set_value("清水县").run()
    assert _store().load_report(rid).profile.county == "清水县"
    field(at.text_area, "preamble").set_value("统计期限为2024年1月1日至12月31日。").run()
    assert _store().load_report(rid).preamble.startswith("统计期限")


def test_carry_forward_from_a_saved_report(filled_report: AnnualReport) -> None:
    filled_report.t3.carried_forward.natural_person = 2
    rid = _store().create_report(filled_report)
    at = _app()
    at.selectbox(key="carry.pick").set_value(rid).run()
    at.button(key="carry.go").click().run()
    assert not at.exception
    new_id = at.session_state["rid"]
    assert new_id != rid
    new = _store().load_report(new_id)
    assert new.profile.report_year == 2025
    assert new.t3.carried_over.natural_person == 2


def test_data_page_shows_findings_and_auto_totals(filled_report: AnnualReport) -> None:
    filled_report.t3.granted.total = 9  # breaks T3-R1: 自然人 2 ≠ 总计 9
    filled_report.t4.lit_direct.total = None
    rid = _store().create_report(filled_report)
    at = _app(rid, "data")
    assert len(at.dataframe) == 6  # four sub-tables of 二, 三, 四
    errors = [e.value for e in at.error]
    assert any("T3" in e or "予以公开" in e for e in errors), errors
    at.button(key="data.auto_total").click().run()
    assert not at.exception
    saved = _store().load_report(rid)
    assert saved.t4.lit_direct.total == 0  # filled from its parts
    assert saved.t3.granted.total == 9  # a typed total is never overwritten
    assert any("1 处" in i.value for i in at.info)


def test_facts_form_writes_through(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid, "data")
    field(at.number_input, "facts.training_sessions").set_value(3).run()
    field(at.text_area, "facts.problems").set_value("公开不及时\n解读不够").run()
    saved = _store().load_report(rid)
    assert saved.facts.training_sessions == 3
    assert saved.facts.problems == ["公开不及时", "解读不够"]


def test_draft_both_sections_and_adopt(filled_report: AnnualReport) -> None:
    pytest.importorskip("assistant.drafting.draft")
    filled_report.sections.overview = ""
    rid = _store().create_report(filled_report)
    at = _app(rid, "draft")
    at.button(key="draft.overview").click().run()
    assert not at.exception, at.exception
    assert len(at.chat_message) == 2
    draft_text = at.chat_message[1].markdown[0].value
    assert len(draft_text) > 50
    at.button(key="adopt.1").click().run()
    adopted = _store().load_report(rid).sections.overview
    assert session.as_paragraphs(adopted) == draft_text  # shown one paragraph per line
    assert field(at.text_area, "sections.overview").value == adopted
    at.button(key="draft.problems").click().run()
    assert len(at.chat_message) == 4
    at.button(key="draft.shorten").click().run()
    assert not at.exception, at.exception
    assert len(at.chat_message) == 6
    assert [m.role for m in _store().messages(rid)][:2] == ["user", "assistant"]


def test_checklist_jumps_to_the_field(filled_report: AnnualReport) -> None:
    pytest.importorskip("assistant.checks")
    filled_report.t3.granted.total = 9
    rid = _store().create_report(filled_report)
    at = _app(rid, "checklist")
    assert any(m.value.startswith("**错误") for m in at.markdown)
    at.button(key="goto.T3-R1").click().run()
    assert at.radio(key="nav").value == "data"
    assert any("请修改" in i.value for i in at.info)


def test_export_needs_confirmation_while_errors_remain(filled_report: AnnualReport) -> None:
    filled_report.t3.granted.total = 9
    rid = _store().create_report(filled_report)
    at = _app(rid, "export")
    assert at.warning and "错误" in at.warning[0].value
    docx_button = at.get("download_button")[0]
    assert docx_button.proto.disabled
    at.checkbox(key="export.confirm").check().run()
    assert not at.get("download_button")[0].proto.disabled


def test_library_page_lists_an_empty_library() -> None:
    at = _app(page="library")
    assert at.get("file_uploader")
    assert any("资料库是空的" in c.value for c in at.caption)
    assert not (load_settings().home / "library.db").exists()  # listing an empty library creates nothing


def test_password_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_PASSWORD", "s3cret")
    at = AppTest.from_file("../../app.py", default_timeout=TIMEOUT).run()
    assert not at.radio
    at.text_input(key="password").set_value("wrong").run()
    assert at.error and not at.radio
    at.text_input(key="password").set_value("s3cret").run()
    assert at.radio(key="nav").value == "basic"


def test_two_sessions_keep_their_own_report(filled_report: AnnualReport) -> None:
    store = _store()
    a = store.create_report(filled_report)
    b = store.create_report(filled_report.model_copy(update={"title": "另一份"}))
    at_a, at_b = _app(a), _app(b)
    field(at_a.text_input, "profile.county").set_value("甲县").run()
    field(at_b.text_input, "profile.county").set_value("乙县").run()
    assert store.load_report(a).profile.county == "甲县"
    assert store.load_report(b).profile.county == "乙县"
    assert field(at_a.text_input, "profile.county").value == "甲县"


def test_chat_fact_waits_for_confirmation(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid, "draft")
    at.chat_input(key="chat").set_value("今年新开通了抖音号，发布信息35条").run()
    assert not at.exception, at.exception
    assert _store().load_report(rid).facts.other_channels == filled_report.facts.other_channels  # not yet
    assert any("抖音号" in m.value and "35" in m.value for m in at.markdown)
    at.button(key="fact.accept").click().run()
    channels = _store().load_report(rid).facts.other_channels
    assert [(c.name, c.count) for c in channels if c.name == "抖音号"] == [("抖音号", 35)]


def test_chat_fact_can_be_rejected(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid, "draft")
    at.chat_input(key="chat").set_value("今年组织培训5次").run()
    at.button(key="fact.reject").click().run()
    assert not at.exception, at.exception
    assert _store().load_report(rid).facts.training_sessions == filled_report.facts.training_sessions


def test_chat_drafting_request_with_reference_unit(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid, "draft")
    at.chat_input(key="chat").set_value("参考青禾镇的写法起草问题与改进").run()
    assert not at.exception, at.exception
    assert at.chat_message[-1].name == "assistant"
    # No library here: the chat says why it cannot follow the request instead of silently drafting without it.
    reply = at.chat_message[-1].markdown[0].value
    assert "青禾镇" in reply and "资料库" in reply


def test_chat_intent() -> None:
    assert intents.chat_intent("参考青禾镇的写法起草总体情况") == ("draft", "青禾镇")
    assert intents.chat_intent("参考云溪街道的表述") == ("draft", "云溪街道")
    assert intents.chat_intent("帮我起草总体情况") == ("draft", None)
    assert intents.chat_intent("今年培训3次") == ("fact", None)


def _x1_lines(at: AppTest) -> list[str]:
    """Checklist lines of rule X-1 (本年上年结转 = 上年结转下年度继续办理)."""
    return [c.value for c in at.caption if "结转下年度继续办理”为" in c.value]


def test_checklist_compares_with_the_report_carried_from(filled_report: AnnualReport) -> None:
    filled_report.t3.carried_forward.natural_person = 2
    filled_report.t3.carried_forward.total = 2
    last = _store().create_report(filled_report)
    at = _app()
    at.selectbox(key="carry.pick").set_value(last).run()
    at.button(key="carry.go").click().run()
    rid = at.session_state["rid"]
    assert _store().versions(rid)[-1].note == f"carry_forward:{last}"
    at = _app(rid, "checklist")
    assert any("已对照上年报告（青山镇 2024年度）" in c.value for c in at.caption)
    assert not _x1_lines(at)  # carried forward: 上年结转 matches
    report = _store().load_report(rid)
    report.t3.carried_over.natural_person = 7
    report.t3.carried_over.total = 7
    _store().save_report(rid, report)
    at = _app(rid, "checklist")
    assert _x1_lines(at), [c.value for c in at.caption]


def test_checklist_finds_last_year_among_saved_reports(filled_report: AnnualReport) -> None:
    this_year = filled_report.model_copy(deep=True)
    this_year.profile.report_year = 2025
    this_year.t3.carried_over.natural_person = 7  # last year carried forward 0
    this_year.t3.carried_over.total = 7
    rid = _store().create_report(this_year)
    at = _app(rid, "checklist")
    assert not _x1_lines(at) and not any("已对照上年报告" in c.value for c in at.caption)
    _store().create_report(filled_report)  # 青山镇 2024
    at = _app(rid, "checklist")
    assert _x1_lines(at)
