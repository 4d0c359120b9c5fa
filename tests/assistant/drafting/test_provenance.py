"""Sentence-level provenance on the five seeds, through the command line: ``nianbao draft SEED.json --section all
--format json``. Every Arabic numeral outside a 【…】 mark is one of the cells its sentence cites (or a year
the guard allows); no item is numbered twice; every sentence says where it comes from."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.drafting.provenance import realign, report_cells, split_sentences
from assistant.persistence.report_files import load_report
from cli import cli

SEEDS = sorted((Path(__file__).resolve().parents[2] / "data" / "seeds").glob("*.json"))
KINDS = {"figure", "fact", "practice", "own_report", "peer", "phrasebank", "model", "clerk"}
DOUBLED = re.compile(r"([一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[)）])\s*[，,、]?\s*"
                     r"([一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))")
MARK = re.compile(r"【[^】]*】")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _draft_json(path: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["draft", str(path), "--section", "all", "--format", "json", "--no-library"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _cell_values(report: object) -> dict[str, set[Decimal]]:
    out: dict[str, set[Decimal]] = {}
    for path, value in report_cells(report):
        if isinstance(value, str):
            out.setdefault(path, set()).update(Decimal(n) for n in NUMBER.findall(value))
        else:
            out.setdefault(path, set()).add(Decimal(str(value)).normalize())
    return out


def _resolves(report: object, path: str) -> bool:
    """Whether ``path`` names a real cell of the report (t3.new_received.total, facts.problems.0)."""
    value = report
    for part in path.split("."):
        if part.isdigit() and isinstance(value, list):
            if int(part) >= len(value):
                return False
            value = value[int(part)]
        elif hasattr(value, part):
            value = getattr(value, part)
        else:
            return False
    return True


def _unexplained(sentence: str, cited: list[str], values: dict[str, set[Decimal]], year: int) -> list[str]:
    bare = MARK.sub("", sentence)
    allowed = {Decimal(year), Decimal(year + 1), Decimal(year - 1)}
    for path in cited:
        allowed |= {v.normalize() for v in values.get(path, set())}
    return [n for n in NUMBER.findall(bare) if Decimal(n).normalize() not in allowed]


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_draft_is_traceable_sentence_by_sentence(path: Path) -> None:
    report = load_report(path)
    values = _cell_values(report)
    drafts = _draft_json(path)
    assert [d["section"] for d in drafts] == ["overview", "problems"]
    for draft in drafts:
        assert not DOUBLED.search(draft["text"]), draft["text"]
        sentences = [s for p in draft["paragraphs"] for s in p["sentences"]]
        assert "".join(s["text"] for s in sentences) == draft["text"].replace("\n", "")
        for s in sentences:
            assert s["source"]["kind"] in KINDS
            cited = s["source"].get("cells", [])
            assert all(_resolves(report, c) for c in cited), cited
            assert _unexplained(s["text"], cited, values, report.profile.report_year) == [], s
            if NUMBER.search(MARK.sub("", re.sub(r"\d{4}年", "", s["text"]))):
                assert s["source"]["kind"] in ("figure", "fact"), s


def test_measures_typed_with_their_own_ordinals_are_numbered_once() -> None:
    report = load_report(SEEDS[0])
    facts = report.facts.model_copy(update={"measures": ["一是加强领导。", "（二）完善制度", "3. 强化培训"],
                                            "problems": ["一是解读不够", "二是更新不及时"]})
    from assistant.core.settings import load_settings
    from assistant.drafting.draft import draft_section

    draft = draft_section(report.model_copy(update={"facts": facts}), "problems", settings=load_settings())
    assert "一是加强领导。二是完善制度。三是强化培训。" in draft.text
    assert "一是解读不够。二是更新不及时。" in draft.text
    assert not DOUBLED.search(draft.text)
    kinds = [s.source.kind for s in draft.sentences if s.text.startswith(("一是", "二是", "三是"))]
    assert kinds.count("fact") == 5


def test_figure_sentences_cite_their_cells() -> None:
    report = load_report(SEEDS[0])
    from assistant.core.settings import load_settings
    from assistant.drafting.draft import draft_section

    draft = draft_section(report, "overview", settings=load_settings())
    total = [s for s in draft.sentences if f"{report.facts.active_total}条" in s.text]
    assert total and "facts.active_total" in total[0].source.cells and total[0].source.kind == "fact"


def test_split_keeps_marks_whole_and_realign_puts_guard_marks_back() -> None:
    text = "我镇设置【待确认：意见箱。监督电话】。全年公开35条；另有2期。"
    assert split_sentences(text) == ["我镇设置【待确认：意见箱。监督电话】。", "全年公开35条；", "另有2期。"]
    from assistant.drafting.provenance import DraftSentence, SentenceSource

    src = SentenceSource(kind="phrasebank")
    sentences = [DraftSentence(text=s, source=src) for s in ("全年公开35条；", "另有2期。")]
    back = realign(sentences, "全年公开35条【待核实：数字与填报数据不符】；另有2期。")
    assert back is not None and back[0].text == "全年公开35条【待核实：数字与填报数据不符】；"
    assert realign(sentences, "全然不同的文字。") is None
