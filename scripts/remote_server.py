"""Serve a local chat model folder with ``transformers serve`` (an OpenAI-compatible server), fully offline.

    python scripts/remote_server.py .cache/tiny-models/chat --port 8000             # no key
    LAB_KEY=secret python scripts/remote_server.py MODEL_DIR --port 8000 --key-env LAB_KEY

A catalog entry then points at it with ``remote: {service: openai, url: http://127.0.0.1:8000/v1, model: MODEL_DIR}``
(``transformers serve`` pinned to one model answers only requests that name that model). ``transformers serve`` has
no API-key option; ``--key-env`` adds a bearer-token check in front of its FastAPI app (what vLLM's ``--api-key``
does), so the playground's 401 path can be tried against the real server. The tests and
``benchmarks/bench_remote.py`` start it this way.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@dataclass
class Served:
    """A running ``transformers serve`` subprocess."""

    url: str  # http://127.0.0.1:PORT/v1
    model: str  # the name the server is pinned to
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def start(model_dir: Path, *, key: str | None = None, timeout_s: float = 180.0) -> Served:
    """This script in a subprocess on a free loopback port; returns once ``/health`` answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    cmd = [sys.executable, str(Path(__file__).resolve()), str(model_dir), "--port", str(port)]
    if key is not None:
        env["PLAYGROUND_TEST_SERVER_KEY"] = key
        cmd += ["--key-env", "PLAYGROUND_TEST_SERVER_KEY"]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"transformers serve exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return Served(f"http://127.0.0.1:{port}/v1", str(model_dir), process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("transformers serve did not start in time")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model", help="a local model folder (or a Hub id already in the cache)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--key-env", metavar="VAR", help="require 'Authorization: Bearer $VAR' on every /v1 request")
    p.add_argument("--device", default="cpu")
    args = p.parse_args(argv)
    key = os.environ.get(args.key_env, "") if args.key_env else ""
    if args.key_env and not key:
        raise SystemExit(f"--key-env {args.key_env}: that environment variable is empty")

    import transformers.cli.serving.server as server

    build_server = server.build_server

    def build_with_key(*a, **k):  # noqa: ANN002, ANN003
        app = build_server(*a, **k)
        if key:
            from fastapi.responses import JSONResponse

            @app.middleware("http")
            async def check_key(request, call_next):  # noqa: ANN001, ANN202
                given = request.headers.get("authorization", "")
                if request.url.path.startswith("/v1") and not secrets.compare_digest(given, f"Bearer {key}"):
                    return JSONResponse({"error": "invalid API key"}, status_code=401)
                return await call_next(request)

        return app

    server.build_server = build_with_key
    from transformers.cli.serve import Serve

    Serve(force_model=args.model, host=args.host, port=args.port, device=args.device, log_level="warning")


if __name__ == "__main__":
    main()
