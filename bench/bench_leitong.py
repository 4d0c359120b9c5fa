"""Benchmark: 雷同 between different townships' drafts of 一、总体情况, and whether the drafts are signable.

Drafts (built-in composer) for the five seed fact sheets (tests/data/seeds) and N generated fact sheets
(tests/assistant/drafting/factsheets.py, each given its own invented township name), then:
- median and max pairwise 5-gram Jaccard (assistant.core.similarity: digits folded, 【…】 marks removed);
- figures traceable: share of Arabic numerals outside 【…】 marks that the input backs (a cell value, or the
  report year / year before / year after written as a year);
- unconfirmed practice claims outside 【待确认】: sentences asserting a practice (phrasebank/practices.toml
  keywords) the clerk did not confirm, left unmarked;
- the same 雷同 figure for the five real reports (seed .txt) for comparison.

Usage: python bench/bench_leitong.py [--n 30] [--library] [--topics]   (--library: retrieve peers from the library
in NIANBAO_DATA_DIR, which must exist; --topics: the generated sheets carry the 公开重点 a clerk would enter,
factsheets.topics_for; without it no unit has topics and each draft asks for them with a 【待补充】 mark)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.settings import load_settings  # noqa: E402
from assistant.core.similarity import summary  # noqa: E402
from assistant.drafting.draft import draft_section  # noqa: E402
from assistant.persistence.report_files import load_report  # noqa: E402
from tests.assistant.drafting.factsheets import fact_sheet, topics_for  # noqa: E402

SEED_JSON = ROOT / "tests" / "data" / "seeds"
SEED_TXT = ROOT.parent / "shared" / "seeds"
PRACTICES = ROOT / "assistant" / "drafting" / "phrasebank" / "practices.toml"
FIRST = "青白石云松柳桃杏梅竹兰荷枫桂棠槐榆柏杉楠"
SECOND = "溪岭川坪湾塘岗桥坝垭"
MARK = re.compile(r"【[^】]*】")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _named(i: int, topics: bool = False):
    """Fact sheet i with an invented township name of its own (the sheets reuse eight names)."""
    report = fact_sheet(i)
    short = FIRST[i % len(FIRST)] + SECOND[(i // len(FIRST) + i) % len(SECOND)] + (report.profile.level or "镇")
    organ = f"{report.profile.county}{short}{'办事处' if report.profile.level == '街道' else '人民政府'}"
    profile = report.profile.model_copy(update={"short_name": short, "organ_name": organ})
    facts = report.facts.model_copy(update={"topics": topics_for(i)}) if topics else report.facts
    return report.model_copy(update={"profile": profile, "facts": facts})


def _values(report) -> set[Decimal]:
    out: set[Decimal] = set()

    def walk(value: object) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, (int, Decimal)):
            out.add(Decimal(value).normalize())
            out.add((Decimal(value) * 10000).normalize())
        elif isinstance(value, str):
            out.update(Decimal(n).normalize() for n in NUMBER.findall(value))

    for part in (report.t2, report.t3, report.t4, report.facts):
        walk(part)
    return out


def traceable(text: str, report) -> tuple[int, int]:
    """(numerals backed by the input, numerals) outside 【…】 marks."""
    year = report.profile.report_year or 0
    allowed = _values(report) | {Decimal(year - 1), Decimal(year), Decimal(year + 1)}
    found = [Decimal(n).normalize() for n in NUMBER.findall(MARK.sub("", text))]
    return sum(1 for n in found if n in allowed), len(found)


def unconfirmed_claims(text: str, report) -> int:
    """Sentences outside 【…】 marks that assert a practice the clerk did not confirm."""
    bank = tomllib.loads(PRACTICES.read_text(encoding="utf-8"))
    confirmed = set(getattr(report.facts, "practices", []) or [])
    if report.facts.bulletin_count is not None:
        confirmed.add("bulletin_board")
    count = 0
    for sentence in re.split(r"[。；\n]", MARK.sub("", text)):
        if any(key not in confirmed and any(w in sentence for w in item["keywords"]) for key, item in bank.items()):
            count += 1
    return count


def seeds_real() -> dict[str, float]:
    """雷同 of the five real reports' 总体情况 (parsed from the seed .txt files)."""
    from ingest.parse import parse_file

    settings = load_settings()
    texts = [parse_file(p, settings).sections.overview for p in sorted(SEED_TXT.glob("*.txt"))]
    return summary([t for t in texts if t])


def measure(settings, n: int = 30, topics: bool = False, context: dict | None = None) -> dict:
    """雷同, traceable figures and unconfirmed practice claims of 一 over the five seeds and ``n`` sheets."""
    reports = [load_report(p) for p in sorted(SEED_JSON.glob("*.json"))] + [_named(i, topics) for i in range(n)]
    texts, ok, total, claims = [], 0, 0, 0
    for report in reports:
        text = draft_section(report, "overview", settings=settings, **(context or {})).text
        texts.append(text)
        good, count = traceable(text, report)
        ok, total = ok + good, total + count
        claims += unconfirmed_claims(text, report)
    return {
        "drafts": len(texts),
        "units": len({r.profile.organ_name for r in reports}),
        "leitong_drafts": summary(texts),
        "figures_traceable": round(ok / total, 4) if total else 1.0,
        "figures": total,
        "unconfirmed_practice_claims": claims,
        "library": bool(context),
        "topics": topics,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--library", action="store_true")
    parser.add_argument("--topics", action="store_true")
    args = parser.parse_args(argv)
    settings = load_settings()
    context = {}
    if args.library:
        from assistant.library.context import drafting_context

        context = drafting_context(settings)
    result = {**measure(settings, args.n, args.topics, context), "leitong_seeds_real": seeds_real()}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
