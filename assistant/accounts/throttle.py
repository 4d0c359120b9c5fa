"""The wait after failed logins, kept in the database so it holds across app sessions, server restarts
and CLI runs. Two keys are counted for every failure: the account (``user:<name>``) and the client
(``client:<address>``); a login is refused without checking the password while either must wait.
The schedule is :func:`assistant.persistence.password.failure_delay` (the password gate's too): FREE_FAILURES free, then 2, 4, 8 …
seconds (at most MAX_DELAY_S); a key with no failure for FORGET_S starts afresh."""

from __future__ import annotations

import time

from sqlalchemy import delete, insert, select, update

from assistant.persistence.drafts_db import Store, login_throttle
from assistant.persistence.password import failure_delay

FORGET_S = 15 * 60.0


def account_key(name: str) -> str:
    return f"user:{(name or '').strip()[:200]}"


def client_key(address: str) -> str:
    return f"client:{(address or 'local')[:200]}"


def wait_seconds(store: Store, keys: list[str], now: float | None = None) -> float:
    """The longest wait any of ``keys`` imposes now (0: a try is allowed)."""
    now = time.time() if now is None else now
    with store.engine.connect() as conn:
        rows = conn.execute(select(login_throttle).where(login_throttle.c.key.in_(keys))).all()
    waits = [r.last_at + failure_delay(r.failures) - now for r in rows if now - r.last_at < FORGET_S]
    return max([0.0, *waits])


def failed(store: Store, keys: list[str], now: float | None = None) -> None:
    """Count one failure against each key."""
    now = time.time() if now is None else now
    with store.engine.begin() as conn:
        for key in keys:
            row = conn.execute(select(login_throttle).where(login_throttle.c.key == key)).first()
            if row is None:
                conn.execute(insert(login_throttle).values(key=key, failures=1, last_at=now))
            else:
                failures = 1 if now - row.last_at >= FORGET_S else row.failures + 1
                conn.execute(update(login_throttle).where(login_throttle.c.key == key)
                             .values(failures=failures, last_at=now))


def succeeded(store: Store, key: str) -> None:
    """Forget the failures of one key (the account that just logged in; the client's count stays, so one
    valid account does not reset the wait of a client trying others)."""
    with store.engine.begin() as conn:
        conn.execute(delete(login_throttle).where(login_throttle.c.key == key))
