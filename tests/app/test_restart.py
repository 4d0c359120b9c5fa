"""Autosave survives a crash: edit through the browser, SIGKILL the server, restart, every edit is there."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app import browser as b

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(b.CHROMIUM).exists(), reason="needs /usr/bin/chromium (make system-deps)")]


def _saved(home: Path):
    store = Store.from_settings(load_settings(env={"NIANBAO_DATA_DIR": str(home)}))
    rows = store.list_reports()
    assert len(rows) == 1
    return rows[0].id, store.load_report(rows[0].id)


def test_edits_survive_sigkill(home: Path) -> None:
    port = b.free_port()
    proc = b.start_server(home, port)
    url = f"http://127.0.0.1:{port}"
    try:
        with b.browser_page() as page:
            page.goto(url)
            b.fill(page, "new.unit", "白水乡")
            b.click(page, "新建")
            b.fill(page, "f.profile.county.", "清水县")
            b.fill(page, "f.preamble.", "统计期限为本年1月1日至12月31日。")
            b.goto_page(page, "数据填报")
            b.type_in_grid(page, "f-t3-", 0, 2, "7")  # 一、本年新收 · 自然人
            b.fill(page, "f.facts.training_sessions.", "4")
    finally:
        b.stop(proc, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL

    proc = b.start_server(home, port)
    try:
        _rid, report = _saved(home)
        assert report.profile.county == "清水县"
        assert report.preamble == "统计期限为本年1月1日至12月31日。"
        assert report.t3.new_received.natural_person == 7
        assert report.facts.training_sessions == 4
        with b.browser_page() as page:
            page.goto(url)
            page.get_by_role("tab", name="打开已保存的报告").click()
            b.click(page, "打开")
            county = page.locator('[class*="st-key-f-profile-county-"] input').first
            assert county.input_value() == "清水县"
            b.shot(page, "restart-reopened")
    finally:
        b.stop(proc)
