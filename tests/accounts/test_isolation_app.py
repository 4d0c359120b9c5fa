"""Isolation through the real app (AppTest): role × page × another unit's report, by URL parameter and by
session state. Nobody sees a report they may not read: a Chinese refusal, and none of its data on the page
or in the session. A submitted report cannot be changed by its own clerk either."""

from __future__ import annotations

import pytest

from assistant.accounts.policy import Action
from assistant.accounts.workflow import step
from tests.accounts.conftest import County, app_as, app_reaching, texts

MARK = "绿水镇独有的一句话"  # only in 绿水镇's report
CLERK_PAGES = ["basic", "data", "draft", "six", "similar", "checklist", "export"]
REFUSAL = "无权查看这份报告，或报告不存在。"


def _mark_lvshui(county: County, submitted: bool) -> int:
    rid = county.reports["lvshui"]
    report = county.store.load_report(rid)
    report.profile.organ_name = "绿水镇人民政府"
    report.sections.overview = MARK
    county.store.save_report(rid, report)
    if submitted:
        step(county.store, county.users["lvshui"], rid, Action.SUBMIT)
    return rid


def _assert_nothing_of(at, rid: int) -> None:
    shown = texts(at)
    assert MARK not in shown and "绿水镇" not in shown, shown[:500]
    assert f"report:{rid}" not in at.session_state
    assert "rid" not in at.session_state or at.session_state["rid"] != rid


# (viewer, whether 绿水镇 has submitted, the viewer's pages)
CASES = [
    ("qingshan", False, CLERK_PAGES),  # clerk of another unit of the same county
    ("qingshan", True, CLERK_PAGES),
    ("baiyun_qingshan", True, CLERK_PAGES),  # clerk of another county
    ("review_by", True, ["review"]),  # reviewer of another county
    ("review_qs", False, ["review"]),  # the county's reviewer, before submission
]


@pytest.mark.parametrize("via", ["url", "session"])
@pytest.mark.parametrize("viewer,submitted,pages", CASES, ids=[f"{v}-{'submitted' if s else 'draft'}" for v, s, _ in CASES])
def test_other_units_report_is_refused_on_every_page(county: County, viewer: str, submitted: bool, pages: list[str],
                                                     via: str) -> None:
    rid = _mark_lvshui(county, submitted)
    for page in pages:
        at = app_reaching(county, viewer, rid, via)
        if page != pages[0]:
            at.radio(key="nav").set_value(page).run()
        assert not at.exception, (page, at.exception)
        if page == pages[0]:
            assert REFUSAL in [e.value for e in at.error], page
        _assert_nothing_of(at, rid)
        assert "report" not in at.query_params, page


def test_lists_and_pickers_hold_only_own_reports(county: County) -> None:
    rid = _mark_lvshui(county, True)
    at = app_as(county, "qingshan")
    picks = [s for s in at.selectbox if s.key in ("open.pick", "carry.pick")]
    assert [len(s.options) for s in picks] == [1, 1]
    assert all("青山镇" in str(o) and f"编号 {rid}" not in str(o) for s in picks for o in s.options)
    assert not any(s.key == "new.unit" for s in at.text_input)  # the unit comes from the account


def test_county_reviewer_sees_the_submitted_report_and_the_other_county_does_not(county: County) -> None:
    rid = _mark_lvshui(county, True)
    mine = app_as(county, "review_qs")
    assert list(mine.dataframe[0].value["单位"]) == ["绿水镇"]  # 青山镇 has not submitted: not listed
    assert any(MARK in t.value for t in mine.text)
    other = app_as(county, "review_by")
    assert "暂无已提交的报告。" in [i.value for i in other.info]
    _assert_nothing_of(other, rid)


def test_a_submitted_report_cannot_be_changed_by_its_clerk(county: County) -> None:
    rid = county.reports["qingshan"]
    step(county.store, county.users["qingshan"], rid, Action.SUBMIT)
    before = county.store.current_hash(rid)
    at = app_as(county, "qingshan", query={"report": str(rid)})
    assert any("已提交" in w.value and "不能修改" in w.value for w in at.warning)
    box = next(t for t in at.text_input if t.key and t.key.startswith("f.profile.county."))
    box.set_value("别的县").run()
    assert not at.exception, at.exception
    assert county.store.current_hash(rid) == before
    at.radio(key="nav").set_value("checklist").run()
    assert not any(b.key == "wf.submit" for b in at.button)  # nothing to submit again
    at.radio(key="nav").set_value("draft").run()
    assert not at.exception and not at.chat_input  # nothing new is drafted into a submitted report
    assert any("不能修改" in w.value for w in at.warning)


def test_the_admin_edits_no_report(county: County) -> None:
    rid = county.reports["qingshan"]
    at = app_as(county, "admin", query={"report": str(rid)})
    assert at.radio(key="nav").options == ["账号管理", "资料库"]
    assert [u for u in at.dataframe[0].value["账号"]] == sorted(county.users, key=lambda n: (county.users[n].role.value, n))
