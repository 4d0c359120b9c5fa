"""Who reports and for which year, voted from every place a report says so.

Each place — the title, the page's breadcrumb and meta line, the 引言, the body's mentions, the 编制 and 联系 lines,
the address, the 落款, the statistical period, the plan year in 五 and the file name — casts weighted votes for the
unit, its divisions and the year. The winner of each field is kept with its evidence and a confidence (its share
of the votes, discounted when the votes are few), so a weak result is shown to the clerk instead of guessed
silently. The shipped gazetteer names the county, city and province of a township it knows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from assistant.core.gazetteer import Gazetteer, Place, gazetteer
from assistant.core.report import Evidence, FieldEvidence, Level, ProfileEvidence, UnitProfile
from assistant.core.textpatterns import YEAR, period_years, years_in
from assistant.core.unitname import level_of, organ_for
from ingest.chrome import Chrome, breadcrumb_parts

# Below this a field is reported to the clerk (META-1 … META-3).
LOW_CONFIDENCE = 0.5
_EVIDENCE_MAX = 80
_KEEP_EVIDENCE = 4

# Places and the weight of one vote cast there.
W_TITLE, W_CLOSING, W_PREAMBLE, W_COMPILED, W_ADDRESS, W_CONTACT = 5.0, 4.0, 1.5, 2.0, 2.0, 1.0
W_BODY, W_BODY_CAP, W_PAGE, W_BREADCRUMB, W_FILE = 0.5, 3.0, 1.5, 1.0, 1.0
W_PERIOD, W_REPORTING, W_CLOSING_DATE, W_TEXT_YEAR, W_PLAN, W_PAGE_DATE = 3.0, 3.0, 2.0, 1.0, 1.0, 0.5
_YEAR_FROM_ORDER = ("title", "period", "text", "closing")  # spec §7.3, for SourceInfo.year_inferred_from

_LEVEL_END = re.compile(r"(街道办事处|街道办|街道|镇(?![村区域长级街干])|乡(?![村镇里亲愁土间贤下]))"
                        r"(人民政府|政府|办事处|党委|党政办公室|党政办)?")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{1,16}$")
_NOT_NAMES = frozenset({"乡镇", "城镇", "村镇", "集镇", "城乡", "小镇", "重镇", "古镇", "名镇", "强镇", "市镇", "建制镇",
                        "各街道", "各乡", "各镇", "该镇", "该乡", "全乡", "全镇", "我镇", "本镇", "我乡", "本乡", "我街道",
                        "本街道", "全街道", "该街道", "乡街道", "镇街道", "各乡镇", "镇乡", "下乡", "返乡", "回乡", "家乡",
                        "城乡镇", "特色小镇", "中心镇", "老乡", "异乡", "故乡", "同乡", "进乡", "和街道", "区街道", "县街道",
                        "市街道", "各镇街"})
# Characters a unit name does not start with: words that run into it in a sentence (在亮河镇, 总结亮河镇).
_BOUNDARY = set("的在了与及对为由是将年于向据经至从把被给等各该本我全即按并或请到")
_UNKNOWN_COUNTY = re.compile(r"(?:^|[的在与及对为由是将年于向据经至从等各该本我全按并或])([\u4e00-\u9fff]{2,3}(?:县|区|旗))$")
_ADMIN_END = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗)$")
_COMPILED = re.compile(r"由(?P<u>[^，。；\n]{2,40}?)(?:负责)?(?:编制|编写|起草|汇编)|(?P<v>[^，。；\n]{2,40}?)(?:负责)?(?:编制|编写)")
# Every _COMPILED match lies inside one clause (its parts exclude ，。；\n) holding one of these words: the
# pattern runs on those clauses only (its lazy ``{2,40}?`` tried at every position of the body was a third
# of the parse time).
_COMPILED_WORD = re.compile(r"编制|编写|起草|汇编")
_CLAUSE_START = re.compile(r"[，。；\n]")
_CJK_TAIL = re.compile(r"[\u4e00-\u9fff]*\Z")  # searched with an endpos: the CJK run ending there
_SPACE = re.compile(r"\s+")
_YEAR_IN_TITLE = re.compile(YEAR + r"\s*(?:年|度)")
_YEAR_ANY = re.compile(YEAR)
_FILE_SEPARATORS = re.compile(r"[_\-\s]+")
_LEAD_END = re.compile(r"(?:\d|年|度)")
_ADMIN_TAIL = re.compile(r".*(?:县|市|区|旗|省)")
_ORGAN_WORDS = ("人民政府", "办事处")
_ADDRESS = re.compile(r"(?:通讯地址|联系地址|办公地址|地址|地点)\s*[:：为是]?\s*(?P<u>[^，。；\n]{2,60})")
_CONTACT = re.compile(r"(?:联系|咨询|受理)(?:单位|机关|部门)?\s*[:：]\s*(?P<u>[^，。；\n]{2,40})")
_PAGE_ORGAN = re.compile(r"(?:发布机构|发文机关|信息来源|来源|发布单位)\s*[:：]\s*(?P<u>\S{2,30})")
_REPORTING_YEAR = re.compile(r"(?:现将|现公布|现予公布|特向社会公布|现发布|公布)[^。；]{0,24}?" + YEAR + r"\s*年")
_TEXT_YEAR = re.compile(YEAR + r"\s*年(?:度)?(?:以来|[，,]\s*(?:我|全|在)|全年|共)")
_PLAN_YEAR = re.compile(YEAR + r"\s*年(?:度)?\s*[，,]?\s*[^。；\d]{0,10}?将")
_PAGE_DATE = re.compile(r"(?:发布日期|发布时间|生成日期|成文日期|日期)\s*[:：]?\s*" + YEAR + r"\s*[-年./]\s*(\d{1,2})")


@dataclass
class _Ballot:
    """Votes for the values of one field, each with where it was cast."""

    scores: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    evidence: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    capped: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))

    def vote(self, value: str, weight: float, source: str, text: str, cap: float | None = None) -> None:
        if not value:
            return
        if cap is not None:
            room = cap - self.capped[(value, source)]
            weight = min(weight, room)
            if weight <= 0:
                return
            self.capped[(value, source)] += weight
        self.scores[value] += weight
        if len(self.evidence[value]) < _KEEP_EVIDENCE and not any(e.source == source and e.text == text
                                                                  for e in self.evidence[value]):
            self.evidence[value].append(Evidence(source=source, text=text[:_EVIDENCE_MAX], value=value))

    def ranked(self) -> list[str]:
        return sorted(self.scores, key=lambda v: -self.scores[v])

    def result(self, full: float = 3.0) -> tuple[str, FieldEvidence]:
        """The winner and its evidence; confidence = its share of the votes, discounted below ``full`` votes."""
        ranked = self.ranked()
        if not ranked:
            return "", FieldEvidence()
        best = ranked[0]
        total = sum(self.scores.values())
        confidence = self.scores[best] / total * min(1.0, self.scores[best] / full)
        if len(ranked) > 1 and self.scores[ranked[1]] == self.scores[best]:
            confidence = min(confidence, LOW_CONFIDENCE - 0.01)  # a tie is never a confident answer
        return best, FieldEvidence(confidence=round(confidence, 2), evidence=self.evidence[best],
                                   candidates=ranked[:5])


@dataclass
class Mention:
    """A unit named in the text: its short name and the divisions written before it."""

    short: str
    county: str = ""
    city: str = ""
    province: str = ""
    start: int = 0
    end: int = 0
    known: bool = False  # the gazetteer knows the name


def _clip(text: str, start: int, end: int, pad: int = 14) -> str:
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    return " ".join(text[lo:hi].split())


def _unknown_county_under_known(text: str, gaz: Gazetteer) -> str:
    """The county at the end of ``text`` that the gazetteer does not know, when a city or province it knows is
    written right before it (…浙江省丽水市|临溪县); "" otherwise."""
    for n in (3, 4):
        piece, before = text[-n:], text[:-n]
        if len(text) <= n or piece[-1] not in "县区旗":
            continue
        if any(before[-k:] in gaz.cities or before[-k:] in gaz.provinces for k in range(2, min(len(before), 9) + 1)):
            return piece
    return ""


def _admin_prefix(before: str, gaz: Gazetteer) -> tuple[str, str, str]:
    """(province, city, county) written right before a unit name (…山东省潍坊市昌乐县|乔官镇)."""
    province = city = county = ""
    rest = before
    for _ in range(3):
        hit = ""
        for n in range(min(len(rest), 9), 1, -1):
            piece = rest[-n:]
            if not _ADMIN_END.search(piece):
                continue
            if not county and not city and not province and piece in gaz.counties:
                county = hit = piece
            elif not city and not province and piece in gaz.cities:
                city = hit = piece
            elif not province and piece in gaz.provinces:
                province = hit = piece
            if hit:
                break
        if not hit and not (county or city or province):
            county = hit = _unknown_county_under_known(rest, gaz)  # a made-up county in a real city or province
        if not hit:
            break
        rest = rest[: -len(hit)]
    if not (province or city or county) and (m := _UNKNOWN_COUNTY.search(before)):
        county = m.group(1)  # a county the gazetteer does not know (renamed, or a made-up example): kept as written
    return province, city, county


@lru_cache(maxsize=4096)
def _chars_before(name: str, doc: str) -> str:
    """The one character written before every occurrence of ``name`` in ``doc`` ("" if they differ or it is rare)."""
    starts = []
    at = doc.find(name)
    while at != -1:  # non-overlapping, as re.finditer would find them (no pattern compiled per name)
        starts.append(at)
        at = doc.find(name, at + len(name))
    chars = {doc[i - 1] if i else "" for i in starts}
    return chars.pop() if len(starts) >= 2 and len(chars) == 1 else ""


def _extend(name: str, before: str, doc: str) -> str:
    """``name`` grown by the characters always written before it (兰|坝镇 where the gazetteer knows only 坝镇)."""
    for _ in range(3):
        if not before or _ADMIN_END.search(before) or _chars_before(name, doc) != before[-1]:
            return name
        name, before = before[-1] + name, before[:-1]
    return name


def unit_mentions(text: str, gaz: Gazetteer, strict: bool = False, doc: str = "") -> list[Mention]:
    """Every 乡/镇/街道 named in ``text``: the gazetteer's names first, else a name cut at its first boundary.

    ``strict`` (running text): a name the gazetteer does not know counts only when its organ follows (…镇人民政府).
    ``doc`` (the whole report) tells whether a known name is always written inside a longer one.
    """
    found: list[Mention] = []
    for m in _LEVEL_END.finditer(text):
        level_word = m.group(1)
        head = _CJK_RUN.search(text[max(0, m.start() - 16):m.start()])
        if not head:
            continue
        run = head.group(0)
        suffix = "街道" if level_word.startswith("街道") else level_word
        if level_word in ("街道办事处", "街道办"):
            suffix = "街道"
        name = ""
        known = True
        for n in range(min(len(run), 10), 0, -1):  # the longest gazetteer name ending here
            if run[-n:] + suffix in gaz.townships:
                name = run[-n:] + suffix
                break
        if name:
            longer = _extend(name, run[: len(run) - (len(name) - len(suffix))], doc or text)
            if longer != name:
                name, known = longer, False
        if not name:
            known = False
            if strict and not m.group(2):
                continue  # in running text, a name the gazetteer does not know needs its organ (…镇人民政府)
            tail = run
            for i in range(len(run) - 1, -1, -1):
                if run[i] in _BOUNDARY:
                    tail = run[i + 1:]
                    break
            admin = _ADMIN_TAIL.match(tail)
            if admin and admin.end() < len(tail):
                tail = tail[admin.end():]
            name = tail[-4:] + suffix if tail else ""
        if name in _NOT_NAMES or len(name) < 2 or name[0] in _BOUNDARY:
            continue
        before = run[: len(run) - (len(name) - len(suffix))]
        province, city, county = _admin_prefix(before, gaz)
        found.append(Mention(name, county, city, province, m.start() - (len(name) - len(suffix)), m.end(), known))
    return found


@dataclass
class VoteInput:
    """Everything the vote reads: the split report's parts, the whole text, the page chrome and the file name."""

    title: str
    preamble: str
    body: str
    plan_text: str
    closing_organ: str
    closing_date: dt.date | None
    chrome: Chrome
    file_name: str = ""
    before_title: str = ""  # lines above the title: a site's banner and menus


