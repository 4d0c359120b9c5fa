"""Chat 缩写/扩写/改写 with the LLM backend configured: the model rewrites the paragraph, the intent and the guard stay
deterministic, and a model that fails leaves the built-in result with the reason. Against a local scripted
OpenAI-compatible server (conftest.py)."""

from __future__ import annotations

from assistant.drafting.chat import Context, current_draft, respond
from assistant.messages_zh.render_chat import reply_text
from tests.assistant.drafting.factsheets import fact_sheet


def _active(draft):
    return next(i for i, p in enumerate(draft.paragraphs) if p.key == "active" and not p.heading)


def test_model_rewrites_the_named_paragraph_and_the_guard_marks_it(llm_server, llm_settings) -> None:
    report = fact_sheet(0)  # 柳河镇 2021: 主动公开 figures in facts
    n = report.facts.active_total
    assert n is not None
    ctx = Context(settings=llm_settings(llm_server.base_url), gazetteer=("东坪乡",))
    before = current_draft(report, "overview", ctx)
    reply = (f"（一）主动公开\n我镇把群众关心的事项放在首位，全年主动公开政府信息{n}条。"
             "另在999个村张贴了公告，东坪乡的做法值得借鉴。<b>加粗</b>[链接](http://x.example)")
    llm_server.reply({"text": reply})
    result = respond(report, "把主动公开换个说法", ctx)
    assert result.intent == "rewrite" and result.reply == "chat_rewrite_llm"
    assert len(llm_server.requests) == 1
    prompt = llm_server.prompt_text()
    assert before.paragraphs[_active(before)].text in prompt and "润色" in prompt
    assert "换个说法" not in prompt  # the model rewrites; it does not read the request
    after = result.draft
    assert after is not None
    index = _active(after)
    para = after.paragraphs[index]
    assert para.text.startswith("我镇把群众关心的事项放在首位") and "（一）主动公开" not in para.text
    assert "999个村【待核实" in para.text and "东坪乡【待核实" in para.text
    assert "<b>" not in para.text and "http" not in para.text
    stated = next(s for s in para.sentences if f"{n}条" in s.text)
    assert "facts.active_total" in stated.source.cells
    assert any(s.source.kind == "model" for s in para.sentences)
    others = [p.text for i, p in enumerate(after.paragraphs) if i != index]
    assert others == [p.text for i, p in enumerate(before.paragraphs) if i != _active(before)]
    text = reply_text(result.reply, result.ctx)
    assert text.startswith("写作模型已换一种写法重写第2段") and "【待核实】标出" in text


def test_model_shortens_and_expands(llm_server, llm_settings) -> None:
    report = fact_sheet(0)
    ctx = Context(settings=llm_settings(llm_server.base_url))
    llm_server.reply({"text": "我镇严格执行公开目录。"}, {"text": "我镇严格执行公开目录，" + "逐项落实公开责任，" * 40 + "推动公开常态化。"})
    short = respond(report, "把第二段写短一点", ctx)
    assert short.reply == "chat_shorten_llm" and short.ctx["after"] < short.ctx["before"]
    assert "缩写" in llm_server.prompt_text(0)
    longer = respond(report, "扩写第二段", ctx)
    assert longer.reply == "chat_expand_llm" and longer.ctx["after"] > longer.ctx["before"]
    assert "扩写" in llm_server.prompt_text(1)


def test_other_requests_never_reach_the_model(llm_server, llm_settings) -> None:
    report = fact_sheet(0)
    ctx = Context(settings=llm_settings(llm_server.base_url))
    for message in ("为什么这么写？", "删掉第二段第1句", "今年培训3次", "你好"):
        respond(report, message, ctx)
    assert llm_server.requests == []


def test_model_down_falls_back_to_the_builtin_rewrite_with_the_reason(closed_port_url, llm_settings) -> None:
    report = fact_sheet(0)
    ctx = Context(settings=llm_settings(closed_port_url, timeout=2.0))
    result = respond(report, "改写第二段", ctx)
    assert result.reply == "chat_rewrite_done" and result.draft is not None
    assert result.ctx["llm_fallback"] is True and result.ctx["reason_code"] == "llm_reason.connection"
    assert result.draft.backend == "builtin"
    text = reply_text(result.reply, result.ctx)
    assert text.startswith("写作模型这次没有完成（无法连接到服务地址）") and "已换一种写法重写第2段" in text


def test_model_reply_equal_to_the_paragraph_changes_nothing(llm_server, llm_settings) -> None:
    report = fact_sheet(0)
    ctx = Context(settings=llm_settings(llm_server.base_url))
    before = current_draft(report, "overview", ctx)
    llm_server.reply({"text": before.paragraphs[_active(before)].text})
    result = respond(report, "改写第二段", ctx)
    assert result.reply == "chat_llm_same" and result.draft is None


def test_cli_chat_uses_the_configured_model(home, tmp_path, llm_server, monkeypatch) -> None:
    import json

    from click.testing import CliRunner

    from assistant.persistence.report_files import save_report
    from cli import cli

    path = tmp_path / "r.json"
    save_report(fact_sheet(0), path)
    for name, value in (("BACKEND", "llm"), ("LLM_BASE_URL", llm_server.base_url), ("LLM_MODEL", "scripted"),
                        ("LLM_RETRIES", "0"), ("LLM_TIMEOUT_S", "5")):
        monkeypatch.setenv(f"NIANBAO_{name}", value)
    llm_server.reply({"text": "我镇把主动公开作为经常性工作，按目录逐项发布。"})
    out = CliRunner().invoke(cli, ["chat", str(path), "改写第二段", "--format", "json", "--no-library"],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert payload["reply"].startswith("写作模型已换一种写法重写第2段")
    assert "我镇把主动公开作为经常性工作" in payload["draft"]["text"]
    builtin = CliRunner().invoke(cli, ["chat", str(path), "改写第二段", "--format", "json", "--no-library",
                                       "--backend", "builtin"], catch_exceptions=False)
    assert json.loads(builtin.output)["reply"].startswith("已换一种写法重写第2段")
    assert len(llm_server.requests) == 1
