"""Helpers of the browser tests: a real `streamlit run app.py` server and a headless Chromium."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, port: int) -> subprocess.Popen:
    """Start the app on 127.0.0.1:port and wait until it answers its health check."""
    env = {**os.environ, "NIANBAO_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "ANONYMIZED_TELEMETRY": "False"}
    cmd = [str(Path(sys.executable).parent / "streamlit"), "run", "app.py", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = open(data_dir / f"server-{port}.log", "ab")  # noqa: SIM115  (the server process writes to it)
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f"streamlit did not start: {(data_dir / f'server-{port}.log').read_text()[-2000:]}")


@contextmanager
def server(data_dir: Path) -> Iterator[str]:
    """A running app; yields its URL; stopped (SIGTERM, then SIGKILL) afterwards."""
    port = free_port()
    proc = start_server(data_dir, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@contextmanager
def browser_page() -> Iterator[Any]:
    """A headless Chromium page (the system browser; nothing is downloaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            browser.close()


# ---------------------------------------------------------------- page actions
def idle(page: Any) -> None:
    """Wait until the script run finished (no running indicator)."""
    page.wait_for_timeout(700)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


def goto_page(page: Any, label: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).click()
    idle(page)


def log_in(page: Any, url: str, name: str, password: str) -> None:
    """Log in on a county server's login page (accounts mode); the session token lands in the page URL."""
    page.goto(url)
    page.get_by_text("请使用管理员为您开设的账号登录。").wait_for()
    page.locator(f'.{css_key("login.name")} input').fill(name)
    page.locator(f'.{css_key("login.password")} input').fill(password)
    click(page, "登录")
    page.get_by_text("退出登录").wait_for()
    assert "s=" in page.url


def css_key(key: str) -> str:
    """The CSS class Streamlit gives the element of widget ``key``."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def fill(page: Any, key: str, value: str) -> None:
    """Type into the input of the widget whose key starts with ``key`` and commit it."""
    box = page.locator(f'[class*="{css_key(key)}"]').locator("input, textarea").first
    box.fill(value)
    box.press("Enter" if box.evaluate("e => e.tagName") == "INPUT" else "Tab")
    idle(page)


def click(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    idle(page)


def type_in_grid(page: Any, key_prefix: str, row: int, moves_right: int, value: str) -> None:
    """Type ``value`` into a data editor cell: click the first visible column of ``row``, move right, type."""
    grid = page.locator(f'[class*="st-key-{key_prefix}"] [data-testid="stDataFrameResizable"]').first
    page.evaluate("document.activeElement && document.activeElement.blur()")  # leave any other grid
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 35 * 1.5)
    page.wait_for_timeout(300)
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(moves_right):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # open the cell editor
    page.wait_for_timeout(200)
    page.keyboard.type(value)
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    idle(page)
    page.wait_for_timeout(1500)


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def reenter(page: Any, label: str, via: str = "基本信息") -> None:
    """Leave and re-open a page: a fresh page lets the first click select a cell in any grid
    (after typing into one grid, a click on another one only moves the focus)."""
    goto_page(page, via)
    goto_page(page, label)
