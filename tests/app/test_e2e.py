"""End to end in a real browser: create a report, enter figures (one breaks a rule), draft both
sections, see the checklist, export the .docx and check its three tables. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app import browser as b
from tests.app.test_export import check_docx_tables

pytestmark = [pytest.mark.e2e, pytest.mark.slow,
              pytest.mark.skipif(not Path(b.CHROMIUM).exists(), reason="needs /usr/bin/chromium (make system-deps)")]

T3_NEW_RECEIVED = 0  # grid rows of table 三
T3_TOTAL_PROCESSED = 23


def _saved(home: Path):
    store = Store.from_settings(load_settings(env={"NIANBAO_DATA_DIR": str(home)}))
    rid = store.list_reports()[0].id
    return store.load_report(rid)


def test_clerk_flow_in_browser(home: Path, tmp_path: Path) -> None:
    with b.server(home) as url, b.browser_page() as page:
        page.goto(url)
        page.get_by_text("年报助手").first.wait_for()
        b.fill(page, "new.unit", "青山镇")
        b.click(page, "新建")
        page.get_by_text("已新建报告").wait_for()
        b.fill(page, "f.profile.county.", "清水县")
        b.shot(page, "01-基本信息")

        b.goto_page(page, "数据填报")
        b.type_in_grid(page, "f-t3-", T3_NEW_RECEIVED, 2, "5")  # 一、本年新收 · 自然人
        b.type_in_grid(page, "f-t3-", T3_NEW_RECEIVED, 8, "5")  # 一、本年新收 · 总计
        b.reenter(page, "数据填报")
        b.type_in_grid(page, "f-t2-art20_5-", 0, 1, "12")  # 行政许可
        b.reenter(page, "数据填报")
        # 规章 · 本年制发件数 = 1 breaks T2-R1 (a township has no power to make 规章)
        b.type_in_grid(page, "f-t2-art20_1-", 0, 1, "1")
        page.locator("[data-testid='stAlert']").filter(has_text="乡镇没有规章制定权").first.wait_for()
        b.shot(page, "02-数据填报")
        saved = _saved(home)
        assert saved.t3.new_received.natural_person == 5 and saved.t3.new_received.total == 5
        assert saved.t2.art20_1.regulations.issued == 1
        assert saved.t2.art20_5.admin_license.decisions == 12
        assert saved.profile.county == "清水县"

        b.goto_page(page, "起草")
        for n, label in enumerate(("起草总体情况", "起草问题与改进"), 1):
            b.click(page, label)
            adopt = page.get_by_role("button", name="采用")
            expect(adopt).to_have_count(n, timeout=60_000)
            adopt.last.click()
            b.idle(page)
        b.shot(page, "03-起草")
        saved = _saved(home)
        assert len(saved.sections.overview) > 50 and len(saved.sections.problems) > 20

        b.goto_page(page, "检查清单")
        page.get_by_text("✗ 未通过").first.wait_for()
        b.shot(page, "04-检查清单")

        b.goto_page(page, "导出")
        page.get_by_text("我已知晓仍有错误，仍要导出").click()
        b.idle(page)
        b.shot(page, "05-导出")
        with page.expect_download() as info:
            page.get_by_role("button", name="下载 Word（.docx）").click()
        target = tmp_path / "report.docx"
        info.value.save_as(str(target))
        check_docx_tables(target, _saved(home))

        for label, name in (("相似报告", "06-相似报告"), ("资料库", "07-资料库")):
            b.goto_page(page, label)
            b.shot(page, name)
    assert (b.ARTIFACTS / "02-数据填报.png").stat().st_size > 10_000
    shutil.copy(target, b.ARTIFACTS / "e2e-report.docx")
