"""The static model build reports its progress and resumes an interrupted teacher pass with the same vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vectorstore.static_model import _save_checkpoint, build_vocabulary, teacher_vectors


@pytest.fixture(scope="module")
def tokens() -> list[str]:
    return [t for t, _ in build_vocabulary()][:600]


@pytest.mark.slow
def test_teacher_pass_reports_progress_and_resumes(tokens: list[str], tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    full = teacher_vectors(tokens, batch=200, progress=lambda *a: calls.append(a))
    assert calls == [("teacher", 0, 600), ("teacher", 200, 600), ("teacher", 400, 600), ("teacher", 600, 600)]

    checkpoint = tmp_path / "teacher.npz"
    _save_checkpoint(checkpoint, full, 400)  # as if the build was killed after two batches
    resumed: list[tuple[str, int, int]] = []
    again = teacher_vectors(tokens, batch=200, progress=lambda *a: resumed.append(a), checkpoint=checkpoint)
    assert resumed == [("teacher", 400, 600), ("teacher", 600, 600)]
    assert np.array_equal(again, full)


def test_models_build_when_built_only_links(settings) -> None:
    from click.testing import CliRunner

    from cli import cli
    from vectorstore.static_model import is_built

    if not is_built(settings):
        pytest.skip("the shared model is not built yet (make model)")
    result = CliRunner().invoke(cli, ["models", "build"])
    assert result.exit_code == 0, result.output
    assert "正在生成" not in result.output
    path, model_id = result.output.strip().splitlines()[-1].split("\t")
    assert Path(path) == settings.models_dir / "static-zh-v1" and model_id.startswith("static-zh-v1:")


def test_build_progress_names_stages_and_time_left(capsys: pytest.CaptureFixture[str]) -> None:
    from cli import _BuildProgress

    progress = _BuildProgress()
    progress("vocabulary", 0, 1)
    for done in range(0, 52_001, 512):
        progress("teacher", done, 52_000)
    progress("teacher", 52_000, 52_000)
    progress("reduce", 0, 1)
    progress("save", 0, 1)
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "整理词表" and err[1] == "教师模型逐词编码"
    teacher = [line for line in err if "个词条" in line]
    assert 10 <= len(teacher) <= 12  # one line per 10% when stderr is not a terminal
    assert "预计还需" in teacher[0] and teacher[-1].strip().startswith("100%")
    assert err[-2:] == ["降维与加权", "保存模型"]
