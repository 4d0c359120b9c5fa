"""公开重点 come from the unit's own facts or its last report, each topic sentence citing where; never a fixed list."""

from __future__ import annotations

import re

from assistant.core.report import AnnualReport
from assistant.drafting.draft import draft_section
from assistant.drafting.facts_text import apply_fact, parse_fact
from assistant.drafting.topics import topics_in_text, unit_topics
from tests.assistant.drafting.factsheets import fact_sheet

TODO = "【待补充：本年度公开重点"
# Topics the composer named before this change, from a fixed pool; a draft without topics of its own names none.
OLD_POOL = ("惠农补贴发放", "农村危房改造", "农村人居环境整治", "社区治理", "老旧小区改造", "乡村振兴项目", "安全生产")


def _with_topics(report: AnnualReport, topics: list[str]) -> AnnualReport:
    return report.model_copy(update={"facts": report.facts.model_copy(update={"topics": topics})})


def _topic_sentences(draft) -> list:
    active = next(p for p in draft.paragraphs if p.key == "active" and not p.heading)
    return [s for s in active.sentences if s.source.kind == "own_report"
            or any(c.startswith("facts.topics") for c in s.source.cells)]


def _previous(report: AnnualReport, overview: str) -> AnnualReport:
    year = (report.profile.report_year or 2023) - 1
    profile = report.profile.model_copy(update={"report_year": year})
    return AnnualReport(profile=profile, sections={"overview": overview})  # type: ignore[arg-type]


def test_topics_in_facts_are_named_exactly(settings) -> None:
    report = _with_topics(fact_sheet(0), ["河道清淤工程", "高标准农田建设", "困难群众救助"])
    draft = draft_section(report, "overview", settings=settings)
    named = _topic_sentences(draft)
    assert named, draft.text
    first = named[0]
    assert "河道清淤工程、高标准农田建设、困难群众救助" in first.text
    assert first.source.kind == "fact" and first.source.cells == ["facts.topics.0", "facts.topics.1", "facts.topics.2"]
    assert TODO not in draft.text
    assert not any(t in draft.text for t in OLD_POOL)


def test_last_report_topics_are_named_and_cited(settings) -> None:
    report = fact_sheet(3)
    last = _previous(report, "（一）主动公开\n我镇重点公开了河道清淤工程、高标准农田建设和困难群众救助等信息。")
    draft = draft_section(report, "overview", settings=settings, previous=last)
    named = _topic_sentences(draft)
    assert named, draft.text
    assert "河道清淤工程、高标准农田建设、困难群众救助" in named[0].text
    source = named[0].source
    assert source.kind == "own_report" and source.year == last.profile.report_year
    assert source.unit == report.profile.short_name and "河道清淤工程" in source.passage
    assert TODO not in draft.text
    assert draft.to_json_dict()["paragraphs"][1]["sentences"]  # sentence sources reach the CLI's JSON


def test_facts_win_over_the_last_report(settings) -> None:
    report = _with_topics(fact_sheet(3), ["集镇污水管网改造", "养老服务"])
    last = _previous(report, "我镇重点公开了河道清淤工程、高标准农田建设等信息。")
    text = draft_section(report, "overview", settings=settings, previous=last).text
    assert "集镇污水管网改造、养老服务" in text and "河道清淤工程" not in text


def test_without_topics_no_list_is_invented(settings) -> None:
    for i in (0, 2, 3, 9):  # a 乡, a 街道, a 镇, a random sheet; none has topics or a last report
        report = fact_sheet(i)
        assert report.facts.topics == []
        draft = draft_section(report, "overview", settings=settings, length="long")
        assert TODO in draft.text
        assert not any(t in draft.text for t in OLD_POOL), i
        assert not re.search(r"重点公开[^。【]{2,40}等", draft.text)
        assert unit_topics(report).source is None


