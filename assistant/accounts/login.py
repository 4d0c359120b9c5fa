"""One login, for the login page and for the CLI's ``--user``: the throttle first, then the password."""

from __future__ import annotations

import math

from assistant.accounts import throttle
from assistant.accounts.users import User, verify
from assistant.core.errors import LoginFailedError, LoginThrottledError
from assistant.persistence.drafts_db import Store


def log_in(store: Store, name: str, password: str, client: str) -> User:
    """The account ``name`` when ``password`` is right and neither the account nor ``client`` must wait.

    :raises LoginThrottledError: the account or the client must wait (the password is not even checked).
    :raises LoginFailedError: wrong name or password, or a disabled account.
    """
    keys = [throttle.account_key(name), throttle.client_key(client)]
    wait = throttle.wait_seconds(store, keys)
    if wait > 0:
        raise LoginThrottledError(seconds=math.ceil(wait))
    try:
        user = verify(store, name, password)
    except LoginFailedError:
        throttle.failed(store, keys)
        raise
    throttle.succeeded(store, keys[0])
    return user
