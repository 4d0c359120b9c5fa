"""The embedded ``static-zh`` model served without torch: a numpy reader of the files sentence-transformers saved.

``vectorstore.static_model`` builds a sentence-transformers ``StaticEmbedding``: a token lookup table
(``model.safetensors``) and a ``tokenizers`` Unigram tokenizer (``tokenizer.json``). The vector of a text
is the mean of its tokens' rows (``<unk>`` included, as ``nn.EmbeddingBag`` does), L2-normalised. That
is a table lookup and a mean, done here with numpy, so queries and ingest no longer import torch and
transformers (about 5 s and 700 MB per process). The float16 table is widened to float32, as
sentence-transformers' ``.float()`` does; a test checks both paths give the same vectors.

Why not model2vec's ``StaticModel``, which reads the same files: measured on this machine it adds
0.4–0.5 s to every cold command (its import, a deep copy of the tokenizer and a sort of the
vocabulary on load), a quarter of the 2 s budget of ``nianbao search``; and it drops ``<unk>`` tokens
from the mean, so it needs patching to give the same vectors.

The weights are read on first use: opening the library or checking its model id only reads
``nianbao_model.json``.
"""

from __future__ import annotations

import json
import threading
from itertools import chain
from pathlib import Path

import numpy as np

from vectorstore.tokenize import PieceMemo, SentenceMemo, normalize, same_pre_tokenizer, stands_in_for

MODEL_INFO_FILE = "nianbao_model.json"
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
WEIGHTS_KEY = "embedding.weight"  # sentence-transformers StaticEmbedding's tensor name
BATCH = 1024  # texts per tokenizer call
FEW = 8  # up to this many texts (queries): a plain row mean, no sparse matrix
EPS = 1e-12  # torch.nn.functional.normalize's floor on the norm


def _identity(text: str) -> str:
    return text


class StaticTable:
    """The token table and tokenizer of a static model; :meth:`encode` gives unit mean vectors."""

    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.weights = load_file(str(path / WEIGHTS_FILE))[WEIGHTS_KEY].astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(path / TOKENIZER_FILE))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        # The static-zh builds' normalizer is the BM25 tokenizer's: done in Python, for a third less time.
        self.normalize = _identity
        if stands_in_for(self.tokenizer.normalizer):  # not the whole tokenizer's JSON: 30 ms per load
            self.tokenizer.normalizer = None
            self.normalize = normalize
        # static-zh's pre-tokenizer cuts at punctuation and whitespace, so sentences tokenize alone alike;
        # it is the BM25 tokenizer's, so each distinct piece of them is segmented once (PieceMemo).
        def ids(texts: list[str]) -> list[list[int]]:
            return [e.ids for e in self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)]

        if self.normalize is normalize and same_pre_tokenizer(self.tokenizer.pre_tokenizer):
            self.memo = SentenceMemo(PieceMemo(ids))
        else:
            self.memo = SentenceMemo(lambda todo: ids([self.normalize(t) for t in todo]))

    def _mean(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.weights.shape[1]), dtype=np.float32)
        if len(texts) <= FEW:
            encs = self.tokenizer.encode_batch([self.normalize(t) for t in texts], add_special_tokens=False)
            for row, enc in enumerate(encs):
                if enc.ids:
                    out[row] = self.weights[enc.ids].mean(axis=0)
            return out
        from scipy.sparse import csr_matrix

        # A batch: the mean as a sparse (texts x vocabulary) matrix of 1/length times the table.
        ids = [list(chain.from_iterable(parts)) for parts in self.memo.pieces(texts)]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
        share = np.repeat(1.0 / np.maximum(lengths, 1), lengths).astype(np.float32)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        counts = csr_matrix((share, flat, indptr), shape=(len(texts), self.weights.shape[0]))
        return np.asarray(counts @ self.weights, dtype=np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised mean vectors, shape (len(texts), dimension); a text without tokens gives zeros."""
        parts = [self._mean(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        arr = np.concatenate(parts) if parts else np.zeros((0, self.weights.shape[1]), dtype=np.float32)
        norms = np.linalg.norm(arr, axis=1, keepdims=True)
        return arr / np.maximum(norms, EPS)


class StaticEmbedder:
    """The ``Embedder`` of a static-zh build: id and dimension from its info file, weights loaded lazily."""

    def __init__(self, path: Path) -> None:
        info = json.loads((path / MODEL_INFO_FILE).read_text(encoding="utf-8"))
        self.path = path
        self.model_id = str(info["model_id"])
        self.dimension = int(info["dimension"])
        self._model: StaticTable | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> StaticTable:
        """The token table (read from disk on first use)."""
        with self._lock:
            if self._model is None:
                self._model = StaticTable(self.path)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit float32 vectors, shape (len(texts), dimension); a text without tokens gets a fixed unit vector."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        arr = self.model.encode(texts)
        empty = ~(np.abs(arr).sum(axis=1) > 0)  # also catches NaN rows
        arr[empty] = 0.0
        arr[empty, 0] = 1.0
        return arr

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One unit vector per passage."""
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """The unit vector of one query (the model has no query prompt)."""
        return self.encode([text])[0].tolist()
