"""Built-in composer for 五、存在的主要问题及改进情况.

（一）上年度报告所列问题整改情况 (from facts.last_year_problems, else a 【待补充】 mark), （二）存在的主要问题
(facts.problems, or phrase-bank defaults without figures), （三）Y+1 年改进措施 (facts.measures, or
measures chosen to answer the problems). Headings are numbered consecutively.
"""

from __future__ import annotations

from assistant.core.report import AnnualReport
from assistant.core.textpatterns import strip_enumerator
from assistant.drafting.adapt import reusable_sentences
from assistant.drafting.compose import (
    PHRASEBANK,
    REUSE,
    DraftParagraph,
    Length,
    Retrieve,
    body_para,
    heading_para,
    reused_sentences,
)
from assistant.drafting.phrasebank import Picker, picker
from assistant.drafting.provenance import DraftSentence, SentenceSource


def _clean(text: str) -> str:
    """A clerk's item without its own ordinal (一是/（一）/1.) and end mark, so numbering is never doubled."""
    return strip_enumerator(text.strip()).strip().rstrip("。；;，,")


def _fact(field: str, index: int) -> SentenceSource:
    return SentenceSource(kind="fact", cells=[f"facts.{field}.{index}"])


def _topic_of(p: Picker, text: str) -> str | None:
    for topic, words in p.bank["keywords"].items():
        if any(w in text for w in words):
            return topic
    return None


def _problem_items(p: Picker, report: AnnualReport, length: Length) -> list[tuple[str, SentenceSource]]:
    if report.facts.problems:
        return [(_clean(x), _fact("problems", i)) for i, x in enumerate(report.facts.problems) if _clean(x)]
    return [(_pick_topic(p, "problems", t, i), PHRASEBANK) for i, t in enumerate(p.bank["defaults"][length])]


def _pick_topic(p: Picker, table: str, topic: str, nth: int) -> str:
    opts = p.bank[table][topic]
    return opts[(p.index(f"{table}.{topic}", len(opts)) + nth) % len(opts)]


def _measure_topics(p: Picker, report: AnnualReport, length: Length) -> list[str]:
    defaults = list(p.bank["defaults"][f"measures_{length}"])
    if report.facts.problems:
        found = [_topic_of(p, x) for x in report.facts.problems]
        topics = [t for t in dict.fromkeys(found) if t]
        count = max(len(defaults), len(topics) + 1)
        for t in defaults:
            if len(topics) >= count:
                break
            if t not in topics:
                topics.append(t)
        return topics
    return defaults


def _numbered(p: Picker, items: list[tuple[str, SentenceSource]]) -> list[DraftSentence]:
    ordinals = p.bank["ordinals"]
    return [DraftSentence(text=f"{ordinals[i % len(ordinals)]}{_clean(x)}。", source=src)
            for i, (x, src) in enumerate(items)]


def _lead(p: Picker, slot: str) -> DraftSentence:
    return DraftSentence(text=p.pick(slot), source=PHRASEBANK)


def compose_problems(report: AnnualReport, *, variant: int = 0, length: Length = "normal",
                     retrieve: Retrieve | None = None, reference_unit: str | None = None,
                     gazetteer: tuple[str, ...] = ()) -> list[DraftParagraph]:
    """Compose 五、存在的主要问题及改进情况 as heading + body paragraphs."""
    p = picker("problems", report, variant)
    numbers = p.bank["heading_numbers"]
    f = report.facts
    paras = [heading_para(p.pick("heading_rectify", num=numbers[0]), "rectify")]
    if f.last_year_problems:
        items = [DraftSentence(text=p.pick("rectify_item", nth=i, name=_clean(x)), source=_fact("last_year_problems", i))
                 for i, x in enumerate(f.last_year_problems) if _clean(x)]
        paras.append(body_para([_lead(p, "rectify_lead"), *items], "rectify"))
    else:  # 整改 of last year's problems is expected every year (spec §1.2 五); never invent them
        paras.append(body_para([_lead(p, "rectify_missing")], "rectify"))
    paras.append(heading_para(p.pick("heading_problems", num=numbers[1]), "problems"))
    problems = _problem_items(p, report, length)
    paras.append(body_para([_lead(p, "problems_lead"), *_numbered(p, problems)], "problems"))
    paras.append(heading_para(p.pick("heading_measures", num=numbers[2]), "measures"))
    if f.measures:
        measures = [(_clean(x), _fact("measures", i)) for i, x in enumerate(f.measures) if _clean(x)]
    else:
        measures = [(_pick_topic(p, "measures", t, i), PHRASEBANK)
                    for i, t in enumerate(_measure_topics(p, report, length))]
    reused = reusable_sentences(report, "problems", "", retrieve=retrieve, limit=REUSE[length],
                                reference_unit=reference_unit, gazetteer=gazetteer, variant=variant,
                                accept=lambda s: any(v in s for v in p.bank["measure_verbs"]),
                                avoid=[x for x, _ in measures + problems])
    measures += [(d.text, d.source) for d in reused_sentences(reused, report)]
    paras.append(body_para([_lead(p, "measures_lead"), *_numbered(p, measures)], "measures",
                           [ps for _, ps in reused]))
    return paras
