"""The policy, the workflow, sessions and the login throttle on a real database (no app)."""

from __future__ import annotations

import pytest

from assistant.accounts import policy, sessions, throttle
from assistant.accounts.policy import Action, State
from assistant.accounts.users import reset_password, set_active, verify
from assistant.accounts.workflow import history, last_review, step
from assistant.core.errors import AccessDeniedError, CreateDeniedError, LoginFailedError, TransitionError
from assistant.core.findings import Severity, make
from assistant.persistence.password import FREE_FAILURES
from assistant.tables.templates import new_report
from tests.accounts.conftest import County, password


def test_each_role_lists_only_what_it_may_read(county: County) -> None:
    store, r = county.store, county.reports
    ids = {name: [row.id for row in policy.visible_reports(store, county.users[name])] for name in county.users}
    assert ids["qingshan"] == [r["qingshan"]] and ids["lvshui"] == [r["lvshui"]]
    assert ids["baiyun_qingshan"] == [r["baiyun_qingshan"]]  # same unit name, other county: not 清水县's
    assert ids["review_qs"] == [] and ids["review_by"] == []  # nothing submitted yet
    assert sorted(ids["admin"]) == sorted(r.values())
    assert not any(policy.may(store, county.users["admin"], a, rid) for a in Action if a is not Action.READ
                   for rid in r.values())  # the admin helps, but edits and reviews nothing
    step(store, county.users["lvshui"], r["lvshui"], Action.SUBMIT)
    assert [row.id for row in policy.visible_reports(store, county.users["review_qs"])] == [r["lvshui"]]
    assert policy.visible_reports(store, county.users["review_by"]) == []


def test_a_report_stays_with_the_unit_it_was_created_for(county: County) -> None:
    store, clerk = county.store, county.users["qingshan"]
    rid = policy.create_report(store, clerk, new_report("绿水镇", 2025, county="白云县"))  # the form lies
    assert policy.scope_of(store, rid) == policy.Scope("青山镇", "清水县", State.DRAFT)
    report = store.load_report(rid)
    report.profile.short_name = "绿水镇"
    store.save_report(rid, report)
    assert policy.may(store, clerk, Action.WRITE, rid)
    assert not policy.may(store, county.users["lvshui"], Action.READ, rid)
    with pytest.raises(CreateDeniedError):
        policy.create_report(store, county.users["review_qs"], new_report("青山镇", 2025))


def test_without_accounts_everything_is_the_single_users(settings) -> None:
    from assistant.persistence.drafts_db import Store

    store = Store.from_settings(settings)
    rid = policy.create_report(store, None, new_report("青山镇", 2024))
    assert all(policy.may(store, None, a, rid) for a in (Action.READ, Action.WRITE))
    assert [r.id for r in policy.visible_reports(store, None)] == [rid]


def test_anonymous_is_refused_once_accounts_exist(county: County) -> None:
    assert not policy.may(county.store, None, Action.READ, county.reports["qingshan"])
    assert policy.visible_reports(county.store, None) == []
    with pytest.raises(CreateDeniedError):
        policy.create_report(county.store, None, new_report("青山镇", 2024))


def test_the_whole_workflow_is_recorded(county: County) -> None:
    store, rid = county.store, county.reports["qingshan"]
    clerk, reviewer, other = county.users["qingshan"], county.users["review_qs"], county.users["review_by"]
    with pytest.raises(AccessDeniedError):  # a draft is not the reviewer's to see, let alone approve
        step(store, reviewer, rid, Action.APPROVE)
    step(store, clerk, rid, Action.SUBMIT)
    with pytest.raises(TransitionError):  # submitted already
        step(store, clerk, rid, Action.SUBMIT)
    assert not policy.may(store, clerk, Action.WRITE, rid)  # locked while submitted
    with pytest.raises(AccessDeniedError):
        step(store, other, rid, Action.RETURN, comment="x")  # another county's reviewer
    with pytest.raises(TransitionError):
        step(store, reviewer, rid, Action.RETURN, comment="  ")  # a return says why
    finding = make("T3-R1", Severity.ERROR, section="t3", location="t3.granted.total", row="x", total=1, sum=2)
    step(store, reviewer, rid, Action.RETURN, comment="请核对表三合计。", findings=[finding])
    assert policy.may(store, clerk, Action.WRITE, rid)
    back = last_review(store, clerk, rid)
    assert back is not None and back.comment == "请核对表三合计。" and back.user_name == "review_qs"
    assert [f.rule for f in back.finding_models()] == ["T3-R1"]
    step(store, clerk, rid, Action.SUBMIT)
    step(store, reviewer, rid, Action.APPROVE)
    steps = history(store, reviewer, rid)
    assert [(t.from_state, t.to_state, t.user_name) for t in steps] == [
        (State.DRAFT, State.SUBMITTED, "qingshan"), (State.SUBMITTED, State.RETURNED, "review_qs"),
        (State.RETURNED, State.SUBMITTED, "qingshan"), (State.SUBMITTED, State.APPROVED, "review_qs")]
    assert all(t.at for t in steps)
    assert not policy.may(store, clerk, Action.WRITE, rid) and not policy.may(store, clerk, Action.SUBMIT, rid)
    with pytest.raises(AccessDeniedError):
        history(store, county.users["lvshui"], rid)


