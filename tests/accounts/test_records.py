"""What is stored with a report (versions, drafts, chat, the review record) is reached only under the policy:
every accessor of assistant/accounts/records.py × every account on another unit's report, and the same
through the real app (AppTest) by URL and by session state. The front doors call no Store method of those
names directly (a source check keeps it so)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.accounts import policy, records
from assistant.accounts.policy import Action
from assistant.accounts.workflow import history, last_review, step
from assistant.core.errors import AccessDeniedError
from assistant.tables.templates import new_report
from tests.accounts.conftest import County, app_as, app_reaching, texts

REPO = Path(__file__).resolve().parents[2]
MARK = "绿水镇独有的一句话"
DRAFT_MARK = "绿水镇草稿里的句子"
CHAT_MARK = "绿水镇在对话里说的话"
RETURN_MARK = "绿水镇被退回的意见"


@pytest.fixture
def lvshui(county: County) -> int:
    """绿水镇's report with versions, a stored draft, chat messages, and a return by its county's reviewer."""
    store, clerk, rid = county.store, county.users["lvshui"], county.reports["lvshui"]
    report = records.load(store, clerk, rid)
    report.sections.overview = MARK
    records.save(store, clerk, rid, report, note="named")
    records.add_draft(store, clerk, rid, "overview", DRAFT_MARK, backend="builtin")
    records.add_message(store, clerk, rid, "user", CHAT_MARK)
    step(store, clerk, rid, Action.SUBMIT)
    step(store, county.users["review_qs"], rid, Action.RETURN, comment=RETURN_MARK)
    return rid


READS: dict[str, Callable] = {
    "load": lambda s, u, rid: records.load(s, u, rid),
    "versions": lambda s, u, rid: records.versions(s, u, rid),
    "drafts": lambda s, u, rid: records.drafts(s, u, rid),
    "messages": lambda s, u, rid: records.messages(s, u, rid),
    "history": lambda s, u, rid: history(s, u, rid),
    "last_review": lambda s, u, rid: last_review(s, u, rid),
}
WRITES: dict[str, Callable] = {
    "save": lambda s, u, rid: records.save(s, u, rid, new_report("青山镇", 2024, county="清水县")),
    "restore": lambda s, u, rid: records.restore(s, u, rid, 1),
    "add_draft": lambda s, u, rid: records.add_draft(s, u, rid, "overview", "别人写进来的"),
    "adopt": lambda s, u, rid: records.adopt(s, u, rid, s.drafts(rid)[0].id),
    "add_message": lambda s, u, rid: records.add_message(s, u, rid, "user", "别人写进来的"),
}
OUTSIDERS = ["qingshan", "baiyun_qingshan", "review_by"]


def _stored(county: County, rid: int) -> tuple:
    s = county.store
    return (s.current_hash(rid), len(s.versions(rid)), [(d.text, d.adopted) for d in s.drafts(rid)],
            [m.content for m in s.messages(rid)])


@pytest.mark.parametrize("what", list(READS) + list(WRITES))
@pytest.mark.parametrize("actor", OUTSIDERS)
def test_another_units_records_are_refused(county: County, lvshui: int, actor: str, what: str) -> None:
    before = _stored(county, lvshui)
    with pytest.raises(AccessDeniedError):
        {**READS, **WRITES}[what](county.store, county.users[actor], lvshui)
    assert _stored(county, lvshui) == before


@pytest.mark.parametrize("what", list(READS))
def test_the_unit_its_reviewer_and_the_admin_read_them(county: County, lvshui: int, what: str) -> None:
    for name in ("lvshui", "review_qs", "admin"):
        assert READS[what](county.store, county.users[name], lvshui), (name, what)


@pytest.mark.parametrize("what", list(WRITES))
def test_only_the_unit_writes_them_and_only_while_editable(county: County, lvshui: int, what: str) -> None:
    for name in ("review_qs", "admin"):
        with pytest.raises(AccessDeniedError):
            WRITES[what](county.store, county.users[name], lvshui)
    WRITES[what](county.store, county.users["lvshui"], lvshui)  # 已退回: editable by its clerk
    step(county.store, county.users["lvshui"], lvshui, Action.SUBMIT)
    before = _stored(county, lvshui)
    with pytest.raises(AccessDeniedError):  # 已提交: not even by its clerk
        WRITES[what](county.store, county.users["lvshui"], lvshui)
    assert _stored(county, lvshui) == before


def test_a_draft_of_another_report_cannot_be_adopted_through_ones_own(county: County, lvshui: int) -> None:
    own = county.reports["qingshan"]
    theirs = county.store.drafts(lvshui)[0].id
    with pytest.raises(AccessDeniedError):
        records.adopt(county.store, county.users["qingshan"], own, theirs)
    assert not county.store.drafts(lvshui)[0].adopted


def test_last_years_report_is_only_a_readable_one(county: County) -> None:
    store = county.store
    other = county.users["baiyun_qingshan"]  # same unit name, other county
    theirs = policy.create_report(store, other, new_report("青山镇", 2023, county="白云县"))
    report = store.load_report(theirs)
    report.sections.overview = MARK
    store.save_report(theirs, report)
    clerk = county.users["qingshan"]
    mine = policy.create_report(store, clerk, new_report("青山镇", 2024, county="清水县"))
    assert records.previous(store, clerk, store.load_report(mine), mine) is None
    assert records.previous(store, other, new_report("青山镇", 2024, county="白云县"), None).sections.overview == MARK
    own_last = county.reports["qingshan"]  # 青山镇 清水县 2024; its 2025 report finds it
    assert records.previous(store, clerk, new_report("青山镇", 2025, county="清水县"), None) is not None
    assert records.previous(store, clerk, new_report("青山镇", 2025, county="清水县"), None) == store.load_report(own_last)


@pytest.mark.parametrize("via", ["url", "session"])
@pytest.mark.parametrize("viewer,page", [("qingshan", "draft"), ("qingshan", "basic"), ("qingshan", "checklist"),
                                         ("baiyun_qingshan", "draft"), ("review_by", "review")])
def test_no_page_shows_another_units_drafts_versions_chat_or_review(county: County, lvshui: int, viewer: str,
                                                                    page: str, via: str) -> None:
    at = app_reaching(county, viewer, lvshui, via)
    if at.radio(key="nav").value != page:
        at.radio(key="nav").set_value(page).run()
    assert not at.exception, at.exception
    shown = texts(at) + "\n".join(m.markdown[0].value for m in at.chat_message if m.markdown)
    for mark in (MARK, DRAFT_MARK, CHAT_MARK, RETURN_MARK):
        assert mark not in shown, (mark, shown[:300])
    assert f"chat:{lvshui}" not in at.session_state and f"report:{lvshui}" not in at.session_state


def test_the_unit_sees_its_own_chat_versions_and_return(county: County, lvshui: int) -> None:
    at = app_as(county, "lvshui", query={"report": str(lvshui)})
    versions = at.selectbox(key="versions.pick")
    assert len(versions.options) == len(county.store.versions(lvshui)) >= 2
    at.radio(key="nav").set_value("draft").run()
    assert not at.exception and CHAT_MARK in [m.markdown[0].value for m in at.chat_message]
    at.radio(key="nav").set_value("checklist").run()
    assert not at.exception and RETURN_MARK in texts(at)  # the return's comment, on its checklist panel


GUARDED = {"load_report", "save_report", "versions", "restore_version", "load_version", "snapshot", "drafts",
           "add_draft", "mark_adopted", "messages", "add_message"}


def test_front_doors_reach_stored_records_only_through_the_policy() -> None:
    files = [*sorted((REPO / "app_pages").glob("*.py")), REPO / "cli.py", REPO / "app.py"]
    direct = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in GUARDED
                    and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "records")):
                direct.append(f"{path.name}:{node.lineno} {node.func.attr}")
    assert direct == []
