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
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT/v1
    model: str  # the name the server is pinned to
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def start_transformers_serve(model_dir: Path, *, key: str | None = None, timeout_s: float = 120.0) -> Served:
    """``python scripts/remote_server.py MODEL_DIR`` on a free port; returns once /health answers."""
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    cmd = [sys.executable, str(ROOT / "scripts" / "remote_server.py"), str(model_dir), "--port", str(port)]
    if key is not None:
        env["PLAYGROUND_TEST_SERVER_KEY"] = key
        cmd += ["--key-env", "PLAYGROUND_TEST_SERVER_KEY"]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"transformers serve exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return Served(f"http://127.0.0.1:{port}/v1", str(model_dir), process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("transformers serve did not start in time")


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