@dataclass
class VoteResult:
    profile: UnitProfile
    evidence: ProfileEvidence
    year_from: str


def _unit_votes(data: VoteInput, gaz: Gazetteer) -> tuple[_Ballot, list[tuple[Mention, float, str]]]:
    ballot = _Ballot()
    seen: list[tuple[Mention, float, str]] = []
    doc = f"{data.title}\n{data.preamble}\n{data.body}\n{data.closing_organ}"

    def cast(text: str, weight: float, source: str, cap: float | None = None, strict: bool = False) -> None:
        mentions = unit_mentions(text, gaz, strict, doc)
        counts: dict[str, int] = defaultdict(int)
        for mention in mentions:
            counts[mention.short] += 1
        for mention in mentions:
            if strict and not mention.known and counts[mention.short] < 2 and mention.short not in ballot.scores:
                continue  # an unknown name said once in running text is more likely a phrase (纳入乡政府)
            ballot.vote(mention.short, weight, source, _clip(text, mention.start, mention.end), cap)
            seen.append((mention, weight, source))

    cast(data.title, W_TITLE, "title")
    cast(data.closing_organ, W_CLOSING, "closing")
    for kind, line in data.chrome.all():
        if kind == "breadcrumb":
            for part in breadcrumb_parts(line):
                cast(part, W_BREADCRUMB, "breadcrumb")
        elif kind == "page":
            for m in _PAGE_ORGAN.finditer(line):
                cast(m.group("u"), W_PAGE, "page")
    cast(data.preamble, W_PREAMBLE, "preamble", cap=W_PREAMBLE * 2, strict=True)
    cast(data.before_title, W_BREADCRUMB / 2, "page", cap=W_BREADCRUMB / 2)
    for pattern, weight, source in ((_COMPILED, W_COMPILED, "compiled_by"), (_ADDRESS, W_ADDRESS, "address"),
                                    (_CONTACT, W_CONTACT, "contact")):
        texts = _compiled_clauses(data.body) if pattern is _COMPILED else [data.body]
        for m in (m for text in texts for m in pattern.finditer(text)):
            part = m.group("u") if m.groupdict().get("u") else (m.groupdict().get("v") or "")
            cast(part, weight, source, cap=weight)
    cast(data.body, W_BODY, "body", cap=W_BODY_CAP, strict=True)
    cast(_FILE_SEPARATORS.sub(" ", data.file_name), W_FILE, "file_name")
    return ballot, seen


