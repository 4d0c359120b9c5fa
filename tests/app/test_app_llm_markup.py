"""An LLM reply with a link and a remote image, through the real app script and a local scripted
OpenAI-compatible server: the chat shows the words, never the link target or the image."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.core.report import AnnualReport
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app.test_app_llm import _use_llm
from tests.assistant.drafting.conftest import ScriptedLLM, llm_server  # noqa: F401  (fixtures)

TIMEOUT = 60
REPLY = ("（一）主动公开\n本年度主动公开政府信息4条，[详见专栏](https://evil.example/x)。"
         "![进度](http://beacon.example/p.png?who=qingshan)\n（二）依申请公开\n本年度共收到政府信息公开申请4件。")


def test_links_and_images_in_an_llm_reply_are_not_rendered(llm_server: ScriptedLLM,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             filled_report: AnnualReport) -> None:
    _use_llm(monkeypatch, llm_server.base_url)
    rid = Store.from_settings(load_settings()).create_report(filled_report)
    llm_server.reply({"text": REPLY})
    at = AppTest.from_file("../../app.py", default_timeout=TIMEOUT)
    at.session_state["rid"] = rid
    at.run()
    at.radio(key="nav").set_value("draft").run()
    at.button(key="draft.overview").click().run()
    assert not at.exception, at.exception
    shown = "\n".join(m.value for msg in at.chat_message for m in msg.markdown)
    assert "详见专栏" in shown and "本年度共收到政府信息公开申请4件" in shown
    for bad in ("evil.example", "beacon.example", "](", "!["):
        assert bad not in shown, shown
    at.button(key="adopt.1").click().run()
    adopted = Store.from_settings(load_settings()).load_report(rid).sections.overview
    assert "详见专栏" in adopted and "http" not in adopted
