"""A county server in a real browser (`streamlit run` + headless Chromium), three accounts: the clerks of
青山镇 and 绿水镇 each draft and submit; the reviewer of 清水县 returns 青山镇's report with a comment; the
clerk sees it on 检查清单 and resubmits; the reviewer approves. Screenshots go to test-artifacts/county-*.png
(copied to docs/screenshots/ for the 部署说明)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from assistant.accounts.policy import State, scope_of
from assistant.accounts.users import add_user, get_user
from assistant.accounts.workflow import history
from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app import browser as b

pytestmark = [pytest.mark.e2e, pytest.mark.slow,
              pytest.mark.skipif(not Path(b.CHROMIUM).exists(), reason="needs /usr/bin/chromium (make system-deps)")]

COMMENT = "表三“本年新收”为0，请核实后补充；总体情况请写明本镇主动公开的主要内容。"


def log_out(page) -> None:
    b.click(page, "退出登录")
    page.get_by_text("请使用管理员为您开设的账号登录。").wait_for()


def draft_and_submit(page, organ: str) -> None:
    page.get_by_text("所属单位：清水县").first.wait_for()
    b.click(page, "新建")
    page.get_by_text("已新建报告").wait_for()
    b.fill(page, "f.profile.organ_name.", organ)
    b.goto_page(page, "检查清单")
    b.click(page, "提交审核")
    page.get_by_text("已提交审核，等待县级审核人审核。").wait_for()


def pick(page, option_start: str) -> None:
    page.locator(f".{b.css_key('cdesk.pick')}").click()
    page.get_by_role("option").filter(has_text=option_start).first.click()
    b.idle(page)


def test_three_accounts_draft_submit_return_resubmit_approve(home: Path) -> None:
    store = Store.from_settings(load_settings(env={"NIANBAO_DATA_DIR": str(home)}))
    accounts = {"qingshan": ("clerk", "青山镇"), "lvshui": ("clerk", "绿水镇"), "shenhe": ("reviewer", "")}
    for name, (role, unit) in accounts.items():
        add_user(store, name, f"{name}-Pw-2025", role, unit=unit, county="清水县")
    with b.server(home) as url, b.browser_page() as page:
        page.goto(url)
        page.get_by_text("请使用管理员为您开设的账号登录。").wait_for()
        b.shot(page, "county-01-登录")

        b.log_in(page, url, "qingshan", "qingshan-Pw-2025")
        draft_and_submit(page, "青山镇人民政府")
        b.shot(page, "county-02-填报人提交")
        page.reload()  # the session survives a reload, the open report too (both are in the URL)
        page.get_by_text("退出登录").wait_for()
        b.goto_page(page, "检查清单")
        page.get_by_text("已提交审核，等待县级审核人审核。").wait_for()
        assert page.get_by_text("这份报告处于“已提交”状态，不能修改").count() >= 1
        log_out(page)
        b.log_in(page, url, "lvshui", "lvshui-Pw-2025")
        draft_and_submit(page, "绿水镇人民政府")
        assert "青山镇人民政府" not in page.content()
        log_out(page)

        b.log_in(page, url, "shenhe", "shenhe-Pw-2025")
        page.get_by_text("清水县各单位已提交的报告").wait_for()
        pick(page, "青山镇")
        b.fill(page, "cdesk.comment.", COMMENT)
        b.click(page, "退回修改")
        page.get_by_text("已退回 青山镇。").wait_for()
        b.shot(page, "county-03-审核台退回")
        with page.expect_download() as info:
            page.get_by_role("button", name="下载审核意见（.docx）").click()
        letter = docx.Document(io.BytesIO(Path(info.value.path()).read_bytes()))
        assert any(COMMENT in p.text for p in letter.paragraphs)
        log_out(page)

        b.log_in(page, url, "qingshan", "qingshan-Pw-2025")
        b.goto_page(page, "检查清单")
        page.get_by_text("审核人退回了这份报告").wait_for()
        page.get_by_text(COMMENT, exact=True).wait_for()
        b.shot(page, "county-04-填报人看到退回意见")
        b.click(page, "提交审核")
        page.get_by_text("已提交审核，等待县级审核人审核。").wait_for()
        log_out(page)

        b.log_in(page, url, "shenhe", "shenhe-Pw-2025")
        pick(page, "青山镇")
        b.click(page, "审核通过")
        page.get_by_text("已通过 青山镇 的报告。").wait_for()
        b.shot(page, "county-05-审核通过")

    rows = {r.unit: r for r in store.list_reports()}
    qs, lv = rows["青山镇"].id, rows["绿水镇"].id
    assert scope_of(store, qs).state is State.APPROVED and scope_of(store, lv).state is State.SUBMITTED
    steps = [(t.to_state.value, t.user_name, t.comment) for t in history(store, get_user(store, "shenhe"), qs)]
    assert steps == [("submitted", "qingshan", ""), ("returned", "shenhe", COMMENT), ("submitted", "qingshan", ""),
                     ("approved", "shenhe", "")]
