"""Chat-model backends by name, prompt loading and one guarded call with streaming.

``get_chat_model(settings, backend)``: "builtin" (alias "none") → None, meaning the built-in
composer; "llm" (alias "openai-compatible") → langchain_openai.ChatOpenAI against
settings.llm_base_url / llm_model / llm_api_key with timeout and retries; "fake" → langchain_core's
FakeListChatModel (for chain unit tests). A down or slow service raises LLMUnavailableError.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from assistant.core.errors import LLMUnavailableError, MissingDependencyError, UnknownBackendError
from assistant.core.settings import Settings

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
Stream = Callable[[str], None]


def load_prompt(name: str) -> str:
    """The prompt template ``prompts/<name>.md`` ({placeholders} filled by the caller)."""
    return (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")


@cache
def prompt_fragments() -> dict[str, Any]:
    """The small pieces filled into the prompt templates (``prompts/fragments.toml``)."""
    with (PROMPTS_DIR / "fragments.toml").open("rb") as fh:
        return tomllib.load(fh)


def _builtin(settings: Settings, **_: Any) -> None:
    return None


def _openai(settings: Settings, **_: Any) -> Any:
    if not settings.llm_base_url:
        raise LLMUnavailableError(base_url="", reason_code="llm_reason.not_configured")
    from pydantic import SecretStr

    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise MissingDependencyError(package="langchain-openai", hint="pip install langchain-openai") from None
    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model or "default",
        api_key=SecretStr(settings.llm_api_key or "not-needed"),
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_retries,
        temperature=0.3,
    )


def _fake(settings: Settings, responses: list[str] | None = None, **_: Any) -> Any:
    from langchain_core.language_models import FakeListChatModel

    return FakeListChatModel(responses=responses or ["（空）"])


BACKENDS: dict[str, Callable[..., Any]] = {
    "builtin": _builtin,
    "none": _builtin,
    "llm": _openai,
    "openai-compatible": _openai,
    "fake": _fake,
}


def get_chat_model(settings: Settings, backend: str | None = None, **kwargs: Any) -> Any:
    """The chat model for ``backend`` (default settings.backend); None for the built-in composer.

    :raises UnknownBackendError: the name is not registered.
    """
    name = backend or settings.backend
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise UnknownBackendError(kind="写作后端", name=name, valid=sorted(BACKENDS)) from None
    return factory(settings, **kwargs)


def _unavailable(exc: BaseException, settings: Settings) -> LLMUnavailableError:
    import httpx

    try:
        import openai
    except ImportError:  # pragma: no cover - langchain-openai depends on it
        openai = None  # type: ignore[assignment]
    base = settings.llm_base_url
    if isinstance(exc, httpx.TimeoutException) or (openai and isinstance(exc, openai.APITimeoutError)):
        return LLMUnavailableError(base_url=base, reason_code="llm_reason.timeout", timeout=settings.llm_timeout_s)
    if openai and isinstance(exc, openai.APIStatusError):
        return LLMUnavailableError(base_url=base, reason_code="llm_reason.status", status=exc.status_code)
    if isinstance(exc, httpx.TransportError) or (openai and isinstance(exc, openai.APIConnectionError)):
        return LLMUnavailableError(base_url=base, reason_code="llm_reason.connection")
    return LLMUnavailableError(base_url=base, reason_code="llm_reason.other", detail=type(exc).__name__)


def _call_errors() -> tuple[type[BaseException], ...]:
    import httpx

    errors: list[type[BaseException]] = [httpx.HTTPError]
    try:
        import openai

        errors.append(openai.APIError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def chat(model: Any, system: str, user: str, *, settings: Settings, stream: Stream | None = None) -> str:
    """Send one system + user message; stream chunks to ``stream`` if given; return the full reply.

    :raises LLMUnavailableError: connection refused, timeout, HTTP error or an empty reply.
    """
    from langchain_core.messages import HumanMessage, SystemMessage

    messages = [SystemMessage(content=system), HumanMessage(content=user)]
    try:
        if stream is None:
            reply = model.invoke(messages)
            text = str(reply.content)
        else:
            parts = []
            for chunk in model.stream(messages):
                piece = str(chunk.content)
                if piece:
                    parts.append(piece)
                    stream(piece)
            text = "".join(parts)
    except _call_errors() as exc:
        raise _unavailable(exc, settings) from exc
    if not text.strip():
        raise LLMUnavailableError(base_url=settings.llm_base_url, reason_code="llm_empty_reply")
    return text
