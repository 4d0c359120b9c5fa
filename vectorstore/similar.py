"""Rank whole past reports as models for a unit's new report, each with its reasons."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.core.settings import Settings
from vectorstore.hybrid import nearest
from vectorstore.rows import ReportRow
from vectorstore.store import Library, open_library

# Points per reason; wording similarity adds WORDING x cosine.
POINTS = {"same_county": 3.0, "same_city": 1.0, "same_province": 1.0, "same_level": 1.5, "near_year": 1.0}
WORDING = 3.0
WORDING_SHARE = 0.9  # 措辞相似 when within this share of the best wording similarity


class SimilarReport(BaseModel):
    """A past report and why it is a good model."""

    report: ReportRow
    score: float
    reasons: list[str]  # codes: same_county, same_city, same_province, same_level, near_year, wording


def _wording(lib: Library, overview_text: str, n: int = 200) -> dict[str, float]:
    """Best cosine similarity per report between ``overview_text`` and its overview passages."""
    if not overview_text.strip():
        return {}
    hits = nearest(lib, "overview", lib.embedder.embed_query(overview_text), n)
    stored = lib.fetch([cid for cid, _ in hits])
    best: dict[str, float] = {}
    for cid, score in hits:
        if cid in stored:
            rid = stored[cid][1].report_id
            best[rid] = max(best.get(rid, -1.0), score)
    return best


def _reasons(row: ReportRow, level: str, province: str, county: str | None, city: str | None,
             year: int | None) -> list[str]:
    out = []
    if county and row.county == county and row.province == province:
        out.append("same_county")
    elif city and row.city == city and row.province == province:
        out.append("same_city")
    elif province and row.province == province:
        out.append("same_province")
    if level and row.level == level:
        out.append("same_level")
    if year and row.year and abs(row.year - year) <= 1:
        out.append("near_year")
    return out


def similar_reports(
    settings: Settings,
    unit: str,
    level: str,
    province: str,
    county: str | None = None,
    year: int | None = None,
    overview_text: str | None = None,
    k: int = 10,
    city: str | None = None,
) -> list[SimilarReport]:
    """The ``k`` library reports of other units most like this unit's, best first.

    Same county (else city, else province), same level, a year within one of ``year`` and, when
    ``overview_text`` is given, similar wording of the 总体情况 all add points.
    """
    lib = open_library(settings)
    wording = _wording(lib, overview_text or "")
    top_wording = max(wording.values(), default=0.0)
    ranked: list[SimilarReport] = []
    for row in lib.reports():
        if row.unit == unit and (not county or row.county == county):
            continue
        codes = _reasons(row, level, province, county, city, year)
        score = sum(POINTS[c] for c in codes)
        if year and row.year:
            score += 0.5 / (1 + abs(row.year - year))
        sim = wording.get(row.report_id)
        if sim is not None:
            score += WORDING * sim
            if top_wording > 0 and sim >= WORDING_SHARE * top_wording:
                codes.append("wording")
        ranked.append(SimilarReport(report=row, score=round(score, 4), reasons=codes))
    ranked.sort(key=lambda s: (-s.score, -s.report.year, s.report.unit))
    return ranked[:k]
