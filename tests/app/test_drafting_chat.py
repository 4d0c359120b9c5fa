"""The 起草 page's chat answers and the practices are facts, through the real app script (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.core.report import AnnualReport
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app.conftest import open_app_page


def _store() -> Store:
    return Store.from_settings(load_settings())


def _app(rid: int, page: str) -> AppTest:
    return open_app_page(rid, page)


def _texts(at: AppTest) -> list[str]:
    """The first text of each chat message (its reply; sources are further down, in expanders)."""
    return [msg.markdown[0].value for msg in at.chat_message if msg.markdown]


def test_practice_checkboxes_confirm_what_the_draft_may_claim(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid, "data")
    at.checkbox(key="practice.suggestion_box").check()
    at.checkbox(key="practice.hotline").check()
    at.button(key="FormSubmitter:practices_form-保存工作做法").click().run()
    assert not at.exception, at.exception
    assert _store().load_report(rid).facts.practices == ["suggestion_box", "hotline"]


def test_chat_shortens_explains_and_confirms(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid, "draft")
    at.button(key="draft.overview").click().run()
    assert not at.exception, at.exception
    assert any(e.label.startswith("第2段的来源") for e in at.expander)
    at.chat_input(key="chat").set_value("为什么这么写？").run()
    assert not at.exception, at.exception
    assert "来源" in _texts(at)[-1] and "表三" in _texts(at)[-1]
    at.chat_input(key="chat").set_value("把第二段写短一点").run()
    assert not at.exception, at.exception
    assert any("第2段" in t for t in _texts(at)[-3:]), _texts(at)[-3:]
    confirm = [b for b in at.button if b.key and b.key.startswith("confirm.")]
    assert confirm  # a 【待确认】 sentence (a practice nobody confirmed): one click confirms it
    confirm[-1].click().run()
    assert not at.exception, at.exception
    assert _store().load_report(rid).facts.practices
    assert "已确认做法" in _texts(at)[-1]
    at.chat_input(key="chat").set_value("今天天气怎么样").run()
    assert "可以这样说" in _texts(at)[-1]
