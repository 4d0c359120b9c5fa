"""六、其他需要报告的事项 in the app, and the export gate: 检查清单, 导出 and the CLI's export agree.

Real app script (streamlit.testing AppTest), real database, real CLI (click's runner).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from assistant.core.report import AnnualReport
from assistant.core.settings import load_settings
from assistant.drafting.fixed_sections import join_other_items, other_items
from assistant.persistence.drafts_db import Store
from assistant.persistence.report_files import save_report
from cli import cli
from tests.app.conftest import open_app_page

PREAMBLE = ("根据《中华人民共和国政府信息公开条例》编制本报告。统计期限为2024年1月1日至2024年12月31日。"
            "如有疑问请与青山镇党政办公室联系（电话：0571-1234567）。")


def _store() -> Store:
    return Store.from_settings(load_settings())


def _app(rid: int, page: str) -> AppTest:
    return open_app_page(rid, page)


def _area(at: AppTest, item: int):
    return next(a for a in at.text_area if a.key and f".six.{item}." in a.key)


def _number(at: AppTest, path: str):
    return next(n for n in at.number_input if n.key and n.key.rsplit(".", 1)[0] == f"f.{path}")


def test_six_items_are_drafted_from_facts_and_editable(filled_report: AnnualReport) -> None:
    rid = _store().create_report(filled_report)
    at = _app(rid, "six")
    assert len([a for a in at.text_area if a.key and ".six." in a.key]) == 7
    assert "【待补充" in _area(at, 0).value and "【待补充" in _area(at, 1).value
    assert any("【待补充】" in w.value for w in at.warning)
    _number(at, "facts.info_fee_count").set_value(0).run()
    _number(at, "facts.npc_suggestions").set_value(2).run()
    _number(at, "facts.cppcc_proposals").set_value(1).run()
    assert not at.exception, at.exception
    assert "未收取信息处理费" in _area(at, 0).value
    assert "人大代表建议2件" in _area(at, 1).value and "政协委员提案1件" in _area(at, 1).value
    assert _store().load_report(rid).sections.other == ""  # nothing typed yet: still drafted
    _area(at, 3).set_value("在各村公开栏旁设置政策二维码。").run()
    assert not at.exception, at.exception
    stored = _store().load_report(rid).sections.other
    assert "（四）本年度政务公开工作创新情况。在各村公开栏旁设置政策二维码。" in stored
    assert stored.count("\n") == 6 and "人大代表建议2件" in stored
    assert not any("【待补充】" in w.value for w in at.warning)
    # a figure changed after the clerk wrote 六: the button drafts （一）（二） again, the rest stays
    _number(at, "facts.npc_suggestions").set_value(3).run()
    at.button(key="six.redraft").click().run()
    stored = _store().load_report(rid).sections.other
    assert "人大代表建议3件" in stored and "政策二维码" in stored


def _gate_views(rid: int, report_file: Path) -> tuple[bool, bool, int]:
    """(checklist says exportable, export page allows, CLI export exit code) for the saved report."""
    checklist = _app(rid, "checklist")
    blocked_list = any("导出会被拒绝" in e.value for e in checklist.error)
    export = _app(rid, "export")
    allowed = not export.get("download_button")[0].proto.disabled
    save_report(_store().load_report(rid), report_file)
    result = CliRunner().invoke(cli, ["export", str(report_file), "--docx", str(report_file.with_suffix(".docx")),
                                      "--md", str(report_file.with_suffix(".md"))])
    return not blocked_list, allowed, result.exit_code


def test_checklist_export_page_and_cli_agree(filled_report: AnnualReport, tmp_path: Path) -> None:
    filled_report.preamble = PREAMBLE
    rid = _store().create_report(filled_report)
    # 六 unwritten: the drafted 六 carries 【待补充】 marks, so all three refuse (it used to say 全部检查通过)
    assert _gate_views(rid, tmp_path / "a.json") == (False, False, 1)
    assert not (tmp_path / "a.docx").exists()
    forced = CliRunner().invoke(cli, ["export", str(tmp_path / "a.json"), "--md", str(tmp_path / "a.md"), "--force"])
    assert forced.exit_code == 0 and "【待补充" in (tmp_path / "a.md").read_text(encoding="utf-8")
    # 六 written without marks: all three let it through, and no mark reaches the files
    report = _store().load_report(rid)
    report.facts.info_fee_count, report.facts.npc_suggestions, report.facts.cppcc_proposals = 0, 0, 0
    bodies = other_items(report)
    bodies[3] = "无。"
    report.sections.other = join_other_items(bodies)
    _store().save_report(rid, report)
    assert _gate_views(rid, tmp_path / "b.json") == (True, True, 0)
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "（七）其他有关文件专门要求通过年度报告予以报告的事项" in md and "【" not in md
    # an assistant mark typed anywhere (here 【待确认】 in 五) blocks all three again
    report.sections.problems += "【待确认：设置意见箱】"
    _store().save_report(rid, report)
    assert _gate_views(rid, tmp_path / "c.json") == (False, False, 1)


def test_cli_export_takes_previous_like_check(filled_report: AnnualReport, tmp_path: Path) -> None:
    filled_report.preamble = PREAMBLE
    filled_report.facts.info_fee_count = filled_report.facts.npc_suggestions = 0
    filled_report.facts.cppcc_proposals = 0
    bodies = other_items(filled_report)
    bodies[3] = "无。"
    filled_report.sections.other = join_other_items(bodies)
    save_report(filled_report, tmp_path / "now.json")
    last = filled_report.model_copy(deep=True)
    last.profile.report_year = 2023
    last.t3.carried_forward.total = 5  # last year said 5 were carried into this year; this year says 0
    save_report(last, tmp_path / "last.json")
    out = str(tmp_path / "now.md")
    assert CliRunner().invoke(cli, ["export", str(tmp_path / "now.json"), "--md", out]).exit_code == 0
    refused = CliRunner().invoke(cli, ["export", str(tmp_path / "now.json"), "--md", out, "--previous",
                                       str(tmp_path / "last.json")])
    assert refused.exit_code == 1 and "X-1" in refused.stderr


def test_checklist_jumps_to_the_six_page(filled_report: AnnualReport) -> None:
    filled_report.preamble = PREAMBLE
    rid = _store().create_report(filled_report)
    at = _app(rid, "checklist")
    at.button(key="goto.TEXT-8").click().run()
    assert not at.exception, at.exception
    assert at.radio(key="nav").value == "six"
    assert any("请修改" in w.value for w in at.sidebar.warning)