def test_topics_read_from_report_text() -> None:
    text = ("围绕中心工作和群众关切，持续推进公开。我乡重点公开了财政预决算、惠农补贴、重大项目建设等信息。"
            "发布的信息以低保救助、危房改造为主，兼顾工作动态。以公开为常态、不公开为例外。")
    topics, sentence = topics_in_text(text)
    assert topics == ["财政预决算", "惠农补贴", "重大项目建设", "低保救助", "危房改造"]
    assert sentence.startswith("我乡重点公开了")
    assert topics_in_text("坚持以公开为常态、不公开为例外，围绕中心工作和群众关切推进公开。") == ([], "")


def test_clerk_states_topics_in_the_chat() -> None:
    fact = parse_fact("今年公开重点是河道清淤工程、高标准农田建设和困难群众救助")
    assert [(u.field, u.value) for u in fact.updates] == [
        ("topics", "河道清淤工程"), ("topics", "高标准农田建设"), ("topics", "困难群众救助")]
    report = apply_fact(fact_sheet(0), fact)
    assert report.facts.topics == ["河道清淤工程", "高标准农田建设", "困难群众救助"]


def test_the_model_is_given_the_units_topics(llm_server, llm_settings) -> None:
    report = _with_topics(fact_sheet(0), ["河道清淤工程", "高标准农田建设"])
    llm_server.reply({"text": "（一）主动公开\n我镇重点公开了河道清淤工程、高标准农田建设等信息。"})
    draft_section(report, "overview", settings=llm_settings(llm_server.base_url))
    prompt = llm_server.prompt_text()
    assert "公开重点：河道清淤工程" in prompt and "河道清淤工程、高标准农田建设" in prompt  # facts and skeleton
    assert not any(t in prompt for t in OLD_POOL)


def test_topics_in_other_phrasings() -> None:
    cases = {
        "群众关注度高的人居环境整治、村道养护几类信息都按时予以公开。": ["人居环境整治", "村道养护"],
        "从内容看，防汛抗旱、小型水利设施管护几类占比较高。": ["防汛抗旱", "小型水利设施管护"],
        "按类别分，社会救助、民生实事项目这几类更新最频繁。": ["社会救助", "民生实事项目"],
        "信息多涉及社会救助、农业农村政策落实、乡村振兴项目实施几个方面。":
            ["社会救助", "农业农村政策落实", "乡村振兴项目实施"],
        "居民点击多的集中在宅基地使用审核、耕地保护方面的信息。": ["宅基地使用审核", "耕地保护"],
    }
    for text, expected in cases.items():
        assert topics_in_text(text)[0] == expected, text
    # lists that are not topics: procedures, channels, the unit's own 机关信息 with no closing 等
    assert topics_in_text("通过政府网站、微信公众号等渠道发布信息。")[0] == []
    assert topics_in_text("公开内容主要包括机关职能、机构设置、办公地址；工作动态。")[0] == []


def test_cli_draft_names_the_topics_of_last_years_report_in_the_library(home, tmp_path) -> None:
    """`nianbao draft` with the shipped 示例 library: 青禾镇 2023 names the topics its 2022 report names."""
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from assistant.core.settings import load_settings
    from assistant.library.ingest import SAMPLES_DIR, ensure_sample_library
    from assistant.persistence.report_files import save_report
    from cli import cli
    from ingest.parse import parse_file
    from vectorstore.static_model import ensure_default_model

    settings = load_settings()
    ensure_default_model(settings)
    ensure_sample_library(settings)
    report = parse_file(Path(SAMPLES_DIR) / "sample_qinghe_zhen_2023.txt", settings)
    assert (report.profile.short_name, report.profile.report_year) == ("青禾镇", 2023)
    path = tmp_path / "qinghe.json"
    save_report(report.model_copy(update={"sections": report.sections.model_copy(update={"overview": ""})}), path)
    out = CliRunner().invoke(cli, ["draft", str(path), "--section", "overview", "--format", "json"],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    sentences = [s for p in json.loads(out.output)["paragraphs"] for s in p["sentences"]]
    named = [s for s in sentences if "社会救助、耕地保护、农村土地承包经营权流转" in s["text"]]
    assert named and named[0]["source"]["kind"] == "own_report" and named[0]["source"]["year"] == 2022
    assert TODO not in "".join(s["text"] for s in sentences)
