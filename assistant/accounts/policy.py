"""Who may do what to which report: the one authorization policy. Every page and every CLI command asks
:func:`require` (or lists through :func:`visible_reports`); none filters on its own.

- 填报人 (clerk): reads, edits and submits the reports of their own unit (unit *and* county of the account);
  edits only while the report is 草稿 or 已退回.
- 审核人 (reviewer): reads the reports of their county once submitted (已提交, 已退回, 已通过); returns or
  approves a submitted one.
- 管理员 (admin): reads every report (to help), edits none, reviews none; manages accounts and the library.
- No account at all (``user`` None): allowed only while the database has no accounts (single-user mode).

A report is bound to a unit and county when a clerk creates it (``report_scope``), from the account, never
from the form; saving the report cannot change the binding. A report without a binding (made before accounts
were switched on) is visible to the admin only, until the admin binds it to a unit (:func:`assign`). A refusal
never says whether the report exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import insert, select

from assistant.accounts.users import Role, User, accounts_on
from assistant.core.errors import AccessDeniedError, AssignDeniedError, CreateDeniedError
from assistant.core.report import AnnualReport
from assistant.persistence.drafts_db import Store, report_scope, reports


class State(StrEnum):
    """Where a report stands in the submission workflow."""

    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交
    RETURNED = "returned"  # 已退回
    APPROVED = "approved"  # 已通过


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"


EDITABLE = (State.DRAFT, State.RETURNED)
REVIEWABLE = (State.SUBMITTED, State.RETURNED, State.APPROVED)  # what a reviewer sees


@dataclass(frozen=True)
class Scope:
    """The binding of one report: unit and county it belongs to, and its workflow state."""

    unit: str
    county: str
    state: State


class ScopedRow(BaseModel):
    """A report as listed for an account."""

    id: int
    unit: str
    county: str
    year: int | None
    updated_at: str
    state: State


def allowed(user: User | None, action: Action, scope: Scope | None, *, accounts: bool) -> bool:
    """The rule itself (no database): may ``user`` do ``action`` on a report bound by ``scope``?

    :param accounts: whether accounts mode is on (``user`` None is the single user only when it is off).
    """
    if user is None:
        return not accounts
    if not user.active:
        return False
    if user.role is Role.ADMIN:
        return action is Action.READ
    if scope is None:
        return False
    if user.role is Role.CLERK:
        own = scope.unit == user.unit and scope.county == user.county
        if action is Action.READ:
            return own
        if action in (Action.WRITE, Action.SUBMIT):
            return own and scope.state in EDITABLE
        return False
    if user.role is Role.REVIEWER:
        county = scope.county == user.county
        if action is Action.READ:
            return county and scope.state in REVIEWABLE
        if action in (Action.RETURN, Action.APPROVE):
            return county and scope.state is State.SUBMITTED
    return False


def scope_of(store: Store, rid: int) -> Scope | None:
    """The binding of report ``rid`` (None when it has none)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(report_scope).where(report_scope.c.report_id == rid)).first()
    return None if row is None else Scope(unit=row.unit, county=row.county, state=State(row.state))


def state_of(store: Store, rid: int) -> State:
    """The workflow state of a report (草稿 when it was never bound)."""
    scope = scope_of(store, rid)
    return State.DRAFT if scope is None else scope.state


def may(store: Store, user: User | None, action: Action, rid: int) -> bool:
    """Whether ``user`` may do ``action`` on report ``rid`` now."""
    return allowed(user, action, scope_of(store, rid), accounts=user is not None or accounts_on(store))


def require(store: Store, user: User | None, action: Action, rid: int) -> None:
    """:raises AccessDeniedError: ``user`` may not do ``action`` on report ``rid`` (or it does not exist)."""
    if not may(store, user, action, rid):
        raise AccessDeniedError(id=rid, action_code=f"action.{action.value}")