def _compiled_clauses(body: str) -> list[str]:
    """The clauses of ``body`` (between ，。； and line breaks) that hold a word _COMPILED ends with, in order."""
    clauses: list[str] = []
    end = 0
    for m in _COMPILED_WORD.finditer(body):
        if m.start() < end:
            continue  # a second word in the clause already taken
        before = body.rfind("\n", 0, m.start())
        start = max(before, *(body.rfind(c, 0, m.start()) for c in "，。；")) + 1
        stop = _CLAUSE_START.search(body, m.end())
        end = stop.start() if stop else len(body)
        clauses.append(body[start:end])
    return clauses


def _year_votes(data: VoteInput) -> _Ballot:
    ballot = _Ballot()
    title_years = years_in(data.title)
    if title_years:
        ballot.vote(str(title_years[0]), W_TITLE, "title", data.title)
    elif m := _YEAR_IN_TITLE.search(data.title):  # "2022度珠晖区…"
        ballot.vote(m.group(1), W_TITLE * 0.8, "title", data.title)
    text = data.preamble + "\n" + data.body
    for start, end, first, last in period_years(text):
        ballot.vote(str(last or first), W_PERIOD, "period", _clip(text, start, end, 4), cap=W_PERIOD)
    for m in _REPORTING_YEAR.finditer(data.preamble):
        ballot.vote(m.group(1), W_REPORTING, "preamble", _clip(data.preamble, m.start(), m.end(), 4), cap=W_REPORTING)
    if data.closing_date:
        d = data.closing_date
        ballot.vote(str(d.year - 1 if d.month <= 9 else d.year), W_CLOSING_DATE, "closing", d.isoformat())
    for m in _TEXT_YEAR.finditer(data.body):
        ballot.vote(m.group(1), W_TEXT_YEAR, "text", _clip(data.body, m.start(), m.end(), 4), cap=W_TEXT_YEAR)
    for m in _PLAN_YEAR.finditer(data.plan_text):
        ballot.vote(str(int(m.group(1)) - 1), W_PLAN, "plan", _clip(data.plan_text, m.start(), m.end(), 4), cap=W_PLAN)
    for _, line in data.chrome.all():
        for m in _PAGE_DATE.finditer(line):
            year = int(m.group(1)) - 1 if int(m.group(2)) <= 9 else int(m.group(1))
            ballot.vote(str(year), W_PAGE_DATE, "page", line, cap=W_PAGE_DATE)
    if m := _YEAR_ANY.search(data.file_name):
        ballot.vote(m.group(1), W_FILE, "file_name", data.file_name, cap=W_FILE)
    return ballot


