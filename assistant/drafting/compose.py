"""Built-in composer (no model) for 一、总体情况, with shared helpers for 五 (compose_problems.py).

Each sub-part is built from the structured input (profile, t2/t3/t4, facts) and the phrase bank,
plus at most a few sentences from retrieved passages of other reports, adapted to this unit
(adapt.py). Deterministic for the same input; ``variant`` picks alternative wordings and
``length`` (short / normal / long) how much elaboration each sub-part gets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.core.passages import Passage
from assistant.core.report import T3_COLS6, T3_SUB21, AnnualReport, NarrativeFacts, figure_text
from assistant.drafting import practices
from assistant.drafting.phrasebank import Picker, Said, Traced, load_bank, picker, unit_short
from assistant.drafting.provenance import DraftSentence, SentenceSource, attribute, passage_source, split_sentences
from assistant.drafting.topics import Topics, unit_topics

Retrieve = Callable[[str, dict], list[Passage]]
Length = Literal["normal", "short", "long"]
EXTRAS = {"short": 0, "normal": 1, "long": 3}
REUSE = {"short": 0, "normal": 1, "long": 2}


class SourceRef(BaseModel):
    """A retrieved passage a paragraph borrowed from."""

    unit: str = ""
    year: int = 0
    section: str = ""
    chunk_id: str = ""
    text: str = ""

    @classmethod
    def of(cls, p: Passage) -> SourceRef:
        return cls(unit=p.meta.unit, year=p.meta.year, section=p.meta.section, chunk_id=p.chunk_id, text=p.text)


class DraftParagraph(BaseModel):
    """One paragraph (or heading line) of a draft: its sentences with their sources, and the passages it drew on.

    ``key`` names the part it belongs to (``intro``, ``active`` … for 一; ``rectify``, ``problems``,
    ``measures`` for 五); ``heading`` marks a sub-heading line.
    """

    text: str
    sources: list[SourceRef] = Field(default_factory=list)
    sentences: list[DraftSentence] = Field(default_factory=list)
    key: str = ""
    heading: bool = False


PHRASEBANK = SentenceSource(kind="phrasebank")


def heading_para(text: str, key: str) -> DraftParagraph:
    """A sub-heading line (its source is the report format, i.e. the phrase bank)."""
    return DraftParagraph(text=text, key=key, heading=True, sentences=[DraftSentence(text=text, source=PHRASEBANK)])


def body_para(sentences: list[DraftSentence], key: str, passages: Sequence[Passage] = ()) -> DraftParagraph:
    """A body paragraph from sentences (and the passages reused in it)."""
    return DraftParagraph(text="".join(s.text for s in sentences), key=key, sentences=list(sentences),
                          sources=[SourceRef.of(p) for p in passages])


def reused_sentences(reused: list[tuple[str, Passage]], report: AnnualReport) -> list[DraftSentence]:
    """Adapted sentences of retrieved passages, each citing its passage."""
    own = unit_short(report)
    return [DraftSentence(text=text, source=passage_source(p, own)) for text, p in reused]


def practice_part(report: AnnualReport, subpart: str, seed: int, already: str) -> list[DraftSentence]:
    """One sentence for each confirmed practice of ``subpart`` not already stated in ``already``."""
    out = []
    for key, sentence in practices.practice_sentences(report, subpart, seed):
        if key not in practices.claimed(already):
            out.append(DraftSentence(text=sentence.format(**_ctx_of(report)),
                                     source=SentenceSource(kind="practice", practices=[key])))
    return out


def practice_prompt(report: AnnualReport, seed: int) -> list[DraftSentence]:
    """With no practice confirmed yet, one sentence asserting a common practice, which the finishing step marks
    【待确认】: the clerk confirms it (and the practice becomes a fact) or drops it."""
    candidates = [k for k in practices.practice_keys() if load_bank("practices")[k]["subpart"] == "management"]
    key = candidates[seed % len(candidates)]
    opts = load_bank("practices")[key]["sentences"]
    return [DraftSentence(text=opts[seed % len(opts)].format(**_ctx_of(report)),
                          source=SentenceSource(kind="practice", practices=[key]))]


def _ctx_of(report: AnnualReport) -> dict:
    from assistant.drafting.phrasebank import report_context

    return report_context(report)


def _channel_frags(p: Picker, f: NarrativeFacts) -> list[str]:
    frags = []
    if f.website_count is not None:
        n = p.cell("facts.website_count", f.website_count)
        frags.append(p.pick("channel_website", name=p.cell("facts.website_name", f.website_name), n=n)
                     if f.website_name else p.pick("channel_website_noname", n=n))
    if f.wechat_count is not None:
        n = p.cell("facts.wechat_count", f.wechat_count)
        frags.append(p.pick("channel_wechat", name=p.cell("facts.wechat_name", f.wechat_name), n=n)
                     if f.wechat_name else p.pick("channel_wechat_noname", n=n))
    if f.bulletin_count is not None:
        frags.append(p.pick("channel_bulletin", n=p.cell("facts.bulletin_count", f.bulletin_count)))
    for i, ch in enumerate(f.other_channels):
        if ch.count is not None:
            frags.append(p.pick("channel_other", nth=i, name=p.cell(f"facts.other_channels.{i}.name", ch.name),
                                n=p.cell(f"facts.other_channels.{i}.count", ch.count)))
    return frags


def _t2_sentence(p: Picker, report: AnnualReport) -> str:
    t2 = report.t2
    docs = t2.art20_1.normative_docs
    values = {f"docs_{k}": p.cell(f"t2.art20_1.normative_docs.{k}", getattr(docs, k))
              for k in ("issued", "abolished", "in_force")}
    for key, group in (("admin_license", t2.art20_5), ("admin_penalty", t2.art20_6), ("admin_coercion", t2.art20_6)):
        art = "art20_5" if key == "admin_license" else "art20_6"
        values[key] = p.cell(f"t2.{art}.{key}.decisions", getattr(group, key).decisions)
    fee = t2.art20_8.admin_fees.amount_wan
    values["admin_fees"] = p.cell("t2.art20_8.admin_fees.amount_wan", fee)
    if all(v == 0 for v in values.values()):  # every figure of 表二 is a stated zero: one short sentence
        return p.pick("t2_all_zero")
    frags, doc_frags, zero_names = [], [], []
    for key in ("docs_issued", "docs_abolished", "docs_in_force"):
        if values[key] is not None:
            doc_frags.append(p.pick(key, n=values[key]) if values[key] else p.pick(key + "_zero"))
    if doc_frags:
        frags.append("，".join(doc_frags))
    names = p.bank["decisions"]
    for nth, key in enumerate(("admin_license", "admin_penalty", "admin_coercion")):
        if values[key]:
            frags.append(p.pick("decision", nth=nth, name=names[key], n=values[key]))
        elif values[key] == 0:
            zero_names.append(names[key])
    if zero_names:
        frags.append(p.pick("decision_zero", name="、".join(zero_names)))
    if fee is not None:
        frags.append(p.pick("admin_fees", n=figure_text(fee)) if fee else p.pick("admin_fees_zero"))
    return p.pick("t2_lead") + "；".join(frags) + "。" if frags else ""


def _active(p: Picker, report: AnnualReport, extras: int, topics: Topics | None = None) -> list[str]:
    f = report.facts
    out = p.traced([p.pick("active_lead")])
    if f.active_total is not None:
        out.append(p.pick("active_total", n=p.cell("facts.active_total", f.active_total)))
    frags = _channel_frags(p, f)
    if frags:
        lead = p.pick("channels_lead") if f.active_total is not None else p.pick("channels_lead_nototal")
        out.append(lead + "，".join(frags) + "。")
    out.append(_t2_sentence(p, report))
    if topics is None or topics.source is None:  # no topics known: ask, never guess
        out.append(p.pick("topics_todo"))
        return out + p.pick_many("active_extra", extras)
    street = p.ctx["self"].endswith("街道")
    names = topics.names
    out.append(Said.of(p.pick("street_topics" if street else "rural_topics", topics="、".join(names)), [],
                       topics.source))
    if extras:  # one of the topics named, said in the unit's own terms
        out.append(Said.of(p.pick("active_topic_extra", topic=names[-1]), [], topics.source))
    return out + p.pick_many("active_extra", max(0, extras - 1))


def _total(row: Any) -> int | None:
    return row.total


def _requests(p: Picker, report: AnnualReport, extras: int) -> list[str]:
    t3 = report.t3
    new, carried = _total(t3.new_received), _total(t3.carried_over)
    done, forward = _total(t3.total_processed), _total(t3.carried_forward)
    for row, value in (("new_received", new), ("carried_over", carried), ("carried_forward", forward)):
        if value is not None:
            p.cell(f"t3.{row}.total", value)
    if new is None or carried is None or done is None or forward is None:
        out = p.traced([p.pick("requests_todo")])
    elif new == carried == done == forward == 0:
        out = p.traced([p.pick("requests_none")])
    else:
        out = p.traced([_requests_body(p, report, new, carried, done, forward)])
        if new >= 10:
            out.append(p.pick("requests_many"))
        out += p.pick_many("requests_extra", extras)
    out.append(_info_fee(p, report.facts))
    out.append(_review(p, report))
    return out


def _requests_body(p: Picker, report: AnnualReport, new: int, carried: int, done: int, forward: int) -> str:
    t3 = report.t3
    text = (p.pick("requests_new", n=new) if new else p.pick("requests_new_zero"))
    text += p.pick("requests_carried", n=carried) if carried else p.pick("requests_carried_zero")
    cols = [(c, getattr(t3.new_received, c)) for c in T3_COLS6 if getattr(t3.new_received, c)]
    if len(cols) >= 2:
        parts = [p.bank["applicants"][c].format(n=p.cell(f"t3.new_received.{c}", v)) for c, v in cols]
        text += p.pick("requests_applicants", list="、".join(parts))
    if done:
        rows = [(r, _total(t3.row(r))) for r in T3_SUB21 if _total(t3.row(r))]
        parts = [p.bank["outcomes"][r].format(n=p.cell(f"t3.{r}.total", v)) for r, v in rows]
        text += p.pick("requests_processed", n=p.cell("t3.total_processed.total", done), list="、".join(parts)) \
            if parts else ""
    else:
        text += p.pick("requests_processed_zero")
    text += p.pick("requests_forward", n=p.cell("t3.carried_forward.total", forward)) if forward \
        else p.pick("requests_forward_zero")
    return text


def _info_fee(p: Picker, f: NarrativeFacts) -> str:
    count, amount = f.info_fee_count, f.info_fee_amount_yuan
    if count is None and amount is None:
        return ""
    p.cell("facts.info_fee_count", count)
    p.cell("facts.info_fee_amount_yuan", amount)
    m = figure_text(amount or Decimal(0))
    if not count and not amount:
        return p.pick("info_fee_zero")
    if count:
        return p.pick("info_fee", n=count, m=m)
    return p.pick("info_fee_amount_only", m=m)


def _review(p: Picker, report: AnnualReport) -> str:
    t4 = report.t4
    review, direct, after = t4.review.total, t4.lit_direct.total, t4.lit_after_review.total
    if None in (review, direct, after):
        return ""
    for name, value in (("review", review), ("lit_direct", direct), ("lit_after_review", after)):
        p.cell(f"t4.{name}.total", value)
    if review == direct == after == 0:
        return p.pick("review_none")
    frags = [p.pick("review_some", n=review) + _t4_detail(p, t4.review, "review") if review
             else p.pick("review_zero")]
    if direct == after == 0:
        frags.append(p.pick("lit_zero"))
    if direct:
        frags.append(p.pick("lit_direct", n=direct) + _t4_detail(p, t4.lit_direct, "lit_direct"))
    if after:
        frags.append(p.pick("lit_after", n=after) + _t4_detail(p, t4.lit_after_review, "lit_after_review"))
    return "；".join(frags) + "。"


def _t4_detail(p: Picker, group: object, name: str) -> str:
    parts = [p.bank["t4_fields"][k].format(n=p.cell(f"t4.{name}.{k}", getattr(group, k)))
             for k in ("upheld", "corrected", "other", "pending") if getattr(group, k)]
    return "（" + "、".join(parts) + "）" if parts else ""


def _management(p: Picker, report: AnnualReport, extras: int) -> list[str]:
    f = report.facts
    out = p.traced([p.pick("mgmt_group", name=p.cell("facts.leading_group", f.leading_group)) if f.leading_group
                    else p.pick("mgmt_group_default")])
    if f.staff_count is not None:
        out.append(p.pick("mgmt_staff", n=p.cell("facts.staff_count", f.staff_count)))
    out.append(p.pick("mgmt_core"))
    return out + p.pick_many("mgmt_extra", extras)


def _platform(p: Picker, report: AnnualReport, extras: int) -> list[str]:
    f = report.facts
    has_web = bool(f.website_name) or f.website_count is not None
    has_wechat = bool(f.wechat_name) or f.wechat_count is not None
    out = p.traced()
    if has_web:
        out.append(p.pick("platform_website", name=p.cell("facts.website_name", f.website_name)) if f.website_name
                   else p.pick("platform_website_noname"))
    if has_wechat:
        out.append(p.pick("platform_wechat", name=p.cell("facts.wechat_name", f.wechat_name)) if f.wechat_name
                   else p.pick("platform_wechat_noname"))
    names = list(dict.fromkeys(f.platform_names + [c.name for c in f.other_channels]))
    if names:
        for name in names:
            p.cell("facts.platform_names", name)
        out.append(p.pick("platform_names", name="、".join(names)))
    if f.bulletin_count is not None:
        out.append(p.pick("platform_bulletin" if out else "platform_bulletin_main"))
    if not out:
        out.append(p.pick("platform_default"))
    return out + p.pick_many("platform_extra", extras)


def _clean(text: str) -> str:
    return text.strip().rstrip("。；;，,")


def _supervision(p: Picker, report: AnnualReport, extras: int) -> list[str]:
    f = report.facts
    if f.training_sessions is not None and f.training_participants is not None:
        out = p.traced([p.pick("sup_training", n=p.cell("facts.training_sessions", f.training_sessions),
                               m=p.cell("facts.training_participants", f.training_participants))])
    elif f.training_sessions is not None:
        out = p.traced([p.pick("sup_training_sessions", n=p.cell("facts.training_sessions", f.training_sessions))])
    else:
        out = p.traced([p.pick("sup_training_default")])
    core = p.pick("sup_core")
    if p.index("sup_order", 2):  # the unit's supervision first, then its training
        list.insert(out, 0, core)
    else:
        out.append(core)
    _art50(p, f, out)
    return out + p.pick_many("sup_extra", max(0, extras - 1))


def _art50(p: Picker, f: NarrativeFacts, out: Traced) -> None:
    """条例 第五十条（四）: the three results, in one of the shapes the unit's seed picks, appended to ``out``."""
    def result(key: str) -> str:
        slot, field, todo = _ART50[key]
        return p.pick(slot, name=p.cell(f"facts.{field}", _clean(getattr(f, field))) or p.pick(todo))

    shape = p.index("sup_results_shape", 3)
    if shape == 0:  # a lead, then the three in one sentence
        out.append(p.pick("sup_results_lead") + "；".join(result(k) for k in _ART50) + "。")
        return
    for key in list(_ART50)[::-1] if shape == 2 else _ART50:  # each in a sentence of its own (2: reversed)
        out.append(result(key) + "。")


