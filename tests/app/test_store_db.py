"""Persistence: round trip, debounce, versions with restore, drafts, chat, migrations recorded once."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assistant.core.report import AnnualReport
from assistant.persistence.drafts_db import MIGRATIONS, ReportNotFoundError, Store


@pytest.fixture
def store(settings) -> Store:
    return Store.from_settings(settings)


def test_round_trip_keeps_blank_and_decimal(store: Store, filled_report: AnnualReport) -> None:
    filled_report.t3.granted.legal_service = None
    rid = store.create_report(filled_report)
    back = store.load_report(rid)
    assert back == filled_report
    assert back.t3.granted.legal_service is None
    assert str(back.t2.art20_8.admin_fees.amount_wan) == "1.5"
    assert [(r.id, r.unit, r.year) for r in store.list_reports()] == [(rid, "青山镇", 2024)]


def test_unchanged_state_is_not_saved_again(store: Store, filled_report: AnnualReport) -> None:
    rid = store.create_report(filled_report)
    assert store.save_report(rid, filled_report) is False
    filled_report.t4.review.pending = 0
    filled_report.facts.training_sessions = 3
    assert store.save_report(rid, filled_report) is True
    assert store.save_report(rid, filled_report) is False
    assert store.load_report(rid).facts.training_sessions == 3


def test_versions_and_restore(store: Store, filled_report: AnnualReport) -> None:
    rid = store.create_report(filled_report)
    filled_report.facts.staff_count = 2
    store.save_report(rid, filled_report)
    filled_report.facts.staff_count = 5
    store.save_report(rid, filled_report)  # same 10 minutes: the newest autosave (3) stays, 2 is thinned
    assert [v.n for v in store.versions(rid)] == [3, 1]
    store.snapshot(rid, "before export")
    restored = store.restore_version(rid, 1)
    assert restored.facts.staff_count is None
    assert store.load_report(rid).facts.staff_count is None
    notes = [v.note for v in store.versions(rid)]
    assert notes[0] == "restore:1" and "before export" in notes
    with pytest.raises(ReportNotFoundError):
        store.restore_version(rid, 99)


def test_drafts_and_chat(store: Store, filled_report: AnnualReport) -> None:
    rid = store.create_report(filled_report)
    a = store.add_draft(rid, "overview", "草稿一", backend="builtin", sources=[{"unit": "某镇"}])
    b = store.add_draft(rid, "overview", "草稿二", backend="builtin")
    store.mark_adopted(rid, b)
    store.mark_adopted(rid, a)
    drafts = store.drafts(rid, "overview")
    assert [(d.text, d.adopted) for d in drafts] == [("草稿一", True), ("草稿二", False)]
    assert drafts[0].sources == [{"unit": "某镇"}]
    store.add_message(rid, "user", "请起草总体情况")
    store.add_message(rid, "assistant", "草稿一")
    assert [(m.role, m.content) for m in store.messages(rid)] == [("user", "请起草总体情况"), ("assistant", "草稿一")]
    store.delete_report(rid)
    assert store.list_reports() == [] and store.messages(rid) == []
    with pytest.raises(ReportNotFoundError):
        store.load_report(rid)


def test_migrations_run_once(settings) -> None:
    first = Store.from_settings(settings)
    assert Store.from_settings(settings).migrate() == []
    with first.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM _migrations"))]
    assert names == [name for name, _ in MIGRATIONS]
    assert names[:3] == ["m001_initial", "m002_review_desk", "m003_accounts"]
    assert (settings.home / "nianbao.db").is_file()


def test_invalid_stored_report_is_reported(store: Store, filled_report: AnnualReport) -> None:
    from assistant.persistence.drafts_db import StoredReportInvalidError

    rid = store.create_report(filled_report)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE reports SET report_json = :j WHERE id = :id"),
                     {"j": '{"t3": {"granted": {"total": -1}}}', "id": rid})
    with pytest.raises(StoredReportInvalidError):
        store.load_report(rid)
