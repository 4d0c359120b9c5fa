"""The deploy/ folder says what the 部署说明 promises: the app bound to 127.0.0.1 behind nginx, HTTPS, the
X-Forwarded-* headers, Streamlit's websocket, no referrer and no query strings in the access log (the URL
carries the session), and the guide covers install, first admin, backup and restore."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_systemd_units_bind_localhost() -> None:
    unit = (DEPLOY / "nianbao.service").read_text(encoding="utf-8")
    assert "--server.address 127.0.0.1" in unit and "EnvironmentFile=/etc/nianbao/nianbao.env" in unit
    assert "--host 127.0.0.1" in (DEPLOY / "nianbao-chroma.service").read_text(encoding="utf-8")
    env = (DEPLOY / "nianbao.env.example").read_text(encoding="utf-8")
    assert {"NIANBAO_DATABASE_URL", "NIANBAO_CHROMA_SERVER", "NIANBAO_DATA_DIR"} <= set(re.findall(r"^(\w+)=", env, re.MULTILINE))


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
@pytest.mark.parametrize("name", ["nianbao.service", "nianbao-chroma.service"])
def test_systemd_units_parse(name: str) -> None:
    out = subprocess.run(["systemd-analyze", "verify", str(DEPLOY / name)], check=False, capture_output=True, text=True,
                         timeout=60)
    problems = [line for line in out.stderr.splitlines() if "/opt/nianbao/.venv/bin/" not in line and line.strip()]
    assert problems == []  # only the program path, which exists on the server, is missing here


def test_nginx_snippet() -> None:
    conf = (DEPLOY / "nginx-nianbao.conf").read_text(encoding="utf-8")
    for needed in ("listen 443 ssl", "proxy_pass http://127.0.0.1:8501", "location /_stcore/stream",
                   "proxy_set_header Upgrade $http_upgrade", "proxy_set_header X-Forwarded-For $remote_addr",
                   "proxy_set_header X-Forwarded-Proto $scheme", "proxy_set_header X-Forwarded-Host $host",
                   'Referrer-Policy "no-referrer"', "return 301 https://"):
        assert needed in conf, needed
    log_formats = re.findall(r"log_format\s+\w+\s+'([^;]*)';", conf)
    assert log_formats and all("$request " not in f and "$request_uri" not in f and "$args" not in f for f in log_formats)
    assert all(line.strip().endswith("nianbao_noquery;") for line in conf.splitlines() if line.strip().startswith("access_log"))


def test_guide_covers_the_steps() -> None:
    guide = (DEPLOY / "部署说明.md").read_text(encoding="utf-8")
    for needed in ("NIANBAO_DATABASE_URL", "NIANBAO_CHROMA_SERVER", "make serve", "users add", "--role admin",
                   "pg_dump", "pg_restore", "chroma-server", "Referrer-Policy", "## 七、备份", "## 八、恢复"):
        assert needed in guide, needed
    for image in re.findall(r"\]\((\.\./docs/screenshots/[^)]+)\)", guide):
        assert (DEPLOY / image).resolve().is_file(), image
