"""Reuse of retrieved passages in built-in drafts, adapted to this unit.

Another unit's name becomes this unit's self-reference, the passage's year becomes this report's
year, and a sentence is kept only if, after adaptation, it contains no figure at all, no other
place or unit name, no instruction-like text and passes the guard. Everything else is skipped: a
reused sentence can add wording, never facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from assistant.core.passages import ChunkMeta, Passage
from assistant.core.report import AnnualReport
from assistant.core.textpatterns import strip_enumerator
from assistant.core.unitname import SELF_REF, stem
from assistant.drafting.guard import CHINESE_RE, find_injection, guard_text
from assistant.drafting.phrasebank import load_bank, report_context, stable_int, unit_short

Retrieve = Callable[[str, dict], list[Passage]]
_CONNECTIVE = re.compile(r"^(?:首先|其次|此外|同时)[，,、]?")


def _filters(report: AnnualReport, section: str, subpart: str, reference_unit: str | None) -> dict:
    p = report.profile
    filters: dict = {"section": section}
    if subpart:
        filters["subpart"] = subpart
    if p.level:
        filters["level"] = p.level
    if p.province:
        filters["province"] = p.province
    if reference_unit:
        filters["unit"] = reference_unit
    else:
        filters["exclude_unit"] = unit_short(report)
    return filters


def _sentences(text: str) -> list[str]:
    return [s.strip() + "。" for s in re.split(r"[。\n]", text) if s.strip()]


def adapt_sentence(sentence: str, passage: Passage, report: AnnualReport) -> str | None:
    """This unit's version of one retrieved sentence, or None when it cannot be reused safely."""
    ctx = report_context(report)
    meta = passage.meta
    s = _CONNECTIVE.sub("", strip_enumerator(sentence.strip()))
    for name, repl in ((meta.organ, ctx["organ"]), (meta.unit, ctx["self"])):
        if name:
            s = s.replace(name, repl)
    s = SELF_REF.sub(lambda m: {"我": ctx["self"], "本": ctx["this"]}.get(m.group(0)[0], ctx["all"]), s)
    if meta.year:
        s = s.replace(f"{meta.year + 1}年", "\x00NEXT\x00").replace(f"{meta.year}年", f"{ctx['year']}年")
        s = s.replace("\x00NEXT\x00", f"{ctx['next_year']}年")
    bare = s.replace(f"{ctx['year']}年", "").replace(f"{ctx['next_year']}年", "")
    if re.search(r"[0-9０-９]", bare) or CHINESE_RE.search(bare):
        return None
    if _rejected(s, meta, report, ctx["self"]):
        return None
    return s


def _stems(names: Iterable[str]) -> set[str]:
    """Names and their stems without the level suffix (青禾镇 → 青禾), at least two characters."""
    out = set()
    for name in names:
        out.add(name)
        if short := stem(name):
            out.add(short)
    return out


def _rejected(s: str, meta: ChunkMeta, report: AnnualReport, mine: str) -> bool:
    rules = load_bank("reuse")
    theirs = _stems(x for x in (meta.unit, meta.organ, meta.county, meta.city, meta.province) if x)
    p = report.profile
    own = _stems(x for x in (p.organ_name, p.short_name, p.county, p.city, p.province) if x)
    if any(x in s for x in theirs - own) or re.search(r"[【\[\]]", s):
        return True
    bare = s
    for title in rules["allowed_titles"]:
        bare = bare.replace(title, "")
    level = mine[1:]
    words = rules["reject_words"] + rules["level_reject"].get(level, [])
    peer_fact = re.search(rules["named_place"], bare) or ("、" in bare and any(c in bare for c in rules["topic_cues"]))
    if peer_fact and meta.unit != unit_short(report):  # a peer's villages and 公开重点 are facts about the peer
        return True
    return any(w in bare for w in words) or not 12 <= len(s) <= 150 or bool(find_injection(s))


def _unit_seed(report: AnnualReport, slot: str) -> int:
    """A stable number for this unit, year and slot (the phrase bank's choice, applied to retrieved passages)."""
    ctx = report_context(report)
    return stable_int(f"reuse|{slot}|{ctx['organ']}|{ctx['year']}")


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similar(a: str, b: str) -> bool:
    """Whether two sentences make the same point: the same opening clause ("建立政府信息公开工作台账，…"
    twice reads as a slip), or bigram Jaccard above reuse.toml's threshold."""
    head_a, head_b = a.split("，", 1)[0].strip(), b.split("，", 1)[0].strip()
    if head_a == head_b and len(head_a) >= 6:
        return True
    x, y = _bigrams(a), _bigrams(b)
    return bool(x and y) and len(x & y) / len(x | y) > load_bank("reuse")["similarity"]["max_jaccard"]


def reusable_sentences(report: AnnualReport, section: str, subpart: str, *, retrieve: Retrieve | None,
                       limit: int, reference_unit: str | None = None, gazetteer: Iterable[str] = (),
                       variant: int = 0, accept: Callable[[str], bool] | None = None,
                       avoid: Iterable[str] = ()) -> list[tuple[str, Passage]]:
    """Up to ``limit`` adapted sentences (one per passage) for a sub-part, with their passages."""
    if retrieve is None or limit <= 0:
        return []
    query = load_bank("overview")["queries"].get(subpart or section, "")
    passages = retrieve(query, _filters(report, section, subpart, reference_unit))
    names = set(gazetteer) | {x for p in passages for x in (p.meta.unit, p.meta.organ) if x}
    if reference_unit:
        names.add(reference_unit)
    out: list[tuple[str, Passage]] = []
    taken = [x for x in avoid]
    # Each unit starts at a passage and sentence of its own, so units drafting from one library do not all
    # borrow the same top-ranked sentence (the clerk's 参考某单位 keeps the ranking).
    seed = 0 if reference_unit else _unit_seed(report, subpart or section)
    if passages and seed:
        first = seed % len(passages)
        passages = passages[first:] + passages[:first]
    for passage in passages:
        candidates = _sentences(passage.text)
        if not candidates or find_injection(passage.text):  # a passage that steers is not used at all
            continue
        start = (variant + seed) % len(candidates)
        for sentence in candidates[start:] + candidates[:start]:
            adapted = adapt_sentence(sentence, passage, report)
            if (adapted and (accept is None or accept(adapted)) and not any(similar(adapted, t) for t in taken)
                    and not guard_text(adapted, report, gazetteer=names, section=section)[1]):
                out.append((adapted, passage))
                taken.append(adapted)
                break
        if len(out) >= limit:
            break
    return out
