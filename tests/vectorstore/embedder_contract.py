"""Contract every embedding backend must meet (style.md B15); subclasses provide an ``embedder`` fixture."""

from __future__ import annotations

import math

RELATED = ("依申请公开 未收到申请", "本年度未收到政府信息公开申请")
UNRELATED = "今年春季小麦播种面积稳步扩大，农机作业顺利推进"


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=False))


def _norm(v: list[float]) -> float:
    return math.sqrt(sum(x * x for x in v))


class EmbedderContract:
    """Inherit and define an ``embedder`` fixture."""

    def test_same_text_same_vector(self, embedder) -> None:
        text = "主动公开政府信息情况"
        assert embedder.embed_query(text) == embedder.embed_query(text)
        assert embedder.embed_documents([text]) == embedder.embed_documents([text])

    def test_dimension_matches(self, embedder) -> None:
        assert embedder.dimension > 0
        assert len(embedder.embed_query("行政复议")) == embedder.dimension
        assert all(len(v) == embedder.dimension for v in embedder.embed_documents(["一", "二三"]))

    def test_batch_equals_single(self, embedder) -> None:
        texts = ["政府信息公开平台建设", "监督保障", "五、存在的主要问题及改进情况"]
        batch = embedder.embed_documents(texts)
        for text, vec in zip(texts, batch, strict=False):
            single = embedder.embed_documents([text])[0]
            assert max(abs(a - b) for a, b in zip(vec, single, strict=False)) < 1e-5

    def test_chinese_text_gives_unit_vector(self, embedder) -> None:
        for vec in embedder.embed_documents(["本年度未收到政府信息公开申请。", "。", ""]):
            assert abs(_norm(vec) - 1.0) < 1e-3
        assert abs(_norm(embedder.embed_query("政务公开")) - 1.0) < 1e-3

    def test_related_closer_than_unrelated(self, embedder) -> None:
        a, b, c = embedder.embed_documents([*RELATED, UNRELATED])
        assert _cos(a, b) > _cos(a, c) + 0.05
        assert _cos(a, b) > _cos(b, c) + 0.05

    def test_model_id_is_stable_text(self, embedder) -> None:
        assert isinstance(embedder.model_id, str) and embedder.model_id
        assert embedder.model_id == embedder.model_id.strip()

    def test_empty_batch(self, embedder) -> None:
        assert embedder.embed_documents([]) == []
