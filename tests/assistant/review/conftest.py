"""One generated county (30 townships, this year and last) shared by the review desk tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synth_county import write_county


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """(folder with this/ and last/, manifest)."""
    folder = tmp_path_factory.mktemp("county")
    return folder, write_county(folder, n=30, year=2024, seed=7)