def visible_reports(store: Store, user: User | None) -> list[ScopedRow]:
    """The reports ``user`` may read, most recently edited first."""
    on = user is not None or accounts_on(store)
    query = (select(reports.c.id, reports.c.unit, reports.c.year, reports.c.updated_at, report_scope.c.unit.label("bound"),
                    report_scope.c.county, report_scope.c.state)
             .select_from(reports.outerjoin(report_scope, report_scope.c.report_id == reports.c.id))
             .order_by(reports.c.updated_at.desc(), reports.c.id.desc()))
    if user is not None and user.role is Role.CLERK:
        query = query.where(report_scope.c.unit == user.unit, report_scope.c.county == user.county)
    elif user is not None and user.role is Role.REVIEWER:
        query = query.where(report_scope.c.county == user.county,
                            report_scope.c.state.in_([s.value for s in REVIEWABLE]))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        scope = None if r.state is None else Scope(unit=r.bound, county=r.county, state=State(r.state))
        if allowed(user, Action.READ, scope, accounts=on):  # the rule has the last word
            out.append(ScopedRow(id=r.id, unit=r.bound or r.unit, county=r.county or "", year=r.year,
                                 updated_at=r.updated_at, state=State(r.state or State.DRAFT)))
    return out


def create_report(store: Store, user: User | None, report: AnnualReport, note: str = "created") -> int:
    """Save a new report; a clerk's is bound to the clerk's unit and county (whatever the report says).

    :raises CreateDeniedError: a reviewer or admin (they do not write reports), or no login in accounts mode.
    """
    if user is None:
        if accounts_on(store):
            raise CreateDeniedError()
        return store.create_report(report, note=note)
    if user.role is not Role.CLERK or not user.active:
        raise CreateDeniedError()
    rid = store.create_report(report, note=note)
    with store.engine.begin() as conn:
        conn.execute(insert(report_scope).values(report_id=rid, unit=user.unit, county=user.county,
                                                 state=State.DRAFT.value,
                                                 updated_at=dt.datetime.now().isoformat(timespec="seconds")))
    return rid


def unbound_reports(store: Store, user: User | None) -> list[ScopedRow]:
    """The reports without a binding (saved before accounts were switched on), for the admin; [] for anyone
    else (nobody else may read them)."""
    if user is None or user.role is not Role.ADMIN or not user.active:
        return []
    query = (select(reports.c.id, reports.c.unit, reports.c.year, reports.c.updated_at)
             .select_from(reports.outerjoin(report_scope, report_scope.c.report_id == reports.c.id))
             .where(report_scope.c.report_id.is_(None))
             .order_by(reports.c.updated_at.desc(), reports.c.id.desc()))
    with store.engine.connect() as conn:
        return [ScopedRow(id=r.id, unit=r.unit, county="", year=r.year, updated_at=r.updated_at, state=State.DRAFT)
                for r in conn.execute(query)]


def assign(store: Store, user: User | None, rid: int, *, unit: str, county: str) -> Scope:
    """Bind report ``rid``, saved before accounts, to ``unit`` of ``county`` (as a 草稿): that unit's clerks may
    then read and edit it. Only an admin may, and only a report without a binding (a bound report never
    changes hands: its unit's work and workflow record stay its own).

    :raises AssignDeniedError: not an admin, the report is bound already, or unit or county missing.
    :raises ReportNotFoundError: no report ``rid``.
    """
    unit, county = unit.strip(), county.strip()
    if user is None or user.role is not Role.ADMIN or not user.active:
        raise AssignDeniedError(id=rid, reason_code="assign.not_admin")
    if not unit or not county:
        raise AssignDeniedError(id=rid, reason_code="assign.needs_unit")
    store.current_hash(rid)  # raises ReportNotFoundError for a report that does not exist
    now = dt.datetime.now().isoformat(timespec="seconds")
    with store.engine.begin() as conn:
        if conn.execute(select(report_scope.c.report_id).where(report_scope.c.report_id == rid)).first() is not None:
            raise AssignDeniedError(id=rid, reason_code="assign.already_bound")
        conn.execute(insert(report_scope).values(report_id=rid, unit=unit, county=county, state=State.DRAFT.value,
                                                 updated_at=now))
    return Scope(unit=unit, county=county, state=State.DRAFT)