_ART50 = {"assessment": ("sup_assessment", "assessment_result", "todo_assessment"),
          "evaluation": ("sup_evaluation", "public_evaluation", "todo_evaluation"),
          "accountability": ("sup_accountability", "accountability", "todo_accountability")}


def _law(report: AnnualReport) -> str:
    """The 条例 as the opening names it: the short 《条例》 when the report's preamble has introduced it, else in full."""
    from assistant.drafting.fixed_sections import preamble

    bank = load_bank("overview")
    return bank["law_short"] if bank["law_short_from"] in (report.preamble or preamble(report)) else bank["law_full"]


SUBPARTS = (("active", _active), ("requests", _requests), ("management", _management),
            ("platform", _platform), ("supervision", _supervision))


def _sentences(part: str) -> list[DraftSentence]:
    """A builder's part as sentences: its own source when it has one, else the cells it states."""
    source = getattr(part, "source", None)
    if source is not None:
        return [DraftSentence(text=s, source=source) for s in split_sentences(part)]
    return attribute(part, getattr(part, "cells", None) or [], PHRASEBANK)


def compose_overview(report: AnnualReport, *, variant: int = 0, length: Length = "normal",
                     retrieve: Retrieve | None = None, reference_unit: str | None = None,
                     gazetteer: tuple[str, ...] = (), previous: AnnualReport | None = None) -> list[DraftParagraph]:
    """Compose 一、总体情况 as paragraphs: an opening, then the five sub-parts (heading + body).

    :param previous: the unit's own report of the year before (its 公开重点 are named when the clerk gave none).
    """
    from assistant.drafting.adapt import reusable_sentences

    topics = unit_topics(report, previous)
    p = picker("overview", report, variant, accept=lambda text: practices.allowed(text, report))
    p.ctx["law"] = _law(report)
    paras = [body_para(attribute(p.pick("intro"), p.trace.take(), PHRASEBANK), "intro")]
    for index, ((key, build), heading) in enumerate(zip(SUBPARTS, load_bank("overview")["headings"], strict=False)):
        parts = [s for s in (_active(p, report, EXTRAS[length], topics) if key == "active"
                             else build(p, report, EXTRAS[length])) if s]
        built = "".join(parts)
        sentences = [x for part in parts for x in _sentences(part)]
        p.trace.take()
        sentences += practice_part(report, key, p.index(key, 7) + index, built)
        if key == "management" and not report.facts.practices:
            sentences += practice_prompt(report, p.index("practice_prompt", 97))
        reused = reusable_sentences(report, "overview", key, retrieve=retrieve, limit=REUSE[length],
                                    reference_unit=reference_unit, gazetteer=gazetteer, variant=variant,
                                    avoid=[x for s in sentences for x in s.text.split("。") if x])
        paras.append(heading_para(heading, key))
        paras.append(body_para(sentences + reused_sentences(reused, report), key, [ps for _, ps in reused]))
    return paras
