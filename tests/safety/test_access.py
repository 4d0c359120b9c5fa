"""Access: the password gate (session flag, argon2 hash, wait after failures), the safe server defaults a
plain `streamlit run app.py` reads, and the one data directory with its migration."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from assistant.core.settings import default_home, load_settings
from assistant.persistence.datadir import migrate, old_data_dir
from assistant.persistence.password import Attempts, verify_password, write_password_hash
from cli import cli

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def test_login_survives_the_next_click_and_only_a_hash_is_stored(home: Path) -> None:
    write_password_hash(load_settings(), "正确的密码")
    stored = (home / "config.toml").read_text(encoding="utf-8")
    assert "正确的密码" not in stored and "$argon2id$" in stored
    at = AppTest.from_file("../../app.py", default_timeout=TIMEOUT).run()
    assert not at.radio
    at.text_input(key="password").set_value("错误").run()
    assert at.error and not at.radio
    at.text_input(key="password").set_value("正确的密码").run()
    assert at.radio(key="nav").value == "basic"
    at.radio(key="nav").set_value("library").run()  # the next click keeps the session logged in
    assert not at.exception and at.radio(key="nav").value == "library"
    at.radio(key="nav").set_value("basic").run()
    assert at.radio(key="nav").value == "basic" and "password" not in at.session_state


def test_failed_attempts_make_the_next_one_wait() -> None:
    attempts = Attempts()
    for _ in range(3):
        assert attempts.wait_seconds() == 0
        attempts.failed()
    assert attempts.wait_seconds() > 1
    attempts.failed()
    assert attempts.wait_seconds() > 3
    attempts.succeeded()
    assert attempts.wait_seconds() == 0


def test_password_command_sets_and_clears_the_hash(home: Path) -> None:
    (home / "config.toml").write_text('password = "旧的明文"\nembedder = "hash"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["password"], input="新密码\n新密码\n")
    assert result.exit_code == 0, result.output
    config = tomllib.loads((home / "config.toml").read_text(encoding="utf-8"))
    assert "password" not in config and config["embedder"] == "hash"
    assert verify_password(load_settings(), "新密码") and not verify_password(load_settings(), "旧的明文")
    assert CliRunner().invoke(cli, ["password", "--clear"]).exit_code == 0
    assert verify_password(load_settings(), "")


def test_repo_streamlit_config_is_safe() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["maxUploadSize"] <= 50
    assert config["client"]["showErrorDetails"] in ("none", False)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    app_recipe = makefile.split("\napp:", 1)[1].split("\n\n", 1)[0]
    assert "server.address" not in app_recipe  # `make app` keeps the config's 127.0.0.1
    assert "\nHOST ?= 127.0.0.1\n" in makefile  # `make serve` binds HOST, 127.0.0.1 unless told otherwise


def _listening(port: int) -> list[str]:
    """Local addresses (hex, /proc/net/tcp*) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, _, hexport = local.partition(":")
            if int(hexport, 16) == port and state == "0A":
                found.append(addr)
    return found


@pytest.mark.slow
def test_a_plain_streamlit_run_listens_on_localhost_only(home: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NIANBAO_DATA_DIR": str(home)}
    log = open(home / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([str(Path(sys.executable).parent / "streamlit"), "run", "app.py", "--server.port",
                             str(port)], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        assert _listening(port) and set(_listening(port)) == {"0100007F"}  # 127.0.0.1, no other interface
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_default_data_dir_is_absolute_and_per_user() -> None:
    home = default_home({"HOME": "/home/x"})
    assert home.is_absolute() and home.name == "nianbao"
    assert default_home({"XDG_DATA_HOME": "/srv/share"}) == Path("/srv/share/nianbao")
    assert load_settings(env={}).home.is_absolute()


def test_old_data_folder_is_found_and_migrated(home: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "data" / "uploads" / "ab").mkdir(parents=True)
    old = work / "data"
    db = sqlite3.connect(old / "library.db")
    db.execute("CREATE TABLE reports(report_id TEXT, source TEXT)")
    db.execute("CREATE TABLE chunks(id TEXT, meta TEXT)")
    db.execute("INSERT INTO reports VALUES('r', ?)", (str(old / "uploads" / "ab" / "x.txt"),))
    db.commit()
    db.close()
    settings = load_settings()
    assert old_data_dir(settings, cwd=work) == old.resolve()
    backup = migrate(settings, old.resolve())
    assert not old.exists() and backup.is_dir()
    source = sqlite3.connect(home / "library.db").execute("SELECT source FROM reports").fetchone()[0]
    assert source == str(home / "uploads" / "ab" / "x.txt")
    assert old_data_dir(settings, cwd=work) is None
