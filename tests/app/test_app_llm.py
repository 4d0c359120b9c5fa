"""起草 with the LLM backend, through the real app script, against a local scripted OpenAI-compatible
server (the drafting tests' server, see tests/assistant/drafting/conftest.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.core.report import AnnualReport
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.assistant.drafting.conftest import ScriptedLLM, closed_port_url, llm_server  # noqa: F401  (fixtures)
from tests.conftest import SEEDS

TIMEOUT = 60
PLANTED = "（一）主动公开\n全年共主动公开政府信息999条。\n（二）依申请公开\n本年度共收到政府信息公开申请4件。"


def _use_llm(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    monkeypatch.setenv("NIANBAO_BACKEND", "llm")
    monkeypatch.setenv("NIANBAO_LLM_BASE_URL", base_url)
    monkeypatch.setenv("NIANBAO_LLM_MODEL", "scripted")
    monkeypatch.setenv("NIANBAO_LLM_API_KEY", "test-key")
    monkeypatch.setenv("NIANBAO_LLM_TIMEOUT_S", "5")
    monkeypatch.setenv("NIANBAO_LLM_RETRIES", "0")


def _draft_page(rid: int) -> AppTest:
    at = AppTest.from_file("../../app.py", default_timeout=TIMEOUT)
    at.session_state["rid"] = rid
    at.run()
    at.radio(key="nav").set_value("draft").run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    return [m.value for msg in at.chat_message for m in msg.markdown]


def test_llm_draft_appears_with_the_planted_number_marked(llm_server: ScriptedLLM, monkeypatch: pytest.MonkeyPatch,
                                                          filled_report: AnnualReport) -> None:
    _use_llm(monkeypatch, llm_server.base_url)
    rid = Store.from_settings(load_settings()).create_report(filled_report)
    llm_server.reply({"text": PLANTED})
    at = _draft_page(rid)
    at.button(key="draft.overview").click().run()
    assert not at.exception, at.exception
    assert llm_server.requests and llm_server.requests[0]["model"] == "scripted"
    draft = at.chat_message[-1].markdown[0].value
    assert "999条【待核实" in draft  # the model's number is not in the report's figures
    assert "申请4件" in draft and "4件【待核实" not in draft  # a true figure stays unmarked
    assert any("999" in w.value for w in [*at.warning, *at.error])  # the guard's finding is listed
    saved = Store.from_settings(load_settings())
    assert saved.drafts(rid)[0].backend.startswith("llm")


def test_down_server_shows_a_chinese_error_and_loses_nothing(closed_port_url: str,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             filled_report: AnnualReport) -> None:
    _use_llm(monkeypatch, closed_port_url)
    store = Store.from_settings(load_settings())
    rid = store.create_report(filled_report)
    store.add_message(rid, "user", "先前的对话")
    before = store.load_report(rid).model_dump_json()
    at = _draft_page(rid)
    at.button(key="draft.problems").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("大模型服务" in e and "无法连接" in e for e in errors), errors
    assert store.load_report(rid).model_dump_json() == before
    assert next(m.content for m in store.messages(rid)) == "先前的对话"
    assert len(store.messages(rid)) == 2  # the request is kept for a retry; no reply was invented
    assert "先前的对话" in _texts(at)
    assert store.drafts(rid) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_guard_flags_a_unit_from_the_library(llm_server: ScriptedLLM, monkeypatch: pytest.MonkeyPatch,
                                             filled_report: AnnualReport, home) -> None:
    from assistant.library.ingest import ingest_paths, list_reports

    (home / "config.toml").write_text('embedder = "hash"\n', encoding="utf-8")
    _use_llm(monkeypatch, llm_server.base_url)
    cfg = load_settings()
    ingest_paths([min(SEEDS.glob("*.txt"))], cfg)
    other = next(r.unit for r in list_reports(cfg) if r.unit)
    rid = Store.from_settings(cfg).create_report(filled_report)
    llm_server.reply({"text": f"（一）主动公开\n我镇学习借鉴了{other}的做法。"})
    at = _draft_page(rid)
    at.button(key="draft.overview").click().run()
    assert not at.exception, at.exception
    assert f"{other}【待核实" in at.chat_message[-1].markdown[0].value
