"""Hostile input, generated: a crafted overview for the narrative checks, a huge saved web page, a .docx
whose zip directory lies about its size. Used by tests/safety/test_bad_input.py and measured here:

    .venv/bin/python -m bench.bad_input            # figures for bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

MB = 1024 * 1024


def crafted_overview(chars: int = 100_000) -> str:
    """One long clause of totals with no 其中 (the old TOTAL_THEN_PARTS backtracked over it for each 共),
    then one long sentence of counts and wrong percentages (the old check re-scanned it per %)."""
    half = chars // 2
    totals = ("共1条，" * (half // 4 + 1))[:half]
    percents = ("1条3条50%，" * (half // 8 + 1))[:half]
    return "一、总体情况\n" + totals + "其中" + "\n" + percents + "。"


def crafted_report(chars: int = 100_000):
    """A report whose overview is :func:`crafted_overview`."""
    from assistant.tables.templates import new_report

    report = new_report("青山镇", 2024)
    sections = report.sections.model_copy(update={"overview": crafted_overview(chars)})
    return report.model_copy(update={"sections": sections})


def big_html(path: Path, megabytes: float) -> Path:
    """A saved page of about ``megabytes``: many nested blocks, inline tags and line breaks."""
    unit = "<div class='content'><p>本机关主动公开政府信息<b>12</b>条，<span>其中</span>网站<i>8</i>条。<br/></p></div>\n"
    with open(path, "w", encoding="utf-8") as out:
        out.write("<html><head><meta charset='utf-8'><title>年报</title></head><body><article>")
        out.write("<p>青山镇2024年政府信息公开工作年度报告</p><p>一、总体情况</p>")
        written = 0
        while written < megabytes * MB:
            out.write(unit * 100)
            written += len(unit.encode("utf-8")) * 100
        out.write("</article></body></html>")
    return path


def lying_docx(path: Path, real_mb: int, declared: int = 1024) -> Path:
    """A .docx whose word/document.xml inflates to ``real_mb`` MB but declares ``declared`` bytes, in the
    central directory and the local header alike (built by streaming zeros, then patching the sizes)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = b"\0" * MB
            for _ in range(real_mb):
                member.write(block)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04" + data[4:4])  # first header belongs to [Content_Types].xml
    while local >= 0:
        if data[local + 30: local + 30 + len(name)] == name:
            struct.pack_into("<L", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        if data[central + 46: central + 46 + len(name)] == name:
            struct.pack_into("<L", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, arg: float) -> dict[str, object]:
    """Run one case in this process (call in a fresh process for a clean peak memory)."""
    from assistant.checks import check_report
    from assistant.core.errors import ReportError
    from assistant.core.settings import load_settings
    from ingest.parse import parse_file

    tmp = Path(tempfile.mkdtemp(prefix="bad_input_"))
    settings = load_settings(home=tmp / "data")
    before = _peak_mb()
    if kind == "overview":
        report = crafted_report(int(arg))
        start = time.perf_counter()
        findings = check_report(report)
        outcome = f"{len(findings)} findings"
    elif kind in ("html", "html-refused"):
        path = big_html(tmp / "page.html", arg)
        if kind == "html":
            settings = load_settings(home=tmp / "data", max_html_mb=arg + 1, max_file_mb=arg + 1)
        start = time.perf_counter()
        try:
            report = parse_file(path, settings)
            outcome = f"parsed, {len(report.sections.overview)} characters of overview"
        except ReportError as err:
            outcome = f"refused: {err.code}"
    else:
        path = lying_docx(tmp / "bomb.docx", int(arg))
        before = _peak_mb()
        start = time.perf_counter()
        try:
            parse_file(path, settings)
            outcome = "parsed (!)"
        except ReportError as err:
            outcome = f"refused: {err.code}"
    seconds = time.perf_counter() - start
    return {"case": kind, "size": arg, "seconds": round(seconds, 3), "outcome": outcome,
            "peak_mb": round(_peak_mb(), 1), "peak_before_mb": round(before, 1),
            "file_mb": round(sum(p.stat().st_size for p in tmp.glob("*.*")) / MB, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", choices=["overview", "html", "html-refused", "zip"])
    parser.add_argument("--size", type=float, default=0)
    args = parser.parse_args()
    if args.case:
        print(measure(args.case, args.size))
        return
    cases = [("overview", 100_000), ("overview", 1_000_000), ("html", 1), ("html", 10), ("html-refused", 50),
             ("zip", 2000)]
    for case, size in cases:  # each in a fresh process, so peak memory is its own
        subprocess.run([sys.executable, "-m", "bench.bad_input", "--case", case, "--size", str(size)], check=False)


if __name__ == "__main__":
    main()
