"""Uploads are content-addressed: two townships' files of one name both stay; a deliberate replacement is
counted as 替换; an upload is deleted with its report. Real library (hash embedder, local Chroma)."""

from __future__ import annotations

from pathlib import Path

from assistant.core.settings import load_settings
from assistant.library.ingest import ingest_paths, list_reports, remove_report, replace_report, store_upload

SAMPLES = Path(__file__).resolve().parents[2] / "library" / "samples"


def test_same_name_uploads_both_stay_and_replacement_is_deliberate() -> None:
    settings = load_settings(embedder="hash")
    first, second, third = sorted(SAMPLES.glob("*.txt"))[:3]
    a = store_upload(settings, "年报.txt", first.read_bytes())
    b = store_upload(settings, "年报.txt", second.read_bytes())
    assert a != b and a.name == b.name == "年报.txt"
    assert store_upload(settings, "年报.txt", first.read_bytes()) == a  # same bytes, same place
    result = ingest_paths([a, b], settings)
    assert result.ingested == 2 and result.replaced == 0
    rows = {r.source: r for r in list_reports(settings)}
    assert set(rows) == {str(a.resolve()), str(b.resolve())}  # the first one was not dropped

    c = store_upload(settings, "更正后的年报.txt", third.read_bytes())
    replaced = replace_report(settings, rows[str(a.resolve())].report_id, c)
    assert replaced.replaced == 1 and replaced.ingested == 0
    sources = {r.source for r in list_reports(settings)}
    assert sources == {str(b.resolve()), str(c.resolve())}
    assert not a.exists()  # the replaced report's upload went with it

    removed = remove_report(settings, str(b.resolve()))
    assert len(removed) == 1 and not b.exists() and not b.parent.exists()
    assert c.exists()