def test_sessions_survive_use_and_end(county: County) -> None:
    store, user = county.store, county.users["qingshan"]
    token = sessions.start(store, user, now=1000.0)
    assert sessions.resume(store, token, now=1000.0 + sessions.IDLE_S - 1) == user  # … which counts as use
    assert sessions.resume(store, token, now=1000.0 + 2 * sessions.IDLE_S - 2) == user
    assert sessions.resume(store, token, now=1000.0 + 4 * sessions.IDLE_S) is None  # idle too long
    token = sessions.start(store, user, now=0.0)
    for t in range(0, int(sessions.MAX_S), 3600):
        assert sessions.resume(store, token, now=float(t)) == user
    assert sessions.resume(store, token, now=sessions.MAX_S + 1) is None  # a working day at most
    assert sessions.resume(store, "forged-token") is None
    token = sessions.start(store, user)
    sessions.end(store, token)
    assert sessions.resume(store, token) is None
    token = sessions.start(store, user)
    reset_password(store, "qingshan", "new-Pw-2025")
    assert sessions.resume(store, token) is None
    token = sessions.start(store, user)
    set_active(store, "qingshan", False)
    assert sessions.resume(store, token) is None
    with pytest.raises(LoginFailedError):
        verify(store, "qingshan", "new-Pw-2025")  # disabled


def test_throttle_counts_per_account_and_per_client(county: County) -> None:
    store = county.store
    acct, client = throttle.account_key("qingshan"), throttle.client_key("10.0.0.9")
    for _ in range(FREE_FAILURES):
        assert throttle.wait_seconds(store, [acct, client], now=100.0) == 0
        throttle.failed(store, [acct, client], now=100.0)
    assert throttle.wait_seconds(store, [acct], now=100.0) == 2.0
    assert throttle.wait_seconds(store, [throttle.account_key("lvshui"), client], now=100.0) == 2.0  # same client
    assert throttle.wait_seconds(store, [throttle.account_key("lvshui"), throttle.client_key("10.0.0.8")],
                                 now=100.0) == 0
    throttle.failed(store, [acct, client], now=102.0)
    assert throttle.wait_seconds(store, [acct], now=102.0) == 4.0
    assert throttle.wait_seconds(store, [acct], now=102.0 + throttle.FORGET_S) == 0  # forgotten
    throttle.succeeded(store, acct)
    assert throttle.wait_seconds(store, [acct], now=103.0) == 0
    assert throttle.wait_seconds(store, [client], now=103.0) > 0  # a valid login elsewhere does not free the client
    assert verify(store, "qingshan", password("qingshan")).name == "qingshan"


def test_a_deleted_reports_binding_goes_with_it(county: County) -> None:
    store, rid = county.store, county.reports["baiyun_qingshan"]  # the newest id: SQLite may hand it out again
    step(store, county.users["baiyun_qingshan"], rid, Action.SUBMIT)
    store.delete_report(rid)
    assert policy.scope_of(store, rid) is None
    again = policy.create_report(store, county.users["lvshui"], new_report("绿水镇", 2025, county="清水县"))
    assert policy.scope_of(store, again) == policy.Scope("绿水镇", "清水县", State.DRAFT)
    assert history(store, county.users["lvshui"], again) == []
