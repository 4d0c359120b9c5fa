"""End to end in a real browser, the drafting half of "drafts a clerk can sign": with 所属省份 filled the draft
still borrows peer wording (the shipped 示例 library, real embedding model) and names the 公开重点 the clerk entered;
a practice is confirmed in 正文要素
and another by one click on its 【待确认】 sentence; "为什么这么写" answers from the sentence sources; "把第二段
写短一点" shortens only that paragraph; the exported .docx carries no 【 mark. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assistant.core.settings import load_settings
from assistant.persistence.drafts_db import Store
from tests.app import browser as b
from tests.app.conftest import make_filled_report

pytestmark = [pytest.mark.e2e, pytest.mark.slow,
              pytest.mark.skipif(not Path(b.CHROMIUM).exists(), reason="needs /usr/bin/chromium (make system-deps)")]


def _store(home: Path) -> Store:
    return Store.from_settings(load_settings(env={"NIANBAO_DATA_DIR": str(home)}))


def _seed(home: Path) -> int:
    """The sample library (peers) and one report whose every other part is complete (preamble, 六, facts)."""
    from assistant.library.ingest import ensure_sample_library
    from vectorstore.static_model import ensure_default_model

    settings = load_settings(env={"NIANBAO_DATA_DIR": str(home)})
    ensure_default_model(settings)
    ensure_sample_library(settings)
    report = make_filled_report()
    facts = report.facts.model_copy(update={
        "assessment_result": "在县政务公开年度考核中获评良好等次", "public_evaluation": "群众评议结果为满意",
        "accountability": "本年度未发生因政府信息公开工作引起的责任追究", "last_year_problems": ["公开栏更新不够及时"],
        "npc_suggestions": 0, "cppcc_proposals": 0, "info_fee_count": 0, "info_fee_amount_yuan": Decimal(0),
        "active_total": 40, "topics": ["高标准农田建设", "河道清淤工程"]})
    profile = report.profile.model_copy(update={"province": ""})
    sections = report.sections.model_copy(update={"overview": "", "problems": "", "other": "本年度无其他需要报告的事项。"})
    report = report.model_copy(update={
        "facts": facts, "profile": profile, "sections": sections,
        "preamble": "本报告由某某县青山镇人民政府编制，统计期限为2024年1月1日至2024年12月31日。",
        "closing": report.closing.model_copy(update={"date": dt.date(2025, 1, 15)})})
    return _store(home).create_report(report)


def _eventually(check, timeout: float = 15.0) -> bool:
    """Whether ``check()`` becomes true within ``timeout`` seconds (the app writes after its rerun)."""
    import time

    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return bool(check())


def _ask(page, text: str, answer: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    b.idle(page)
    page.get_by_text(answer).last.wait_for(timeout=60_000)


def _confirm_all(page) -> int:
    """Open each paragraph's sources and click every 确认 button (one rerun each); how many were clicked."""
    clicked = 0
    for _ in range(20):
        for summary in page.locator("summary").filter(has_text="段的来源").all():
            if summary.locator("xpath=..").get_attribute("open") is None:
                summary.click()
        button = page.get_by_role("button").filter(has_text="确认：")
        if button.count() == 0:
            return clicked
        button.first.click()
        b.idle(page)
        clicked += 1
    return clicked


def test_drafting_flow_in_browser(home: Path, tmp_path: Path) -> None:
    rid = _seed(home)
    with b.server(home) as url, b.browser_page() as page:
        page.goto(url)
        page.get_by_text("年报助手").first.wait_for()
        page.get_by_role("tab", name="打开").click()
        b.click(page, "打开")
        b.fill(page, "f.profile.province.", "山东省")
        assert _eventually(lambda: _store(home).load_report(rid).profile.province == "山东省")

        b.goto_page(page, "数据填报")
        page.locator(f'[class*="{b.css_key("practice.suggestion_box")}"]').locator("label").first.click()
        b.click(page, "保存工作做法")
        assert _eventually(lambda: "suggestion_box" in _store(home).load_report(rid).facts.practices)

        b.goto_page(page, "起草")
        b.click(page, "起草总体情况")
        expect(page.get_by_role("button", name="采用")).to_have_count(1, timeout=60_000)
        page.get_by_text("参考来源（").first.wait_for()  # peers found although the samples state no 山东省
        b.shot(page, "11-起草-参考来源")

        _ask(page, "为什么这么写？", "各句的来源")
        _ask(page, "把第二段写短一点", "已缩写第2段")
        _confirm_all(page)
        b.shot(page, "12-起草-确认做法")
        page.get_by_role("button", name="采用").last.click()
        b.idle(page)
        adopt = page.get_by_role("button", name="采用")
        before = adopt.count()
        b.click(page, "起草问题与改进")
        expect(adopt).to_have_count(before + 1, timeout=60_000)
        adopt.last.click()
        b.idle(page)
        assert _eventually(lambda: _store(home).load_report(rid).sections.problems != "")
        saved = _store(home).load_report(rid)
        assert saved.sections.overview and "【" not in saved.sections.overview, saved.sections.overview
        assert "高标准农田建设、河道清淤工程" in saved.sections.overview  # the 公开重点 the clerk entered
        assert "【" not in saved.sections.problems, saved.sections.problems
        from assistant.checks.engine import check_report

        assert not [f for f in check_report(saved) if f.rule == "TEXT-8"]  # no mark of ours left anywhere

        b.goto_page(page, "导出")
        page.get_by_role("button", name="下载 Word（.docx）").wait_for()
        force = page.get_by_text("我已知晓仍有错误，仍要导出")  # other rules' errors; no 【 mark is left
        if force.count():
            force.click()
            b.idle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="下载 Word（.docx）").click()
        target = tmp_path / "report.docx"
        info.value.save_as(str(target))
        b.shot(page, "13-导出")

    from docx import Document

    doc = Document(str(target))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert not [t for t in texts if "【" in t]
    assert any("一、总体情况" in t for t in texts)
