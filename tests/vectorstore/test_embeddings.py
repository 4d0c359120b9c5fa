"""Embedding backends: the contract for each, backend selection by name, the LangChain adapter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.errors import ModelNotBuiltError, UnknownBackendError
from assistant.core.settings import Settings, load_settings
from tests.vectorstore.embedder_contract import EmbedderContract, _cos
from vectorstore.embeddings import (
    EMBEDDERS,
    MODEL_INFO_FILE,
    STATIC_MODEL_NAME,
    Embedder,
    EmbeddingModelMissingError,
    HashEmbedder,
    as_langchain,
    get_embedder,
)


class TestHashEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return get_embedder(load_settings(embedder="hash"))

    def test_is_hash_backend(self, embedder: Embedder) -> None:
        assert isinstance(embedder, HashEmbedder)
        assert embedder.model_id == "hash-v1-256"
        assert isinstance(embedder, Embedder)

    def test_deterministic_across_instances(self) -> None:
        assert HashEmbedder().embed_query("年度报告") == HashEmbedder().embed_query("年度报告")


@pytest.fixture(scope="session")
def built_model() -> Path:
    """The real static-zh-v1 model, built once into the shared cache (~/.cache/nianbao)."""
    from vectorstore.static_model import build_static_model

    cache = Settings().model_cache / "models" / STATIC_MODEL_NAME
    return build_static_model(cache, cache)


@pytest.mark.slow
class TestStaticEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self, built_model: Path, settings: Settings) -> Embedder:
        from vectorstore.static_model import ensure_default_model

        ensure_default_model(settings)
        return get_embedder(settings)

    def test_model_id_names_the_weights(self, embedder: Embedder, built_model: Path) -> None:
        info = json.loads((built_model / MODEL_INFO_FILE).read_text(encoding="utf-8"))
        assert embedder.model_id == info["model_id"]
        assert embedder.model_id.startswith("static-zh-v1:") and len(embedder.model_id) == len("static-zh-v1:") + 12

    def test_linked_into_home(self, embedder: Embedder, settings: Settings) -> None:
        assert (settings.models_dir / STATIC_MODEL_NAME / MODEL_INFO_FILE).is_file()

    def test_second_build_is_a_fast_noop(self, built_model: Path, settings: Settings) -> None:
        import time

        from vectorstore.static_model import ensure_default_model

        ensure_default_model(settings)
        before = (built_model / MODEL_INFO_FILE).stat().st_mtime
        started = time.monotonic()
        ensure_default_model(settings)
        assert time.monotonic() - started < 2.0
        assert (built_model / MODEL_INFO_FILE).stat().st_mtime == before

    def test_topic_retrieval(self, embedder: Embedder) -> None:
        passages = [
            "本年度共收到行政复议申请一件，结果为维持，未发生行政诉讼。",
            "通过政府网站和政务新媒体主动公开各类信息一百余条。",
            "存在的主要问题是公开内容不够全面，下一步将加强培训。",
        ]
        vectors = embedder.embed_documents(passages)
        for query, expected in (("行政复议和行政诉讼情况", 0), ("主动公开政府信息", 1), ("存在问题及改进", 2)):
            q = embedder.embed_query(query)
            scores = [_cos(q, v) for v in vectors]
            assert scores.index(max(scores)) == expected, (query, scores)

    def test_plain_sentence_transformers_segments_chinese(self, built_model: Path) -> None:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(built_model), device="cpu", local_files_only=True)
        tokenizer = model[0].tokenizer
        tokens = tokenizer.encode("本年度未收到政府信息公开申请", add_special_tokens=False).tokens
        assert "申请" in tokens and "<unk>" not in tokens
        assert len(tokens) < len("本年度未收到政府信息公开申请")


@pytest.mark.slow
def test_local_directory_path_as_embedder(built_model: Path) -> None:
    embedder = get_embedder(load_settings(embedder=str(built_model)))
    info = json.loads((built_model / MODEL_INFO_FILE).read_text(encoding="utf-8"))
    assert embedder.dimension == info["dimension"]
    assert embedder.model_id == info["model_id"]  # same id as "static-zh": stores stay compatible
    assert len(embedder.embed_query("政务公开")) == embedder.dimension


def test_unknown_model_name_is_reported(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelMissingError) as info:
        get_embedder(load_settings(embedder=str(tmp_path / "no-such-model")))
    assert "no-such-model" in info.value.ctx["name"]


def test_static_model_not_built(tmp_path: Path) -> None:
    settings = load_settings(model_cache=str(tmp_path / "empty-cache"))
    with pytest.raises(ModelNotBuiltError) as info:
        get_embedder(settings)
    assert info.value.ctx["path"] == str(settings.models_dir / STATIC_MODEL_NAME)


def test_backends_are_registered_by_name() -> None:
    assert set(EMBEDDERS) == {"static-zh", "hash"}
    assert UnknownBackendError.code == "unknown_backend"


def test_cached_per_name() -> None:
    settings = load_settings(embedder="hash")
    assert get_embedder(settings) is get_embedder(settings)


def test_langchain_adapter_gives_the_same_vectors() -> None:
    from langchain_core.embeddings import Embeddings

    embedder = HashEmbedder()
    adapter = as_langchain(embedder)
    assert isinstance(adapter, Embeddings)
    assert adapter.embed_query("主动公开") == embedder.embed_query("主动公开")
    assert adapter.embed_documents(["依申请公开"]) == embedder.embed_documents(["依申请公开"])


@pytest.mark.slow
def test_stale_home_copy_is_replaced(built_model: Path, settings: Settings) -> None:
    from vectorstore.static_model import ensure_default_model

    target = settings.models_dir / STATIC_MODEL_NAME
    target.mkdir(parents=True)
    (target / MODEL_INFO_FILE).write_text(json.dumps({"model_id": "static-zh-v1:old"}), encoding="utf-8")
    ensure_default_model(settings)
    info = json.loads((target / MODEL_INFO_FILE).read_text(encoding="utf-8"))
    assert info["model_id"] != "static-zh-v1:old"
    assert (target / "model.safetensors").is_file() or any(target.rglob("model.safetensors"))
    assert [p.name for p in settings.models_dir.iterdir()] == [STATIC_MODEL_NAME]  # no temp dirs left


# Texts that exercise the tokenizer's corners: plain Chinese, digits and latin, an empty text, symbols
# outside the vocabulary (<unk> only), a mix with <unk>, and a long passage (no truncation on either side).
SAME_VECTOR_TEXTS = [
    "本机关全年主动公开政府信息120条，其中规范性文件3件。",
    "",
    "😀😀",
    "共受理申请15件，办结14件；𬌗口镇⸺公开2件。",
    "依申请公开 abc 123 ☃ 政府信息公开指南",
    "本年度共收到行政复议申请一件，结果为维持。" * 80,
]


@pytest.mark.slow
def test_numpy_path_gives_the_sentence_transformers_vectors(built_model: Path) -> None:
    import numpy as np

    from vectorstore.embeddings import SentenceTransformerEmbedder, StaticEmbedder, load_sentence_transformer
    from vectorstore.tokenize import same_pre_tokenizer

    numpy_path = StaticEmbedder(built_model)
    torch_path = SentenceTransformerEmbedder(load_sentence_transformer(str(built_model)), numpy_path.model_id)
    assert numpy_path.dimension == torch_path.dimension
    # A batch (the sparse path, with repeated sentences memoised) and one text at a time (the query path).
    samples = sorted((Path(__file__).resolve().parents[2] / "library" / "samples").glob("*.txt"))[:6]
    paragraphs = [p for f in samples for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    texts = SAME_VECTOR_TEXTS + paragraphs + paragraphs[:10]
    assert len(texts) > 40
    theirs = np.array(torch_path.embed_documents(texts))
    # Same token ids as one tokenizer call per text (the memo cuts texts at sentence ends).
    table = numpy_path.model
    memo_ids = [[i for part in parts for i in part] for parts in table.memo.pieces(texts)]
    assert table.tokenizer.normalizer is None  # normalized in Python: the same text as the built model's
    assert same_pre_tokenizer(table.tokenizer.pre_tokenizer)  # the BM25 pre-tokenizer: pieces memoised
    assert memo_ids == [e.ids for e in table.tokenizer.encode_batch([table.normalize(t) for t in texts],
                                                                    add_special_tokens=False)]
    # Same vectors up to float32 rounding (the sum runs in another order).
    for batch in (texts, *[[t] for t in SAME_VECTOR_TEXTS]):
        ours = np.array(numpy_path.embed_documents(batch))
        expected = theirs[[texts.index(t) for t in batch]]
        assert ours.shape == expected.shape == (len(batch), numpy_path.dimension)
        assert np.abs(ours - expected).max() < 1e-5
        assert (ours * expected).sum(axis=1).min() > 1 - 1e-6
    assert np.allclose(numpy_path.embed_query(SAME_VECTOR_TEXTS[0]), torch_path.embed_query(SAME_VECTOR_TEXTS[0]),
                       atol=1e-6)


@pytest.mark.slow
def test_static_default_loads_without_torch(built_model: Path, tmp_path: Path) -> None:
    """Embedding with the default model in a fresh process imports neither torch nor sentence-transformers."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from assistant.core.settings import load_settings; "
        "from vectorstore.embeddings import get_embedder; "
        "e = get_embedder(load_settings()); v = e.embed_query('政务公开'); "
        "print(len(v), 'torch' in sys.modules, 'sentence_transformers' in sys.modules, 'langchain_core' in sys.modules)"
    )
    env = {**os.environ, "NIANBAO_DATA_DIR": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["256", "False", "False", "False"]
