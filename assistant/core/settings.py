"""One frozen Settings, built from defaults, <home>/config.toml, NIANBAO_* variables and overrides.

Only this module reads os.environ.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.core.errors import SettingsError

ENV_PREFIX = "NIANBAO_"


def default_home(env: dict[str, str] | None = None) -> Path:
    """The per-user data directory: ``$XDG_DATA_HOME/nianbao``, else ``~/.local/share/nianbao`` (absolute,
    so `make app`, a bare `nianbao` run from anywhere and the tests' NIANBAO_DATA_DIR all agree)."""
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser().resolve() / "nianbao"


class Settings(BaseModel):
    """Runtime configuration. ``home`` is the data directory (store, models, drafts)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    home: Path = Field(default_factory=default_home)
    # Embeddings: "static-zh" is the embedded default built locally; any other value is a
    # sentence-transformers model name or local path (e.g. a downloaded BAAI/bge-small-zh-v1.5).
    embedder: str = "static-zh"
    model_cache: Path = Path.home() / ".cache" / "nianbao"
    # Chroma: empty → PersistentClient under home/chroma; "host:port" → HttpClient (shared server).
    chroma_server: str = ""
    collection: str = "reports"
    # Drafting: "builtin" (no model) or "llm" (OpenAI-compatible endpoint).
    backend: str = "builtin"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout_s: float = 60.0
    llm_retries: int = 2
    # Persistence; empty → sqlite under home.
    database_url: str = ""
    # Accounts (county server): None → on exactly when database_url names PostgreSQL (see accounts_mode).
    accounts: bool | None = None
    # Ingest limits.
    max_file_mb: float = 50.0
    max_unpacked_mb: float = 200.0
    max_unpack_ratio: float = 200.0  # a zip member inflating more than this many times its packed size is refused
    max_html_mb: float = 5.0  # a saved web page above this is refused (linear, but ~3-8 s and 70 MB per MB of tags)
    max_json_mb: float = 5.0  # a report data file (.json) above this is refused
    max_pdf_pages: int = 300
    check_seconds: float = 30.0  # batch review: a file whose checks run longer is reported, not waited for
    # Reviewing: publication deadline for report year Y, as MM-DD of year Y+1.
    deadline: str = "01-31"
    # App.
    host: str = "127.0.0.1"
    port: int = 8501
    password: str = ""  # plain text (old configs); prefer password_hash (nianbao password)
    password_hash: str = ""  # argon2 hash written by `nianbao password`
    upload_limit_mb: float = 50.0
    # Fault-injection tests only: SIGKILL the process at the n-th stage boundary of a library step (0 = never).
    fault_kill_step: int = 0

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def accounts_mode(self) -> bool:
        """Whether this run is a county server: every report needs a login, and with no account yet the app
        shows only how to create the first admin (never a report).

        Set explicitly by ``accounts = true`` / ``NIANBAO_ACCOUNTS=1`` (``make serve``, deploy/). Unset, it
        follows the database: a PostgreSQL ``database_url`` is a shared server database (nobody runs one for a
        single clerk's PC), so it is on; a server started before its first admin was created must not show
        every township's reports to whoever opens the page. The PC default (sqlite under home) stays
        single-user with no login, until a first account is added (then accounts mode is on as well).
        """
        if self.accounts is not None:
            return self.accounts
        return self.database_url.startswith(("postgresql", "postgres"))

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'nianbao.db').resolve()}"


def _env_overrides(env: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "NIANBAO_DATA_DIR" in env:
        out["home"] = env["NIANBAO_DATA_DIR"]
    for name in Settings.model_fields:
        key = ENV_PREFIX + name.upper()
        if key not in env or name == "home":
            continue
        if env[key] == "" and Settings.model_fields[name].default is None:
            continue  # an empty variable leaves an optional setting unset (NIANBAO_ACCOUNTS=)
        out[name] = env[key]
    return out


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build Settings: defaults < <home>/config.toml < NIANBAO_* environment < overrides."""
    env = dict(os.environ) if env is None else env
    layers: dict[str, Any] = {}
    env_layer = _env_overrides(env)
    home = Path(overrides.get("home") or env_layer.get("home") or default_home(env)).expanduser().resolve()
    config = home / "config.toml"
    if config.is_file():
        try:
            layers.update(tomllib.loads(config.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(file=str(config), detail=str(exc)) from None
    layers.update(env_layer)
    layers.update({k: v for k, v in overrides.items() if v is not None})
    layers["home"] = home
    try:
        return Settings(**layers)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise SettingsError(file=str(config), detail=detail) from None
