"""`nianbao draft` on a fresh data directory: no library and no model needed; it drafts without peers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.persistence.report_files import save_report
from tests.app.conftest import make_filled_report

REPO = Path(__file__).resolve().parents[1]
NOTE = "资料库还是空的，本次起草未参考其他单位的同类表述"


def _draft(tmp_path: Path, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    report = tmp_path / "report.json"
    save_report(make_filled_report(), report)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NIANBAO_DATA_DIR": str(home),
           "NIANBAO_MODEL_CACHE": str(tmp_path / "no-model-here")}
    return subprocess.run([sys.executable, "-c", "import cli; cli.main()", "draft", str(report), "--format", "json",
                           *extra], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_fresh_data_directory_drafts_without_peers(tmp_path: Path, home: Path) -> None:
    out = _draft(tmp_path, home)
    assert out.returncode == 0, out.stderr
    assert NOTE in out.stderr
    drafts = json.loads(out.stdout)
    assert {d["section"] for d in drafts} == {"overview", "problems"} and all(d["text"] for d in drafts)
    assert not (home / "chroma").exists()  # nothing opened, nothing created


@pytest.mark.parametrize("flag", ["--no-library"])
def test_no_library_flag_drafts_quietly(tmp_path: Path, home: Path, flag: str) -> None:
    out = _draft(tmp_path, home, flag)
    assert out.returncode == 0, out.stderr
    assert NOTE not in out.stderr and json.loads(out.stdout)
