"""The BM25 tokenizer: jieba's segmentation without punctuation, spaces and stopwords.

Used at ingest (tokens are stored with each chunk) and at query time; one home so both agree.

Two engines give the same tokens (a test compares them over every seed and sample report):

* batches (ingest) use jieba's dictionary as a Rust ``tokenizers`` Unigram model: fast per character,
  but building its 349k-entry model takes 0.7–1.6 s, and loading a saved copy costs the same;
* single texts in a process that has not built it (a query from ``nianbao search`` or the app's first
  draft) use the same Unigram search in Python over the dictionary kept on disk in SQLite
  (``<model cache>/bm25-dict-*.sqlite``, written once): only the query's substrings are looked up,
  so the first query costs milliseconds instead of a model build.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import sqlite3
import string
import threading
import unicodedata
import uuid
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any

from assistant.core.cachefile import drop_other_versions, model_cache_dir, read_or_build, source_tag

_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff]")
# Function words and boilerplate that every report contains; they carry no signal for ranking.
STOPWORDS = frozenset(
    ["的", "了", "和", "与", "及", "等", "在", "是", "对", "为", "将", "把", "被", "由", "从", "向", "于", "以", "中", "上", "下", "年", "有", "无", "我", "本", "其", "并", "或", "也", "都", "所", "该", "进行", "开展", "工作", "情况", "政府", "信息", "公开", "政府信息", "一", "二", "三", "四", "五", "六", "个", "件", "条", "次", "年度"]
)
UNK = "<unk>"
UNK_PENALTY = 10.0  # tokenizers' K_UNK_PENALTY: an unknown character scores min(score) - 10
DICT_FORMAT = 1  # bump when the on-disk dictionary's layout or recipe changes
_tok_lock = threading.Lock()
_tokenizer: Any = None
_lite_lock = threading.Lock()
_lite: Any = None


def _jieba_dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba")
    return Path(spec.origin).with_name("dict.txt")


def unigram_pieces() -> list[tuple[str, float]]:
    """(piece, log probability) of jieba's dictionary, lower-cased, ``<unk>`` first (id 0)."""
    freq: dict[str, int] = {}
    with _jieba_dict_path().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                word = parts[0].lower()
                freq[word] = max(freq.get(word, 0), int(parts[1]))
    total = float(sum(freq.values()))
    pieces = [(UNK, math.log(1.0 / total) - 10.0)]
    pieces += [(w, math.log(f / total)) for w, f in sorted(freq.items())]
    return pieces


def _pieces_from_plain(data: Any) -> list[tuple[str, float]]:
    if not isinstance(data, list) or not data or data[0][0] != UNK:
        raise ValueError("not a piece list")
    return data


def cached_pieces() -> list[tuple[str, float]]:
    """:func:`unigram_pieces` read from the model cache (0.07 s) instead of parsed from jieba's 349k-line
    dictionary (0.4 s, most of an ingest worker's start)."""
    path = model_cache_dir() / f"bm25-pieces-v{DICT_FORMAT}-{source_tag(_jieba_dict_path())}.marshal"
    return read_or_build(path, unigram_pieces, list, _pieces_from_plain)


def _pipeline() -> tuple[Any, Any]:
    """The normalizer (NFKC + lower-case) and pre-tokenizer (whitespace, punctuation, digit runs)."""
    from tokenizers import normalizers, pre_tokenizers

    normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    pre = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation(), pre_tokenizers.Digits()]
    )
    return normalizer, pre


# --------------------------------------------------------------------------- normalizing

# Code points that tokenizers' NFKC + Lowercase and Python's unicodedata (Unicode 14) + str.lower map
# differently (their Unicode versions differ; found by comparing every code point, a test keeps the list
# whole), and Σ, which str.lower turns into ς at a word's end: a text holding one is normalized in Rust.
_RUST_ONLY = re.compile(
    "[\u03a3\u1c89\u32ff\ua7cb\ua7cc\ua7ce\ua7d2\ua7d4\ua7da\ua7dc\ua7f2-\ua7f4\uab69"
    "\U00010781-\U00010785\U00010787-\U000107b0\U000107b2-\U000107ba\U00010d50-\U00010d65"
    "\U00016ea0-\U00016eb8\U0001f16c\U0001fbf0-\U0001fbf9]"
)
_rust_normalizer: Any = None


def normalize(text: str) -> str:
    """NFKC, lower-cased: what both tokenizers (BM25 and the static model) see, exactly as their Rust
    normalizer gives it, done in Python. The Rust normalizer tracks each character's alignment, which
    nothing here reads: it was 40 % of a BM25 tokenizer call, Python's is a seventh of that."""
    global _rust_normalizer
    if _RUST_ONLY.search(text) is None:
        return unicodedata.normalize("NFKC", text).lower()
    if _rust_normalizer is None:
        _rust_normalizer = _pipeline()[0]
    return str(_rust_normalizer.normalize_str(text))


