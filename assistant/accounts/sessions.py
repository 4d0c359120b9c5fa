"""Login sessions. Streamlit sets no cookies, so the app carries an opaque random token in the page URL
(``?s=<token>``): a reload keeps the login, and nothing else is needed (no component, no proxy login, works
offline). Only the token's sha256 is stored, with its start and last use; it ends after IDLE_S without use,
after MAX_S in any case, at logout, and when the account is disabled or its password reset. The URL is a
secret then: nginx sends ``Referrer-Policy: no-referrer`` (deploy/), and the token is worthless once ended."""

from __future__ import annotations

import hashlib
import secrets
import time

from sqlalchemy import insert, select, update

from assistant.accounts.users import User, user_by_id
from assistant.persistence.drafts_db import Store, sessions

IDLE_S = 2 * 3600.0  # no use for two hours ends a session
MAX_S = 12 * 3600.0  # a working day at most


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(store: Store, user: User, now: float | None = None) -> str:
    """A new session of ``user``; returns the token (shown once, stored only as a hash)."""
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        conn.execute(insert(sessions).values(token_hash=_digest(token), user_id=user.id, created_at=now,
                                             last_seen=now, revoked=False))
    return token


def resume(store: Store, token: str, now: float | None = None, *, idle_s: float = IDLE_S,
           max_s: float = MAX_S) -> User | None:
    """The account of a live session (its last use becomes now); None when the token is unknown, ended,
    expired, or its account disabled."""
    if not token or len(token) > 200:
        return None
    now = time.time() if now is None else now
    digest = _digest(token)
    with store.engine.connect() as conn:
        row = conn.execute(select(sessions).where(sessions.c.token_hash == digest)).first()
    if row is None or row.revoked or now - row.last_seen > idle_s or now - row.created_at > max_s:
        return None
    user = user_by_id(store, row.user_id)
    if user is None or not user.active:
        return None
    with store.engine.begin() as conn:
        conn.execute(update(sessions).where(sessions.c.token_hash == digest).values(last_seen=now))
    return user


def end(store: Store, token: str) -> None:
    """Log out: the token stops working."""
    with store.engine.begin() as conn:
        conn.execute(update(sessions).where(sessions.c.token_hash == _digest(token)).values(revoked=True))
