"""Charts of the county review desk, one Altair spec each: the app shows them, the static HTML
report embeds them as SVG rendered offline (vl-convert), so both show the same picture."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from assistant.core.report import AnnualReport
from assistant.review.crossunit import similarity_matrix
from assistant.review.desk import DeskReport
from assistant.review.figures import FIGURES, key_figures, points, year_over_year
from assistant.review.words import Words

CELL = 18  # pixels per row of a heat map
MATRIX_UNITS = 40  # a larger batch shows the units with the closest pairs (a 300 × 300 matrix is unreadable)


def family(rule: str) -> str:
    """The rule family: the id before its first hyphen (T3-R3 → T3, STRUCT-4 → STRUCT)."""
    return rule.split("-", 1)[0]


def family_label(words: Words, rule_or_family: str) -> str:
    """The family's Chinese name (its code when it has none)."""
    key = family(rule_or_family)
    label = words.ui(f"family:{key}")
    return key if label == f"family:{key}" else label


def _readable(entries: Sequence[DeskReport]) -> list[DeskReport]:
    return [e for e in entries if e.report is not None]


def findings_frame(entries: Sequence[DeskReport], words: Words) -> pd.DataFrame:
    """One row per finding: unit, family, severity, rule."""
    rows = [{"unit": e.unit, "family": family_label(words, f.rule), "severity": words.ui("severity:" + f.severity.value),
             "rule": f.rule} for e in entries for f in e.findings]
    return pd.DataFrame(rows, columns=["unit", "family", "severity", "rule"])


def heatmap(entries: Sequence[DeskReport], words: Words) -> alt.Chart:
    """Units × rule families, coloured by the number of findings."""
    df = findings_frame(entries, words).groupby(["unit", "family"]).size().reset_index(name="count")
    units = sorted({e.unit for e in entries})
    base = alt.Chart(df, title=words.ui("chart.heatmap")).encode(
        x=alt.X("family:N", title=words.ui("chart.family")),
        y=alt.Y("unit:N", title=words.ui("chart.unit"), sort=units))
    rect = base.mark_rect().encode(color=alt.Color("count:Q", title=words.ui("chart.count"), scale=alt.Scale(scheme="oranges")),
                                   tooltip=["unit", "family", "count"])
    text = base.mark_text(fontSize=10).encode(
        text="count:Q", color=alt.condition("datum.count > 2", alt.value("white"), alt.value("black")))
    return (rect + text).properties(height=CELL * max(len(units), 1))


def families(entries: Sequence[DeskReport], words: Words) -> alt.Chart:
    """Findings by rule family, stacked by severity."""
    df = findings_frame(entries, words)
    return alt.Chart(df, title=words.ui("chart.families")).mark_bar().encode(
        y=alt.Y("family:N", title=words.ui("chart.family"), sort="-x"),
        x=alt.X("count():Q", title=words.ui("chart.count")),
        color=alt.Color("severity:N", title=words.ui("chart.severity")),
        tooltip=["family", "severity", "count()"])


def figures_frame(entries: Sequence[DeskReport], words: Words, peers: Mapping[str, AnnualReport] | None = None) -> pd.DataFrame:
    """One row per unit and key figure: the batch's units (outliers marked) and the library's peers."""
    reports = {e.unit: e.report for e in _readable(entries) if e.report is not None}
    batch, outlier, peer = words.ui("chart.group_batch"), words.ui("chart.group_outlier"), words.ui("chart.group_peer")
    found = points(reports)
    together: dict[tuple[str, float], list[str]] = {}  # outliers on one spot share one label
    for p in found:
        if p.outlier:
            together.setdefault((p.figure, p.value), []).append(p.unit)
    rows = [{"unit": p.unit, "figure": words.ui(f"figure:{p.figure}"), "value": p.value, "outlier": p.outlier,
             "group": outlier if p.outlier else batch,
             "label": words.ui("chart.joiner").join(together.pop((p.figure, p.value), [])) if p.outlier else ""} for p in found]
    rows += [{"unit": unit, "figure": words.ui(f"figure:{key}"), "value": value, "outlier": False, "group": peer,
              "label": ""} for unit, r in (peers or {}).items() for key, value in key_figures(r).items()
             if value is not None]
    return pd.DataFrame(rows, columns=["unit", "figure", "value", "outlier", "group", "label"])


