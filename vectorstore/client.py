"""The Chroma client (style.md B7): a local PersistentClient, or an HttpClient for a shared server.

Chroma never embeds anything for us: every collection is created with ``embedding_function=None``
and receives explicit vectors, so its default function (which downloads a model) is never used.
Each collection records the ``model_id`` and ``dimension`` of the embedder that filled it.
"""

from __future__ import annotations

import contextlib
from typing import Any

from assistant.core.errors import EmbeddingMismatchError, SettingsError
from assistant.core.settings import Settings


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def parse_server(address: str) -> tuple[str, int]:
    """Split ``"host:port"`` into its parts.

    :raises SettingsError: the address has no valid port.
    """
    host, sep, port = address.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise SettingsError(file="chroma_server", detail=f"expected host:port, got {address!r}")
    return host, int(port)


def make_client(settings: Settings) -> Any:
    """A Chroma client: ``HttpClient`` when ``settings.chroma_server`` is set, else a
    ``PersistentClient`` under ``settings.chroma_path``. Telemetry is always off."""
    import chromadb

    if settings.chroma_server:
        host, port = parse_server(settings.chroma_server)
        return chromadb.HttpClient(host=host, port=port, settings=_chroma_settings())
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=_chroma_settings())


def close_client(client: Any, settings: Settings) -> None:
    """Close a local client so that the next :func:`make_client` reads the files afresh.

    chromadb shares one in-memory system (with the vector indexes it loaded) between every client of a
    path in a process; a system that outlives another process's writes answers "Error finding id". So the
    shared system is dropped from chromadb's cache and stopped even when another client still refers to
    it (open libraries reopen on the same generation change). A server client needs nothing.
    """
    if settings.chroma_server:
        return
    from chromadb.api.shared_system_client import SharedSystemClient

    identifier: str = getattr(client, "_identifier", "")
    with contextlib.suppress(Exception):  # already closed
        client.close()
    system = SharedSystemClient._identifier_to_system.pop(identifier, None) if identifier else None
    if system is not None:
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        system.stop()


def collection_metadata(model_id: str, dimension: int) -> dict[str, Any]:
    """What every collection records about the vectors it holds."""
    return {"model_id": model_id, "dimension": int(dimension), "hnsw:space": "cosine"}


def check_model(metadata: dict[str, Any] | None, model_id: str, dimension: int) -> None:
    """Raise when a collection was filled by another embedder.

    :raises EmbeddingMismatchError: stored model id or dimension differ from the current ones.
    """
    if not metadata or "model_id" not in metadata:
        return
    stored = str(metadata["model_id"])
    stored_dim = int(metadata.get("dimension", dimension))
    if stored != model_id or stored_dim != int(dimension):
        raise EmbeddingMismatchError(stored=f"{stored} ({stored_dim})", current=f"{model_id} ({dimension})")


def open_collection(client: Any, name: str, model_id: str, dimension: int, create: bool = True) -> Any:
    """Get (or create) collection ``name`` for vectors of ``model_id``; None when absent and not ``create``.

    :raises EmbeddingMismatchError: the collection holds vectors of another model.
    """
    if create:
        col = client.get_or_create_collection(
            name, metadata=collection_metadata(model_id, dimension), embedding_function=None
        )
    else:
        try:
            col = client.get_collection(name, embedding_function=None)
        except Exception:  # noqa: BLE001  (chromadb raises NotFoundError / ValueError depending on the client)
            return None
    check_model(col.metadata, model_id, dimension)
    return col
