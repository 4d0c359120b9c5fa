"""The chat answers: each intent recognised from at least three phrasings, each operation changes what it names
(or says why not), and ``nianbao chat`` writes nothing without --apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.core.similarity import SAME_UNIT_LIMIT, jaccard
from assistant.drafting.chat import Context, apply_result, current_draft, respond
from assistant.drafting.intents import parse_intent
from assistant.messages_zh.render_chat import reply_text
from assistant.persistence.report_files import load_report, save_report
from cli import cli

SEEDS = sorted((Path(__file__).resolve().parents[2] / "data" / "seeds").glob("*.json"))

PHRASINGS = {
    "shorten": [("把第二段写短一点", 2, None), ("第二段太长了，精简一下", 2, None), ("请缩写（二）依申请公开", None, "requests"),
                ("把主动公开压缩一下", None, "active")],
    "expand": [("扩写第三段", 3, None), ("把主动公开写得详细一些", None, "active"), ("第4段再充实一点", 4, None)],
    "rewrite": [("改写第四段", 4, None), ("把（五）监督保障换个说法", None, "supervision"), ("第二段换一种写法", 2, None)],
    "delete": [("删掉第二段第3句", 2, None), ("删除“接受群众监督”这句", None, None), ("第2句不要了，删掉", None, None)],
    "replace": [("把“意见箱”改成“留言板”", None, None), ("将“及时”替换为“按时”", None, None), ("把公开栏换成宣传栏", None, None)],
    "why": [("为什么这么写？", None, None), ("这句话哪来的", None, None), ("第二段的依据是什么", 2, None),
            ("（二）依申请公开的出处", None, "requests")],
    "reference": [("参考柳塘镇的写法", None, None), ("参考一下云溪街道的表述", None, None), ("借鉴青禾镇政府的措辞", None, None)],
    "last_year": [("用去年的写法", None, None), ("按去年的写法写", None, None), ("沿用去年的报告", None, None)],
    "confirm": [("我们设置了意见箱", None, None), ("确认有监督电话", None, None), ("公开栏属实", None, None)],
    "drop": [("我们没有意见箱", None, None), ("去掉查阅点", None, None), ("没设受理窗口", None, None)],
    "fact": [("今年培训3次", None, None), ("全年主动公开政府信息120条", None, None), ("今年新开通了抖音号，发布信息35条", None, None)],
    "help": [("你好", None, None), ("天气怎么样", None, None), ("嗯", None, None)],
    "draft": [("帮我起草总体情况", None, None), ("重新起草存在的问题", None, None), ("请写存在的问题", None, None)],
}


@pytest.mark.parametrize(("kind", "text", "paragraph", "subpart"),
                         [(k, t, p, s) for k, items in PHRASINGS.items() for t, p, s in items])
def test_intent_is_recognised(kind: str, text: str, paragraph: int | None, subpart: str | None) -> None:
    intent = parse_intent(text)
    assert intent.kind == kind, (text, intent)
    if paragraph is not None:
        assert intent.paragraph == paragraph
    if subpart is not None:
        assert intent.subpart == subpart


def test_reference_and_problems_section() -> None:
    assert parse_intent("参考临溪县青禾镇政府的写法起草总体情况").unit == "青禾镇"
    assert parse_intent("把改进措施写短一点").section == "problems"
    assert parse_intent("请写存在的问题").section == "problems"


@pytest.fixture
def ctx(settings) -> Context:
    return Context(settings=settings)


@pytest.fixture
def report():
    return load_report(SEEDS[0])


def test_shorten_changes_only_the_named_paragraph(report, ctx) -> None:
    before = current_draft(report, "overview", ctx)
    result = respond(report, "把第二段写短一点", ctx)
    assert result.intent == "shorten" and result.draft is not None
    old, new = before.body_paragraphs(), result.draft.body_paragraphs()
    assert len(new[1].text) < len(old[1].text)
    assert [p.text for i, p in enumerate(new) if i != 1] == [p.text for i, p in enumerate(old) if i != 1]
    assert "第2段" in reply_text(result.reply, result.ctx)


def test_expand_and_shorten_differ_or_say_why(report, ctx) -> None:
    for message in ("扩写第二段", "缩写第二段", "扩写（二）依申请公开", "缩写第五段"):
        result = respond(report, message, ctx)
        if result.draft is None:
            assert result.reply.endswith("_same") and result.ctx["reason"], message
            assert "没有再" in reply_text(result.reply, result.ctx)
        else:
            assert result.draft.text != current_draft(report, "overview", ctx).text


def test_why_answers_from_sentence_sources(report, ctx) -> None:
    result = respond(report, "（二）依申请公开为什么这么写", ctx)
    assert result.intent == "why" and result.draft is None
    kinds = {item["kind"] for item in result.ctx["items"]}
    assert "figure" in kinds
    text = reply_text(result.reply, result.ctx)
    assert "表三" in text and "依申请公开" in text


def test_delete_and_replace_a_sentence(report, ctx) -> None:
    draft = current_draft(report, "overview", ctx)
    second = draft.body_paragraphs()[1].sentences[1].text
    result = respond(report, "删掉第二段第2句", ctx)
    assert result.draft is not None and second not in result.draft.text
    quote = draft.body_paragraphs()[0].sentences[0].text[5:13]
    result = respond(report, f"把“{quote}”改成“东山乡作了安排”", ctx)
    assert result.draft is not None and "东山乡作了安排" in result.draft.text and result.reply == "chat_replaced"
    result = respond(report, f"把“{quote}”改成“共99个”", ctx)
    assert result.reply == "chat_replaced_marked" and "【待核实" in result.draft.text
    missing = respond(report, "删除“这句话草稿里没有”这句", ctx)
    assert missing.draft is None and missing.reply == "chat_sentence_not_found"


def test_reference_without_library_says_why(report, ctx) -> None:
    result = respond(report, "参考柳塘镇的写法", ctx)
    assert result.draft is None and result.reply == "chat_reference_not_in_library"
    assert "柳塘镇" in reply_text(result.reply, result.ctx)


def test_last_year_recomposes_own_wording_without_copying(report, settings, seeds_dir) -> None:
    from ingest.parse import parse_file
    from tests.conftest import seed_path

    previous = parse_file(seed_path("000"), settings)  # the same township's real report of that year
    assert previous.sections.overview and previous.profile.report_year == report.profile.report_year
    this_year = report.model_copy(update={
        "profile": report.profile.model_copy(update={"report_year": report.profile.report_year + 1}),
        "sections": report.sections.model_copy(update={"overview": ""})})
    result = respond(this_year, "用去年的写法", Context(settings=settings, previous=previous))
    assert result.reply == "chat_last_year_done", result
    own = [s for s in result.draft.sentences if s.source.kind == "own_report"]
    assert own and all(s.source.year == previous.profile.report_year for s in own)
    assert jaccard(result.draft.text, previous.sections.overview) < SAME_UNIT_LIMIT
    missing = respond(this_year, "用去年的写法", Context(settings=settings))
    assert missing.reply == "chat_last_year_missing" and missing.draft is None


def test_unconfirmed_practice_is_marked_then_confirmed(report, ctx) -> None:
    draft = current_draft(report, "overview", ctx)
    marked = [s for s in draft.sentences if s.text.startswith("【待确认：")]
    assert marked and all(s.source.practices for s in marked)
    key = marked[0].source.practices[0]
    from assistant.drafting.practices import practice_label

    word = {"review": "终审", "suggestion_box": "意见箱", "hotline": "监督电话", "secrecy": "保密审查"}.get(key)
    if word is None:
        pytest.skip(f"no phrase for {key}")
    result = respond(report, f"确认：我们有{word}", ctx)
    assert result.intent == "confirm" and [u.value for u in result.pending] == [key]
    assert practice_label(key) in reply_text(result.reply, result.ctx)
    updated = apply_result(report, result)
    assert key in updated.facts.practices
    redrafted = current_draft(updated.model_copy(update={"sections": report.sections}), "overview", ctx)
    assert not any(key in s.source.practices and s.text.startswith("【待确认") for s in redrafted.sentences)


def test_help_lists_what_it_can_do_and_changes_nothing(report, ctx) -> None:
    result = respond(report, "你好", ctx)
    assert result.intent == "help" and result.draft is None and not result.pending
    text = reply_text(result.reply, result.ctx)
    assert "写短" in text and "为什么这么写" in text and "参考" in text


def _chat(path: Path, message: str, *extra: str) -> dict:
    out = CliRunner().invoke(cli, ["chat", str(path), message, "--format", "json", "--no-library", *extra],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_cli_chat_writes_only_with_apply(tmp_path: Path, report) -> None:
    path = tmp_path / "r.json"
    save_report(report, path)
    before = path.read_text(encoding="utf-8")
    payload = _chat(path, "今年培训3次")
    assert set(payload) >= {"intent", "reply", "draft", "pending"} and payload["intent"] == "fact"
    assert payload["pending"] == [{"field": "training_sessions", "label": "组织培训（次）", "value": "3"}]
    assert path.read_text(encoding="utf-8") == before
    payload = _chat(path, "今年培训3次", "--apply")
    assert load_report(path).facts.training_sessions == 3 and payload["applied"]
    payload = _chat(path, "把第二段写短一点")
    assert payload["draft"]["paragraphs"][2]["sentences"] and load_report(path).sections.overview == report.sections.overview
    _chat(path, "把第二段写短一点", "--apply")
    assert load_report(path).sections.overview == payload["draft"]["text"]


def test_text8_counts_unconfirmed_practice_marks(report, ctx) -> None:
    from assistant.checks.engine import check_report

    draft = current_draft(report, "overview", ctx)
    assert "【待确认：" in draft.text
    marked = report.model_copy(update={"sections": report.sections.model_copy(update={"overview": draft.text})})
    text8 = [f for f in check_report(marked) if f.rule == "TEXT-8"]
    assert any(f.ctx["kind"] == "待确认" for f in text8)


def test_a_peer_sources_label_tells_passages_of_one_report_apart() -> None:
    """Chunk ids of one report share its prefix (ingest/chunk.py), so the label shown is the id's end."""
    from assistant.messages_zh.render_chat import source_text

    first, second = ("ab" * 8 + "1234567890abcdef"), ("ab" * 8 + "fedcba0987654321")
    labels = [source_text({"kind": "peer", "unit": "兰坝镇", "year": 2023, "chunk_id": cid}) for cid in (first, second)]
    assert labels[0] != labels[1]
    assert "90abcdef" in labels[0] and "87654321" in labels[1] and "兰坝镇" in labels[0]