def strip(entries: Sequence[DeskReport], words: Words, peers: Mapping[str, AnnualReport] | None = None) -> alt.FacetChart:
    """Key figures: one point per unit per figure (outliers red and named), the library's peers of the
    same level and year grey, and a box over the batch's units."""
    df = figures_frame(entries, words, peers)
    groups = [words.ui("chart.group_batch"), words.ui("chart.group_outlier"), words.ui("chart.group_peer")]
    base = alt.Chart().encode(x=alt.X("value:Q", title=words.ui("chart.value")))
    dots = base.mark_circle(size=60, opacity=0.7).encode(
        color=alt.Color("group:N", title=None, scale=alt.Scale(domain=groups, range=["#4c78a8", "#b00020", "#bbbbbb"])),
        tooltip=["unit", "figure", "value"])
    box = base.transform_filter(f"datum.group != '{groups[2]}'").mark_boxplot(
        extent=1.5, opacity=0.25, outliers=False, size=20)
    names = base.mark_text(dy=-10, fontSize=10, color="#b00020").encode(text="label:N")
    order = [words.ui(f"figure:{k}") for k in FIGURES]
    return alt.layer(box, dots, names, data=df).properties(width=520, height=40).facet(
        row=alt.Row("figure:N", title=None, sort=order, header=alt.Header(labelAngle=0, labelAlign="left")),
        title=words.ui("chart.figures")).resolve_scale(x="independent")


def matrix(entries: Sequence[DeskReport], words: Words, section: str = "overview") -> alt.Chart:
    """Pairwise 5-gram similarity of one section between the batch's units (in a large batch, the
    MATRIX_UNITS units whose closest other unit is closest)."""
    reports = {e.unit: e.report for e in _readable(entries) if e.report is not None}
    df = pd.DataFrame(similarity_matrix(reports, section), columns=["unit", "other", "score"])
    if len(reports) > MATRIX_UNITS:
        top = df.groupby("unit")["score"].max().nlargest(MATRIX_UNITS).index
        df = df[df["unit"].isin(top) & df["other"].isin(top)]
    units = sorted(set(df["unit"]))
    return alt.Chart(df, title=words.ui("chart.matrix")).mark_rect().encode(
        x=alt.X("other:N", title=words.ui("chart.other_unit"), sort=units),
        y=alt.Y("unit:N", title=words.ui("chart.unit"), sort=units),
        color=alt.Color("score:Q", title=words.ui("chart.similarity"), scale=alt.Scale(scheme="reds", domain=[0, 1])),
        tooltip=["unit", "other", alt.Tooltip("score:Q", format=".0%")],
    ).properties(width=CELL * max(len(units), 1), height=CELL * max(len(units), 1))


def yoy_frame(entries: Sequence[DeskReport], words: Words) -> pd.DataFrame:
    """Each unit's key figures this year and last year."""
    pairs = {e.unit: (e.report, e.previous) for e in _readable(entries) if e.report is not None}
    rows = [{"unit": c.unit, "figure": words.ui(f"figure:{c.figure}"), "last": c.last, "this": c.this, "delta": c.delta,
             "relative": (c.delta / max(abs(c.last or 0), 1)) if c.delta is not None else None}
            for c in year_over_year(pairs)]
    return pd.DataFrame(rows, columns=["unit", "figure", "last", "this", "delta", "relative"])


def yoy(entries: Sequence[DeskReport], words: Words) -> alt.Chart:
    """Units × key figures, coloured by the change from last year (red down, blue up)."""
    df = yoy_frame(entries, words).dropna(subset=["delta"])
    units = sorted(set(df["unit"]))
    base = alt.Chart(df, title=words.ui("chart.yoy")).encode(
        x=alt.X("figure:N", title=words.ui("chart.figure"), sort=[words.ui(f"figure:{k}") for k in FIGURES]),
        y=alt.Y("unit:N", title=words.ui("chart.unit"), sort=units))
    rect = base.mark_rect().encode(
        color=alt.Color("relative:Q", title=words.ui("chart.change"), scale=alt.Scale(scheme="redblue", domain=[-1, 1], clamp=True)),
        tooltip=["unit", "figure", "last", "this", "delta"])
    text = base.mark_text(fontSize=9).encode(
        text=alt.Text("delta:Q", format="+.2~f"),
        color=alt.condition("abs(datum.relative) > 0.6", alt.value("white"), alt.value("black")))
    return (rect + text).properties(height=CELL * max(len(units), 1))


def all_charts(entries: Sequence[DeskReport], words: Words, peers: Mapping[str, AnnualReport] | None = None) -> dict[str, Any]:
    """Every chart of the desk by name (heatmap, families, figures, matrix, yoy)."""
    return {"heatmap": heatmap(entries, words), "families": families(entries, words),
            "figures": strip(entries, words, peers), "matrix": matrix(entries, words), "yoy": yoy(entries, words)}


def to_svg(chart: Any) -> str:
    """The chart as a standalone SVG string, rendered offline by vl-convert (no scripts, no assets)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())