def _places(short: str, divisions: dict[str, str], gaz: Gazetteer) -> tuple[Place, ...]:
    """The places the unit may be, narrowed by the divisions the text names."""
    places = gaz.places_of_township(short)
    for attr in ("county", "city", "province"):
        if divisions.get(attr):
            narrowed = tuple(p for p in places if getattr(p, attr) == divisions[attr])
            places = narrowed or places
    if not places and divisions.get("county"):
        places = gaz.places_of_county(divisions["county"], city=divisions.get("city", ""),
                                      province=divisions.get("province", ""))
    return places


def _named_in_text(places: tuple[Place, ...], data: VoteInput) -> tuple[Place, ...]:
    """The places whose county or city the report names somewhere (县人民政府门户网站, 地址：…)."""
    text = "\n".join([data.title, data.preamble, data.body, data.closing_organ, data.before_title,
                      *(line for _, line in data.chrome.all()), data.file_name])
    return tuple(p for p in places if (p.county and p.county in text) or (p.city and p.city in text))


def vote_profile(data: VoteInput) -> VoteResult:
    """The unit profile voted from every place in the report, with confidence and evidence per field."""
    gaz = gazetteer()
    units, mentions = _unit_votes(data, gaz)
    short, unit_ev = units.result()
    evidence = ProfileEvidence(short_name=unit_ev)
    divisions: dict[str, str] = {}
    for attr in ("county", "city", "province"):
        ballot = _Ballot()
        for mention, weight, source in mentions:
            if mention.short == short and getattr(mention, attr):
                ballot.vote(getattr(mention, attr), weight, source, mention.short)
        value, fe = ballot.result(full=2.0)
        divisions[attr] = value
        setattr(evidence, attr, fe)
    places = _places(short, divisions, gaz) if short else ()
    named = _named_in_text(places, data)
    corroborated = any(divisions.get(a) for a in ("county", "city", "province")) or bool(named)
    if len(places) > 1 and len(named) == 1:
        places = named
    if len(places) == 1:
        place = places[0]
        sure = unit_ev.confidence if place.township else min(unit_ev.confidence, evidence.county.confidence)
        for attr in ("county", "city", "province"):
            value = getattr(place, attr)
            fe = getattr(evidence, attr)
            if value and (not divisions[attr] or divisions[attr] == value):
                note = f"{place.province}{place.city}{place.county}{place.township}"
                conf = max(fe.confidence, round(sure * (0.95 if corroborated else 0.6), 2))
                setattr(evidence, attr, FieldEvidence(
                    confidence=conf, candidates=[value],
                    evidence=[*fe.evidence, Evidence(source="gazetteer", text=note, value=value)][:_KEEP_EVIDENCE]))
                divisions[attr] = value
    elif len(places) > 1:
        for attr in ("county", "city", "province"):
            options = sorted({getattr(p, attr) for p in places if getattr(p, attr)})
            fe = getattr(evidence, attr)
            if not divisions[attr] and len(options) == 1:
                divisions[attr] = options[0]
                setattr(evidence, attr, FieldEvidence(confidence=round(unit_ev.confidence * 0.9, 2),
                                                      candidates=options, evidence=[Evidence(
                                                          source="gazetteer", text="、".join(options), value=options[0])]))
            elif not divisions[attr]:
                fe.candidates = options[:5]
    years, year_ev = _year_votes(data).result()
    evidence.report_year = year_ev
    level = cast(Level | None, level_of(short) if short else None)
    evidence.level = unit_ev.model_copy()
    organ = _organ(short, data)
    profile = UnitProfile(organ_name=organ, short_name=short, level=level, county=divisions["county"],
                          city=divisions["city"], province=divisions["province"],
                          report_year=int(years) if years else None)
    year_from = next((e.source for src in _YEAR_FROM_ORDER for e in year_ev.evidence if e.source == src),
                     year_ev.evidence[0].source if year_ev.evidence else "")
    return VoteResult(profile=profile, evidence=evidence, year_from=year_from)


