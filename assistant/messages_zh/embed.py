"""Chinese messages of the embedding backends (vectorstore/embeddings.py)."""

MESSAGES: dict[str, str] = {
    "embedding_model_missing": "找不到向量模型“{name}”：它既不是本地目录，也不在离线缓存中。请先下载到本地并把 embedder 设为该目录。",
}
