"""The app's access password: stored as an argon2 hash in ``<home>/config.toml`` (``password_hash``),
checked in constant time; failed attempts make the next one wait (:class:`Attempts`)."""

from __future__ import annotations

import hmac
import re
import threading
import time
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.core.settings import Settings

_HASHER = PasswordHasher()
FREE_FAILURES = 3  # failures before the first delay
MAX_DELAY_S = 60.0


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


def matches(stored_hash: str, given: str) -> bool:
    """Whether ``given`` is the password of the argon2 ``stored_hash`` (False for a malformed hash)."""
    try:
        return _HASHER.verify(stored_hash, given or "")
    except (VerificationError, InvalidHashError):
        return False


def password_required(settings: Settings) -> bool:
    """Whether the app asks for a password."""
    return bool(settings.password_hash or settings.password)


def verify_password(settings: Settings, given: str) -> bool:
    """True when no password is configured, or ``given`` matches the stored hash (or the plain value
    of an old configuration)."""
    if settings.password_hash:
        return matches(settings.password_hash, given)
    if settings.password:
        return hmac.compare_digest(settings.password.encode("utf-8"), (given or "").encode("utf-8"))
    return True


def write_password_hash(settings: Settings, password: str) -> Path:
    """Store the hash of ``password`` (empty: no password) in ``<home>/config.toml``, dropping any plain
    ``password`` line; other settings stay as they are. :returns: the config file."""
    config = settings.home / "config.toml"
    settings.home.mkdir(parents=True, exist_ok=True)
    lines = config.read_text(encoding="utf-8").splitlines() if config.is_file() else []
    lines = [line for line in lines if not re.match(r"\s*password(_hash)?\s*=", line)]
    if password:
        lines.insert(0, f'password_hash = "{hash_password(password)}"')
    tmp = config.with_suffix(".toml.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(config)
    return config


def failure_delay(failures: int) -> float:
    """Seconds to wait after the last of ``failures`` failed attempts: none for the first FREE_FAILURES,
    then 2, 4, 8 … (at most MAX_DELAY_S). The one schedule of the password gate and the account logins."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY_S, 2.0 ** (failures - FREE_FAILURES + 1))


class Attempts:
    """Failed password attempts of one app server (all sessions together): after FREE_FAILURES, each
    further attempt waits 2, 4, 8 … seconds (at most MAX_DELAY_S) after the last failure."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failures = 0
        self.last = 0.0

    def wait_seconds(self, now: float | None = None) -> float:
        """Seconds until the next attempt is allowed (0 when allowed now)."""
        with self._lock:
            if self.failures < FREE_FAILURES:
                return 0.0
            return max(0.0, self.last + failure_delay(self.failures) - (time.monotonic() if now is None else now))

    def failed(self) -> None:
        """Record a failure."""
        with self._lock:
            self.failures += 1
            self.last = time.monotonic()

    def succeeded(self) -> None:
        """Forget the failures."""
        with self._lock:
            self.failures = 0
