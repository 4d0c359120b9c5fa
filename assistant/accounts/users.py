"""Accounts: name, argon2 password hash, role (填报人 clerk bound to one unit of a county, 审核人 reviewer
bound to a county, 管理员 admin), active flag. Created and managed by ``nianbao users`` (and the admin's
page); the password itself is never stored."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import func, insert, select, update

from assistant.core.errors import LoginFailedError, UserExistsError, UserInvalidError, UserNotFoundError
from assistant.persistence.drafts_db import Store, sessions, users
from assistant.persistence.password import hash_password, matches

NAME_MAX = 80
# A hash verified against when the account does not exist, so an unknown name costs the same time.
_DUMMY_HASH = hash_password("nianbao-no-such-account")


class Role(StrEnum):
    """What an account is for."""

    CLERK = "clerk"  # 填报人: one unit's reports
    REVIEWER = "reviewer"  # 审核人: the county's submitted reports
    ADMIN = "admin"  # 管理员: accounts, units, library


class User(BaseModel):
    """One account as the rest of the program sees it (no hash)."""

    id: int
    name: str
    role: Role
    unit: str = ""
    county: str = ""
    active: bool = True


def _row(r: object) -> User:
    return User(id=r.id, name=r.name, role=Role(r.role), unit=r.unit, county=r.county,  # type: ignore[attr-defined]
                active=bool(r.active))  # type: ignore[attr-defined]


def has_accounts(store: Store) -> bool:
    """Whether this database holds at least one account."""
    with store.engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(users)).scalar())


def accounts_on(store: Store) -> bool:
    """Whether accounts mode is on (then every page and report command needs a login): the store is a county
    server's (``Store.accounts_required``, from Settings.accounts_mode), or its database holds an account."""
    return store.accounts_required or has_accounts(store)


def add_user(store: Store, name: str, password: str, role: Role | str, *, unit: str = "", county: str = "") -> User:
    """Create an account. A clerk needs a unit and a county, a reviewer a county.

    :raises UserInvalidError: name, password, role, unit or county missing or wrong.
    :raises UserExistsError: the name is taken.
    """
    name, unit, county = name.strip(), unit.strip(), county.strip()
    try:
        role = Role(role)
    except ValueError:
        raise UserInvalidError(name=name, reason_code="user.bad_role") from None
    if not name or len(name) > NAME_MAX:
        raise UserInvalidError(name=name, reason_code="user.bad_name")
    if not password:
        raise UserInvalidError(name=name, reason_code="user.empty_password")
    if role is Role.CLERK and not (unit and county):
        raise UserInvalidError(name=name, reason_code="user.clerk_needs_unit")
    if role is Role.REVIEWER and not county:
        raise UserInvalidError(name=name, reason_code="user.reviewer_needs_county")
    with store.engine.begin() as conn:
        if conn.execute(select(users.c.id).where(users.c.name == name)).first() is not None:
            raise UserExistsError(name=name)
        conn.execute(insert(users).values(name=name, password_hash=hash_password(password), role=role.value,
                                          unit=unit if role is Role.CLERK else "",
                                          county=county if role is not Role.ADMIN else "", active=True,
                                          created_at=dt.datetime.now().isoformat(timespec="seconds")))
    return get_user(store, name)


def get_user(store: Store, name: str) -> User:
    """The account called ``name``. :raises UserNotFoundError:"""
    with store.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name.strip())).first()
    if row is None:
        raise UserNotFoundError(name=name)
    return _row(row)


def user_by_id(store: Store, uid: int) -> User | None:
    """The account with id ``uid``, if any."""
    with store.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == uid)).first()
    return None if row is None else _row(row)


def list_users(store: Store) -> list[User]:
    """Every account, by role then name."""
    with store.engine.connect() as conn:
        return [_row(r) for r in conn.execute(select(users).order_by(users.c.role, users.c.name))]


def set_active(store: Store, name: str, active: bool) -> User:
    """Enable or disable an account; disabling ends its sessions at once."""
    user = get_user(store, name)
    with store.engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user.id).values(active=active))
        if not active:
            conn.execute(update(sessions).where(sessions.c.user_id == user.id).values(revoked=True))
    return get_user(store, name)


def reset_password(store: Store, name: str, password: str) -> User:
    """Give an account a new password; its open sessions end."""
    user = get_user(store, name)
    if not password:
        raise UserInvalidError(name=name, reason_code="user.empty_password")
    with store.engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user.id).values(password_hash=hash_password(password)))
        conn.execute(update(sessions).where(sessions.c.user_id == user.id).values(revoked=True))
    return user


def verify(store: Store, name: str, password: str) -> User:
    """The active account ``name`` if ``password`` is its password (constant work for unknown names).

    :raises LoginFailedError: wrong name or password, or a disabled account (the message does not say which).
    """
    with store.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == (name or "").strip())).first()
    ok = matches(row.password_hash if row is not None else _DUMMY_HASH, password)
    if row is None or not ok or not row.active:
        raise LoginFailedError(name=name)
    return _row(row)
