"""Key figures, Tukey's fences and the change from last year."""

from __future__ import annotations

import math

from assistant.review.figures import fences, key_figures, points, year_over_year
from tests.app.conftest import make_filled_report


def test_key_figures_of_a_filled_report() -> None:
    figures = key_figures(make_filled_report())
    assert figures["new_requests"] == 4 and figures["granted_share"] == 0.5  # 2 of 4 results granted
    assert figures["review"] == 1 and figures["litigation"] == 0


def test_fences_need_four_values_and_flag_the_far_one() -> None:
    assert fences([1, 2, 3]) == (-math.inf, math.inf)
    lo, hi = fences([10, 11, 12, 13, 14, 15, 90])
    assert lo < 10 and 15 < hi < 90


def test_outliers_are_marked_per_figure() -> None:
    reports = {}
    for i, requests in enumerate((1, 2, 2, 3, 3, 40)):
        report = make_filled_report()
        report.t3.new_received.total = requests
        reports[f"单位{i}"] = report
    flagged = {(p.unit, p.figure) for p in points(reports) if p.outlier}
    assert flagged == {("单位5", "new_requests")}


def test_year_over_year_change() -> None:
    this, last = make_filled_report(), make_filled_report()
    last.t3.new_received.total = 1
    (change,) = [c for c in year_over_year({"青山镇": (this, last)}) if c.figure == "new_requests"]
    assert (change.last, change.this, change.delta) == (1, 4, 3)
    assert year_over_year({"青山镇": (this, None)}) == []
