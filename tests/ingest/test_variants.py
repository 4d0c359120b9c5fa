"""The variant corpus (tests/data/variants): reports as portals publish them, read field by field.

Each text is parsed as a reviewer would get it (saved .txt, saved .html with its ``_files`` folder, a page
printed to PDF); unit, year, province and the six sections are compared with the manifest, accuracy is
reported per field, and every miss must come with a META finding instead of a silent wrong value.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.checks import check_report
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings
from assistant.review.batch import expand_paths
from ingest.parse import parse_file

VARIANTS = Path(__file__).resolve().parents[1] / "data" / "variants"
MANIFEST = json.loads((VARIANTS / "manifest.json").read_text(encoding="utf-8"))
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FIELDS = ("unit", "year", "province", "county", "sections")


def print_page(text_file: Path, out: Path, url: str) -> Path:
    """The page as a browser prints it to PDF: date and page title in the header, URL and 1/n in the footer."""
    from fpdf import FPDF

    lines = text_file.read_text(encoding="utf-8").split("\n")
    title = next((line for line in lines if "报告" in line), "")

    class Printed(FPDF):
        def header(self) -> None:
            self.set_font("wqy", size=7)
            self.cell(0, 4, f"2025/1/20 10:{self.page_no():02d}    {title[:30]}", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("wqy", size=7)
            self.cell(0, 4, f"{url}    {self.page_no()}/{{nb}}")

    pdf = Printed()
    pdf.add_font("wqy", fname=str(FONT))
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("wqy", size=9)
    for line in lines:
        pdf.multi_cell(0, 5, line.replace("\t", "  ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[tuple[dict, AnnualReport]]:
    """Every variant parsed: the files as written, plus the printed PDFs of those marked ``pdf``."""
    if not FONT.is_file():
        pytest.skip(f"Chinese font {FONT} missing")
    settings = Settings()
    out = tmp_path_factory.mktemp("printed")
    parsed = []
    for entry in MANIFEST:
        parsed.append((entry, parse_file(VARIANTS / entry["file"], settings)))
        if entry["pdf"]:
            pdf = print_page(VARIANTS / entry["file"], out / (Path(entry["file"]).stem + ".pdf"),
                             f"http://www.example.gov.cn/zwgk/{entry['file']}")
            parsed.append(({**entry, "file": pdf.name, "shape": "printed_pdf"}, parse_file(pdf, settings)))
    return parsed


def _right(field: str, entry: dict, report: AnnualReport) -> bool:
    p = report.profile
    return {"unit": p.short_name == entry["unit"], "year": p.report_year == entry["year"],
            "province": p.province == entry["province"], "county": p.county == entry["county"],
            "sections": report.source is not None and report.source.section_keys == entry["sections"]}[field]


_META = {"unit": "META-1", "year": "META-2", "province": "META-3"}


def test_corpus_is_large_and_varied() -> None:
    assert len(MANIFEST) >= 60
    assert len({e["shape"] for e in MANIFEST}) >= 10
    assert len({e["province"] for e in MANIFEST if e["province"]}) >= 20


def test_accuracy_per_field(corpus, capsys) -> None:
    """Unit and year ≥ 97 %, province ≥ 90 %; each miss is reported as a low-confidence finding."""
    right: Counter[str] = Counter()
    unreported: list[str] = []
    misses: list[str] = []
    for entry, report in corpus:
        rules = {f.rule for f in check_report(report)}
        for field in FIELDS:
            if _right(field, entry, report):
                right[field] += 1
                continue
            misses.append(f"{entry['file']}:{field}")
            if field in _META and _META[field] not in rules:
                unreported.append(f"{entry['file']} {field}={report.profile.short_name}/"
                                  f"{report.profile.report_year}/{report.profile.province}")
    n = len(corpus)
    with capsys.disabled():
        print(f"\nvariant corpus: {n} reports " + "  ".join(f"{f} {right[f] / n:.1%}" for f in FIELDS))
        if misses:
            print("  misses: " + ", ".join(misses))
    assert right["unit"] / n >= 0.97, misses
    assert right["year"] / n >= 0.97, misses
    assert right["province"] / n >= 0.90, misses
    assert right["sections"] / n >= 0.95, misses
    assert not unreported


def test_fictional_units_are_reported_not_guessed(corpus) -> None:
    """A unit the gazetteer does not know keeps an empty province and a META-3 finding."""
    fictional = [(e, r) for e, r in corpus if not e["real_unit"]]
    assert fictional
    for _entry, report in fictional:
        assert report.profile.province == ""
        assert "META-3" in {f.rule for f in check_report(report)}


def test_html_tables_read_with_spans(corpus) -> None:
    """Saved pages: 表三 and 表四 read through rowspan/colspan into the right cells."""
    pages = [(e, r) for e, r in corpus if e["shape"] == "html"]
    assert pages
    for _entry, report in pages:
        t3 = report.t3
        assert t3.row("new_received").total == t3.row("granted").total == t3.row("total_processed").total
        assert t3.row("new_received").total is not None
        assert t3.row("d_state_secret").natural_person == 0 and t3.row("carried_forward").total == 0
        assert report.t4.review.total == 0 and report.t4.lit_after_review.total == 0
        assert report.t2.art20_5.admin_license.decisions is not None


def test_saved_pages_folder_checks_like_any_folder() -> None:
    """The ``_files`` folders beside saved pages are not reports of their own."""
    files = list(expand_paths([VARIANTS]))
    assert not any("_files" in str(p.parent.name) for p in files)
    assert len([p for p in files if p.suffix in (".txt", ".html")]) == len(MANIFEST)


def test_parse_json_shows_evidence_beside_profile(tmp_path) -> None:
    from click.testing import CliRunner

    from cli import cli

    entry = next(e for e in MANIFEST if e["shape"] == "no_title")
    result = CliRunner().invoke(cli, ["parse", str(VARIANTS / entry["file"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["profile"]) == {"organ_name", "short_name", "level", "county", "city", "province", "report_year"}
    unit = data["profile_evidence"]["short_name"]
    assert 0 < unit["confidence"] <= 1
    assert {e["source"] for e in unit["evidence"]} & {"compiled_by", "address", "body", "preamble"}