# --------------------------------------------------------------------------- pre-tokens in Python

# Whitespace as tokenizers sees it (Rust's char::is_whitespace); Python's str.isspace also counts U+001C-U+001F.
_WHITESPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Punctuation marks that Python's Unicode tables (14.0) do not know as such and tokenizers' do (found by
# comparing every code point of the BMP, a test keeps the list whole), and every character beyond the BMP
# (the classes below are built over the BMP only): a text holding one is cut by the Rust pre-tokenizer.
_PRE_RUST_ONLY = re.compile(
    "[\u061d\u09fd\u0a76\u0c77\u0c84\u166d\u1b7d\u1b7e\u2e43-\u2e4f\u2e52-\u2e5d\U00010000-\U0010ffff]"
)
_pre_pattern: re.Pattern[str] | None = None


def _char_class(codes: list[int]) -> str:
    """A regex character class body for sorted code points, runs written as ranges."""
    out: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        out.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(out)


def _pre_tokens_pattern() -> re.Pattern[str]:
    """The pre-tokenizer's cut as one regex: a punctuation mark (tokenizers: ASCII punctuation or a Unicode
    P* category), a run of digits (Rust's char::is_numeric: Nd, Nl, No), or a run of anything else but
    whitespace. Built once per process from unicodedata (0.04 s)."""
    global _pre_pattern
    if _pre_pattern is None:
        marks: list[int] = []
        digits: list[int] = []
        for code in range(0x10000):
            category = unicodedata.category(chr(code))
            if category.startswith("P") or (code < 128 and chr(code) in string.punctuation):
                marks.append(code)
            elif category in ("Nd", "Nl", "No"):
                digits.append(code)
        p, d = _char_class(marks), _char_class(digits)
        _pre_pattern = re.compile(f"[{p}]|[{d}]+|[^{_WHITESPACE}{p}{d}]+")
    return _pre_pattern


def pre_tokens(text: str) -> list[str] | None:
    """The pieces the BM25 pre-tokenizer (whitespace, punctuation, digit runs) cuts :func:`normalize`'d
    ``text`` into, found in Python (tokenizers' own cut also records offsets, which nothing here reads);
    None when ``text`` holds a character only tokenizers classifies right."""
    if _PRE_RUST_ONLY.search(text) is not None:
        return None
    return _pre_tokens_pattern().findall(text)


def _same_state(component: Any, ours: Any) -> bool:
    """Whether a tokenizer's component is ours, compared by its serialized state (cheap)."""
    return component is not None and bool(component.__getstate__() == ours.__getstate__())


def stands_in_for(normalizer: Any) -> bool:
    """Whether :func:`normalize` gives what a tokenizer's ``normalizer`` gives (it is the same NFKC +
    lower-case as ours)."""
    return _same_state(normalizer, _pipeline()[0])


def _jieba_tokenizer() -> Any:
    """jieba's segmentation (its full dictionary, maximum-probability path, no HMM) as a Rust Unigram model,
    for :func:`normalize`'d text.

    Same tokens as ``jieba.lcut(text, HMM=False)`` but about five times faster, which matters because
    tokenizing is on the ingest path.
    """
    global _tokenizer
    with _tok_lock:
        if _tokenizer is None:
            from tokenizers import Tokenizer, models

            tok = Tokenizer(models.Unigram(cached_pieces(), unk_id=0, byte_fallback=False))
            tok.pre_tokenizer = _pipeline()[1]  # no normalizer: callers pass normalize(text)
            _tokenizer = tok
    return _tokenizer


# --------------------------------------------------------------------------- the on-disk dictionary


def dictionary_path(cache_dir: Path) -> Path:
    """Where the SQLite copy of the dictionary lives (named for the jieba dictionary it was made from)."""
    return cache_dir / f"bm25-dict-v{DICT_FORMAT}-{source_tag(_jieba_dict_path())}.sqlite"


def write_dictionary(path: Path) -> None:
    """Write the dictionary (piece → score, plus the unknown-character score) atomically to ``path``."""
    pieces = cached_pieces()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    db = sqlite3.connect(tmp)
    try:
        db.execute("CREATE TABLE piece(word TEXT PRIMARY KEY, score REAL NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value REAL NOT NULL)")
        db.executemany("INSERT INTO piece VALUES(?, ?)", pieces)
        min_score = min(score for _, score in pieces)
        max_len = max(len(word) for word, _ in pieces)
        db.executemany("INSERT INTO meta VALUES(?, ?)",
                       [("unk_score", min_score - UNK_PENALTY), ("max_len", float(max_len))])
        db.commit()
    finally:
        db.close()
    os.replace(tmp, path)
    drop_other_versions(path)


class DictionarySegmenter:
    """The Rust Unigram's best path (tokenizers' ``encode_optimized``, unknown characters fused), in Python
    over the SQLite dictionary: for short texts, no model to build."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        self.unk_score = float(meta["unk_score"])
        self.max_len = int(meta["max_len"])
        self.pre = _pipeline()[1]
        self.lock = threading.Lock()

    def _scores(self, words: set[str]) -> dict[str, float]:
        found: dict[str, float] = {}
        todo = list(words)
        with self.lock:
            for i in range(0, len(todo), 900):
                part = todo[i : i + 900]
                sql = f"SELECT word, score FROM piece WHERE word IN ({','.join('?' * len(part))})"
                found.update(self.db.execute(sql, part))
        return found

    def _best_path(self, piece: str, scores: dict[str, float]) -> list[str]:
        n = len(piece)
        best = [0.0] * (n + 1)
        start: list[int | None] = [None] * (n + 1)
        unk = [False] * (n + 1)
        for i in range(n):
            base = best[i]
            has_single = False
            for j in range(i + 1, min(n, i + self.max_len) + 1):
                score = scores.get(piece[i:j])
                if score is None:
                    continue
                if start[j] is None or score + base > best[j]:
                    best[j], start[j], unk[j] = score + base, i, piece[i:j] == UNK
                has_single = has_single or j == i + 1
            if not has_single and (start[i + 1] is None or self.unk_score + base > best[i + 1]):
                best[i + 1], start[i + 1], unk[i + 1] = self.unk_score + base, i, True
        out: list[str] = []
        fused: list[str] = []
        end = n
        while end > 0:
            begin = start[end]
            assert begin is not None
            if unk[end]:
                fused.append(piece[begin:end])
            else:
                if fused:
                    out.append("".join(reversed(fused)))
                    fused = []
                out.append(piece[begin:end])
            end = begin
        if fused:
            out.append("".join(reversed(fused)))
        return out[::-1]

    def tokens(self, text: str) -> list[str]:
        """The tokens the Rust tokenizer's ``encode(normalize(text)).tokens`` gives."""
        pieces = [p for p, _ in self.pre.pre_tokenize_str(normalize(text))]
        wanted = {p[i:j] for p in pieces for i in range(len(p)) for j in range(i + 1, min(len(p), i + self.max_len) + 1)}
        scores = self._scores(wanted)
        return [t for p in pieces for t in self._best_path(p, scores)]


def _segmenter() -> DictionarySegmenter:
    global _lite
    with _lite_lock:
        if _lite is None:
            path = dictionary_path(model_cache_dir())
            if not path.is_file():
                write_dictionary(path)
            _lite = DictionarySegmenter(path)
    return _lite


# --------------------------------------------------------------------------- public


LITE_MAX_CHARS = 2000  # longer single texts go to the Rust model (its build pays off)


class _Kept(dict[str, bool]):
    """Whether a word is kept (not ``<unk>``, punctuation, spaces or a stopword), worked out once per word."""

    def __missing__(self, word: str) -> bool:
        if len(self) > KEPT_MAX:
            self.clear()
        kept = self[word] = word != UNK and _TOKEN_OK.search(word) is not None and word not in STOPWORDS
        return kept


KEPT_MAX = 500_000  # distinct words remembered (digit runs and unknown spans make the set open-ended)
_kept = _Kept()


def _keep(words: list[str]) -> list[str]:
    return [w for w in words if _kept[w]]


def tokenize(text: str) -> list[str]:
    """jieba words of ``text``, NFKC lower-cased, without punctuation, spaces and stopwords."""
    if _tokenizer is None and len(text) <= LITE_MAX_CHARS:
        return _keep(_segmenter().tokens(text))
    return _keep(_jieba_tokenizer().encode(normalize(text)).tokens)


# Reports repeat their template sentences (the 条例 wording, table captions): about half the characters of
# the sample library are in sentences seen before. Texts are cut after "。" and line breaks, where the
# pre-tokenizer cuts anyway (so the tokens are the same), and each distinct sentence is segmented once.
_SENTENCE_END = re.compile(r"(?<=[。\n])")
MEMO_MAX = 100_000  # sentences remembered per process (cleared when full)


def split_sentences(text: str) -> list[str]:
    """``text`` cut after every "。" and line break (the pieces join back to ``text``)."""
    return [p for p in _SENTENCE_END.split(text) if p]


class SentenceMemo:
    """Per-sentence results of a batch function, so repeated sentences are computed once."""

    def __init__(self, compute: Any, limit: int = MEMO_MAX) -> None:
        self.compute = compute  # list[str] -> list[result], one per sentence
        self.limit = limit
        self.memo: dict[str, Any] = {}
        self.lock = threading.Lock()

    def pieces(self, texts: list[str]) -> list[list[Any]]:
        """For each text, the results of its sentences in order."""
        split = [split_sentences(t) for t in texts]
        unique = dict.fromkeys(p for parts in split for p in parts)
        with self.lock:
            if len(self.memo) + len(unique) > self.limit:
                self.memo.clear()
            todo = [p for p in unique if p not in self.memo]
            self.memo.update(zip(todo, self.compute(todo), strict=True))
            return [[self.memo[p] for p in parts] for parts in split]


# A Unigram model segments each pre-token piece alone, so a piece's tokens are the same wherever it occurs,
# and sentences of different reports differ mostly in their figures (共受理申请15件 / 共受理申请7件): a sentence
# not seen before is cut into pieces here and each distinct piece segmented once. 1,000 synthetic reports:
# 50k sentences, 25k distinct, 1.2M characters; 407k pieces, 23k distinct, 0.28M characters.
PIECES_MAX = 200_000  # pieces remembered per memo (cleared when full)


Cut = tuple[str, list[str] | None]  # a sentence normalized, and its pieces (None: only tokenizers cuts it right)
_recent_cuts: dict[str, Cut] = {}
_cuts_lock = threading.Lock()


def cut_sentences(sentences: list[str]) -> list[Cut]:
    """Each sentence :func:`normalize`'d and cut into its :func:`pre_tokens` pieces.

    The cuts of the latest call are kept for the next: an ingest job asks for the BM25 tokens of its new
    sentences, then for the static model's ids of the same ones, and both tokenizers cut alike (cutting
    once took a worker's jobs for 500 reports from 5.65 to 5.31 s of CPU). Only one batch is kept, so
    memory stays small."""
    global _recent_cuts
    with _cuts_lock:
        recent = _recent_cuts
    out: list[Cut] = []
    for sentence in sentences:
        cut = recent.get(sentence)
        if cut is None:
            normalized = normalize(sentence)
            cut = (normalized, pre_tokens(normalized))
        out.append(cut)
    with _cuts_lock:
        _recent_cuts = dict(zip(sentences, out, strict=True))
    return out


class PieceMemo:
    """Per-piece results of a tokenizer whose normalizer is :func:`normalize` and whose pre-tokenizer is
    :func:`_pipeline`'s (the BM25 tokenizer and the static-zh model both are)."""

    def __init__(self, encode: Callable[[list[str]], list[list[Any]]]) -> None:
        self.encode = encode  # normalized texts -> one token list per text, as the whole tokenizer gives it
        self.known: dict[str, list[Any]] = {}
        self.lock = threading.Lock()

    def __call__(self, sentences: list[str]) -> list[list[Any]]:
        """The tokens of each sentence: its pieces' from the memo, or the whole sentence's from the tokenizer
        when it holds a character that only tokenizers cuts right."""
        cuts = cut_sentences(sentences)
        normalized = [n for n, _ in cuts]
        cut = [parts for _, parts in cuts]
        with self.lock:
            if len(self.known) > PIECES_MAX:
                self.known.clear()
            known = self.known
            todo = list(dict.fromkeys(p for parts in cut if parts is not None for p in parts if p not in known))
            whole = [n for n, parts in zip(normalized, cut, strict=True) if parts is None]
            encoded = self.encode(todo + whole) if todo or whole else []
            known.update(zip(todo, encoded, strict=False))
            rest = iter(encoded[len(todo):])
            return [[t for p in parts for t in known[p]] if parts is not None else next(rest) for parts in cut]


def same_pre_tokenizer(pre_tokenizer: Any) -> bool:
    """Whether a tokenizer's ``pre_tokenizer`` is :func:`_pipeline`'s."""
    return _same_state(pre_tokenizer, _pipeline()[1])


# Not encode_batch_fast: without offsets it gives no token strings, and unknown spans (numbers) have only id 0.
_pieces = PieceMemo(lambda texts: [_keep(e.tokens) for e in _jieba_tokenizer().encode_batch(texts)])
_memo = SentenceMemo(_pieces)


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """:func:`tokenize` for many texts at once (batched in Rust, each distinct sentence once)."""
    if not texts:
        return []
    return [list(chain.from_iterable(parts)) for parts in _memo.pieces(texts)]
