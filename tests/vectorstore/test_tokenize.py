"""The BM25 tokenizer: the on-disk dictionary path (queries) gives the Rust Unigram's tokens (ingest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vectorstore.tokenize import (
    STOPWORDS,
    DictionarySegmenter,
    _jieba_tokenizer,
    _keep,
    _pipeline,
    normalize,
    pre_tokens,
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
    differ = [t for t in texts if segmenter.tokens(t) != rust.encode(normalize(t)).tokens]
    assert differ == []


def test_unknown_characters_are_fused(segmenter: DictionarySegmenter) -> None:
    assert segmenter.tokens("㐀㐁") == _jieba_tokenizer().encode("㐀㐁").tokens == ["㐀㐁"]


def test_normalize_is_the_rust_normalizer_for_every_code_point() -> None:
    rust = _pipeline()[0]
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    differ = [hex(ord(ch)) for ch in chars if normalize(ch) != rust.normalize_str(ch)]
    assert differ == []


def test_normalize_is_the_rust_normalizer_for_mixed_text(seeds_dir: Path) -> None:
    import random

    rust = _pipeline()[0]
    rng = random.Random(7)
    # Compositions, reordering of combining marks, full-width forms, circled numbers, Greek final sigma.
    alphabet = list("公开政府ＡＢｃ１２ⅷ①㋿㍿ＫΣσςΑΒ") + ["e", "\u0301", "\u0323", "\u0308", "\u3099", "か", "\uff76",
                                                     "\uff9e", "\u1100", "\u1161", "\u11a8", " ", "\n", "。"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    texts += _lines(seeds_dir) + CORNERS + ["ΑΣ ΣΑ", "ΌΣΟΣ."]
    assert [t for t in texts if normalize(t) != rust.normalize_str(t)] == []


def _rust_pre_tokens(text: str) -> list[str]:
    return [piece for piece, _ in _pipeline()[1].pre_tokenize_str(text)]


def test_pre_tokens_are_the_rust_pre_tokenizer_for_every_code_point() -> None:
    # Each character as a mark, a digit or a letter would meet it: beside letters, digits, itself, a comma.
    texts = [f"a{ch}b1{ch}{ch}2,{ch}" for ch in map(chr, range(0x110000)) if not 0xD800 <= ord(ch) <= 0xDFFF]
    cut = [(t, pre_tokens(t)) for t in texts]
    assert [t for t, pieces in cut if pieces is not None and pieces != _rust_pre_tokens(t)] == []
    left_to_rust = [t for t, pieces in cut if pieces is None]
    assert len(left_to_rust) == 33 + (0x110000 - 0x10000)  # the listed marks and everything beyond the BMP


def test_pre_tokens_are_the_rust_pre_tokenizer_for_mixed_text(seeds_dir: Path) -> None:
    import random

    rng = random.Random(11)
    alphabet = list("公开政府申请件条年月日0123456789０１２①Ⅷ〇一二.,，。、；：！？（）()《》“”‘’-—…%％$+<=>^`|~ \t\n\u3000\xa0\x1c")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    texts += [normalize(t) for t in _lines(seeds_dir) + CORNERS]
    assert [t for t in texts if pre_tokens(t) != _rust_pre_tokens(t)] == []


def test_batches_segment_pieces_once_without_changing_tokens(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vectorstore.tokenize as tk

    monkeypatch.setattr(tk, "PIECES_MAX", 50)  # the piece memo clears itself many times on the way
    pieces = tk.PieceMemo(tk._pieces.encode)
    monkeypatch.setattr(tk, "_memo", tk.SentenceMemo(pieces))
    texts = _lines(seeds_dir)[:400] + CORNERS
    texts += ["我镇共受理申请15件，办结14件。", "我镇共受理申请7件，办结7件。", "𬌗口镇⸺公开2件。", "办结⹃7件"]
    rust = _jieba_tokenizer()
    batches = [tokenize_many(texts[i : i + 20]) for i in range(0, len(texts), 20)]
    assert [words for batch in batches for words in batch] == [_keep(rust.encode(normalize(t)).tokens) for t in texts]
    distinct = {p for t in texts for p in pre_tokens(normalize(t)) or []}
    assert len(pieces.known) < len(distinct)  # cleared on the way


def test_tokenize_drops_stopwords_and_punctuation() -> None:
    words = tokenize("本机关全年主动公开政府信息，办理依申请公开！")
    assert words and not set(words) & STOPWORDS
    assert all(w not in "，！" for w in words)


def test_batches_memoise_sentences_without_changing_tokens(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt")) + sorted((REPO / "library" / "samples").glob("*.txt"))[:10]
    texts = [f.read_text(encoding="utf-8") for f in files] * 2  # whole reports, twice (all from the memo)
    rust = _jieba_tokenizer()
    assert tokenize_many(texts) == [_keep(rust.encode(normalize(t)).tokens) for t in texts]


def test_kept_words_are_remembered_without_changing_the_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    import vectorstore.tokenize as tk

    def plain(word: str) -> bool:
        return word != tk.UNK and tk._TOKEN_OK.search(word) is not None and word not in STOPWORDS

    words = ["公开", "的", "<unk>", "，", " ", "2023", "abc", "工作", "㐀㐁", "。", "政府信息", "依申请"] * 3
    monkeypatch.setattr(tk, "KEPT_MAX", 4)  # the memo clears itself several times on the way
    monkeypatch.setattr(tk, "_kept", tk._Kept())
    assert _keep(words) == [w for w in words if plain(w)] == ["2023", "abc", "㐀㐁", "依申请"] * 3
    assert len(tk._kept) <= 5


def test_dictionary_pieces_are_cached_once_and_read_back_equal(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from vectorstore.tokenize import cached_pieces, unigram_pieces

    monkeypatch.setenv("NIANBAO_MODEL_CACHE", str(tmp_path))
    first = cached_pieces()
    (path,) = tmp_path.glob("bm25-pieces-*.marshal")
    written = path.stat().st_mtime_ns
    assert cached_pieces() == first == unigram_pieces()
    assert path.stat().st_mtime_ns == written  # read, not rebuilt
    path.write_bytes(b"broken")
    assert cached_pieces() == first  # a damaged cache is built again
    assert path.read_bytes() != b"broken"


def test_the_latest_cut_is_kept_for_the_next_tokenizer() -> None:
    from vectorstore.tokenize import cut_sentences

    sentences = ["我镇共受理申请15件，办结14件。", "办结⹃7件", "ＡＢＣ全角。"]
    first = cut_sentences(sentences)
    assert first == [(normalize(s), pre_tokens(normalize(s))) for s in sentences]
    again = cut_sentences(sentences)
    assert all(a is b for a, b in zip(first, again, strict=True))  # the BM25 tokens' cut, reused for the model's ids
    cut_sentences(["另一批的一句。"])
    assert cut_sentences(sentences)[0] is not first[0]  # only the latest batch is kept
