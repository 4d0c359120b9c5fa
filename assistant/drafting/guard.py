"""The draft guard: every figure, year, unit name and self-reference in a draft must come from the input.

``guard_text`` returns the text with each violation marked 【待核实：…】 right after the offending
token, and one Finding per violation (rule ids GUARD-NUM, GUARD-YEAR, GUARD-UNIT, GUARD-SELF,
GUARD-DOCNO, GUARD-INJECT). It runs on built-in and LLM drafts alike; nothing is silently kept.
What the guard lets through (statutory years, idioms, injection patterns) is data in
phrasebank/guard.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from assistant.core.findings import Finding, Severity, make
from assistant.core.report import AnnualReport
from assistant.core.textpatterns import CN_DIGITS, CN_NUMERAL, DATE_RE, DOC_NO_WRONG, YEAR_RE, cn_to_int
from assistant.core.unitname import is_mixed_self_ref, wrong_self_refs
from assistant.drafting.phrasebank import load_bank, unit_short

MARK_PREFIX = "【待核实"


def _units() -> str:
    data = load_bank("guard")
    return "|".join(sorted(data["count_units"] + data["money_units"], key=len, reverse=True))


_UNITS = _units()
# A figure: a number, optionally 余/多 (an approximation), then a measure word.
ARABIC_RE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:余|多)?\s*({_UNITS}|%|％)")
CHINESE_RE = re.compile(rf"({CN_NUMERAL})(?:余|多)?({_UNITS})")
PERCENT_CN_RE = re.compile(rf"百分之({CN_NUMERAL}(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?)")
BARE_NUMBER_RE = re.compile(r"(?<![\d.〔\[［])\d+(?:\.\d+)?(?![\d.]|\s*(?:年|月|日|号|〕|%|％))")
MARK_RE = re.compile(r"【[^】]{0,200}】")  # the assistant's own marks: never guarded again
MONEY_UNITS = {"万元": Decimal(10000), "元": Decimal(1)}


@dataclass
class Figures:
    """Everything the input allows a draft to state."""

    counts: set[Decimal] = field(default_factory=set)
    money_yuan: set[Decimal] = field(default_factory=set)
    percents: set[Decimal] = field(default_factory=set)
    years: set[int] = field(default_factory=set)


def _walk(value: object) -> Iterator[object]:
    if hasattr(value, "model_fields"):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def allowed_figures(report: AnnualReport) -> Figures:
    """Collect the figures of t2/t3/t4/facts (and numbers written inside fact texts)."""
    figs = Figures()
    for value in _walk((report.t3, report.t4, report.t2.art20_1, report.t2.art20_5, report.t2.art20_6)):
        if isinstance(value, int):
            figs.counts.add(Decimal(value))
    fee = report.t2.art20_8.admin_fees.amount_wan
    if fee is not None:
        figs.money_yuan.add(Decimal(fee) * 10000)
    for value in _walk(report.facts):
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            figs.counts.add(Decimal(value))
        elif isinstance(value, Decimal):
            figs.money_yuan.add(value)
        elif isinstance(value, str):
            _numbers_in_text(value, figs)
    figs.percents = _percentages({int(c) for c in figs.counts if c == c.to_integral_value()})
    return figs


def _numbers_in_text(text: str, figs: Figures) -> None:
    for m in YEAR_RE.finditer(text):
        figs.years.add(int(m.group(1)))
    for m in re.finditer(r"\d+(?:\.\d+)?", text):
        num = Decimal(m.group(0))
        figs.counts.add(num)
        figs.money_yuan.update({num, num * 10000})
    for m in CHINESE_RE.finditer(text):
        value = cn_to_int(m.group(1))
        if value is not None:
            figs.counts.add(Decimal(value))


def _percentages(counts: set[int]) -> set[Decimal]:
    out: set[Decimal] = set()
    values = sorted(counts)
    for b in values:
        if b <= 0:
            continue
        for a in values:
            if a > b:
                break
            exact = Decimal(a) * 100 / Decimal(b)
            out.add(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            out.add(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return out


class _Marks:
    """Collects findings and the insertion points of their 【待核实】 marks."""

    def __init__(self, text: str, section: str):
        self.text, self.section = text, section
        self.findings: list[Finding] = []
        self.inserts: dict[int, list[str]] = {}
        self.seen: set[tuple[str, int]] = set()

    def add(self, rule: str, start: int, end: int, severity: Severity = Severity.ERROR, **ctx: Any) -> None:
        if self.text.startswith(MARK_PREFIX, end) or (rule, end) in self.seen:
            return  # already marked by an earlier pass
        self.seen.add((rule, end))
        token = self.text[start:end]
        evidence = self.text[max(0, start - 15): end + 15].replace("\n", " ")
        self.findings.append(make(rule, severity, section=self.section, location=f"sections.{self.section}",
                                  evidence=evidence, token=token, **ctx))
        mark = load_bank("guard")["marks"].get(rule, "{token}").format_map({"token": token, **ctx})
        self.inserts.setdefault(end, []).append(f"{MARK_PREFIX}：{mark}】")

    def apply(self) -> str:
        out = self.text
        for pos in sorted(self.inserts, reverse=True):
            out = out[:pos] + "".join(dict.fromkeys(self.inserts[pos])) + out[pos:]
        return out


def _spans(patterns: Iterable[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in re.finditer(p, text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _check_numbers(marks: _Marks, figs: Figures, skip: list[tuple[int, int]]) -> None:
    text = marks.text
    for m in ARABIC_RE.finditer(text):
        if text[max(0, m.start() - 1): m.start()] == "第" or _inside(m.start(), skip):
            continue
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            continue
        if not _number_ok(value, m.group(2), figs):
            marks.add("GUARD-NUM", m.start(), m.end(), value=m.group(1), unit=m.group(2))
    for m in CHINESE_RE.finditer(text):
        numeral = m.group(1)
        # 第五十条 is an ordinal and 表二所列 names a table, neither is a figure
        if text[max(0, m.start() - 1): m.start()] in ("第", "表") or _inside(m.start(), skip):
            continue
        if not any(ch in CN_DIGITS or ch == "十" for ch in numeral):
            continue  # 万人、千家 …: not a figure
        cn_value = cn_to_int(numeral)
        if cn_value is not None and not _number_ok(Decimal(cn_value), m.group(2), figs):
            marks.add("GUARD-NUM", m.start(), m.end(), value=numeral, unit=m.group(2))


def _percent_value(text: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    whole, _, frac = text.partition("点")
    value = cn_to_int(whole)
    if value is None:
        return None
    digits = "".join(str(CN_DIGITS[c]) for c in frac if c in CN_DIGITS)
    return Decimal(f"{value}.{digits}") if digits else Decimal(value)


def _check_more_numbers(marks: _Marks, figs: Figures, skip: list[tuple[int, int]]) -> None:
    """百分之九十九, and any Arabic number without a measure word (a phone number, a bare 35)."""
    text = marks.text
    for m in PERCENT_CN_RE.finditer(text):
        value = _percent_value(m.group(1))
        if not _inside(m.start(), skip) and (value is None or value not in figs.percents):
            marks.add("GUARD-NUM", m.start(), m.end(), value=m.group(0), unit="")
    figured = [m.span() for m in ARABIC_RE.finditer(text)] + [m.span() for m in YEAR_RE.finditer(text)]
    for m in BARE_NUMBER_RE.finditer(text):
        if _inside(m.start(), skip) or _inside(m.start(), figured) or text[max(0, m.start() - 1): m.start()] == "第":
            continue
        value = Decimal(m.group(0))
        if value not in figs.counts and value not in figs.money_yuan and value not in figs.percents:
            marks.add("GUARD-NUM", m.start(), m.end(), value=m.group(0), unit="")


def _number_ok(value: Decimal, unit: str, figs: Figures) -> bool:
    if unit in ("%", "％"):
        return value in figs.percents
    if unit in MONEY_UNITS:
        return value * MONEY_UNITS[unit] in figs.money_yuan
    return value in figs.counts


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for m in re.finditer(r"[^\n]+", text):
        yield m.start(), m.group(0)


def _check_years(marks: _Marks, report: AnnualReport, figs: Figures, skip: list[tuple[int, int]]) -> None:
    data = load_bank("guard")
    year = report.profile.report_year
    if year is None:
        return
    allowed_dates = {(year, 1, 1), (year, 12, 31)}
    if report.closing.date is not None:
        d = report.closing.date
        allowed_dates.add((d.year, d.month, d.day))
    in_plan = in_previous = False
    for offset, line in _lines(marks.text):
        if line.startswith(("（", "(")):
            in_plan = any(m in line for m in data["plan_heading_markers"])
            in_previous = any(m in line for m in data["previous_markers"])
        plan = in_plan or any(m in line for m in data["plan_markers"])
        previous = in_previous or any(m in line for m in data["previous_markers"])
        date_spans = []
        for m in DATE_RE.finditer(line):
            ymd = tuple(int(g) for g in m.groups())
            date_spans.append((m.start(), m.end()))
            if ymd not in allowed_dates and not _inside(offset + m.start(), skip):
                marks.add("GUARD-YEAR", offset + m.start(), offset + m.end(), kind="date", year=year)
        for m in YEAR_RE.finditer(line):
            if _inside(offset + m.start(), skip) or _inside(m.start(), date_spans):
                continue
            found = int(m.group(1))
            if not _year_ok(found, year, plan, previous, line, figs):
                end = offset + m.end() + 1  # after 年
                marks.add("GUARD-YEAR", offset + m.start(), end, kind="plan" if plan else "review", year=year,
                          expected=year + 1 if plan else year)


def _year_ok(found: int, year: int, plan: bool, previous: bool, line: str, figs: Figures) -> bool:
    if found in figs.years:
        return True
    if found == year:
        return not plan or f"{year + 1}年" in line  # "2024年，我镇将…" in a 2024 plan is the classic slip
    if found == year + 1:
        return plan
    if found == year - 1:
        return previous
    return False


def _own_names(report: AnnualReport) -> list[str]:
    p = report.profile
    return [n for n in (p.organ_name, p.short_name, unit_short(report), p.county, p.city, p.province) if n]


def _check_units(marks: _Marks, report: AnnualReport, gazetteer: Iterable[str]) -> None:
    own = _own_names(report)
    others = sorted({g for g in gazetteer if g and not any(g in o or o in g for o in own)}, key=len, reverse=True)
    taken: list[tuple[int, int]] = []
    for name in others:
        for m in re.finditer(re.escape(name), marks.text):
            if _inside(m.start(), taken):
                continue
            taken.append(m.span())
            marks.add("GUARD-UNIT", m.start(), m.end(), name=name, unit=unit_short(report))


_PLACE_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3}?)(街道|镇|乡)(?:人民政府|政府|办事处)?")
_PLACE_BEFORE = "县市区旗在与和及同对向从"


def _check_unknown_names(marks: _Marks, report: AnnualReport, figs_text: str) -> None:
    """A person, or a 镇/乡/街道 name, that the input does not contain (the model path invents them)."""
    data = load_bank("guard")
    own = _own_names(report)
    text = marks.text
    surnames, titles = data["surnames"], "|".join(data["person_titles"])
    # A name starts a word: after punctuation or a title (分管负责同志 is not 管负责).
    person = re.compile(rf"(?:(?<![\u4e00-\u9fff])|(?<=[长记任席员部]))([{surnames}][\u4e00-\u9fff]{{1,2}})(?=同志)"
                        rf"|(?:{titles})([{surnames}][\u4e00-\u9fff]{{1,2}})(?=[，、。；（(\s])")
    for m in person.finditer(text):
        name = m.group(1) or m.group(2)
        start = m.start(1) if m.group(1) else m.start(2)
        if name not in figs_text:
            marks.add("GUARD-PERSON", start, start + len(name), name=name)
    for m in re.finditer(rf"(?:^|(?<=[，。；：、\s“（{_PLACE_BEFORE}]))([\u4e00-\u9fff]{{2,3}}(?:街道|镇|乡))", text):
        name = m.group(1)
        if any(w in name or name in w for w in data["not_unit_names"]) or any(name in o or o in name for o in own):
            continue
        if name not in figs_text:
            marks.add("GUARD-UNIT", m.start(1), m.end(1), name=name, unit=unit_short(report))


def _input_text(report: AnnualReport) -> str:
    """Every name the clerk typed (facts, profile, closing), to tell an input name from an invented one."""
    parts = [str(v) for v in _walk(report.facts) if isinstance(v, str)]
    parts += [str(v) for v in _walk(report.profile) if isinstance(v, str)]
    parts += [report.closing.organ or ""]
    return "\n".join(parts)


def _check_self(marks: _Marks, report: AnnualReport) -> None:
    level = report.profile.level
    if level is None:
        return
    for start, end, written in wrong_self_refs(marks.text, level):
        expected = f"我{level}" if is_mixed_self_ref(written) else written[0] + level
        marks.add("GUARD-SELF", start, end, level=level, expected=expected)


def _check_docno(marks: _Marks) -> None:
    for m in DOC_NO_WRONG.finditer(marks.text):
        marks.add("GUARD-DOCNO", m.start(), m.end(), Severity.WARNING)


def find_injection(text: str) -> list[tuple[int, int]]:
    """Spans of text that try to steer a model (prompt injection), per guard.toml patterns."""
    return sorted(_spans(load_bank("guard")["injection_patterns"], text))


def _check_injection(marks: _Marks) -> None:
    for start, end in find_injection(marks.text):
        marks.add("GUARD-INJECT", start, end)


def guard_text(text: str, report: AnnualReport, *, gazetteer: Iterable[str] = (),
               section: str = "overview") -> tuple[str, list[Finding]]:
    """Check a draft against the report's input; return (marked text, findings).

    :param gazetteer: names of other units (乡镇街道) that must not appear in this unit's draft.
    :param section: section key the findings point at (``sections.<section>``).
    """
    data = load_bank("guard")
    figs = allowed_figures(report)
    idioms = [re.escape(i) for i in data["idioms"]] + list(data["idiom_patterns"])
    statutory = (_spans(data["statutory_year_patterns"], text) + [m.span() for m in DOC_NO_WRONG.finditer(text)]
                 + [m.span() for m in MARK_RE.finditer(text)])
    marks = _Marks(text, section)
    _check_numbers(marks, figs, _spans(idioms, text) + statutory)
    _check_more_numbers(marks, figs, _spans(idioms, text) + statutory)
    _check_years(marks, report, figs, statutory)
    _check_units(marks, report, gazetteer)
    _check_unknown_names(marks, report, _input_text(report))
    _check_self(marks, report)
    _check_docno(marks)
    _check_injection(marks)
    return marks.apply(), marks.findings
