"""公开重点: the topics a draft of 一 names as made public with priority, never from a fixed list.

In order: the topics the clerk entered (``facts.topics``), else the unit's own report of the year before (its
``facts.topics``, else the topics its 总体情况 names in a sentence such as "重点公开了A、B等信息"), else none:
the draft then asks for them with a 【待补充】 mark instead of guessing. Each topic sentence cites where its
topics came from (provenance.SentenceSource).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.core.report import AnnualReport
from assistant.core.unitname import short_name
from assistant.drafting.provenance import SentenceSource, split_sentences

MAX_TOPICS = 6
# A sentence naming priority topics: the lead words, then a list closed by 等.
_LEAD = re.compile(r"(?:重点公开了?|着重公开了?|公开重点(?:是|为|包括|放在)?|重点围绕|重点聚焦|聚焦于?|围绕|主要包括|"
                   r"主要是|集中在|多涉及|关注度高的|(?:从|按)(?:内容|主题|类别)(?:上)?(?:看|分)[，,]|以)"
                   r"(?P<list>[^。；：:，,（）()【】]{2,80}?)(?:等|几个方面|这几类|几类|方面|为主|居多|占比)")
_CUES = ("重点", "聚焦", "围绕", "包括", "集中", "涉及", "为主", "居多", "关注度", "看，", "分，", "占比")
_SPLIT = re.compile(r"[、/]|以及|及|和|与")
_ITEM = re.compile(r"[\u4e00-\u9fa5“”]{2,16}")
# Items that name no topic (the lead words also introduce other things than topics).
_NOT_TOPIC = re.compile(r"^(?:群众|居民|各类|相关|中心|政府信息|公开|信息|政务|事项|内容|方面)|"
                        r"(?:工作$|要求$|原则$|规定$|关切$|解读$|动态$|条例|目录|平台|渠道|网站|公众号|公开栏)")


class Topics(BaseModel):
    """The topics to name and where they come from (``source`` None: nothing to name)."""

    names: list[str] = Field(default_factory=list)
    source: SentenceSource | None = None


def _items(text: str) -> list[str]:
    out = []
    for raw in _SPLIT.split(text):
        item = raw.strip()
        if _ITEM.fullmatch(item) and not _NOT_TOPIC.search(item):
            out.append(item)
    return out


def topics_in_text(text: str) -> tuple[list[str], str]:
    """Topics a report's 总体情况 names as its priorities, and the first sentence naming them ('' if none)."""
    found: list[str] = []
    first = ""
    for sentence in split_sentences(text):
        if not any(w in sentence for w in _CUES):
            continue
        for m in _LEAD.finditer(sentence):
            items = _items(m.group("list"))
            if len(items) >= 2 or (items and "重点" in m.group(0)):
                found += items
                first = first or sentence.strip()
    return list(dict.fromkeys(found))[:MAX_TOPICS], first


def unit_topics(report: AnnualReport, previous: AnnualReport | None = None) -> Topics:
    """The report's 公开重点: the clerk's facts, else the unit's last report, else nothing."""
    own = [t.strip() for t in report.facts.topics if t.strip()]
    if own:
        return Topics(names=list(dict.fromkeys(own)),
                      source=SentenceSource(kind="fact", cells=[f"facts.topics.{i}" for i in range(len(own))]))
    if previous is None:
        return Topics()
    unit = previous.profile.short_name or short_name(previous.profile.organ_name)
    year = previous.profile.report_year or 0
    names = [t.strip() for t in previous.facts.topics if t.strip()]
    passage = "、".join(names)
    if not names:
        names, passage = topics_in_text(previous.sections.overview)
    if not names:
        return Topics()
    return Topics(names=names[:MAX_TOPICS],
                  source=SentenceSource(kind="own_report", unit=unit, year=year, passage=passage))
