"""The BM25 tokenizer: the on-disk dictionary path (queries) gives the Rust Unigram's tokens (ingest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vectorstore.tokenize import (
    STOPWORDS,
    DictionarySegmenter,
    _jieba_tokenizer,
    _keep,
    tokenize,
    tokenize_many,
    write_dictionary,
)

REPO = Path(__file__).resolve().parents[2]
CORNERS = ["abc 公开 XYZ hello", "㐀㐁 龘 﨑", "<unk> 120条 3.5%", "ⅷ①", "ＡＢＣ１２３全角", "", "   ", "。，！",
           "政府信息公开指南和依申请公开的办理时限"]


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory: pytest.TempPathFactory) -> DictionarySegmenter:
    path = tmp_path_factory.mktemp("dict") / "bm25-dict.sqlite"
    write_dictionary(path)
    return DictionarySegmenter(path)


def _lines(seeds_dir: Path) -> list[str]:
    files = sorted(seeds_dir.glob("*.txt")) + sorted((REPO / "library" / "samples").glob("*.txt"))
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dictionary_path_matches_the_rust_model(segmenter: DictionarySegmenter, seeds_dir: Path) -> None:
    texts = _lines(seeds_dir) + CORNERS
    assert len(texts) > 1000
    rust = _jieba_tokenizer()
    differ = [t for t in texts if segmenter.tokens(t) != rust.encode(t).tokens]
    assert differ == []


def test_unknown_characters_are_fused(segmenter: DictionarySegmenter) -> None:
    assert segmenter.tokens("㐀㐁") == _jieba_tokenizer().encode("㐀㐁").tokens == ["㐀㐁"]


def test_tokenize_drops_stopwords_and_punctuation() -> None:
    words = tokenize("本机关全年主动公开政府信息，办理依申请公开！")
    assert words and not set(words) & STOPWORDS
    assert all(w not in "，！" for w in words)


def test_batches_memoise_sentences_without_changing_tokens(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt")) + sorted((REPO / "library" / "samples").glob("*.txt"))[:10]
    texts = [f.read_text(encoding="utf-8") for f in files] * 2  # whole reports, twice (all from the memo)
    rust = _jieba_tokenizer()
    assert tokenize_many(texts) == [_keep(rust.encode(t).tokens) for t in texts]
