"""资料库 and 相似报告 in a real browser: upload several past reports at once, see each file's result,
search them, open a whole report, remove one. Uses the plumbing embedder ("hash") so it needs no model."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.app import browser as b
from tests.conftest import SEEDS

pytestmark = [pytest.mark.e2e, pytest.mark.slow,
              pytest.mark.skipif(not Path(b.CHROMIUM).exists(), reason="needs /usr/bin/chromium (make system-deps)"),
              pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")]


def test_upload_search_open_remove(home: Path, tmp_path: Path) -> None:
    (home / "config.toml").write_text('embedder = "hash"\n', encoding="utf-8")
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    with b.server(home) as url, b.browser_page() as page:
        page.goto(url)
        b.goto_page(page, "资料库")
        page.locator('input[type=file]').set_input_files([*map(str, seeds), str(broken)])
        expect(page.get_by_role("button", name="导入资料库")).to_be_enabled()
        page.wait_for_timeout(1000)  # let the uploads finish
        b.click(page, "导入资料库")
        page.get_by_text("导入完成").wait_for(timeout=120_000)
        # the per-file lines stream in after the summary, so wait for them rather than count at once
        expect(page.get_by_text(f"新增 {len(seeds)} 份")).to_have_count(1)
        expect(page.get_by_text("跳过 1 份")).to_have_count(1)
        expect(page.get_by_text(f"✓ {seeds[0].name}")).to_have_count(1)
        expect(page.get_by_text("✗ broken.pdf")).to_have_count(1)
        removes = page.get_by_role("button", name="移除")
        expect(removes).to_have_count(len(seeds))  # the listing streams in after 导入完成
        b.shot(page, "08-资料库-导入后")

        b.goto_page(page, "相似报告")
        b.fill(page, "sim.query", "政府信息公开 主动公开")
        b.click(page, "检索")
        page.get_by_role("button", name="查看全文").first.wait_for()
        page.get_by_role("button", name="查看全文").first.click()
        b.idle(page)
        whole = page.locator('[class*="st-key-whole_"]').first
        whole.wait_for()
        assert "六、其他需要报告的事项" in whole.inner_text()
        b.shot(page, "09-相似报告-全文")

        b.goto_page(page, "资料库")
        page.get_by_role("button", name="移除").first.click()
        b.idle(page)
        page.wait_for_timeout(1000)
        assert page.get_by_role("button", name="移除").count() == len(seeds) - 1
