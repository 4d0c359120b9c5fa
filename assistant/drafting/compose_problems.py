"""Built-in composer for 五、存在的主要问题及改进情况.

（一）上年度报告所列问题整改情况 (from facts.last_year_problems, else a 【待补充】 mark), （二）存在的主要问题
(facts.problems, or phrase-bank defaults without figures), （三）Y+1 年改进措施 (facts.measures, or
measures chosen to answer the problems). Headings are numbered consecutively.
"""

from __future__ import annotations

from assistant.core.report import AnnualReport
from assistant.drafting.adapt import reusable_sentences
from assistant.drafting.compose import REUSE, DraftParagraph, Length, Retrieve, SourceRef
from assistant.drafting.phrasebank import Picker, picker


def _clean(text: str) -> str:
    return text.strip().rstrip("。；;，,")


def _topic_of(p: Picker, text: str) -> str | None:
    for topic, words in p.bank["keywords"].items():
        if any(w in text for w in words):
            return topic
    return None


def _problem_items(p: Picker, report: AnnualReport, length: Length) -> list[str]:
    if report.facts.problems:
        return [_clean(x) for x in report.facts.problems if _clean(x)]
    return [_pick_topic(p, "problems", t, i) for i, t in enumerate(p.bank["defaults"][length])]


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


def _numbered(p: Picker, items: list[str]) -> str:
    ordinals = p.bank["ordinals"]
    return "".join(f"{ordinals[i % len(ordinals)]}{_clean(x)}。" for i, x in enumerate(items))


def compose_problems(report: AnnualReport, *, variant: int = 0, length: Length = "normal",
                     retrieve: Retrieve | None = None, reference_unit: str | None = None,
                     gazetteer: tuple[str, ...] = ()) -> list[DraftParagraph]:
    """Compose 五、存在的主要问题及改进情况 as heading + body paragraphs."""
    p = picker("problems", report, variant)
    numbers = p.bank["heading_numbers"]
    paras: list[DraftParagraph] = []
    f = report.facts
    paras.append(DraftParagraph(text=p.pick("heading_rectify", num=numbers[len(paras) // 2])))
    if f.last_year_problems:
        items = [p.pick("rectify_item", nth=i, name=_clean(x)) for i, x in enumerate(f.last_year_problems)]
        paras.append(DraftParagraph(text=p.pick("rectify_lead") + "".join(items)))
    else:  # 整改 of last year's problems is expected every year (spec §1.2 五); never invent them
        paras.append(DraftParagraph(text=p.pick("rectify_missing")))
    paras.append(DraftParagraph(text=p.pick("heading_problems", num=numbers[len(paras) // 2])))
    problems = _problem_items(p, report, length)
    paras.append(DraftParagraph(text=p.pick("problems_lead") + _numbered(p, problems)))
    paras.append(DraftParagraph(text=p.pick("heading_measures", num=numbers[len(paras) // 2])))
    if f.measures:
        measures = [_clean(x) for x in f.measures if _clean(x)]
    else:
        measures = [_pick_topic(p, "measures", t, i) for i, t in enumerate(_measure_topics(p, report, length))]
    reused = reusable_sentences(report, "problems", "", retrieve=retrieve, limit=REUSE[length],
                                reference_unit=reference_unit, gazetteer=gazetteer, variant=variant,
                                accept=lambda s: any(v in s for v in p.bank["measure_verbs"]),
                                avoid=measures + problems)
    measures += [s for s, _ in reused]
    paras.append(DraftParagraph(text=p.pick("measures_lead") + _numbered(p, measures),
                                sources=[SourceRef.of(ps) for _, ps in reused]))
    return paras
