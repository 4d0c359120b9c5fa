"""One home per text pattern: the parser, the checker and the draft guard read the same strings alike.

Each test feeds one string to every user of a pattern through its public entry point and asserts they agree.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.checks import check_report
from assistant.checks import patterns as P
from assistant.checks.yoy import problem_key
from assistant.core import textpatterns as TP
from assistant.drafting.guard import guard_text
from ingest.chunk import split_long
from ingest.facts import itemise
from ingest.parse import parse_text
from ingest.sections import parse_date
from tests.assistant.checks.conftest import clean_report

YEAR_CASES = [
    ("本报告（2024年）由本镇编制。", [2024]),
    ("2023年以来，我镇持续推进。", [2023]),
    ("依据国办发〔2019〕60号文件。", []),
    ("2024 年度", [2024]),
    ("编号12024年", []),
    ("2021年至2023年", [2021, 2023]),
]


@pytest.mark.parametrize(("text", "years"), YEAR_CASES)
def test_years_agree_between_guard_checker_and_parser(text: str, years: list[int]) -> None:
    assert TP.years_in(text) == years
    assert [int(y) for y in P.YEAR_IN_TEXT.findall(text)] == years
    report = clean_report()
    report.profile.report_year = 2010  # every year in the text is then one the guard must question
    _, findings = guard_text(text, report)
    flagged = [int(f.ctx["token"].rstrip("年").strip()) for f in findings if f.rule == "GUARD-YEAR"]
    assert flagged == years
    if "。" not in text:  # as a title line: the parser reads the report year from it alike
        title = f"某镇{text}政府信息公开工作年度报告"
        assert parse_text(f"{title}\n一、总体情况\n略。").profile.report_year == (years[0] if years else None)


DOCNO_CASES = [
    ("依据国办发〔2019〕60号文件。", False),
    ("依据国办函(2020)109号文件。", True),
    ("依据（2021）30号文件。", True),
    ("依据国办发【2019】60号文件。", True),
    ("2021年30号台风过境。", False),
]


@pytest.mark.parametrize(("text", "wrong"), DOCNO_CASES)
def test_doc_numbers_agree_between_guard_and_checker(text: str, wrong: bool) -> None:
    report = clean_report()
    _, guarded = guard_text(text, report)
    assert any(f.rule == "GUARD-DOCNO" for f in guarded) is wrong
    report.sections.other += text
    assert any(f.rule == "TEXT-4" for f in check_report(report)) is wrong


ENUM_CASES = ["一是加强业务培训", "（一）加强业务培训", "(1)加强业务培训", "1.加强业务培训", "1、加强业务培训",
              "①加强业务培训", "第一，加强业务培训", "二是 加强业务培训"]


@pytest.mark.parametrize("text", ENUM_CASES)
def test_enumerators_stripped_alike(text: str) -> None:
    assert TP.strip_enumerator(text) == "加强业务培训"
    assert itemise(text) == ["加强业务培训"]
    assert problem_key(text) == problem_key("加强业务培训")
    assert P.PROBLEM_PREFIX.sub("", text).strip() == "加强业务培训"


def test_run_on_enumeration_splits_at_every_ordinal() -> None:
    text = "主要措施如下：一是加强培训；二是完善制度；三是强化监督。"
    assert itemise(text) == ["加强培训", "完善制度", "强化监督"]


@pytest.mark.parametrize("text", ["第一句。第二句！第三句？第四句；第五句", "一句话没有句号"])
def test_sentences_split_alike(text: str) -> None:
    plain = TP.sentences(text)
    kept = [s.rstrip(TP.SENTENCE_ENDS).strip() for s in TP.sentences_kept(text)]
    assert plain == [s for s in kept if s]
    assert "".join(split_long(text, max_chars=8)) == text


@pytest.mark.parametrize(("text", "date"), [
    ("2025年1月20日", dt.date(2025, 1, 20)), ("2025-01-20", dt.date(2025, 1, 20)),
    ("二〇二五年一月二十日", dt.date(2025, 1, 20)), ("2025年2月30日", None)])
def test_dates_read_alike(text: str, date: dt.date | None) -> None:
    assert TP.parse_date(text) == date
    assert parse_date(text) == date
    if date is not None and "年" in text and text[0].isdigit():
        m = TP.DATE_RE.search(text)
        assert m is not None and TP.format_date(date) == text


def test_numerals() -> None:
    assert [TP.cn_to_int(s) for s in ("三十五", "两万", "一百零八", "十", "")] == [35, 20000, 108, 10, None]


def test_time_stamps_read_as_a_person_writes_them() -> None:
    assert TP.format_moment("2026-12-01T06:22:57") == "2026年12月1日 06:22"
    assert TP.format_moment("2025-01-05T18:00") == "2025年1月5日 18:00"
    assert TP.format_moment("昨天") == "昨天"  # not a stamp: unchanged
