"""Fixtures for the parser tests: the five seeds, and one report rendered as .docx/.pdf/.html/GBK .txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.labels import SECTION_TITLES, T3_ROWS
from assistant.core.report import T3_COLS, T4_FIELDS, T4_GROUPS, AnnualReport
from ingest.parse import parse_text

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def seed_file(prefix: str) -> Path:
    """The seed whose name starts with ``prefix``; skips when ../shared/seeds is absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def seeds() -> dict[str, AnnualReport]:
    """The five seeds, parsed once, keyed by their number ("000" … "004")."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return {p.name[:3]: parse_text(p.read_text(encoding="utf-8-sig"), str(p)) for p in sorted(SEEDS.glob("*.txt"))}


def variant_report() -> AnnualReport:
    """Seed 001 with distinct numbers in every table cell, so a shifted column cannot go unnoticed."""
    report = parse_text(seed_file("001").read_text(encoding="utf-8-sig")).model_copy(deep=True)
    for r, row in enumerate(T3_ROWS):
        for c, col in enumerate(T3_COLS):
            setattr(report.t3.row(row), col, r * 7 + c + 1)
    for g, group in enumerate(T4_GROUPS):
        for f, field in enumerate(T4_FIELDS):
            setattr(getattr(report.t4, group), field, 200 + g * 5 + f)
    report.t2.art20_1.normative_docs.issued = 3
    report.t2.art20_1.normative_docs.in_force = 17
    report.t2.art20_6.admin_penalty.decisions = 5
    return report


def _v(value: object) -> str:
    return "" if value is None else str(value)


def blocks(report: AnnualReport) -> list[tuple[str, object]]:
    """The report as ("p", text) and ("table", rows) blocks in reading order."""
    t2 = report.t2
    out: list[tuple[str, object]] = [("p", report.title), ("p", report.preamble)]
    for key, title in SECTION_TITLES.items():
        out.append(("p", title))
        if key == "active":
            d1, d2 = t2.art20_1.regulations, t2.art20_1.normative_docs
            out.append(("table", [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                                  ["规章", _v(d1.issued), _v(d1.abolished), _v(d1.in_force)],
                                  ["行政规范性文件", _v(d2.issued), _v(d2.abolished), _v(d2.in_force)]]))
            out.append(("table", [["第二十条第（五）项"], ["信息内容", "本年处理决定数量"],
                                  ["行政许可", _v(t2.art20_5.admin_license.decisions)]]))
            out.append(("table", [["第二十条第（六）项"], ["信息内容", "本年处理决定数量"],
                                  ["行政处罚", _v(t2.art20_6.admin_penalty.decisions)],
                                  ["行政强制", _v(t2.art20_6.admin_coercion.decisions)]]))
            out.append(("table", [["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"],
                                  ["行政事业性收费", _v(t2.art20_8.admin_fees.amount_wan)]]))
        elif key == "requests":
            rows = [["申请人情况"], ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
            for row, label in T3_ROWS.items():
                if row == "granted":
                    rows.append(["三、本年度办理结果"])
                rows.append([label] + [_v(getattr(report.t3.row(row), c)) for c in T3_COLS])
            out.append(("table", rows))
        elif key == "review_litigation":
            values = [_v(getattr(getattr(report.t4, g), f)) for g in T4_GROUPS for f in T4_FIELDS]
            out.append(("table", [["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3, values]))
        out += [("p", line) for line in report.section_text(key).split("\n") if line]
    out += [("p", report.closing.organ), ("p", f"{report.closing.date:%Y年%-m月%-d日}")]
    return out


def write_txt(path: Path, report: AnnualReport, encoding: str = "gbk") -> Path:
    """Plain text with tab rows."""
    lines = []
    for kind, body in blocks(report):
        lines += ["\t".join(r) for r in body] if kind == "table" else [str(body)]
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def write_docx(path: Path, report: AnnualReport) -> Path:
    """A .docx with real Word tables."""
    import docx

    document = docx.Document()
    for kind, body in blocks(report):
        if kind == "p":
            document.add_paragraph(str(body))
            continue
        rows = list(body)  # type: ignore[arg-type]
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, cells in enumerate(rows):
            for j, text in enumerate(cells):
                table.cell(i, j).text = text
    document.save(str(path))
    return path


def write_html(path: Path, report: AnnualReport) -> Path:
    """A government-style page: nav bar, header, breadcrumb, the article with <table>s, footer, script."""
    parts = []
    for kind, body in blocks(report):
        if kind == "p":
            parts.append(f"<p><span>{body}</span></p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body)  # type: ignore[union-attr]
            parts.append(f"<table border='1'>{rows}</table>")
    page = ("<html><head><meta charset='utf-8'><title>年报</title><script>var x='一、总体情况';</script></head><body>"
            "<header>某某县人民政府门户网站</header><nav><a href='/'>首页</a> <a>政务公开</a> <a>五、存在的问题</a></nav>"
            "<div class='breadcrumb'>当前位置：首页 &gt; 年度报告</div>"
            f"<div class='article-content'>{''.join(parts)}</div>"
            "<footer>主办单位：某某县人民政府办公室 电话 0000-1234567</footer></body></html>")
    path.write_text(page, encoding="utf-8")
    return path


def write_pdf(path: Path, report: AnnualReport) -> Path:
    """A text-layer PDF (fpdf2 with a Chinese font); table rows are written as space-separated lines."""
    from fpdf import FPDF

    if not FONT.is_file():
        pytest.skip(f"Chinese font {FONT} missing (apt-get install fonts-wqy-microhei)")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=8)
    for kind, body in blocks(report):
        lines = [" ".join(r) for r in body] if kind == "table" else [str(body)]  # type: ignore[union-attr]
        for line in lines:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
