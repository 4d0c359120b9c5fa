"""审核台 in a real browser: import 30 generated township reports of one county (and last year's), see
the charts, open the unit that copied another's 总体情况, mark it 已退回, export letters and workbook."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from bench.synth_county import write_county
from tests.app import browser as b

pytestmark = [pytest.mark.e2e, pytest.mark.slow,
              pytest.mark.skipif(not Path(b.CHROMIUM).exists(), reason="needs /usr/bin/chromium (make system-deps)")]

CHART_TABS = {"问题分布": "desk.chart_families", "数据对比": "desk.chart_figures", "雷同": "desk.chart_similarity",
              "较上年": "desk.chart_yoy"}


def _charts_drawn(page, key: str, count: int) -> None:
    box = page.locator(f".{b.css_key(key)}")
    expect(box.locator('[data-testid="stVegaLiteChart"]')).to_have_count(count, timeout=30_000)
    box.locator("canvas, svg.marks").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)


def test_county_desk_end_to_end(home: Path, tmp_path: Path) -> None:
    manifest = write_county(tmp_path / "county", n=30, year=2024, seed=7)
    this = sorted((tmp_path / "county" / "this").glob("*.txt"))
    last = sorted((tmp_path / "county" / "last").glob("*.txt"))
    swapped = manifest["swapped"]
    with b.server(home) as url, b.browser_page() as page:
        page.goto(url)
        b.goto_page(page, "审核台")
        page.locator(f".{b.css_key('desk.upload')} input[type=file]").set_input_files([str(p) for p in this])
        page.locator(f".{b.css_key('desk.upload_last')} input[type=file]").set_input_files([str(p) for p in last])
        page.wait_for_timeout(2000)  # let the uploads finish
        b.click(page, "导入并审核")
        page.get_by_text("已审核 30 份报告").wait_for(timeout=120_000)
        b.shot(page, "10-审核台")

        for tab, key in CHART_TABS.items():
            page.get_by_role("tab", name=tab).click()
            _charts_drawn(page, key, 2 if key == "desk.chart_families" else 1)
            page.locator(f".{b.css_key(key)}").screenshot(path=str(b.ARTIFACTS / f"11-审核台-{tab}.png"))
            if tab == "雷同":
                a, z = sorted((swapped, manifest["swapped_from"]))
                expect(page.locator(f".{b.css_key(key)}").get_by_text(f"{a} ↔ {z}：一、总体情况")).to_have_count(1)

        b.fill(page, "desk.filter_text", swapped)
        expect(page.get_by_role("combobox", name="查看单位")).to_be_visible()  # opens the only unit left
        findings = page.locator(f".{b.css_key('desk.findings')}")
        expect(findings).to_contain_text(f"与{manifest['swapped_from']}的报告相似度达")
        expect(page.locator(f".{b.css_key('desk.text')}")).to_contain_text("一、总体情况")
        page.get_by_role("radiogroup", name="审核状态").get_by_text("已退回", exact=True).click()
        b.idle(page)
        page.wait_for_timeout(800)
        b.shot(page, "12-审核台-单位")
        digest = hashlib.sha256(next(p for p in this if p.name.startswith(swapped)).read_bytes()).hexdigest()
        assert Store.from_settings(load_settings()).review_statuses([digest]) == {digest: "returned"}

        b.click(page, "生成审核意见和汇总表")
        page.get_by_text("已生成 30 份审核意见").wait_for(timeout=120_000)
        with page.expect_download() as letters:
            page.get_by_role("button", name="下载审核意见（zip）").click()
        with page.expect_download() as workbook:
            page.get_by_role("button", name="下载汇总表（xlsx）").click()
        b.shot(page, "13-审核台-导出")
        zipped = zipfile.ZipFile(letters.value.path())
        assert len(zipped.namelist()) == 30
        letter = docx.Document(io.BytesIO(zipped.read(f"{swapped}_审核意见.docx")))
        text = "\n".join(p.text for p in letter.paragraphs)
        assert f"关于{swapped}2024年" in text and manifest["swapped_from"] in text
        saved = tmp_path / workbook.value.suggested_filename
        workbook.value.save_as(saved)
        assert saved.suffix == ".xlsx"
        wb = openpyxl.load_workbook(saved)
        assert wb.sheetnames == ["单位×问题类别", "全部问题", "数据对比"]
        status = {row[0]: row[2] for row in wb["单位×问题类别"].iter_rows(min_row=2, values_only=True)}
        assert status[swapped] == "已退回" and list(status.values()).count("待审") == 29
