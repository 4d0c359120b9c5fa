"""Application counts stated in 一（二）依申请公开: one extractor (ingest.facts.stated_applications) shared by
the parser's NarrativeFacts and the N-1 check."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.checks.narrative import stated_requests
from assistant.core.report import AnnualReport, NarrativeFacts
from ingest.facts import extract_facts, stated_applications
from ingest.parse import parse_text
from tests.assistant.checks.conftest import clean_report
from tests.ingest.conftest import SEEDS

SAMPLES = Path(__file__).resolve().parents[2] / "library" / "samples"
PART = "（二）依申请公开\n"


def _values(overview: str) -> tuple[int | None, int | None]:
    received, processed = stated_applications(overview)
    return (received.value if received else None), (processed.value if processed else None)


@pytest.mark.parametrize("overview, expected", [
    (PART + "本年度新收政府信息公开申请8件，其中自然人申请6件，法人或其他组织申请2件。", (8, None)),
    (PART + "本年度未新收政府信息公开申请。", (0, None)),
    (PART + "本年度收到政府信息公开申请0件。", (0, None)),
    (PART + "本年度我镇未收到政府信息公开申请。", (0, None)),
    (PART + "本年度新收政府信息公开申请8件。全年办结6件，予以公开4件、部分公开1件、无法提供1件。", (8, 6)),
    (PART + "全年被申请行政复议1件，未发生行政诉讼。", (None, None)),
    (PART + "全年被申请行政复议1件，未发生行政诉讼。本年度收到政府信息公开申请2件，办结2件。", (2, 2)),
    (PART + "本年度收到政府信息公开申请3件，没有发生逾期答复的情况。", (3, None)),
    # no 依申请公开 sub-heading: the paragraph stating the received count is read whole
    ("2、依申请公开\n本年度新收政府信息公开申请5件，另有上年结转申请2件。全年办结7件。", (5, 7)),
    ("主动公开政府信息20条。办理人大代表建议3件。", (None, None)),
])
def test_phrasings(overview: str, expected: tuple[int | None, int | None]) -> None:
    assert _values(overview) == expected
    facts = extract_facts(overview, "", "")
    assert (facts.applications_stated, facts.applications_processed_stated) == expected


def test_none_wording_is_not_explicit() -> None:
    none, _ = stated_applications(PART + "本年度我镇未收到政府信息公开申请。")
    zero, _ = stated_applications(PART + "本年度收到政府信息公开申请0件。")
    assert none is not None and not none.explicit and "未收到" in none.sentence[none.start:none.end]
    assert zero is not None and zero.explicit and zero.sentence[zero.start:zero.end].endswith("0件")


def test_seed_received_counts(seeds: dict[str, AnnualReport]) -> None:
    assert seeds["002"].facts.applications_stated == 1
    for key in ("000", "001", "004"):
        assert seeds[key].facts.applications_stated == 0, key


def test_check_reads_facts_first_then_text() -> None:
    report = clean_report()
    assert "收到政府信息公开申请2件，办结2件" in report.sections.overview
    received, processed = stated_requests(report)  # facts empty: read from the text
    assert received is not None and received[0] == 2 and received[2] and "申请2件" in received[1]
    report.facts = NarrativeFacts(applications_stated=5)
    received, processed = stated_requests(report)
    assert received == (5, "", True)
    assert processed is not None and processed[0] == 2 and "办结2件" in processed[1]


FILES = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("sample_*.txt"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:30])
def test_parser_and_check_read_the_same_numbers(path: Path) -> None:
    report = parse_text(path.read_text(encoding="utf-8-sig"), str(path))
    facts = (report.facts.applications_stated, report.facts.applications_processed_stated)
    from_text = report.model_copy(deep=True)
    from_text.facts = NarrativeFacts()
    for r in (report, from_text):
        received, processed = stated_requests(r)
        assert ((received[0] if received else None), (processed[0] if processed else None)) == facts


def test_every_sample_with_a_received_count_is_read() -> None:
    # Every sample states its received count; the processed count where it writes 办结/答复 N件.
    for path in sorted(SAMPLES.glob("sample_*.txt")):
        facts = parse_text(path.read_text(encoding="utf-8"), str(path)).facts
        assert facts.applications_stated is not None, path.name
