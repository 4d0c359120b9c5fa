"""Real servers for the shared-store tests: a throwaway PostgreSQL cluster and a ``chroma run`` server.

PostgreSQL: ``initdb`` and ``pg_ctl`` are found on PATH or under ``/usr/lib/postgresql/*/bin`` (Debian's
``postgresql`` package, which ``make system-deps`` installs). initdb refuses to run as root, so as root the
cluster belongs to a dedicated system user (:data:`PG_USER`, made with ``useradd --system`` on first use)
and every PostgreSQL command runs through ``runuser``. The cluster lives in a temporary folder, listens on
a free port on 127.0.0.1 with its unix socket in that folder, and is stopped and removed at the end.

When a binary is missing the tests are skipped on a developer's machine, but fail under CI (``CI`` set):
``make test`` installs what they need, so a missing server there is a broken setup, not a reason to skip.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_USER = "nianbao-pg"
REPO = Path(__file__).resolve().parents[1]


def unavailable(reason: str) -> None:
    """Skip a test that needs a missing server, or fail under CI, where ``make test`` installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: `make system-deps` installs it)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port nobody listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_bin(name: str) -> str | None:
    """Path of a PostgreSQL server program (``initdb``, ``pg_ctl`` …), newest version first."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(Path(folder) / name, os.X_OK):
            return str(Path(folder) / name)
    return shutil.which(name)


def _ensure_user() -> None:
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
                       check=True, capture_output=True)


@dataclass
class PgCluster:
    """A running throwaway cluster."""

    folder: Path
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of ``database`` (TCP on 127.0.0.1, trust authentication)."""
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; :returns: its URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", PG_USER, "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def pg_cluster() -> Iterator[PgCluster]:
    """Create, start, yield, stop and remove a throwaway PostgreSQL cluster."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        unavailable("PostgreSQL server programs (initdb, pg_ctl) not found")
    assert initdb and pg_ctl
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (requirements.txt pins it)")
    root = Path(tempfile.mkdtemp(prefix="nianbao-pg-"))
    if os.geteuid() == 0:
        _ensure_user()
        shutil.chown(root, PG_USER, PG_USER)
        user = PG_USER
    else:
        user = pwd.getpwuid(os.geteuid()).pw_name
    data, log = root / "data", root / "server.log"
    port = free_port()
    try:
        subprocess.run(_as_owner([initdb, "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8",
                                  "--no-locale", "--no-sync"]), check=True, capture_output=True, timeout=120)
        opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, timeout=90)
        yield PgCluster(root, port, user)
    except subprocess.CalledProcessError as err:
        tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
        pytest.fail(f"PostgreSQL did not start: {err.stderr!r} {tail}", pytrace=False)
    finally:
        if (data / "postmaster.pid").is_file():
            subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                           check=False, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class ChromaServer:
    """A running ``chroma run`` server."""

    address: str  # host:port, as settings.chroma_server takes it
    folder: Path


@contextlib.contextmanager
def chroma_server() -> Iterator[ChromaServer]:
    """Start ``chroma run`` on a free port with its data in a temporary folder; wait for its heartbeat."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.is_file():
        unavailable("the chroma CLI is not installed in the virtual environment")
    folder = Path(tempfile.mkdtemp(prefix="nianbao-chroma-"))
    port = free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    log = open(folder / "server.log", "wb")  # noqa: SIM115  (closed below)
    proc = subprocess.Popen([str(chroma), "run", "--path", str(folder / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma run did not start: {(folder / 'server.log').read_text(errors='replace')[-2000:]}",
                            pytrace=False)
            time.sleep(0.3)
        yield ChromaServer(f"127.0.0.1:{port}", folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
