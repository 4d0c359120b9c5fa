"""Built-in drafts with realistic retrieved passages: the fictional sample library (library/samples).

Passages are cut from the sample files by their headings (a stand-in for the real hybrid retrieval,
which the lead wires in later) and carry the manifest's unit, organ, places and year.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.passages import ChunkMeta, Passage
from assistant.drafting.draft import draft_section
from tests.assistant.drafting.factsheets import fact_sheet
from tests.assistant.drafting.test_builtin import assert_clean, expected_figures

SAMPLES = Path(__file__).resolve().parents[3] / "library" / "samples"
SUBPART_WORDS = {"active": "主动公开", "requests": "依申请", "management": "信息管理", "platform": "平台",
                 "supervision": "监督保障"}


def _passages_of(entry: dict) -> list[Passage]:
    lines = [x.strip() for x in (SAMPLES / entry["file"]).read_text(encoding="utf-8").splitlines() if x.strip()]
    out, section, subpart = [], "", ""
    for n, line in enumerate(lines):
        if line.startswith("一、"):
            section, subpart = "overview", ""
        elif line.startswith("五、"):
            section, subpart = "problems", ""
        elif line[:2] in ("二、", "三、", "四、", "六、"):
            section = ""
        elif section and len(line) < 30:
            subpart = next((k for k, w in SUBPART_WORDS.items() if w in line), subpart)
        elif section and "\t" not in line:
            meta = ChunkMeta(report_id=entry["file"], unit=entry["unit"], organ=entry["organ"], level=entry["level"],
                             province=entry["province"], city=entry["city"], county=entry["county"],
                             year=entry["year"], section=section, subpart=subpart if section == "overview" else "",
                             paragraph=n, sample=True)
            out.append(Passage(chunk_id=f"{entry['file']}#{n}", text=line, meta=meta))
    return out


@pytest.fixture(scope="module")
def library() -> tuple[list[Passage], list[str]]:
    if not (SAMPLES / "manifest.json").is_file():
        pytest.skip("library/samples not present")
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    passages = [p for entry in manifest for p in _passages_of(entry)]
    names = sorted({e[k] for e in manifest for k in ("unit", "organ", "county", "city") if e.get(k)})
    return passages, names


def _retriever(passages: list[Passage]):
    def retrieve(query: str, filters: dict) -> list[Passage]:
        hits = [p for p in passages if p.meta.section == filters["section"]
                and p.meta.subpart == filters.get("subpart", "")
                and (p.meta.level == filters.get("level", p.meta.level))
                and p.meta.unit != filters.get("exclude_unit")
                and p.meta.unit == filters.get("unit", p.meta.unit)]
        return hits[:8]

    return retrieve


@pytest.mark.parametrize("i", range(0, 24, 3))
@pytest.mark.parametrize("length", ["normal", "long"])
def test_drafts_with_sample_passages_stay_clean(i: int, length: str, library, settings) -> None:
    passages, names = library
    r = fact_sheet(i)
    retrieve = _retriever(passages)
    overview = draft_section(r, "overview", settings=settings, retrieve=retrieve, length=length, gazetteer=names)
    problems = draft_section(r, "problems", settings=settings, retrieve=retrieve, length=length, gazetteer=names)
    assert overview.findings == [] and problems.findings == []
    for figure in expected_figures(r):
        assert figure in overview.text
    assert_clean(overview.text, r, {r.profile.report_year})
    assert_clean(problems.text, r, {r.profile.report_year, r.profile.report_year + 1})
    own = (r.profile.organ_name, r.profile.county)
    for name in (n for n in names if not any(n in o or o in n for o in own)):
        assert name not in overview.text and name not in problems.text


def test_sample_passages_are_actually_reused(library, settings) -> None:
    passages, names = library
    reused = 0
    for i in range(12):
        d = draft_section(fact_sheet(i), "overview", settings=settings, retrieve=_retriever(passages),
                          length="long", gazetteer=names)
        reused += len(d.sources)
        for src in d.sources:
            assert src.unit != fact_sheet(i).profile.short_name and src.chunk_id
    assert reused >= 12
