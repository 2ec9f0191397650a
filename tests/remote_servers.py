"""Servers the remote-backend tests and benchmark start on loopback.

- :func:`start_transformers_serve`: the real ``transformers serve`` (OpenAI-compatible) on a local model folder,
  offline, in its own process (so a test can kill it mid-answer), optionally behind an API key.
- :func:`silent_server`: a TCP port that accepts connections and never answers (a server too slow to reply).
- :class:`Recorder`: a loopback HTTP server that records each request and answers with a canned status, headers and
  body, to check the request shape of services these machines cannot reach (Inference Providers) and the status
  codes a real server is hard to make return (402, 429, 503).
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import remote_server  # scripts/ is on sys.path (tests/conftest.py)
from remote_server import Served

__all__ = ["Recorder", "Served", "silent_server", "sse", "start_transformers_serve"]


def start_transformers_serve(model_dir: Path, *, key: str | None = None) -> Served:
    """The real ``transformers serve`` on ``model_dir`` (``scripts/remote_server.py``) in its own process."""
    return remote_server.start(model_dir, key=key)


@contextmanager
def silent_server() -> Iterator[str]:
    """A listening socket that never accepts: connections succeed (the backlog), no byte ever comes back."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/v1"


@dataclass
class Recorder:
    """Answers every POST with ``status`` / ``headers`` / ``body`` and keeps (path, headers, json) of each."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    requests: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)

    @contextmanager
    def serve(self) -> Iterator[str]:
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                try:
                    payload = json.loads(raw)
                except ValueError:
                    payload = raw
                recorder.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, payload))
                self.send_response(recorder.status)
                for key, value in recorder.headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(recorder.body)))
                self.end_headers()
                self.wfile.write(recorder.body)

            def log_message(self, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


def sse(*pieces: str, finish: bool = True) -> bytes:
    """An OpenAI-style chat stream of ``pieces`` (with a finish_reason on the last chunk unless ``finish=False``)."""
    lines = []
    for i, piece in enumerate(pieces):
        last = finish and i == len(pieces) - 1
        chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                 "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": "stop" if last else None}]}
        lines.append(f"data: {json.dumps(chunk)}\n\n")
    if finish:
        lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()
