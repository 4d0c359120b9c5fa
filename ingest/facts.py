"""Narrative facts stated in the text (spec §2.3): disclosure counts per channel, application counts,
信息处理费, platform names, and the problems / measures listed under 五.

Everything here is regex over the section text; a fact that is not stated stays None / empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from assistant.core.report import Channel, NarrativeFacts
from assistant.core.textpatterns import ENUMERATOR_SPLIT, SENTENCE_SPLIT, strip_enumerator
from ingest.sections import overview_subparts

_CLAUSE = re.compile(r"[，,；;。！？\n]")
_COUNT = r"(\d+)\s*余?\s*[条件篇期]"
# Words that name a channel other than the website: a clause with one ends the website's run.
_CHANNEL_WORDS = ("微信", "公众号", "公众平台", "公开栏", "宣传栏", "公示栏", "抖音", "快手", "微博", "头条",
                  "政讯", "客户端", "视频号", "广播", "重点领域", "其中")
_CHANNEL_WORD = re.compile("|".join(_CHANNEL_WORDS))  # any of them (one scan instead of 16 ``in`` tests)
_COUNT_RE = re.compile(_COUNT)
_SENTENCE_OR_LINE = re.compile(r"[。\n]")
_ACTIVE_TOTAL = (re.compile(r"共(?:发布|公开)[^，。；\d]{0,10}?信息" + _COUNT),
                 re.compile(r"主动公开(?:政府|政务)?信息" + _COUNT))
_OTHER_PLATFORMS = ("抖音", "快手", "微博", "今日头条", "视频号", "客户端", "政讯", "广播")
_QUOTED = r"[“\"「]([^”\"」]{2,20})[”\"」]"


@lru_cache(maxsize=64)
def _clauses(text: str) -> tuple[str, ...]:
    """The non-empty clauses of ``text``, stripped (memoised: each fact reader splits the same 一 again)."""
    return tuple(c for c in map(str.strip, _CLAUSE.split(text)) if c)


def _first_count(clause: str, after: str = "") -> int | None:
    """The first count in ``clause``, looking only after the word ``after`` when it occurs
    ("其中门户网站专栏133条、微信公众号372条" gives 372 for 微信)."""
    start = clause.find(after) if after else 0
    m = _COUNT_RE.search(clause[max(start, 0):])
    return int(m.group(1)) if m else None


def website_count(text: str) -> int | None:
    """Items published on the website: the website clause plus the itemised clauses that follow it."""
    for sentence in _SENTENCE_OR_LINE.split(text):
        if "网站" not in sentence:
            continue  # no clause of it can start the website's run
        clauses = _clauses(sentence)
        start = next((i for i, c in enumerate(clauses) if "网站" in c and _COUNT_RE.search(c)), None)
        if start is None:
            start = next((i for i, c in enumerate(clauses) if "网站" in c and "公开" in c), None)
            if start is None or not any(_COUNT_RE.search(c) for c in clauses[start:]):
                continue
        total = _first_count(clauses[start], "网站") or 0
        for clause in clauses[start + 1 :]:
            if _CHANNEL_WORD.search(clause) or "网站" in clause:
                break
            total += _first_count(clause) or 0
        return total
    return None


def _channel_count(text: str, words: tuple[str, ...]) -> int | None:
    for clause in _clauses(text):
        word = next((w for w in words if w in clause), None)
        if word:
            count = _first_count(clause, word)
            if count is not None:
                return count
    return None


def active_total(text: str) -> int | None:
    """The stated total of proactively disclosed items ("主动公开政府信息11件", "共发布各类信息128条")."""
    plain = [c for c in _clauses(text) if "网站" not in c and not _CHANNEL_WORD.search(c)]
    for pattern in _ACTIVE_TOTAL:
        for clause in plain:
            m = pattern.search(clause)
            if m:
                return int(m.group(1))
    return None


# Application counts stated in 一（二）依申请公开 (N-1). One extractor: ingest fills NarrativeFacts with it
# and assistant.checks.narrative reads unfilled facts from the text with it.
_COMMA = re.compile(r"[，,]")
_REVIEW_WORDS = re.compile(r"复议|诉讼")  # 被申请行政复议1件 is no application count
_REQ_VERB = r"(?:新收|收到|受理|发生|接到|接收)"
_REQ_RECEIVED = re.compile(_REQ_VERB + r"[^。；，,\d]{0,24}?(\d+)\s*件")
_REQ_NONE = re.compile(r"(?:未|没有|无)" + _REQ_VERB)
_REQ_PROCESSED = re.compile(r"(?:办结|办理|答复)[^。；，,\d]{0,16}?(\d+)\s*件")


@dataclass(frozen=True)
class StatedCount:
    """A count read from the text: ``sentence[start:end]`` says it; ``explicit`` is False for 未收到 wording."""

    value: int
    sentence: str
    start: int
    end: int
    explicit: bool = True


def _without_review(sentence: str) -> str:
    return "，".join(c for c in _COMMA.split(sentence) if c.strip() and not _REVIEW_WORDS.search(c))


def _application_sentences(overview: str) -> list[str]:
    """Sentences about applications, without their clauses about 行政复议/诉讼: all of 一（二）依申请公开;
    when the overview has no such part, its paragraphs stating a received count and other sentences
    mentioning 申请."""
    part = overview_subparts(overview).get("requests")
    out: list[str] = []
    for line in (part or overview).split("\n"):
        sentences = [k for k in map(_without_review, SENTENCE_SPLIT.split(line)) if k]
        if part or any("申请" in k and _received_in(k) for k in sentences):
            out += sentences
        else:
            out += [k for k in sentences if "申请" in k]
    return out


def _received_in(sentence: str) -> StatedCount | None:
    offset = 0
    for clause in sentence.split("，"):
        if m := _REQ_NONE.search(clause):
            return StatedCount(0, sentence, offset + m.start(), offset + len(clause), explicit=False)
        if m := _REQ_RECEIVED.search(clause):
            return StatedCount(int(m.group(1)), sentence, offset + m.start(), offset + m.end())
        offset += len(clause) + 1
    return None


def stated_applications(overview: str) -> tuple[StatedCount | None, StatedCount | None]:
    """(received, processed) application counts stated in the 一、总体情况 text ``overview``.

    Received: "收到/新收/受理…申请N件" (a sentence mentioning 申请); "未收到/未新收…" is 0.
    Processed: "办结/答复/办理…N件", also in a sentence without 申请 ("全年办结6件").
    """
    received: StatedCount | None = None
    processed: StatedCount | None = None
    for sentence in _application_sentences(overview):
        if received is None and "申请" in sentence:
            received = _received_in(sentence)
        if processed is None and (m := _REQ_PROCESSED.search(sentence)):
            processed = StatedCount(int(m.group(1)), sentence, m.start(), m.end())
    return received, processed


def wechat_name(text: str) -> str:
    """The WeChat account named in quotes next to 公众号/公众平台."""
    for pattern in (rf"(?:公众号|公众平台|微信号)\s*{_QUOTED}", rf"{_QUOTED}\s*(?:微信)?(?:公众号|公众平台)"):
        m = re.search(pattern, text)
        if m:
            return m.group(1)
    return ""


def website_name(text: str) -> str:
    """The website named as the publishing channel ("虎林市人民政府网站")."""
    m = re.search(r"(?:通过|利用|依托|在)([^，。；“”\s]{2,20}?(?:门户网站|政府网站|网站))", text)
    return m.group(1) if m else ""


def other_channels(text: str) -> tuple[list[Channel], list[str]]:
    """Named channels besides website/WeChat/bulletin board, with counts where stated; and platform names."""
    channels: list[Channel] = []
    names: list[str] = []
    for clause in _clauses(text):
        for word in _OTHER_PLATFORMS:
            if word not in clause:
                continue
            count = _first_count(clause)
            if count is not None:
                name = re.sub(r"^(?:通过|利用|在|其中)", "", clause.split(word)[0]) + word
                channels.append(Channel(name=name[-12:], count=count))
            elif word not in names:
                names.append(word)
    return channels, names


def info_fee(text: str) -> tuple[int | None, Decimal | None]:
    """(count, amount in 元) of 信息处理费 stated under 六; "未收取/没有产生" means 0."""
    if re.search(r"(?:未|没有|不曾)(?:收取|产生|收)[^，。；]{0,8}处理费", text):
        return 0, Decimal(0)
    amount = re.search(r"信息处理费[^，。；\d]{0,6}?(\d+(?:\.\d+)?)\s*元", text)
    count = re.search(r"信息处理费[^，。；\d]{0,6}?(\d+)\s*件", text)
    return (int(count.group(1)) if count else None), (Decimal(amount.group(1)) if amount else None)


_SUBHEAD = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]\s*")
_MEASURE_HEAD = re.compile(r"改进|措施|打算|下一步|计划|努力方向|工作思路")
_MEASURE_START = re.compile(
    r"(?:^|(?<=[。；！\n]))\s*(?=[^。；\n]{0,30}?(?:(?:19|20)\d{2}(?!\d)年[，,]?\s*(?:我|我们)[乡镇街道]?[^。；]{0,6}将"
    r"|下一步|改进措施|整改措施|今后|下一年))"
)


def itemise(text: str) -> list[str]:
    """Split a block into its enumerated items (一是… / 1、… / （一）…); the lead-in sentence is dropped."""
    pieces = [re.sub(r"\s*\n\s*", "", p).strip(" ；;。") for p in ENUMERATOR_SPLIT.split(text)]
    if len(pieces) > 1:
        return [strip_enumerator(p).strip(" ；;。") for p in pieces[1:] if p]
    lines = [line.strip() for line in text.split("\n") if line.strip() and not line.strip().endswith(("：", ":"))]
    return [strip_enumerator(line).strip(" ；;。") for line in lines]


def _blocks(text: str) -> list[tuple[str, str]]:
    """(heading, body) blocks split at "（一）…" sub-headings; heading "" for text before the first."""
    blocks: list[tuple[str, str]] = [("", "")]
    for line in text.split("\n"):
        if _SUBHEAD.match(line):
            body = _SUBHEAD.sub("", line)
            m = re.match(r"([^。：:]{1,30})[。：:](.*)$", body)
            blocks.append((m.group(1), m.group(2)) if m else (body, ""))
        else:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + "\n" + line)
    return [(h, b.strip()) for h, b in blocks if h or b.strip()]


def _lead_in_groups(text: str) -> tuple[list[str], list[str]] | None:
    """五 written as lead-in lines ending in "：" each followed by a numbered list (no （一） headings):
    a lead-in about 整改 introduces last year's fixes (left out), one about 措施 the measures, one about
    问题/不足 the problems. None when the text has no such lead-ins."""
    groups: list[tuple[str, list[str]]] = []
    for line in (ln.strip() for ln in text.split("\n")):
        if line.endswith(("：", ":")) and len(line) <= 80:
            groups.append((line, []))
        elif line and groups:
            groups[-1][1].append(line)
    if len(groups) < 2:
        return None
    problems: list[str] = []
    measures: list[str] = []
    for lead, lines in groups:
        body = "\n".join(lines)
        if "整改" in lead and "措施" not in lead.split("整改")[-1]:
            continue
        if _MEASURE_HEAD.search(lead) or _MEASURE_START.search(lead):
            measures += itemise(body)
        elif re.search(r"问题|不足|短板|差距", lead):
            problems += itemise(body)
    return problems, measures


def problems_and_measures(text: str) -> tuple[list[str], list[str]]:
    """Problems and improvement measures listed under 五 (items of last year's 整改 are left out)."""
    blocks = _blocks(text)
    if any(head for head, _ in blocks):
        problems: list[str] = []
        measures: list[str] = []
        for head, body in blocks:
            if "整改" in head and "措施" not in head:
                continue
            target = measures if _MEASURE_HEAD.search(head) else problems
            target += itemise(body) if body else []
        return problems, measures
    grouped = _lead_in_groups(text)
    if grouped is not None:
        return grouped
    m = _MEASURE_START.search(text, 1)
    if not m:
        return itemise(text), []
    return itemise(text[: m.start()]), itemise(text[m.start():])


def _int(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


def extract_facts(overview: str, problems: str, other: str) -> NarrativeFacts:
    """All narrative facts of one report from the texts of 一, 五 and 六."""
    received, processed = stated_applications(overview)
    channels, platform_names = other_channels(overview)
    fee_count, fee_amount = info_fee(other)
    found_problems, measures = problems_and_measures(problems)
    group = re.search(r"((?:政府|政务)(?:信息)?公开(?:工作)?(?:领导小组|工作小组|小组)|领导小组)", overview)
    wechat = wechat_name(overview)
    return NarrativeFacts(
        active_total=active_total(overview),
        website_count=website_count(overview),
        wechat_count=_channel_count(overview, ("微信", "公众号", "公众平台")),
        bulletin_count=_channel_count(overview, ("公开栏", "宣传栏", "公示栏")),
        other_channels=channels,
        website_name=website_name(overview),
        wechat_name=wechat,
        platform_names=[n for n in [wechat, *platform_names] if n],
        applications_stated=received.value if received else None,
        applications_processed_stated=processed.value if processed else None,
        leading_group=group.group(1) if group else "",
        training_sessions=_int(r"培训[^，。；\d]{0,6}(\d+)\s*[次场期]", overview),
        training_participants=_int(r"(\d+)\s*人次", overview),
        info_fee_count=fee_count,
        info_fee_amount_yuan=fee_amount,
        npc_suggestions=_int(r"人大代表建议[^，。；\d]{0,4}(\d+)\s*件", other),
        cppcc_proposals=_int(r"政协(?:委员)?提案[^，。；\d]{0,4}(\d+)\s*件", other),
        problems=found_problems,
        measures=measures,
    )