def _organ(short: str, data: VoteInput) -> str:
    """The organ as the 落款 or the title writes it, else as the text writes it, else built from the level."""
    if not short:
        return ""
    for written in (data.closing_organ, _SPACE.sub("", data.title)):
        found = _organ_written(written, short)
        if found and written is data.closing_organ:
            return found
        if found:
            return _drop_lead(found, short)
    at = _organ_after(data.body, short, 0)
    return short + _organ_word(data.body, at + len(short)) if at != -1 else organ_for(short)


def _organ_word(text: str, at: int) -> str:
    return _ORGAN_WORDS[0] if text.startswith(_ORGAN_WORDS[0], at) else _ORGAN_WORDS[1]


def _organ_after(text: str, short: str, start: int) -> int:
    """The first position from ``start`` where ``short`` is written followed by 人民政府 or 办事处, or -1."""
    at = text.find(short, start)
    while at != -1 and not text.startswith(_ORGAN_WORDS, at + len(short)):
        at = text.find(short, at + 1)
    return at


def _organ_written(text: str, short: str) -> str:
    """What ``re.search(rf"[\u4e00-\u9fff]{{0,12}}{re.escape(short)}(?:人民政府|办事处)", text)`` matches ("" for
    none), found without compiling a pattern per unit name (each compile cost ~1 ms, most of a parse): the
    leftmost start is the earliest CJK run (≤ 12 characters) before an occurrence, and among the occurrences
    reached from that start the regex's greedy run takes the last one."""
    hits: list[tuple[int, int]] = []  # (where the run before it starts, occurrence)
    at = _organ_after(text, short, 0)
    while at != -1:
        run = _CJK_TAIL.search(text, max(0, at - 12), at)
        hits.append((run.start() if run else at, at))
        at = _organ_after(text, short, at + 1)
    if not hits:
        return ""
    start = min(s for s, _ in hits)
    at = max(a for s, a in hits if s == start)
    end = at + len(short)
    return text[start:end + len(_organ_word(text, end))]


def _drop_lead(organ: str, short: str) -> str:
    """An organ taken from a title keeps its divisions but not the words before them (2022度珠晖区… stays)."""
    m = _LEAD_END.search(organ)
    return organ[m.end():] if m and organ.index(short) > m.end() else organ
