"""The submission workflow: 草稿 → 已提交 → 已退回 (with the reviewer's findings and comment) → 已提交 … →
已通过. Every step is a row of ``transitions`` (who, when, from, to, comment, findings); the clerk's
checklist shows the latest return from it, and the reviewer's letter is written from the same row."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert, select, update

from assistant.accounts.policy import Action, State, may, require, scope_of
from assistant.accounts.users import User
from assistant.core.errors import TransitionError
from assistant.core.findings import Finding
from assistant.persistence.drafts_db import Store, report_scope, transitions

STEPS: dict[Action, tuple[tuple[State, ...], State]] = {
    Action.SUBMIT: ((State.DRAFT, State.RETURNED), State.SUBMITTED),
    Action.RETURN: ((State.SUBMITTED,), State.RETURNED),
    Action.APPROVE: ((State.SUBMITTED,), State.APPROVED),
}


class Transition(BaseModel):
    """One recorded step."""

    id: int
    report_id: int
    from_state: State
    to_state: State
    user_name: str
    at: str
    comment: str
    findings: list[dict[str, Any]]

    def finding_models(self) -> list[Finding]:
        """The findings recorded with the step, as Finding models."""
        return [Finding.model_validate(f) for f in self.findings]


def step(store: Store, user: User, rid: int, action: Action, *, comment: str = "",
         findings: list[Finding] | None = None) -> Transition:
    """Move report ``rid`` one step (submit, return, approve) as ``user`` and record it.

    :raises AccessDeniedError: the policy refuses (wrong unit or county, wrong role).
    :raises TransitionError: the report's state does not allow the step (e.g. approving a draft), or a
        return without a comment.
    """
    scope = scope_of(store, rid)
    sources, target = STEPS[action]
    if scope is not None and scope.state not in sources and may(store, user, Action.READ, rid):
        raise TransitionError(id=rid, state_code=f"state.{scope.state.value}", action_code=f"action.{action.value}")
    require(store, user, action, rid)
    assert scope is not None  # require() refuses reports without a binding
    if action is Action.RETURN and not comment.strip():
        raise TransitionError(id=rid, state_code=f"state.{scope.state.value}", action_code="action.return_empty")
    now = dt.datetime.now().isoformat(timespec="seconds")
    body = json.dumps([f.model_dump(mode="json") for f in findings or []], ensure_ascii=False)
    with store.engine.begin() as conn:
        moved = conn.execute(update(report_scope).where(report_scope.c.report_id == rid,
                                                        report_scope.c.state == scope.state.value)
                             .values(state=target.value, updated_at=now)).rowcount
        if moved != 1:  # someone else moved it in between
            raise TransitionError(id=rid, state_code="state.changed", action_code=f"action.{action.value}")
        tid = conn.execute(insert(transitions).values(
            report_id=rid, from_state=scope.state.value, to_state=target.value, user_name=user.name, at=now,
            comment=comment.strip(), findings_json=body)).inserted_primary_key[0]  # type: ignore[index]
    return Transition(id=int(tid), report_id=rid, from_state=scope.state, to_state=target, user_name=user.name,
                      at=now, comment=comment.strip(), findings=json.loads(body))


def history(store: Store, user: User | None, rid: int) -> list[Transition]:
    """Every step of report ``rid``, oldest first (for an account that may read it)."""
    require(store, user, Action.READ, rid)
    query = select(transitions).where(transitions.c.report_id == rid).order_by(transitions.c.id)
    with store.engine.connect() as conn:
        return [Transition(id=r.id, report_id=r.report_id, from_state=State(r.from_state), to_state=State(r.to_state),
                           user_name=r.user_name, at=r.at, comment=r.comment, findings=json.loads(r.findings_json))
                for r in conn.execute(query)]


def last_review(store: Store, user: User | None, rid: int) -> Transition | None:
    """The latest return or approval of report ``rid`` (what the clerk's checklist and the letter show)."""
    done = [t for t in history(store, user, rid) if t.to_state in (State.RETURNED, State.APPROVED)]
    return done[-1] if done else None
