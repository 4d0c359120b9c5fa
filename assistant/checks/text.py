"""Text slips (TEXT-1 … TEXT-7): duplicated characters, 截止/截至, 其它组织, 文号 brackets, stray spaces."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, snippet
from assistant.core.findings import Finding, Severity, make
from assistant.core.labels import SECTION_KEYS
from assistant.core.report import AnnualReport

logger = logging.getLogger(__name__)


def _parts(report: AnnualReport) -> Iterator[tuple[str, str, str]]:
    yield "title", "title", report.title
    yield "preamble", "preamble", report.preamble
    for key in SECTION_KEYS:
        yield key, f"sections.{key}", report.section_text(key)


@lru_cache(maxsize=1)
def _word_freq() -> dict[str, int] | None:
    """jieba's dictionary, to tell a word boundary (工作|作风) from a slip (的的); None without jieba."""
    try:
        import jieba
    except ImportError:
        logger.warning("jieba not installed; duplicated-character check uses its whitelist only")
        return None
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt.FREQ


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """jieba's part-of-speech table (耕地 → n, 真地 → d); empty without jieba."""
    try:
        import jieba.posseg
    except ImportError:
        return {}
    return jieba.posseg.dt.word_tag_tab


def _is_word(freq: dict[str, int] | None, w: str) -> bool:
    return bool(freq) and freq.get(w, 0) > 0  # type: ignore[union-attr]


def _left_word_ok(text: str, i: int, freq: dict[str, int] | None) -> bool:
    """A dictionary word ends at i; for 的/了/地/得 it must be a noun-like word (耕地), not 认真地 (adverb + particle)."""
    words = [text[j:i + 1] for j in range(max(0, i - 3), i) if _is_word(freq, text[j:i + 1])]
    if not words or text[i] not in P.PARTICLE_CHARS:
        return bool(words)
    tags = _word_tags()
    return any(tags.get(w, "").startswith(P.PARTICLE_LEFT_TAGS) for w in words)


def _boundary(text: str, i: int, freq: dict[str, int] | None) -> bool:
    """True when the doubled character at i, i+1 ends one word and starts the next (学习|习近平, 耕地|地力)."""
    if text[i] == "的" and _left_word_ok(text, i, freq):
        return True  # 目的|的 实现: a noun ending in 的 followed by the particle
    right = any(_is_word(freq, text[i + 1:k]) for k in range(i + 3, min(len(text), i + 5) + 1))
    return right and _left_word_ok(text, i, freq)


def _char_slip(text: str, i: int, freq: dict[str, int] | None) -> bool:
    pair = text[i:i + 2]
    if pair in P.DOUBLE_CHAR_OK or _is_word(freq, pair):
        return False
    if any(ctx in text[max(0, i - 3):i + 5] for ctx in P.DOUBLE_CHAR_CONTEXT_OK):
        return False
    return not _boundary(text, i, freq)


@CHECKS.rule("TEXT-1", Severity.WARNING)
def duplicated_characters(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """不应有重复字词（如“的的”“信息信息”）；法定表述“国家有关规定规定”和叠词（研究研究、看看、层层）除外。"""
    freq = None
    for section, location, text in _parts(report):
        for m in P.DOUBLE_WORD.finditer(text):
            if m.group(0) not in P.DOUBLE_WORD_OK and not m.group(1).startswith("一"):
                yield make("TEXT-1", Severity.WARNING, section=section, location=location, written=m.group(0),
                           evidence=snippet(text, m.start(), m.end()), suggestion=m.group(1))
        for m in P.DOUBLE_CHAR.finditer(text):
            freq = freq if freq is not None else _word_freq()
            if _char_slip(text, m.start(), freq):
                yield make("TEXT-1", Severity.WARNING, section=section, location=location, written=m.group(0),
                           evidence=snippet(text, m.start(), m.end()), suggestion=m.group(1))


@CHECKS.rule("TEXT-2", Severity.WARNING)
def jiezhi(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """表示时间截到某日应写“截至”，不写“截止”（如“截至2021年12月31日”）。"""
    for section, location, text in _parts(report):
        for m in P.JIETI.finditer(text):
            yield make("TEXT-2", Severity.WARNING, section=section, location=location, written=m.group(0).strip(),
                       evidence=snippet(text, m.start(), m.end() + 10), suggestion="截至")


@CHECKS.rule("TEXT-3", Severity.WARNING)
def qita_organisations(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """应使用法定表述“公民、法人和其他组织”，不写“其它组织”。"""
    for section, location, text in _parts(report):
        for m in P.QITA.finditer(text):
            yield make("TEXT-3", Severity.WARNING, section=section, location=location, written=m.group(0),
                       evidence=snippet(text, m.start(), m.end()), suggestion="其他组织")


@CHECKS.rule("TEXT-4", Severity.WARNING)
def doc_number_brackets(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """文号中的年份应使用六角括号〔〕，如“国办函〔2020〕109号”，不用【】[]（）。"""
    for section, location, text in _parts(report):
        for m in P.DOC_NO.finditer(text):
            fixed = f"〔{m.group(2)}〕{m.group(4)}号"
            yield make("TEXT-4", Severity.WARNING, section=section, location=location, written=m.group(0).strip(),
                       evidence=snippet(text, m.start(), m.end()), suggestion=fixed)


@CHECKS.rule("TEXT-5", Severity.WARNING)
def title_stray_space(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """标题中不应有多余的空格。"""
    title = report.title.strip()
    if P.TITLE_SPACE.search(title):
        yield make("TEXT-5", Severity.WARNING, section="title", location="title", evidence=snippet(title, pad=0),
                   suggestion=P.TITLE_SPACE.sub("", title))


@CHECKS.rule("TEXT-6", Severity.WARNING)
def wording_slips(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """用语应规范：“依申请公开”不写“依法申请公开”；向社会公布的报告不用“汇报如下”。"""
    right = dict(P.WORDING)
    for section, location, text in _parts(report):
        for m in P.WORDING_RE.finditer(text):
            yield make("TEXT-6", Severity.WARNING, section=section, location=location, written=m.group(0),
                       evidence=snippet(text, m.start(), m.end()), suggestion=right[m.group(0)])


@CHECKS.rule("TEXT-7", Severity.WARNING)
def punctuation_slips(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """标点应规范：不应有重复标点，“等”前不加顿号。"""
    for section, location, text in _parts(report):
        for m in P.PUNCT_SLIP.finditer(text):
            yield make("TEXT-7", Severity.WARNING, section=section, location=location, written=m.group(0),
                       evidence=snippet(text, m.start(), m.end() + 1))


@CHECKS.rule("TEXT-8", Severity.ERROR)
def open_marks(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """起草时留下的【待补充】【待核实】【待确认】标记须在公开前处理完毕（补上内容、确认或删除）。"""
    for section, location, text in _parts(report):
        for m in P.OPEN_MARK.finditer(text):
            yield make("TEXT-8", Severity.ERROR, section=section, location=location, kind=m.group(1),
                       what=m.group(2).strip() or "…" + text[max(0, m.start() - 14):m.start()].strip(),
                       evidence=snippet(text, m.start(), m.end()))
