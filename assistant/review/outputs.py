"""What the review desk hands out: a letter per unit, the summary workbook and the static HTML report
(with the charts as inline SVG). Both front doors (the 审核台 page and ``nianbao review``) call these."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.core.report import AnnualReport
from assistant.export.review_letter import write_letter
from assistant.export.review_workbook import write_workbook
from assistant.review import charts
from assistant.review.desk import DeskReport
from assistant.review.figures import FIGURES, key_figures, points
from assistant.review.words import Words

CHART_ORDER = ("families", "heatmap", "figures", "matrix", "yoy")


def figure_rows(entries: Sequence[DeskReport], peers: Mapping[str, AnnualReport] | None = None) -> list[dict[str, Any]]:
    """Per readable unit: key figures this year and last year, and which of this year's are outliers;
    then the library's peers (named "unit year", no last year)."""
    readable = [e for e in entries if e.report is not None]
    outliers: dict[str, set[str]] = {}
    for p in points({e.unit: e.report for e in readable if e.report is not None}):
        if p.outlier:
            outliers.setdefault(p.unit, set()).add(p.figure)
    return [{"unit": e.unit, "this": key_figures(e.report) if e.report else {},
             "last": key_figures(e.previous) if e.previous else {}, "outliers": outliers.get(e.unit, set())}
            for e in readable] + [{"unit": name, "this": key_figures(r), "last": {}, "outliers": set(), "peer": True}
                                  for name, r in (peers or {}).items()]


def write_xlsx(path: Path, entries: Sequence[DeskReport], words: Words,
               peers: Mapping[str, AnnualReport] | None = None) -> Path:
    """The summary workbook: units × families, all findings, figure comparison (with the library's peers)."""
    return write_workbook(path, entries, figure_rows(entries, peers), FIGURES, words)


def letter_name(unit: str, taken: set[str]) -> str:
    """``<unit>_审核意见.docx``, numbered when two files of one unit are in the batch."""
    name, i = f"{unit}_审核意见.docx", 2
    while name in taken:
        name, i = f"{unit}_审核意见_{i}.docx", i + 1
    taken.add(name)
    return name


def write_letters(folder: Path, entries: Sequence[DeskReport], words: Words, *, letter_date: dt.date,
                  deadline: dt.date | None = None, reviewer: str = "") -> list[Path]:
    """One 审核意见 per readable report; returns the paths written."""
    taken: set[str] = set()
    out = []
    for e in entries:
        if e.report is None:
            continue
        organ = e.report.profile.organ_name or e.report.closing.organ or e.unit
        out.append(write_letter(folder / letter_name(e.unit, taken), words, unit=e.unit, organ=organ, year=e.year,
                                file=e.file, findings=e.findings, letter_date=letter_date, deadline=deadline,
                                reviewer=reviewer))
    return out


def chart_svgs(entries: Sequence[DeskReport], words: Words,
               peers: Mapping[str, AnnualReport] | None = None) -> dict[str, str]:
    """Every chart as SVG, in display order (the year-over-year chart only when last year's reports are in)."""
    made = charts.all_charts(entries, words, peers)
    have_last = any(e.previous is not None for e in entries)
    return {name: charts.to_svg(made[name]) for name in CHART_ORDER if name != "yoy" or have_last}


def with_charts(page: str, entries: Sequence[DeskReport], words: Words,
                peers: Mapping[str, AnnualReport] | None = None) -> str:
    """The static review report: ``page`` (the front door's HTML of the results, summary then details)
    with the charts as inline SVG before the details; no scripts, no external assets."""
    marker = f"<h2>{html.escape(words.ui('checks.html.details'))}</h2>"
    figures = "\n".join(f'<figure class="chart" id="chart-{name}">{svg}</figure>'
                        for name, svg in chart_svgs(entries, words, peers).items())
    block = f"<h2>{html.escape(words.ui('desk.html.charts'))}</h2>\n{figures}\n"
    return page.replace(marker, block + marker, 1) if marker in page else page.replace("</body>", block + "</body>")
