"""The parser's fast paths find exactly what the plain regular expressions they replace would find."""

from __future__ import annotations

import random
import re

from assistant.core.textpatterns import _TO, PERIOD_SPAN, YEAR_WITH_NIAN
from ingest.normalize import collapse_label_spaces, normalize_text
from ingest.profile_vote import _COMPILED, _compiled_clauses, _organ_written

_ALPHABET = list("青禾镇人民政府办事处县市由负责编制编写起草汇编a1 \n，。；年度乡街道")


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60))) for _ in range(n)]


def test_organ_written_matches_the_per_name_regex() -> None:
    rng = random.Random(3)
    matched = 0
    for text in _texts(1, 20_000):
        short = rng.choice(["青禾镇", "禾镇", "镇", "青青", "a镇"])
        if rng.random() < 0.5:  # plant an organ after the name somewhere
            cut = rng.randint(0, len(text))
            text = text[:cut] + short + rng.choice(["人民政府", "办事处", "政府"]) + text[cut:]
        m = re.search(rf"[\u4e00-\u9fff]{{0,12}}{re.escape(short)}(?:人民政府|办事处)", text)
        assert _organ_written(text, short) == (m.group(0) if m else ""), (text, short)
        matched += m is not None
    assert matched > 1000  # the planted cases were exercised


def test_compiled_by_clauses_hold_every_match() -> None:
    def groups(matches):
        return [(m.group("u"), m.group("v")) for m in matches]

    found = 0
    for text in _texts(2, 20_000):
        whole = groups(_COMPILED.finditer(text))
        clauses = groups(m for clause in _compiled_clauses(text) for m in _COMPILED.finditer(clause))
        assert clauses == whole, text
        found += len(whole)
    assert found > 1000


def test_table_lines_without_spaces_are_kept_as_they_are() -> None:
    text = "\t结果\t维持\t0\n\t结 果 维 持 \t 1 \n商业\u3000企业\u200b"
    assert normalize_text(text) == "\t结果\t维持\t0\n\t结果维持\t1\n商业 企业"
    assert collapse_label_spaces(" （一） 部分 公开 ") == "（一）部分公开"


def test_year_patterns_find_what_they_found_without_their_look_aheads() -> None:
    plain_year = r"(?<!\d)((?:19|20)\d{2})(?!\d)"
    span = r"\s*年\s*1\s*月\s*1\s*日" + _TO + r"(?:" + plain_year + r"\s*年\s*)?12\s*月\s*31\s*日\s*止?"
    pairs = [(PERIOD_SPAN, re.compile(r"(?:自\s*)?" + plain_year + span)),
             (YEAR_WITH_NIAN, re.compile(plain_year + r"\s*年"))]
    pieces = [*"自 2023年1月日至—12 31止到起0", "2023年1月1日", "至2023年12月31日", "自", "12月31日", "12023", "1999"]
    rng = random.Random(5)
    found = 0
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        for fast, plain in pairs:
            want = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, (fast.pattern, text)
            found += len(want)
    assert found > 5000  # spans and years were exercised
