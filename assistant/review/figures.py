"""Key figures of each report for comparing a county's units: the table and narrative figures a
reviewer looks at across townships, outliers by Tukey's fences, and the change from last year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import quantiles

from assistant.core.report import AnnualReport

# key → how to read it from a report (None when the report does not state it)
FIGURES = ("active_total", "website", "wechat", "bulletin", "new_requests", "granted_share", "review", "litigation")
OUTLIER_FENCE = 1.5  # Tukey: below Q1 − 1.5·IQR or above Q3 + 1.5·IQR


def _t4_total(report: AnnualReport, *groups: str) -> int | None:
    values = [getattr(report.t4, g).total for g in groups]
    return None if all(v is None for v in values) else sum(v or 0 for v in values)


def key_figures(report: AnnualReport) -> dict[str, float | None]:
    """主动公开 by channel, 新收申请, 予以公开 share of results, 行政复议 and 行政诉讼 counts."""
    f, t3 = report.facts, report.t3
    processed, granted = t3.total_processed.total, t3.granted.total
    share = round(granted / processed, 3) if processed and granted is not None else None
    return {
        "active_total": f.active_total, "website": f.website_count, "wechat": f.wechat_count,
        "bulletin": f.bulletin_count, "new_requests": t3.new_received.total, "granted_share": share,
        "review": _t4_total(report, "review"), "litigation": _t4_total(report, "lit_direct", "lit_after_review"),
    }


@dataclass(frozen=True)
class FigurePoint:
    """One unit's value of one figure, with whether it lies outside the batch's fences."""

    unit: str
    figure: str
    value: float
    outlier: bool = False


def points(reports: Mapping[str, AnnualReport]) -> list[FigurePoint]:
    """Every stated key figure of every unit, outliers marked per figure."""
    rows = [(unit, key, value) for unit, r in reports.items() for key, value in key_figures(r).items()
            if value is not None]
    out: list[FigurePoint] = []
    for key in FIGURES:
        values = [v for _, k, v in rows if k == key]
        lo, hi = fences(values)
        out.extend(FigurePoint(unit, key, float(v), not lo <= v <= hi) for unit, k, v in rows if k == key)
    return out


def fences(values: Iterable[float]) -> tuple[float, float]:
    """Tukey's fences of the values; (−inf, inf) when there are fewer than four values."""
    values = sorted(values)
    if len(values) < 4:
        return float("-inf"), float("inf")
    q1, _, q3 = quantiles(values, n=4, method="inclusive")
    iqr = q3 - q1
    return q1 - OUTLIER_FENCE * iqr, q3 + OUTLIER_FENCE * iqr


@dataclass(frozen=True)
class Change:
    """One figure of one unit this year and last year."""

    unit: str
    figure: str
    last: float | None
    this: float | None

    @property
    def delta(self) -> float | None:
        return None if self.last is None or self.this is None else self.this - self.last


def year_over_year(pairs: Mapping[str, tuple[AnnualReport, AnnualReport | None]]) -> list[Change]:
    """(this year's, last year's) figures of each unit with a report of last year."""
    out: list[Change] = []
    for unit, (this, last) in pairs.items():
        if last is None:
            continue
        now, before = key_figures(this), key_figures(last)
        out.extend(Change(unit, key, before[key], now[key]) for key in FIGURES)
    return out
