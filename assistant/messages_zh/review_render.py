"""Renderers of review results: JSON (for scripts), plain table (terminal), CSV (spreadsheets) and one
self-contained HTML page (for a reviewer). A result is any object with ``file, unit, year,
format_version, findings`` and optionally ``error`` (assistant.review.batch.ReportResult)."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from assistant.core.findings import Finding, by_severity
from assistant.messages_zh import message, suggestion, ui, zh_problem

CSV_COLUMNS = ("file", "unit", "year", "format_version", "rule", "severity", "section", "location", "message",
               "evidence", "suggestion")


class Result(Protocol):
    file: str
    unit: str
    year: int | None
    format_version: str
    findings: list[Finding]


def _error(r: Result) -> str:
    return zh_problem(getattr(r, "problem", None))


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity.value, "message": message(f), "section": f.section,
            "evidence": f.evidence, "location": f.location, "suggestion": suggestion(f)}


def render_json(results: Iterable[Result]) -> str:
    """A JSON list: ``{"file","unit","year","format_version","findings":[{"rule","severity","message",
    "section","evidence","location","suggestion"}]}`` per report (plus ``"error"`` when unreadable)."""
    out = []
    for r in results:
        item: dict[str, Any] = {"file": r.file, "unit": r.unit, "year": r.year, "format_version": r.format_version,
                                "findings": [_finding_dict(f) for f in r.findings]}
        if _error(r):
            item["error"] = _error(r)
        out.append(item)
    return json.dumps(out, ensure_ascii=False, indent=2)


def _section(key: str) -> str:
    return ui(f"checks.section.{key or 'none'}")


def render_table(results: Iterable[Result]) -> str:
    """Plain text for a terminal: a header line per report, then one line per finding (+ evidence)."""
    lines: list[str] = []
    for r in results:
        counts = by_severity(r.findings)
        head = f"{r.file}  {r.unit} {r.year or ''}".rstrip()
        tally = "  ".join(f"{ui('severity:' + s)} {n}" for s, n in counts.items())
        lines.append(f"{head}  [{ui('checks.unreadable') if _error(r) else tally}]")
        if _error(r):
            lines.append("  " + _error(r).replace("\n", "\n  "))
        elif not r.findings:
            lines.append("  " + ui("checks.html.clean"))
        for f in r.findings:
            lines.append(f"  [{ui('severity:' + f.severity.value)}] {f.rule:<10} {_section(f.section)}：{message(f)}")
            if f.evidence:
                lines.append(f"      {ui('checks.col.evidence')}：{f.evidence}")
            if suggestion(f):
                lines.append(f"      {ui('checks.col.suggestion')}：{suggestion(f)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text starting like a formula (= + - @, tab, CR) gets a leading
    apostrophe (OWASP's CSV-injection advice); other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(results: Iterable[Result]) -> str:
    """One row per finding (columns CSV_COLUMNS); an unreadable file gives one row with rule "ERROR".

    Write the text with encoding ``utf-8-sig`` so spreadsheet programs detect UTF-8.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        base = [r.file, r.unit, r.year if r.year is not None else "", r.format_version]
        if _error(r):
            writer.writerow([csv_cell(c) for c in base + ["ERROR", "error", "", "", _error(r), "", ""]])
        for f in r.findings:
            d = _finding_dict(f)
            writer.writerow([csv_cell(c) for c in base + [d[c] for c in CSV_COLUMNS[4:]]])
    return buf.getvalue()


_CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:2px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f0f0f0;text-align:left}td.n{text-align:right}
.error{color:#b00020;font-weight:bold}.warning{color:#a15c00}.info{color:#555}
tr.has-error td:first-child{border-left:4px solid #b00020}.ev{color:#555;font-size:.9em}
.clean{color:#2e7d32}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _summary_rows(results: Sequence[Result]) -> list[str]:
    rows = []
    for i, r in enumerate(results):
        c = by_severity(r.findings)
        cls = ' class="has-error"' if c["error"] or _error(r) else ""
        unit = _e(r.unit)
        if _error(r):
            unit += f' <span class="error">{_e(ui("checks.html.unreadable"))}</span>'
        rows.append(f'<tr{cls}><td><a href="#r{i}">{_e(r.file)}</a></td><td>{unit}</td><td>{_e(r.year)}</td>'
                    f'<td>{_e(r.format_version)}</td><td class="n error">{c["error"]}</td>'
                    f'<td class="n warning">{c["warning"]}</td><td class="n info">{c["info"]}</td></tr>')
    return rows


def _detail(i: int, r: Result) -> list[str]:
    out = [f'<h2 id="r{i}">{_e(r.unit or r.file)} {_e(r.year or "")}</h2>', f"<p>{_e(r.file)}</p>"]
    if _error(r):
        return out + [f'<p class="error">{_e(_error(r))}</p>']
    if not r.findings:
        return out + [f'<p class="clean">{_e(ui("checks.html.clean"))}</p>']
    cols = ("severity", "rule", "section", "message", "evidence", "suggestion")
    out.append("<table><tr>" + "".join(f"<th>{_e(ui('checks.col.' + c))}</th>" for c in cols) + "</tr>")
    for f in r.findings:
        sev = f.severity.value
        out.append(f'<tr><td class="{sev}">{_e(ui("severity:" + sev))}</td><td>{_e(f.rule)}</td>'
                   f"<td>{_e(_section(f.section))}</td><td>{_e(message(f))}</td>"
                   f'<td class="ev">{_e(f.evidence)}</td><td>{_e(suggestion(f))}</td></tr>')
    return out + ["</table>"]


def render_html(results: Iterable[Result]) -> str:
    """One self-contained page (inline CSS, no scripts or external assets): a summary row per report
    with counts by severity, then each report's findings."""
    results = list(results)
    totals = by_severity([f for r in results for f in r.findings])
    title = _e(ui("checks.html.title"))
    head_cols = ("file", "unit", "year", "format", "error", "warning", "info")
    parts = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{title}</title><style>{_CSS}</style></head><body>", f"<h1>{title}</h1>",
             f"<p>{_e(ui('checks.html.generated', count=len(results), **totals))}</p>",
             f"<h2>{_e(ui('checks.html.summary'))}</h2>", "<table><tr>"
             + "".join(f"<th>{_e(ui('checks.col.' + c))}</th>" for c in head_cols) + "</tr>",
             *_summary_rows(results), "</table>", f"<h2>{_e(ui('checks.html.details'))}</h2>"]
    for i, r in enumerate(results):
        parts.extend(_detail(i, r))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render(results: list[Any], fmt: str) -> str:
    """Render check results as ``table``, ``json``, ``csv`` or ``html``."""
    return {"table": render_table, "json": render_json, "csv": render_csv, "html": render_html}[fmt](results)
