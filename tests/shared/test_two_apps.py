"""Two app processes on one shared store: a real PostgreSQL (throwaway cluster), a real ``chroma run`` server,
two real ``streamlit run app.py`` servers on different ports, each with its own (empty) data directory, the
real CLI in child processes and a real browser. Nothing is shared through a local folder: the second process
sees the first one's drafts and library only through ``database_url`` and ``chroma_server``. The browser test
runs as on a county server: accounts mode, a clerk logged in on both app servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.accounts.policy import create_report
from assistant.accounts.users import add_user, get_user
from assistant.core.settings import load_settings
from assistant.library.ingest import stored_report
from assistant.persistence.drafts_db import Store
from assistant.tables.templates import new_report
from tests.app import browser as b
from tests.conftest import seed_path

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
CLERK_PASSWORD = "qingshan-Pw-2025"


def nianbao(home: Path, *args: str) -> subprocess.CompletedProcess:
    """The real CLI in a child process with data directory ``home`` (server settings from the environment)."""
    env = {**os.environ, "NIANBAO_DATA_DIR": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", "from cli import main; main()", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def shared(pg_url: str, chroma, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Server settings for every process started from here on, and two separate data directories."""
    monkeypatch.setenv("NIANBAO_DATABASE_URL", pg_url)
    # The shared store without accounts: a PostgreSQL database_url alone would turn accounts mode on
    # (Settings.accounts_mode); the login itself is tested in tests/accounts.
    monkeypatch.setenv("NIANBAO_ACCOUNTS", "0")
    monkeypatch.setenv("NIANBAO_CHROMA_SERVER", chroma.address)
    monkeypatch.setenv("NIANBAO_COLLECTION", "shared" + tmp_path.name[-8:].replace("_", ""))
    homes = tmp_path / "a", tmp_path / "b"
    for home in homes:
        home.mkdir()
    return homes


def test_cli_ingest_on_one_machine_is_searched_on_the_other(shared: tuple[Path, Path], seeds_dir: Path) -> None:
    first, second = shared
    seed = first.parent / "第一台机器上的年报.txt"  # a file only the first machine has, and only for a while
    seed.write_bytes(seed_path("002").read_bytes())
    done = nianbao(first, "ingest", str(seed), "--format", "json")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["ingested"] == 1
    listing = json.loads(nianbao(second, "library", "list", "--format", "json").stdout)
    assert len(listing) == 1
    found = nianbao(second, "search", "依申请公开", "-k", "3", "--format", "json")
    assert found.returncode == 0, found.stderr[-2000:]
    hits = json.loads(found.stdout)["results"]
    assert hits and {h["unit"] for h in hits} == {listing[0]["unit"]}
    assert not (second / "library.db").exists() and not (second / "chroma").exists()  # nothing local
    seed.unlink()
    whole = stored_report(load_settings(home=second), listing[0]["report_id"], listing[0]["source"])
    assert whole is not None and whole.profile.short_name == listing[0]["unit"]  # from the database, not the path


def test_two_apps_share_the_library_and_an_edit_and_both_edits_conflict(
        shared: tuple[Path, Path], pg_url: str, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a county server: accounts mode, one clerk of 青山镇 logged in on each app server."""
    first, second = shared
    monkeypatch.setenv("NIANBAO_ACCOUNTS", "1")
    store = Store(pg_url)
    add_user(store, "qingshan", CLERK_PASSWORD, "clerk", unit="青山镇", county="清水县")
    rid = create_report(store, get_user(store, "qingshan"), new_report("青山镇", 2024, county="清水县"))
    source = first.parent / "只在第一台机器上.txt"
    source.write_bytes(seed_path("003").read_bytes())
    assert nianbao(first, "ingest", str(source)).returncode == 0
    source.unlink()  # 查看全文 on the second server must read the report from the database
    (row,) = json.loads(nianbao(first, "library", "list", "--format", "json").stdout)
    with b.server(first) as url_a, b.server(second) as url_b, b.browser_page() as page_a:
        page_b = page_a.context.browser.new_page(viewport={"width": 1400, "height": 1000})  # another clerk
        page_b.set_default_timeout(30_000)
        for page, url in ((page_a, url_a), (page_b, url_b)):
            b.log_in(page, url, "qingshan", CLERK_PASSWORD)  # a clerk lands in their latest report
            assert f"report={rid}" in page.url
        for page in (page_a, page_b):
            page.get_by_text("年报助手").first.wait_for()
            b.idle(page)
        b.fill(page_a, "f.preamble", "甲同事在第一台服务器上写的引言。")
        assert Store(pg_url).load_report(rid).preamble == "甲同事在第一台服务器上写的引言。"

        b.fill(page_b, "f.preamble", "乙同事在第二台服务器上写的引言。")  # based on the state before 甲's save
        page_b.locator("[data-testid='stAlert']").filter(has_text="另一个窗口").first.wait_for()
        b.shot(page_b, "shared-conflict")
        store = Store(pg_url)
        assert store.load_report(rid).preamble == "甲同事在第一台服务器上写的引言。"  # nothing overwritten
        kept = [store.load_version(rid, v.n).preamble for v in store.versions(rid)]
        assert "乙同事在第二台服务器上写的引言。" in kept  # 乙's edit kept as a version

        page_b.reload()  # a reload in the second process shows the first one's edit
        page_b.get_by_text("年报助手").first.wait_for()
        b.idle(page_b)
        box = page_b.locator(f'[class*="{b.css_key("f.preamble")}"]').locator("textarea").first
        assert box.input_value() == "甲同事在第一台服务器上写的引言。"

        b.goto_page(page_b, "相似报告")  # the second app searches what the CLI of the first one ingested
        b.fill(page_b, "sim.query", "政府信息公开 主动公开")
        b.click(page_b, "检索")
        page_b.get_by_text(f"{row['unit']} {row['year']}年度").first.wait_for()
        b.shot(page_b, "shared-search")
        page_b.get_by_role("button", name="查看全文").first.click()
        b.idle(page_b)
        whole = page_b.locator('[class*="st-key-whole_"]').first
        whole.wait_for()
        assert "六、其他需要报告的事项" in whole.inner_text()
    assert not (first / "nianbao.db").exists() and not (second / "nianbao.db").exists()
    assert not (second / "library.db").exists()


def test_two_machines_ingesting_at_once_take_turns(shared: tuple[Path, Path], seeds_dir: Path) -> None:
    """Two CLI ingests started together on two data directories: the database's writer lock makes them take
    turns, both reports are listed whole, and either machine's search index holds every chunk."""
    first, second = shared
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "ingest", str(seed_path(p))],
                              env={**env, "NIANBAO_DATA_DIR": str(home)}, cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for home, p in ((first, "000"), (second, "001"))]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    listing = json.loads(nianbao(second, "library", "list", "--format", "json").stdout)
    assert len(listing) == 2
    checked = nianbao(first, "library", "check")
    assert checked.returncode == 0 and "无需修复" in checked.stdout, checked.stdout  # nothing half-written
    from vectorstore import bm25_index
    from vectorstore.store import open_library

    lib = open_library(load_settings(home=first))
    assert len(bm25_index.current(lib)) == lib.chunk_count() == sum(r["n_chunks"] for r in listing)
