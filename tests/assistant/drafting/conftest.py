"""Fixtures for drafting tests: a small local server speaking the OpenAI chat-completions API.

The server (stdlib http.server on 127.0.0.1, random port) answers from a script: each entry is
``{"text": ...}`` (a reply; streamed as SSE chat.completion.chunk events when the request asks
for streaming), ``{"status": 500}`` (an error) or ``{"delay": seconds, "text": ...}`` (slow). It
records every request body so tests can inspect the prompt.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


class ScriptedLLM:
    """State shared with the handler: the script and the requests seen."""

    def __init__(self) -> None:
        self.script: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.base_url = ""

    def reply(self, *entries: dict[str, Any]) -> None:
        self.script.extend(entries)

    def prompt_text(self, index: int = -1) -> str:
        """All message contents of one request, joined."""
        return "\n".join(str(m.get("content", "")) for m in self.requests[index]["messages"])


def _chunk(text: str | None, finish: str | None = None) -> bytes:
    delta = {"role": "assistant", "content": text} if text is not None else {}
    body = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0, "model": "scripted",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode()


def _handler(state: ScriptedLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(body)
            entry = state.script.pop(0) if state.script else {"text": "（脚本已用完）"}
            try:
                time.sleep(entry.get("delay", 0))
                if "status" in entry:
                    self._json(entry["status"], {"error": {"message": "scripted failure", "type": "server_error"}})
                elif body.get("stream"):
                    self._stream(entry["text"])
                else:
                    self._json(200, {"id": "chatcmpl-test", "object": "chat.completion", "created": 0,
                                     "model": "scripted",
                                     "choices": [{"index": 0, "finish_reason": "stop",
                                                  "message": {"role": "assistant", "content": entry["text"]}}],
                                     "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, text: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(text), 7):
                self.wfile.write(_chunk(text[i:i + 7]))
                self.wfile.flush()
            self.wfile.write(_chunk(None, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


@pytest.fixture
def llm_server() -> Iterator[ScriptedLLM]:
    """A running scripted OpenAI-compatible server; ``.base_url`` ends in /v1."""
    state = ScriptedLLM()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """A base URL on a port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def llm_settings(home: Any):
    """Settings factory for the LLM backend with short timeouts and no retries."""
    from assistant.core.settings import load_settings

    def make(base_url: str, timeout: float = 5.0, retries: int = 0):
        return load_settings(backend="llm", llm_base_url=base_url, llm_model="scripted", llm_timeout_s=timeout,
                             llm_retries=retries)

    return make
